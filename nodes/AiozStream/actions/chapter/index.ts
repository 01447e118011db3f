/** The chapter resource: chapters files (WebVTT) of an audio, one per language. */
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/items';

import * as deleteOperation from './delete.operation';
import * as getMany from './getMany.operation';
import * as upload from './upload.operation';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['chapter'] } },
	default: 'upload',
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete the chapters of an audio in one language',
			description: 'Remove the chapters file of an audio in one language',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get the chapters of an audio',
			description: 'List the chapters files of an audio: their language and URL',
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload chapters to an audio',
			description:
				'Add a WebVTT file of chapters (titled sections of the episode, with start and end times) in one language to an audio',
		},
	],
};

export const description: INodeProperties[] = [
	operationProperty,
	...upload.description,
	...getMany.description,
	...deleteOperation.description,
];

/** The function that runs each operation for one input item. */
export const operations: Record<string, Operation> = {
	delete: deleteOperation.execute,
	getMany: getMany.execute,
	upload: upload.execute,
};
