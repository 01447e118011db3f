import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as audio from './actions/audio';
import * as playlist from './actions/playlist';
import { router } from './actions/router';

/**
 * AIOZ Stream: upload audio (one step, or Create → Upload Part → Complete → Get) and manage it, and
 * put it in playlists (shows).
 *
 * `execute` → actions/router.ts → actions/<resource>/<operation>.operation.ts, which read parameters,
 * call the API modules (transport/api.ts, transport/playlists.ts) and shape the output.
 */
export class AiozStream implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIOZ Stream',
		name: 'aiozStream',
		icon: { light: 'file:aiozStream.svg', dark: 'file:aiozStream.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Upload audio to AIOZ Stream, get HLS and DASH streaming links, and put it in playlists',
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
					{ name: 'Playlist', value: 'playlist' },
				],
			},
			...audio.description,
			...playlist.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
