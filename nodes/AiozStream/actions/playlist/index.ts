/** The playlist resource (a show of episodes): its operations, their parameters, and the function that runs each. */
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/items';

import * as addAudio from './addAudio.operation';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as moveAudio from './moveAudio.operation';
import * as removeAudio from './removeAudio.operation';
import * as removeCoverImage from './removeCoverImage.operation';
import * as setCoverImage from './setCoverImage.operation';
import * as update from './update.operation';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['playlist'] } },
	default: 'addAudio',
	options: [
		{
			name: 'Add Audio',
			value: 'addAudio',
			action: 'Add an audio to a playlist',
			description: 'Put an audio (an episode) at the end of a playlist',
		},
		{
			name: 'Create',
			value: 'create',
			action: 'Create a playlist',
			description: 'Create a playlist (a show) to put audio in',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a playlist',
			description: 'Delete a playlist (its audio stay)',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a playlist',
			description: 'Get a playlist with its audio in playlist order',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many playlists',
			description: 'List playlists with filters',
		},
		{
			name: 'Move Audio',
			value: 'moveAudio',
			action: 'Move an audio in a playlist',
			description: 'Put an audio of a playlist first, last, or after or before another one',
		},
		{
			name: 'Remove Audio',
			value: 'removeAudio',
			action: 'Remove an audio from a playlist',
			description: 'Take an audio out of a playlist (the audio itself stays)',
		},
		{
			name: 'Remove Cover Image',
			value: 'removeCoverImage',
			action: 'Remove the cover image of a playlist',
		},
		{
			name: 'Set Cover Image',
			value: 'setCoverImage',
			action: 'Set the cover image of a playlist',
			description: 'Upload a JPEG, PNG, WebP or GIF image as the cover of a playlist',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a playlist',
			description: 'Change the name, tags or metadata of a playlist',
		},
	],
};

export const description: INodeProperties[] = [
	operationProperty,
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...deleteOperation.description,
	...addAudio.description,
	...removeAudio.description,
	...moveAudio.description,
	...setCoverImage.description,
	...removeCoverImage.description,
];

/** The function that runs each operation for one input item. */
export const operations: Record<string, Operation> = {
	addAudio: addAudio.execute,
	create: create.execute,
	delete: deleteOperation.execute,
	get: get.execute,
	getMany: getMany.execute,
	moveAudio: moveAudio.execute,
	removeAudio: removeAudio.execute,
	removeCoverImage: removeCoverImage.execute,
	setCoverImage: setCoverImage.execute,
	update: update.execute,
};
