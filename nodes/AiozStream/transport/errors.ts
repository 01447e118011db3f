/**
 * Turns AIOZ Stream answers and network failures into NodeApiErrors with plain messages.
 *
 * Errors are built from a small sanitised object, never from the HTTP client's error: that one
 * carries the request configuration, headers included, and so the secret key.
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { findInCauses } from '../../shared/retry';

export const INVALID_KEYS_MESSAGE =
	'Invalid AIOZ Stream API keys: check the public and secret key in the credential';

/** The one message of a request that got no HTTP response, whatever the operation. */
export const NETWORK_ERROR_MESSAGE = 'Could not get an answer from AIOZ Stream: the connection failed';

export interface AiozErrorContext {
	itemIndex: number;
	/** The media the request was about, named in 404 messages. */
	mediaId?: string;
}

/** The API's own message from an error response body (`{ status: 'error', message }`), if any. */
export function apiMessage(responseBody: unknown): string | undefined {
	if (typeof responseBody === 'string') {
		const text = responseBody.trim();
		return text && text.length <= 500 && !text.startsWith('<') ? text : undefined;
	}
	if (responseBody && typeof responseBody === 'object') {
		const { message, error } = responseBody as { message?: unknown; error?: unknown };
		if (typeof message === 'string' && message.trim()) return message.trim();
		if (typeof error === 'string' && error.trim()) return error.trim();
	}
	return undefined;
}

/** Maps an HTTP error response of the AIOZ Stream API to a NodeApiError. */
export function aiozApiError(
	node: INode,
	statusCode: number,
	responseBody: unknown,
	context: AiozErrorContext,
): NodeApiError {
	const fromApi = apiMessage(responseBody);
	let message: string;
	let description: string | undefined;
	if (statusCode === 401) {
		message = INVALID_KEYS_MESSAGE;
		description = fromApi;
	} else if (statusCode === 404) {
		message = context.mediaId
			? `AIOZ Stream media "${context.mediaId}" was not found`
			: 'AIOZ Stream answered 404 (not found)';
		description = context.mediaId
			? `Check the Media ID. ${fromApi ?? ''}`.trim()
			: `Check the credential's environment: for Custom, the base URL (up to /api) and the API routes. ${fromApi ?? ''}`.trim();
	} else if (statusCode === 429) {
		message = 'AIOZ Stream rate limit reached (HTTP 429): try again later';
		description = fromApi;
	} else if (statusCode >= 500) {
		message = `AIOZ Stream server error (HTTP ${statusCode})${fromApi ? `: ${fromApi}` : ''}`;
	} else {
		// 400 and the other client errors: the API's own words say what to fix.
		message = fromApi ?? `AIOZ Stream rejected the request (HTTP ${statusCode})`;
		description = fromApi ? `AIOZ Stream answered HTTP ${statusCode}` : undefined;
	}
	const errorResponse: JsonObject = { statusCode, message: fromApi ?? message };
	if (context.mediaId) errorResponse.mediaId = context.mediaId;
	return new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
}

/** Plain words for the usual network error codes, put in the description. */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'The server refused the connection (nothing listens at that address and port)',
	ENOTFOUND: 'The host name could not be resolved',
	EAI_AGAIN: 'The host name could not be resolved (DNS lookup timed out)',
	ECONNRESET: 'The connection was dropped',
	ETIMEDOUT: 'The connection timed out',
	ECONNABORTED: 'The connection was aborted',
};

/**
 * Maps a failure without an HTTP response (refused, reset, timed out, aborted) to a NodeApiError.
 * The message is the same whatever the cause and the operation; the description says what
 * happened (from the error or the errors it wraps) and where to look.
 */
export function aiozNetworkError(
	node: INode,
	error: unknown,
	context: AiozErrorContext,
): NodeApiError {
	const errorCode = findInCauses(error, ({ code }) => (typeof code === 'string' ? code : undefined));
	const fromError = findInCauses(error, ({ message }) =>
		typeof message === 'string' && message ? message : undefined,
	);
	const reason = (errorCode && NETWORK_REASONS[errorCode]) ?? fromError ?? 'No response';
	return new NodeApiError(
		node,
		{ message: reason },
		{
			message: NETWORK_ERROR_MESSAGE,
			description: `${reason}${errorCode ? ` [${errorCode}]` : ''}. Check the network and the credential's Environment (for Custom, its Base URL).`,
			itemIndex: context.itemIndex,
		},
	);
}
