/**
 * The AIOZ Stream credential: the environment mapping (code and expression agree), and its test
 * request run through n8n's own machinery against the emulator, with right and wrong keys.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeType,
} from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { INVALID_KEYS_MESSAGE } from '../../nodes/AiozStream/constants';
import { ENDPOINT_EXPRESSION, resolveEndpoint } from '../../nodes/AiozStream/transport';
import { createAdditionalData } from '../harness';
import { useEmulator } from '../useEmulator';

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

/**
 * Tests the credential the way n8n's CLI does (CredentialsTester.runRequestTest in n8n 2.x): the
 * credential's `test.request` becomes the routing of a temporary node run by n8n-core's RoutingNode,
 * which evaluates its expressions (the base URL) and sends it through `httpRequestWithAuthentication`,
 * where the credential's `authenticate` block adds the headers (the harness's credentials helper,
 * as n8n's CLI). A failed request is matched against the credential's `rules`.
 */
async function testCredential(data: ICredentialDataDecryptedObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credential = new AiozStreamApi();
	const nodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: credential.test.request }, default: '' }],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credential.name]: { id: '1', name: 'AIOZ Stream' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
	});
	const additionalData = createAdditionalData({
		credentialTypes: { [credential.name]: credential },
		credentials: { [credential.name]: data },
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const credentialsDecrypted = { id: '1', name: 'AIOZ Stream', type: credential.name, data };
	try {
		await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const statusCode = (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
		const rule = credential.test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === statusCode);
		return { status: 'Error', message: rule?.properties.message ?? `HTTP ${String(statusCode)}: ${(error as Error).message}` };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

describe('credential test, run as n8n runs it', () => {
	const emu = useEmulator();
	const keys = (secretKey: string, apiRoutes: string) => ({
		publicKey: emu.keys.aiozPublicKey,
		secretKey,
		environment: 'custom',
		baseUrl: `${emu.aiozBaseUrl}/`,
		apiRoutes,
	});

	it.each(['media', 'videos'])('accepts the right keys on the %s routes, sent in the stream-*-key headers', async (apiRoutes) => {
		expect(await testCredential(keys(emu.keys.aiozSecretKey, apiRoutes))).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = emu.requests;
		expect(emu.requests).toHaveLength(1);
		expect([request.method, request.path]).toEqual(['POST', `/api/${apiRoutes}`]);
		expect(request.headers['stream-public-key']).toBe(emu.keys.aiozPublicKey);
		// The emulator logs the secret header redacted; the 200 says it was right.
		expect(request.headers['stream-secret-key']).toBeDefined();
	});

	it('refuses a wrong secret key with the node\'s own 401 message', async () => {
		expect(await testCredential(keys('wrong', 'media'))).toEqual({ status: 'Error', message: INVALID_KEYS_MESSAGE });
		// n8n-core sends a request refused with 401 once more, after its pre-authentication step.
		expect(emu.requests.map((request) => request.status)).toEqual([401, 401]);
	});

	it('says to check the environment when the host does not serve the routes (404)', async () => {
		const result = await testCredential({ ...keys(emu.keys.aiozSecretKey, 'media'), baseUrl: `${emu.aiozBaseUrl}/nowhere` });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('check the environment') });
	});
});
