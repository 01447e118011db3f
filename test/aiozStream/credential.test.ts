/**
 * The AIOZ Stream credential: the environment mapping (code and expression agree) and its test
 * request against the emulator.
 */
import { Workflow, type INode, type INodeType } from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { useEmulator } from '../useEmulator';
import { ENDPOINT_EXPRESSION, INVALID_KEYS_MESSAGE, resolveEndpoint } from '../../nodes/AiozStream/transport';

describe('environment mapping', () => {
	const node: INode = { id: 'n', name: 'N', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodeType = { description: { properties: [] } } as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const evaluate = (expression: string, credentials: object) =>
		workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials });

	it.each([
		[{ environment: 'production' }, 'https://api.aiozstream.network/api/media'],
		[{ environment: 'w3stream' }, 'https://api-w3stream.attoaioz.cyou/api/videos'],
		[{ environment: 'custom', baseUrl: 'http://127.0.0.1:9/api/', apiRoutes: 'videos' }, 'http://127.0.0.1:9/api/videos'],
		[{ environment: 'custom', baseUrl: 'https://proxy.example/api', apiRoutes: 'media' }, 'https://proxy.example/api/media'],
		[{}, 'https://api.aiozstream.network/api/media'],
	])('%j → %s, in code and in the expression alike', (credentials, url) => {
		expect(resolveEndpoint(credentials).familyUrl).toBe(url);
		expect(evaluate(ENDPOINT_EXPRESSION, credentials)).toBe(url);
	});
});

describe('credential', () => {
	const emu = useEmulator();

	const credential = new AiozStreamApi();

	it('sends the keys in the stream-public-key and stream-secret-key headers', () => {
		expect(credential.authenticate.properties.headers).toEqual({
			'stream-public-key': '={{ String($credentials.publicKey).trim() }}',
			'stream-secret-key': '={{ String($credentials.secretKey).trim() }}',
		});
	});

	it.each([
		['media', 'emu-secret-key', 200],
		['videos', 'emu-secret-key', 200],
		['media', 'wrong', 401],
	])('test request on the %s routes with secret %s answers %i', async (apiRoutes, secret, status) => {
		const url = resolveEndpoint({ environment: 'custom', baseUrl: emu.aiozBaseUrl, apiRoutes }).familyUrl;
		const { request } = credential.test;
		expect(request.baseURL).toBe(ENDPOINT_EXPRESSION);
		const response = await fetch(url + (request.url ?? ''), {
			method: request.method,
			headers: {
				'content-type': 'application/json',
				'stream-public-key': emu.keys.aiozPublicKey,
				'stream-secret-key': secret,
			},
			body: JSON.stringify(request.body),
		});
		expect(response.status).toBe(status);
	});

	it('tells the user plainly when the keys are wrong', () => {
		const rule = credential.test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === 401);
		expect(rule?.properties.message).toBe(INVALID_KEYS_MESSAGE);
	});
});
