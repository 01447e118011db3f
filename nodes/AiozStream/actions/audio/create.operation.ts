/**
 * Create: an empty audio object to upload a file into (step 1 of 3). The body is built and checked
 * from the parameters before sending (helpers/requestBodies.ts).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { createRequestBody } from '../../helpers/requestBodies';
import { createMedia } from '../../transport';
import { createFieldsCollection, titleField } from './fields';

export const description: INodeProperties[] = [
	titleField('create'),
	createFieldsCollection('create'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	const media = await createMedia(this, itemIndex, createRequestBody(this, itemIndex));
	// Keep the file on the item, so a plain chain Create → Upload Part still has it.
	return { json: media, binary: item.binary };
}
