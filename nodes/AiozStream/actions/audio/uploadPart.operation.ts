/**
 * Upload Part: sends the item's binary to an audio made with Create (step 2 of 3), cut into
 * parts of "Chunk Size" with "Parallel Uploads" parts in flight (see `uploadParts` in the API
 * module for the request format and memory use).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { openBinaryInput } from '../../../shared/binary';
import { readChunkSettings, readMediaId } from '../../helpers/parameters';
import { uploadParts } from '../../transport';
import {
	binaryPropertyField,
	chunkSizeOption,
	concurrencyOption,
	mediaIdField,
	showFor,
} from './fields';

export const description: INodeProperties[] = [
	mediaIdField('uploadPart', 'ID of the audio created with Create'),
	binaryPropertyField('uploadPart'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('uploadPart'),
		options: [chunkSizeOption, concurrencyOption],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const settings = readChunkSettings(
		this,
		itemIndex,
		this.getNodeParameter('options', itemIndex, {}) as IDataObject,
	);
	const input = await openBinaryInput(this, itemIndex, binaryPropertyName);
	const result = await uploadParts(this, itemIndex, mediaId, input, settings);
	// Keep the file on the item, so a plain chain can go on without a Merge node.
	return { json: result, binary: item.binary };
}
