import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as music from './actions/music';
import { router } from './actions/router';

export class MinimaxMusic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MiniMax Music (AI/ML API)',
		name: 'minimaxMusic',
		icon: { light: 'file:minimaxMusic.svg', dark: 'file:minimaxMusic.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "generate" ? "Generate music" : "Upload " + $parameter["purpose"] }}',
		description:
			'Generate music with MiniMax through the AI/ML API: from uploaded reference ids, from a prompt and lyrics, or as a cover of a song',
		defaults: { name: 'MiniMax Music' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aimlMinimaxApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Music', value: 'music' }],
				default: 'music',
			},
			...music.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
