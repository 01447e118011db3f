/** Update: changes the fields set in "Update Fields" (checked before sending). */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId } from '../../helpers/parameters';
import { updateRequestBody } from '../../helpers/requestBodies';
import { updateMedia } from '../../transport';
import { mediaIdField, updateFieldsCollection } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('update', 'ID of the audio to change'),
	updateFieldsCollection('update'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	const responseBody = await updateMedia(this, itemIndex, mediaId, updateRequestBody(this, itemIndex));
	return { json: { id: mediaId, updated: true, message: responseBody.message ?? 'success' } };
}
