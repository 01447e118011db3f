/**
 * The pieces under the node: retry policy, part planning, the environment mapping (code and
 * expression agree), and the credential's test request against the emulator.
 */
import { Workflow, type INode, type INodeType } from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { useEmulator } from '../useEmulator';
import { ENDPOINT_EXPRESSION, INVALID_KEYS_MESSAGE, resolveEndpoint } from '../../nodes/AiozStream/transport';
import { planParts } from '../../nodes/shared/binary';
import { FileFirstMultipart } from '../../nodes/shared/multipart';
import {
	isRetryableStatus,
	isTransientNetworkError,
	parseRetryAfter,
	retryAfterFromHeaders,
	withRetry,
} from '../../nodes/shared/retry';

describe('withRetry', () => {
	const transient = () => ({ retry: true });

	it('retries until success, within the attempt bound', async () => {
		let calls = 0;
		const result = await withRetry(
			async (attempt) => {
				calls++;
				if (attempt < 3) throw new Error(`fail ${attempt}`);
				return 'ok';
			},
			{ classify: transient, baseDelayMs: 1 },
		);
		expect(result).toBe('ok');
		expect(calls).toBe(3);
	});

	it('gives up after maxAttempts with the last error, and never retries a final error', async () => {
		let calls = 0;
		await expect(
			withRetry(
				async (attempt) => {
					calls++;
					throw new Error(`fail ${attempt}`);
				},
				{ classify: transient, maxAttempts: 4, baseDelayMs: 1 },
			),
		).rejects.toThrow('fail 4');
		expect(calls).toBe(4);

		calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw new Error('401');
				},
				{ classify: () => ({ retry: false }), baseDelayMs: 1 },
			),
		).rejects.toThrow('401');
		expect(calls).toBe(1);
	});

	it('waits exactly what Retry-After asks, and gives up when it asks for too long', async () => {
		const delays: number[] = [];
		let calls = 0;
		await withRetry(
			async () => {
				if (++calls === 1) throw new Error('429');
			},
			{ classify: () => ({ retry: true, retryAfterMs: 120 }), baseDelayMs: 1, onRetry: ({ delayMs }) => delays.push(delayMs) },
		);
		expect(delays).toEqual([120]);

		await expect(
			withRetry(
				async () => {
					throw new Error('429 for an hour');
				},
				{ classify: () => ({ retry: true, retryAfterMs: 3_600_000 }), maxRetryAfterMs: 60_000 },
			),
		).rejects.toThrow('429 for an hour');
	});

	it('reads Retry-After as seconds or an HTTP date, and classifies statuses and dropped connections', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(retryAfterFromHeaders({ 'Retry-After': '1' })).toBe(1000);
		expect(retryAfterFromHeaders({ 'x-ratelimit-retry-after': '3' }, ['retry-after', 'x-ratelimit-retry-after'])).toBe(3000);
		expect([429, 500, 503, 401, 400, 404].map(isRetryableStatus)).toEqual([true, true, true, false, false, false]);
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(isTransientNetworkError(new Error('wrapped', { cause: reset }))).toBe(true);
		expect(isTransientNetworkError(new Error('Invalid keys'))).toBe(false);
	});
});

it('plans parts with inclusive ends, the last one shorter', () => {
	const MIB = 1024 * 1024;
	expect(planParts(12 * MIB, 5 * MIB)).toEqual([
		{ index: 0, start: 0, end: 5 * MIB - 1, size: 5 * MIB },
		{ index: 1, start: 5 * MIB, end: 10 * MIB - 1, size: 5 * MIB },
		{ index: 2, start: 10 * MIB, end: 12 * MIB - 1, size: 2 * MIB },
	]);
	expect(planParts(10, 5 * MIB)).toEqual([{ index: 0, start: 0, end: 9, size: 10 }]);
});

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

it('frames a part as the upload guide\'s curl recipe does: file first, then index and hash, CRLF line ends', () => {
	const form = new FileFirstMultipart('file', 'my "best"\r\nsong.wav', 'audio/wav');
	expect(form.contentType).toBe(`multipart/form-data; boundary=${form.boundary}`);
	expect(form.boundary).toMatch(/^[-\w]{30,70}$/);
	const body = Buffer.concat([
		form.head,
		Buffer.from('DATA'),
		form.tail([
			['index', '3'],
			['hash', 'abc'],
		]),
	]).toString('utf8');
	const b = form.boundary;
	expect(body).toBe(
		`--${b}\r\nContent-Disposition: form-data; name="file"; filename="my %22best%22%0D%0Asong.wav"\r\n` +
			'Content-Type: audio/wav\r\n\r\nDATA\r\n' +
			`--${b}\r\nContent-Disposition: form-data; name="index"\r\n\r\n3\r\n` +
			`--${b}\r\nContent-Disposition: form-data; name="hash"\r\n\r\nabc\r\n` +
			`--${b}--\r\n`,
	);
	expect(new FileFirstMultipart('file', 'a', '').boundary).not.toBe(b);
});
