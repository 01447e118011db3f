/** Complete Upload: tells AIOZ Stream every part is there, which starts transcoding. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId } from '../../helpers/parameters';
import { completeUpload } from '../../transport';
import { mediaIdField } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('complete', 'ID of the audio whose parts are all uploaded'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	const responseBody = await completeUpload(this, itemIndex, mediaId);
	return { json: { id: mediaId, message: responseBody.message ?? responseBody.status ?? 'success' } };
}
