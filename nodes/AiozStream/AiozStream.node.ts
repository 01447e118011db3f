import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as audio from './actions/audio';
import { aiozRequestDefaults } from './transport';

/**
 * AIOZ Stream: upload audio (one step, or Create → Upload Part → Complete → Get) and manage it.
 *
 * One-request operations are declarative (`requestDefaults` + each operation's `routing`); the
 * multi-request ones (Upload Part, Upload) are `customOperations`, as in n8n's WhatsApp node.
 * Operations live in actions/audio/<operation>.operation.ts, requests in transport/.
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
		requestDefaults: aiozRequestDefaults,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'audio',
				options: [{ name: 'Audio', value: 'audio' }],
			},
			...audio.description,
		],
	};

	customOperations = { audio: audio.customOperations };
}
