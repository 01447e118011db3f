/**
 * Which failed attempts to the AI/ML API are sent again, and how the retry loop runs. The loop is the shared `withRetry`; it reads the mark (`markRetry`) that each
 * failed attempt's error carries.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	isConnectionRefused,
	isTimeout,
	isTransientNetworkError,
} from '../../shared/networkErrors';
import { isRetryableStatus, type RetryOptions } from '../../shared/retry';

/** Attempts per request (first one included) when the failure is worth another one. */
const MAX_ATTEMPTS = 4;

/**
 * Which failed attempts are sent again.
 * - `transient-failures`: 429, 5xx, dropped, refused or timed-out connections. For requests that
 *   change nothing or whose repetition is harmless (reads, reference uploads).
 * - `not-after-timeout`: the same, except a timed-out attempt: the server may still be working on
 *   it (and billing it).
 * - `only-if-unprocessed`: only a 429 or a refused connection, the two failures where the server
 *   certainly did nothing. For requests that start billed work with no way to ask whether an earlier
 *   attempt got through (an asynchronous generation): a 5xx or a dropped connection may come after
 *   the work was started, and sending it again could start it twice.
 */
export type ResendPolicy = 'transient-failures' | 'not-after-timeout' | 'only-if-unprocessed';

/** Whether an attempt that got no HTTP answer may be sent again (the error is the client's). */
export function mayResendAfterNetworkFailure(error: unknown, policy: ResendPolicy): boolean {
	if (policy === 'only-if-unprocessed') return isConnectionRefused(error);
	if (policy === 'not-after-timeout' && isTimeout(error)) return false;
	return isTransientNetworkError(error);
}

/** Whether an attempt answered with an HTTP error status may be sent again. */
export function mayResendAfterStatus(status: number, policy: ResendPolicy): boolean {
	return policy === 'only-if-unprocessed' ? status === 429 : isRetryableStatus(status);
}

/** The retry loop's settings for one request: attempts, cancellation, a log line per retry. */
export function retryOptions(ctx: IExecuteFunctions, label: string): RetryOptions {
	return {
		maxAttempts: MAX_ATTEMPTS,
		abortSignal: ctx.getExecutionCancelSignal(),
		onRetry: ({ attempt, delayMs, error }) => {
			ctx.logger.warn(
				`MiniMax Music: ${label} attempt ${attempt} failed (${(error as Error).message}); retrying in ${delayMs} ms`,
			);
		},
	};
}
