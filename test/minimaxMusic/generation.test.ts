/**
 * Unit test of the generation polling's cancellation (the engine harness cannot stop an execution
 * half-way): a mock of n8n's execution context, the only mock in the MiniMax tests.
 */
import { sleep, type IExecuteFunctions } from 'n8n-workflow';

import { waitForGeneration } from '../../nodes/MinimaxMusic/transport/api';

/** Each status request, with the time it was sent. */
interface SentRequest {
	options: unknown;
	at: number;
}

const endpoint = { baseUrl: 'http://127.0.0.1:9' };

function executionContext(cancel: AbortController, requests: SentRequest[]): IExecuteFunctions {
	return {
		getNode: () => ({
			id: 'n',
			name: 'MiniMax',
			type: 'minimaxMusic',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getCredentials: async () => ({ apiKey: 'test-key', baseUrl: 'http://127.0.0.1:9' }),
		getExecutionCancelSignal: () => cancel.signal,
		logger: { warn: () => {} },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: unknown) => {
				requests.push({ options, at: Date.now() });
				return { statusCode: 200, headers: {}, body: { status: 'generating' } };
			},
		},
	} as unknown as IExecuteFunctions;
}

describe('MiniMax generation polling', () => {
	it('stops waiting as soon as the execution is cancelled, without another status request', async () => {
		const cancel = new AbortController();
		const requests: SentRequest[] = [];
		const ctx = executionContext(cancel, requests);
		const started = Date.now();
		const waiting = waitForGeneration(ctx, 0, endpoint, 'gen-1', {
			timeoutMs: 600_000,
			firstIntervalMs: 60_000,
		});
		void sleep(20).then(() => cancel.abort(new Error('execution cancelled')));
		await expect(waiting).rejects.toThrow('execution cancelled');
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(requests).toHaveLength(0);
	});

	it('polls with a growing interval until the time limit', async () => {
		const requests: SentRequest[] = [];
		const ctx = executionContext(new AbortController(), requests);
		const started = Date.now();
		await expect(
			waitForGeneration(ctx, 0, endpoint, 'gen-2', { timeoutMs: 1000, firstIntervalMs: 100 }),
		).rejects.toThrow('Generation gen-2 did not finish within 1 s (last status: generating)');
		// Waits of 100, 150, 225, 337 ms, then what is left of the second: never a request after the limit.
		expect(requests.length).toBeGreaterThanOrEqual(4);
		expect(requests.length).toBeLessThanOrEqual(6);
		expect(requests.every((request) => request.at <= started + 1000 + 50)).toBe(true);
		expect(requests[0].options).toMatchObject({
			method: 'GET',
			url: '/v2/generate/audio',
			qs: { generation_id: 'gen-2' },
		});
		// Each wait is longer than the one before (a fixed interval gives equal gaps, and fails here);
		// the last wait is cut to the time left, so it is left out.
		const arrivals = [started, ...requests.map((request) => request.at)].slice(0, 5);
		const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]);
		for (let index = 1; index < gaps.length; index++)
			expect(gaps[index]).toBeGreaterThan(gaps[index - 1] * 1.25);
	});
});
