/**
 * What an AI agent gets back from MiniMax Music when the node runs as its tool: the ids and where the
 * audio is. MiniMax's status envelope and analysis are left out, and a generated file, which never
 * reaches a model, is named (field, file name, type, size) so the agent can say where it went.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Envelope fields the model has no use for. */
const LEFT_OUT = ['base_resp', 'extra_info', 'analysis_info'];

export function minimaxToolView(item: INodeExecutionData): IDataObject {
	const compact: IDataObject = {};
	for (const [key, value] of Object.entries(item.json)) if (!LEFT_OUT.includes(key)) compact[key] = value;
	for (const [field, file] of Object.entries(item.binary ?? {})) {
		compact.audio_file_in_workflow = {
			binary_field: field,
			file_name: file.fileName ?? null,
			mime_type: file.mimeType,
			size: file.fileSize ?? null,
		};
	}
	return compact;
}
