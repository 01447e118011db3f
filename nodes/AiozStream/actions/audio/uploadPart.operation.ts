/**
 * Upload Part: sends the item's file (a binary field, or a file at a URL) to an audio made with
 * Create (step 2 of 3), cut into parts of "Chunk Size" with "Parallel Uploads" parts in flight (see
 * `uploadParts` in transport/upload.ts for the request format and memory use).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { withUploadSource } from '../../helpers/fileSource';
import { readChunkSettings, readMediaId } from '../../helpers/parameters';
import { uploadParts } from '../../transport';
import {
	binaryPropertyField,
	chunkSizeOption,
	concurrencyOption,
	fileUrlField,
	fileUrlHeadersOption,
	inputSourceField,
	mediaIdField,
	showFor,
} from './fields';

export const description: INodeProperties[] = [
	mediaIdField('uploadPart', 'ID of the audio created with Create'),
	inputSourceField('uploadPart'),
	binaryPropertyField('uploadPart'),
	fileUrlField('uploadPart'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('uploadPart'),
		options: [chunkSizeOption, fileUrlHeadersOption, concurrencyOption],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings = readChunkSettings(this, itemIndex, options);
	const result = await withUploadSource(
		this,
		itemIndex,
		options,
		async (source) => await uploadParts(this, itemIndex, mediaId, source, settings),
	);
	// Keep the file on the item, so a plain chain can go on without a Merge node.
	return { json: result, binary: item.binary };
}
