import type { INodeProperties } from 'n8n-workflow';

import * as generate from './generate.operation';
import * as upload from './upload.operation';

export { generate, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['music'] } },
		options: [
			{
				name: 'Upload Reference Audio',
				value: 'upload',
				action: 'Upload reference audio and get its voice and instrumental ids',
				description:
					'Send a song, vocals or accompaniment (MP3/WAV) and get the voice_id / instrumental_id to generate from',
			},
			{
				name: 'Generate Music',
				value: 'generate',
				action: 'Generate music and get where the audio file is',
				description:
					'Make a song and return the audio file: from lyrics and uploaded references (Music-01), from a prompt and lyrics, or as a cover of a song',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...generate.description,
];
