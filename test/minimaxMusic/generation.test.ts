/**
 * Unit test of the generation polling's cancellation (the engine harness cannot stop an execution
 * half-way): a mock of n8n's execution context, the only mock in the MiniMax tests.
 */
import { sleep, type IExecuteFunctions } from 'n8n-workflow';

import { waitForGeneration } from '../../nodes/MinimaxMusic/transport/api';

function executionContext(cancel: AbortController, requests: unknown[]): IExecuteFunctions {
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
				requests.push(options);
				return { statusCode: 200, headers: {}, body: { status: 'generating' } };
			},
		},
	} as unknown as IExecuteFunctions;
}

describe('MiniMax generation polling', () => {
	it('stops waiting as soon as the execution is cancelled, without another status request', async () => {
		const cancel = new AbortController();
		const requests: unknown[] = [];
		const ctx = executionContext(cancel, requests);
		const started = Date.now();
		const waiting = waitForGeneration.call(ctx, 0, 'gen-1', {
			timeoutMs: 600_000,
			firstIntervalMs: 60_000,
		});
		void sleep(20).then(() => cancel.abort(new Error('execution cancelled')));
		await expect(waiting).rejects.toThrow('execution cancelled');
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(requests).toHaveLength(0);
	});

	it('polls with a growing interval until the time limit', async () => {
		const requests: unknown[] = [];
		const ctx = executionContext(new AbortController(), requests);
		await expect(
			waitForGeneration.call(ctx, 0, 'gen-2', { timeoutMs: 300, firstIntervalMs: 40 }),
		).rejects.toThrow('generation gen-2 did not finish within 0.3 s (last status: generating)');
		// 40, 60, 90, then the 110 ms left: at most 4 status requests, never one after the limit.
		expect(requests.length).toBeGreaterThanOrEqual(1);
		expect(requests.length).toBeLessThanOrEqual(4);
		expect(requests[0]).toMatchObject({
			method: 'GET',
			url: '/v2/generate/audio',
			qs: { generation_id: 'gen-2' },
		});
	});
});
