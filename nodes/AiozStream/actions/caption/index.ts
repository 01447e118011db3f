/** The caption resource: captions of an audio (a transcript or subtitles, WebVTT), one per language. */
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/items';

import * as deleteOperation from './delete.operation';
import * as getMany from './getMany.operation';
import * as setDefault from './setDefault.operation';
import * as upload from './upload.operation';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['caption'] } },
	default: 'upload',
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete the caption of an audio in one language',
			description: 'Remove the caption (transcript or subtitles) of an audio in one language',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get the captions of an audio',
			description:
				'List the captions of an audio: their language, URL and which one is the default',
		},
		{
			name: 'Set Default',
			value: 'setDefault',
			action: 'Set the default caption of an audio',
			description:
				'Make the caption in one language the one players show first (the other captions of the audio stop being the default)',
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload a caption to an audio',
			description: 'Add a transcript or subtitles as a WebVTT file in one language to an audio',
		},
	],
};

export const description: INodeProperties[] = [
	operationProperty,
	...upload.description,
	...getMany.description,
	...setDefault.description,
	...deleteOperation.description,
];

/** The function that runs each operation for one input item. */
export const operations: Record<string, Operation> = {
	delete: deleteOperation.execute,
	getMany: getMany.execute,
	setDefault: setDefault.execute,
	upload: upload.execute,
};
