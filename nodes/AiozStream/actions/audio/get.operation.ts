/**
 * Get: an audio with its status and, once transcoded, its `assets` (hls_url, dash_url, player
 * links; audio has no mp4_url), optionally waiting until transcoding is over.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId, readWaitSettings } from '../../helpers/parameters';
import { getMedia, waitForTranscoding } from '../../transport';
import { mediaIdField, pollIntervalOption, waitForCompletionField, waitTimeoutOption } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('get', 'ID of the audio to read'),
	waitForCompletionField('get', false),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: {
			show: { resource: ['audio'], operation: ['get'], waitForCompletion: [true] },
		},
		options: [pollIntervalOption, waitTimeoutOption],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false)
		? readWaitSettings(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject)
		: undefined;
	const media = wait
		? await waitForTranscoding(this, itemIndex, mediaId, wait)
		: await getMedia(this, itemIndex, mediaId);
	return { json: media };
}
