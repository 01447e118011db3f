/** The audio resource: its operations, their parameters, and the function that runs each. */
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/items';

import * as complete from './complete.operation';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as estimateCost from './estimateCost.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as removeCoverImage from './removeCoverImage.operation';
import * as setCoverImage from './setCoverImage.operation';
import * as update from './update.operation';
import * as upload from './upload.operation';
import * as uploadPart from './uploadPart.operation';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['audio'] } },
	default: 'upload',
	options: [
		{
			name: 'Complete Upload',
			value: 'complete',
			action: 'Complete an upload',
			description: 'Finish an upload made with Create and Upload Part, which starts transcoding',
		},
		{
			name: 'Create',
			value: 'create',
			action: 'Create an audio object',
			description: 'Create an empty audio object to upload a file into (step 1 of 3)',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete an audio',
		},
		{
			name: 'Estimate Cost',
			value: 'estimateCost',
			action: 'Estimate the cost of transcoding an audio',
			description:
				"Price transcoding an audio of a given duration into given qualities, and tell whether the account's balance covers it (is_enough). The price is in AIOZ Stream's units, which its API does not state.",
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get an audio with its status and streaming links',
			description: 'Get an audio with its status and HLS/DASH streaming URLs (audio has no MP4), optionally waiting for transcoding',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many audios',
			description: 'List audio with filters',
		},
		{
			name: 'Remove Cover Image',
			value: 'removeCoverImage',
			action: 'Remove the cover image of an audio',
			description: 'Delete the cover (thumbnail) image of an audio',
		},
		{
			name: 'Set Cover Image',
			value: 'setCoverImage',
			action: 'Set the cover image of an audio',
			description: 'Upload a JPEG, PNG, WebP or GIF image as the cover (thumbnail) of an audio',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update an audio',
			description: 'Change the title, description, tags, metadata, visibility or player',
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload an audio file and get its streaming link',
			description: 'Create, upload the file in parts, complete and wait for the streaming URLs, in one step',
		},
		{
			name: 'Upload Part',
			value: 'uploadPart',
			action: 'Upload the file of a created audio',
			description: 'Upload the file of an audio created with Create, in one or more parts (step 2 of 3)',
		},
	],
};

export const description: INodeProperties[] = [
	operationProperty,
	...upload.description,
	...create.description,
	...uploadPart.description,
	...complete.description,
	...get.description,
	...getMany.description,
	...update.description,
	...setCoverImage.description,
	...removeCoverImage.description,
	...deleteOperation.description,
	...estimateCost.description,
];

/** The function that runs each operation for one input item. */
export const operations: Record<string, Operation> = {
	complete: complete.execute,
	create: create.execute,
	delete: deleteOperation.execute,
	estimateCost: estimateCost.execute,
	get: get.execute,
	getMany: getMany.execute,
	removeCoverImage: removeCoverImage.execute,
	setCoverImage: setCoverImage.execute,
	update: update.execute,
	upload: upload.execute,
	uploadPart: uploadPart.execute,
};
