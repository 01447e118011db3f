/**
 * The one table of network failures (a request that got no HTTP answer), for both nodes: the words
 * a message uses for each Node.js error code, and whether another attempt may get through.
 *
 * The codes stay out of error messages (n8n replaces a message naming a common code with its own
 * generic text); descriptions and logs may name them.
 */
import { findInCauses } from './retry';

interface NetworkFailureKind {
	/** What happened, in words: "connection refused". */
	words: string;
	/** A later attempt may succeed (the network or the server may be back). */
	transient: boolean;
	/** The request ran out of time: the server may still be working on it. */
	timeout?: boolean;
}

const NETWORK_FAILURES: Record<string, NetworkFailureKind> = {
	ECONNREFUSED: {
		words: 'connection refused (nothing listens at that address and port)',
		transient: true,
	},
	ECONNRESET: { words: 'connection reset', transient: true },
	ECONNABORTED: { words: 'connection aborted (no answer in time)', transient: true, timeout: true },
	EPIPE: { words: 'connection closed while sending', transient: true },
	ETIMEDOUT: { words: 'no answer in time', transient: true, timeout: true },
	ESOCKETTIMEDOUT: { words: 'no answer in time', transient: true, timeout: true },
	ENOTFOUND: { words: 'host not found (the host name could not be resolved)', transient: false },
	EAI_AGAIN: { words: 'host name lookup failed (DNS timed out)', transient: true },
	EHOSTUNREACH: { words: 'host unreachable', transient: true },
	ENETUNREACH: { words: 'network unreachable', transient: true },
	UND_ERR_SOCKET: { words: 'connection closed', transient: true },
	ERR_STREAM_PREMATURE_CLOSE: {
		words: 'connection closed before the end of the answer',
		transient: true,
	},
	CERT_HAS_EXPIRED: { words: 'the server certificate has expired', transient: false },
	DEPTH_ZERO_SELF_SIGNED_CERT: { words: 'the server certificate is self-signed', transient: false },
	ERR_FR_TOO_MANY_REDIRECTS: { words: 'too many redirects (a redirect loop, or a chain longer than 5)', transient: false },
};

/** Messages of dropped connections that come without a code (the HTTP client's own words). */
const DROPPED_CONNECTION_MESSAGE = /socket hang up|ECONNRESET|EPIPE/i;
/** The HTTP client's message when its `timeout` ran out. */
const TIMEOUT_MESSAGE = /timeout of \d+ms exceeded/i;

/** The Node.js error code of a network failure (`ECONNREFUSED`), looking through wrapped errors. */
export function networkErrorCode(error: unknown): string | undefined {
	return findInCauses(error, ({ code }) =>
		typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined,
	);
}

/**
 * A network failure in words and its code: `{ words: 'connection refused (…)', code: 'ECONNREFUSED' }`.
 * An unknown code keeps the error's own message as its words.
 */
export function describeNetworkFailure(error: unknown): { words: string; code?: string } {
	const code = networkErrorCode(error);
	const known = code ? NETWORK_FAILURES[code] : undefined;
	if (known) return { words: known.words, code };
	if (isTimeout(error)) return { words: 'no answer in time', code };
	const message = findInCauses(error, ({ message }) =>
		typeof message === 'string' && message.trim() ? message.trim() : undefined,
	);
	return { words: message ?? 'network error', code };
}

/** "connection reset [ECONNRESET]", for descriptions and logs. */
export function networkFailureDetails(error: unknown): string {
	const { words, code } = describeNetworkFailure(error);
	return code ? `${words} [${code}]` : words;
}

/** Whether a failure, or one it wraps, has a code of the kind `isKind` picks, or a message like `message`. */
function failureIs(error: unknown, isKind: (kind: NetworkFailureKind) => boolean, message: RegExp): boolean {
	return (
		findInCauses(error, ({ code, message: text }) => {
			const kind = typeof code === 'string' ? NETWORK_FAILURES[code] : undefined;
			if (kind && isKind(kind)) return true;
			if (typeof text === 'string' && message.test(text)) return true;
			return undefined;
		}) === true
	);
}

/** True for a dropped, reset, refused or timed-out connection: another attempt may get through. */
export function isTransientNetworkError(error: unknown): boolean {
	return failureIs(error, (kind) => kind.transient, DROPPED_CONNECTION_MESSAGE);
}

/** True when the request ran out of time (the HTTP client's timeout). */
export function isTimeout(error: unknown): boolean {
	return failureIs(error, (kind) => kind.timeout === true, TIMEOUT_MESSAGE);
}

/** True when the connection was refused: the server never saw the request. */
export function isConnectionRefused(error: unknown): boolean {
	return networkErrorCode(error) === 'ECONNREFUSED';
}
