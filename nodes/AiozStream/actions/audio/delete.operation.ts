/** Delete: removes an audio. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId } from '../../helpers/parameters';
import { deleteMedia } from '../../transport';
import { mediaIdField } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('delete', 'ID of the audio to delete'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	await deleteMedia(this, itemIndex, mediaId);
	return { json: { id: mediaId, deleted: true } };
}
