/**
 * The AIOZ Stream credential: the environment mapping (code and expression agree), and its test
 * request run through n8n's own machinery against the emulator, with right and wrong keys.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { INVALID_KEYS_MESSAGE } from '../../nodes/AiozStream/constants';
import { ENDPOINT_EXPRESSION, resolveEndpoint } from '../../nodes/AiozStream/transport';
import { evaluateCredentialExpression, testCredential as runCredentialTest } from '../harness/credentials';
import { useEmulator } from '../useEmulator';

describe('environment mapping', () => {
	it.each([
		[{ environment: 'production' }, 'https://api.aiozstream.network/api/media'],
		[{ environment: 'w3stream' }, 'https://api-w3stream.attoaioz.cyou/api/videos'],
		[{ environment: 'custom', baseUrl: 'http://127.0.0.1:9/api/', apiRoutes: 'videos' }, 'http://127.0.0.1:9/api/videos'],
		[{ environment: 'custom', baseUrl: 'https://proxy.example/api', apiRoutes: 'media' }, 'https://proxy.example/api/media'],
		[{}, 'https://api.aiozstream.network/api/media'],
	])('%j → %s, in code and in the expression alike', (credentials, url) => {
		expect(resolveEndpoint(credentials).familyUrl).toBe(url);
		expect(evaluateCredentialExpression(ENDPOINT_EXPRESSION, credentials)).toBe(url);
	});
});

/** The credential's Test button, as n8n runs it (test/harness/credentials.ts). */
const testCredential = async (data: ICredentialDataDecryptedObject) => await runCredentialTest(new AiozStreamApi(), data);

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
