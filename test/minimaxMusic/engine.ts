/**
 * Running the MiniMax Music node through n8n's engine (the harness) against the emulator: the node
 * and credential types, a node factory and a one-call workflow run, shared by the MiniMax test files.
 */
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { AimlMinimaxApi } from '../../credentials/AimlMinimaxApi.credentials';
import { MinimaxMusic } from '../../nodes/MinimaxMusic/MinimaxMusic.node';
import type { Emulator } from '../../emulator';
import { packageNode, runWorkflow, PACKAGE_NAME } from '../harness';

const nodeTypes = { [`${PACKAGE_NAME}.minimaxMusic`]: new MinimaxMusic() };
const credentialTypes = { aimlMinimaxApi: new AimlMinimaxApi() };

/** A MiniMax Music node (resource Music) with the AI/ML API credential. */
export function minimax(
	name: string,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
): INode {
	return packageNode(
		'minimaxMusic',
		name,
		{ resource: 'music', ...parameters },
		{
			credentials: { aimlMinimaxApi: { id: '1', name: 'AI/ML API' } },
			...extra,
		},
	);
}

/** Runs the nodes in a chain; the credential defaults to the emulator's key and URL. */
export async function runMinimax(
	emu: Emulator,
	nodes: INode[],
	input: INodeExecutionData[] = [{ json: {} }],
	credential: { apiKey?: string; baseUrl?: string } = {},
) {
	return await runWorkflow({
		nodes,
		nodeTypes,
		credentialTypes,
		credentials: {
			aimlMinimaxApi: {
				apiKey: credential.apiKey ?? emu.keys.aimlApiKey,
				baseUrl: credential.baseUrl ?? emu.aimlBaseUrl,
			},
		},
		input,
	});
}
