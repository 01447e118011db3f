/**
 * The package's one retry policy (shared/retry.ts) and its table of network failures
 * (shared/networkErrors.ts): what is retried, how long it waits, when it gives up.
 */
import {
	isTransientNetworkError,
	isTimeout,
	describeNetworkFailure,
} from '../../nodes/shared/networkErrors';
import {
	isRetryableStatus,
	markRetry,
	parseRetryAfter,
	retryAfterFromHeaders,
	withRetry,
	type RetryDecision,
} from '../../nodes/shared/retry';

/** An error the retry policy reads as `decision`, as a transport marks its failed attempts. */
const failure = (message: string, decision: RetryDecision) =>
	markRetry(new Error(message), decision);

describe('withRetry', () => {
	it('retries a marked failure until success, within the attempt bound', async () => {
		let calls = 0;
		const result = await withRetry(
			async (attempt) => {
				calls++;
				if (attempt < 3) throw failure(`fail ${attempt}`, { retry: true });
				return 'ok';
			},
			{ baseDelayMs: 1 },
		);
		expect(result).toBe('ok');
		expect(calls).toBe(3);
	});

	it('gives up after maxAttempts with the last error, and never retries an unmarked or final error', async () => {
		let calls = 0;
		await expect(
			withRetry(
				async (attempt) => {
					calls++;
					throw failure(`fail ${attempt}`, { retry: true });
				},
				{ maxAttempts: 4, baseDelayMs: 1 },
			),
		).rejects.toThrow('fail 4');
		expect(calls).toBe(4);

		for (const error of [failure('401', { retry: false }), new Error('unmarked')]) {
			calls = 0;
			await expect(
				withRetry(
					async () => {
						calls++;
						throw error;
					},
					{ baseDelayMs: 1 },
				),
			).rejects.toBe(error);
			expect(calls).toBe(1);
		}
	});

	it('waits exactly what Retry-After asks, and gives up when it asks for too long', async () => {
		const delays: number[] = [];
		let calls = 0;
		await withRetry(
			async () => {
				if (++calls === 1) throw failure('429', { retry: true, retryAfterMs: 120 });
			},
			{ baseDelayMs: 1, onRetry: ({ delayMs }) => delays.push(delayMs) },
		);
		expect(delays).toEqual([120]);

		calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw failure('429 for an hour', { retry: true, retryAfterMs: 3_600_000 });
				},
				{ maxRetryAfterMs: 60_000 },
			),
		).rejects.toThrow('429 for an hour');
		expect(calls).toBe(1);
	});

	it('stops retrying once the execution is cancelled', async () => {
		const controller = new AbortController();
		let calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					controller.abort();
					throw failure('dropped', { retry: true });
				},
				{ baseDelayMs: 1, abortSignal: controller.signal },
			),
		).rejects.toThrow('dropped');
		expect(calls).toBe(1);
	});

	it('reads Retry-After as seconds or an HTTP date, and classifies statuses', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(retryAfterFromHeaders({ 'Retry-After': '1' })).toBe(1000);
		expect(
			retryAfterFromHeaders({ 'x-ratelimit-retry-after': '3' }, [
				'retry-after',
				'x-ratelimit-retry-after',
			]),
		).toBe(3000);
		expect([429, 500, 503, 408, 401, 400, 404].map(isRetryableStatus)).toEqual([
			true,
			true,
			true,
			true,
			false,
			false,
			false,
		]);
	});
});

describe('the table of network failures', () => {
	const withCode = (code: string, message = 'failed') =>
		Object.assign(new Error(message), { code });

	it('finds a dropped connection through wrapped errors, and leaves other errors alone', () => {
		expect(
			isTransientNetworkError(
				new Error('wrapped', { cause: withCode('ECONNRESET', 'socket hang up') }),
			),
		).toBe(true);
		expect(isTransientNetworkError(new Error('socket hang up'))).toBe(true);
		expect(isTransientNetworkError(new Error('Invalid keys'))).toBe(false);
		// A host that does not exist stays missing: not worth another attempt.
		expect(isTransientNetworkError(withCode('ENOTFOUND'))).toBe(false);
	});

	it("tells a timeout from other failures, by code or by the HTTP client's words", () => {
		expect(isTimeout(withCode('ETIMEDOUT'))).toBe(true);
		expect(isTimeout(new Error('timeout of 5000ms exceeded'))).toBe(true);
		expect(isTimeout(withCode('ECONNREFUSED'))).toBe(false);
	});

	it('says a failure in words and keeps its code apart', () => {
		expect(describeNetworkFailure(new Error('x', { cause: withCode('ECONNREFUSED') }))).toEqual({
			words: 'connection refused (nothing listens at that address and port)',
			code: 'ECONNREFUSED',
		});
		expect(describeNetworkFailure(new Error('TLS handshake failed'))).toEqual({
			words: 'TLS handshake failed',
			code: undefined,
		});
	});
});
