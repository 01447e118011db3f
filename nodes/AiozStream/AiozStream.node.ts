import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as audio from './actions/audio';
import * as caption from './actions/caption';
import * as chapter from './actions/chapter';
import { router } from './actions/router';

/**
 * AIOZ Stream: upload audio (one step, or Create → Upload Part → Complete → Get) and manage it,
 * with its chapters and captions.
 *
 * `execute` → actions/router.ts → actions/<resource>/<operation>.operation.ts, which read parameters,
 * call the API module (transport/api.ts) and shape the output.
 */
export class AiozStream implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIOZ Stream',
		name: 'aiozStream',
		icon: { light: 'file:aiozStream.svg', dark: 'file:aiozStream.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Upload audio to AIOZ Stream and get HLS and DASH streaming links',
		defaults: { name: 'AIOZ Stream' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aiozStreamApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'audio',
				options: [
					{ name: 'Audio', value: 'audio' },
					{
						name: 'Caption',
						value: 'caption',
						description: 'Transcripts and subtitles of an audio (WebVTT), one per language',
					},
					{
						name: 'Chapter',
						value: 'chapter',
						description: 'Chapters of an audio (WebVTT), one file per language',
					},
				],
			},
			...audio.description,
			...caption.description,
			...chapter.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
