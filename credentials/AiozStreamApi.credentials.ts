import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { INVALID_KEYS_MESSAGE } from '../nodes/AiozStream/constants';
import {
	DEFAULT_ENVIRONMENT,
	ENDPOINT_EXPRESSION,
	ENVIRONMENTS,
} from '../nodes/AiozStream/transport/environment';

/** The Environment choices: the known hosts of environment.ts, then Custom. */
const environmentOptions = [
	...Object.entries(ENVIRONMENTS).map(([value, { name, apiBaseUrl, routes }]) => ({
		name,
		value,
		description: `${apiBaseUrl}, /${routes} routes`,
	})),
	{
		name: 'Custom',
		value: 'custom',
		description: 'Another host: a proxy, a staging server or a local emulator',
	},
];

/**
 * AIOZ Stream API keys (a public and a secret key, from the AIOZ Stream dashboard), sent as the
 * `stream-public-key` and `stream-secret-key` headers on every request.
 *
 * The environment picks the API host and its route family (`/media` or `/videos`); the mapping
 * lives in nodes/AiozStream/transport/environment.ts and is shared with the node.
 */
export class AiozStreamApi implements ICredentialType {
	name = 'aiozStreamApi';

	displayName = 'AIOZ Stream API';

	icon: Icon = {
		light: 'file:../nodes/AiozStream/aiozStream.svg',
		dark: 'file:../nodes/AiozStream/aiozStream.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-audio-upload/n8n-nodes-audio-upload#aioz-stream-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			required: true,
			default: '',
			description: 'The public key of an API key pair, from the API Keys page of the AIOZ Stream dashboard',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The secret key shown once when the API key pair was created',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: DEFAULT_ENVIRONMENT,
			options: environmentOptions,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example.com/api',
			description: 'API root, up to and including /api; the route family is added to it',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Routes',
			name: 'apiRoutes',
			type: 'options',
			default: 'media',
			options: [
				{ name: 'Media (/media/...)', value: 'media' },
				{ name: 'Videos (/videos/...)', value: 'videos' },
			],
			description: 'Which route family the host serves',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'stream-public-key': '={{ String($credentials.publicKey).trim() }}',
				'stream-secret-key': '={{ String($credentials.secretKey).trim() }}',
			},
		},
	};

	/** Lists one audio item: authenticated, read-only, and it exercises the route family too. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: ENDPOINT_EXPRESSION,
			url: '',
			method: 'POST',
			body: { limit: 1, offset: 0, type: 'audio' },
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: INVALID_KEYS_MESSAGE,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The API answered 404: check the environment (and for Custom, the base URL and API routes)',
				},
			},
		],
	};
}
