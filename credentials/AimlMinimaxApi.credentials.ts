import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	API_KEYS_PAGE,
	BILLING_BASE_URL,
	BILLING_PAGE,
	DEFAULT_BASE_URL,
} from '../nodes/MinimaxMusic/constants';

/**
 * API key for the AI/ML API gateway (https://aimlapi.com), which fronts MiniMax Music.
 * Sent as `Authorization: Bearer <key>` on every request.
 */
export class AimlMinimaxApi implements ICredentialType {
	name = 'aimlMinimaxApi';

	displayName = 'AI/ML API';

	icon: Icon = {
		light: 'file:../nodes/MinimaxMusic/minimaxMusic.svg',
		dark: 'file:../nodes/MinimaxMusic/minimaxMusic.dark.svg',
	};

	documentationUrl = 'https://docs.aimlapi.com/quickstart/simple-model';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: `Your AI/ML API key, from ${API_KEYS_PAGE}`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: DEFAULT_BASE_URL,
			description:
				'Root URL of the AI/ML API. Change it only for a proxy or a local emulator; paths such as /v2/generate/audio/minimax/upload are added to it.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey.trim()}}',
			},
		},
	};

	/**
	 * Reads the account balance: authenticated, free, and it changes nothing. On the public API
	 * the balance lives on billing.aimlapi.com; any other base URL (proxy, emulator) is asked
	 * for the same path on itself.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ (String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") || "${DEFAULT_BASE_URL}") === "${DEFAULT_BASE_URL}" ? "${BILLING_BASE_URL}" : String($credentials.baseUrl).trim().replace(/\\/+$/, "") }}`,
			url: '/v1/billing/balance',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `The AI/ML API rejected this API key. Copy the key again from ${API_KEYS_PAGE} (no spaces around it).`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `The API key is known but not allowed to use the API (no credits left or the key is disabled). Check ${BILLING_PAGE}.`,
				},
			},
		],
	};
}
