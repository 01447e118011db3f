/**
 * Generic retry with exponential backoff, shared by the nodes of this package.
 *
 * - bounded: at most `maxAttempts` attempts (the first one included);
 * - polite: a server's `Retry-After` (seconds or HTTP date) is honoured, never undercut;
 *   a wait longer than `maxRetryAfterMs` ends the retries instead of hammering early;
 * - cancellable: waits use `sleep` from n8n-workflow with the execution's abort signal.
 *
 * What is worth retrying is decided where the failure is understood: a transport that maps a failed
 * attempt to its own error marks that error with `markRetry` (retry or not, and the server's wait),
 * and `withRetry` reads the mark back. Both nodes and the binary data reader signal retries this way.
 * Which network failures are worth another attempt: `networkErrors.ts`.
 */
import { sleep } from 'n8n-workflow';

/** What a failed attempt tells the retry loop. */
export interface RetryDecision {
	retry: boolean;
	/** Wait the server asked for (from `Retry-After`), in milliseconds. */
	retryAfterMs?: number;
}

export interface RetryAttemptInfo {
	/** Number of the attempt that failed (1 for the first). */
	attempt: number;
	/** How long the loop waits before the next attempt. */
	delayMs: number;
	error: unknown;
}

export interface RetryOptions {
	/** Total attempts, the first one included. Default 5. */
	maxAttempts?: number;
	/** Backoff before the second attempt; doubles after each failure (with jitter). Default 500 ms. */
	baseDelayMs?: number;
	/** Ceiling of the computed backoff. Default 20 s. */
	maxDelayMs?: number;
	/** Longest `Retry-After` honoured; asking for more gives up. Default 120 s. */
	maxRetryAfterMs?: number;
	/** Cancels the waits (and so the retries) when the execution is stopped. */
	abortSignal?: AbortSignal;
	/** Called before each wait, e.g. to log. */
	onRetry?: (info: RetryAttemptInfo) => void;
}

const DEFAULT_RETRY = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
} as const;

/**
 * Exponential backoff with "equal jitter": half of the delay is fixed, half random, so parallel
 * callers that failed together do not come back together.
 */
function backoffDelay(failedAttempt: number, baseDelayMs: number, maxDelayMs: number): number {
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * The one retry policy of the package, after attempt number `attempt` failed with `failure`:
 * resolves true once it has waited the backoff (or the server's `Retry-After`) and another attempt
 * may go; resolves false at once when the failure is not marked for a retry (`markRetry`), the
 * attempts are spent, the execution was cancelled, or the server asks to wait too long.
 * `withRetry` runs it for a request; a reader that resumes a stream after a failure calls it itself.
 */
export async function waitBeforeRetry(
	failure: unknown,
	attempt: number,
	options: RetryOptions,
): Promise<boolean> {
	const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
	const decision = retryDecisionOf(failure);
	if (!decision.retry || attempt >= maxAttempts || options.abortSignal?.aborted === true)
		return false;

	let delayMs = backoffDelay(
		attempt,
		options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
		options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
	);
	if (decision.retryAfterMs !== undefined) {
		if (decision.retryAfterMs > (options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs))
			return false;
		delayMs = Math.max(decision.retryAfterMs, 0);
	}
	options.onRetry?.({ attempt, delayMs, error: failure });
	await sleep(delayMs, options.abortSignal);
	return true;
}

/**
 * Runs `operation` until it succeeds, its error is final, or the attempts run out (see
 * `waitBeforeRetry`). The last error is rethrown unchanged, so callers keep their own error mapping.
 */
export async function withRetry<T>(
	operation: (attempt: number) => Promise<T>,
	options: RetryOptions,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return await operation(attempt);
		} catch (error) {
			failure = error;
		}
		if (!(await waitBeforeRetry(failure, attempt, options))) throw failure;
	}
}

/** Retry marks of failed attempts, kept out of the errors users see. */
const retryMarks = new WeakMap<object, RetryDecision>();

/**
 * Marks the error a failed attempt ends with: whether another attempt may succeed, and how long the
 * server asked to wait. Returns the same error, for `throw markRetry(mapped, { retry: true })`.
 */
export function markRetry<E extends object>(error: E, decision: RetryDecision): E {
	retryMarks.set(error, decision);
	return error;
}

/** The mark `markRetry` put on an error; an unmarked error is not retried. */
function retryDecisionOf(error: unknown): RetryDecision {
	return (error !== null && typeof error === 'object' && retryMarks.get(error)) || { retry: false };
}

/**
 * Walks an error and the errors it wraps (`cause`, as n8n's NodeApiError wraps the HTTP client's
 * error) and returns the first non-undefined answer of `pick`. Bounded, so a cyclic chain ends.
 */
export function findInCauses<T>(
	error: unknown,
	pick: (candidate: { code?: unknown; message?: unknown }) => T | undefined,
): T | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
		const found = pick(current as { code?: unknown; message?: unknown });
		if (found !== undefined) return found;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Statuses that say "try again later": 408, 429 and every 5xx. */
export function isRetryableStatus(status: number | undefined): boolean {
	if (status === undefined || !Number.isFinite(status)) return false;
	return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Parses a `Retry-After` value (delta seconds or an HTTP date) into milliseconds.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(
	value: string | string[] | number | undefined | null,
	now: number = Date.now(),
): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Reads the wait a response asks for from its headers (case-insensitive), trying each name in
 * order: the standard `Retry-After` first, then any vendor header given.
 */
export function retryAfterFromHeaders(
	headers: Record<string, unknown> | undefined,
	names: string[] = ['retry-after'],
): number | undefined {
	if (!headers) return undefined;
	const lowerCased = new Map<string, unknown>();
	for (const [key, value] of Object.entries(headers)) lowerCased.set(key.toLowerCase(), value);
	for (const name of names) {
		const parsed = parseRetryAfter(
			lowerCased.get(name.toLowerCase()) as string | string[] | number | undefined,
		);
		if (parsed !== undefined) return parsed;
	}
	return undefined;
}
