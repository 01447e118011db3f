/**
 * Turns AIOZ Stream answers and network failures into NodeApiErrors with plain messages.
 *
 * Errors are built from a small sanitised object, never from the HTTP client's error: that one
 * carries the request configuration, headers included, and so the secret key.
 */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { messageFromBody } from '../../shared/errorBody';
import { describeNetworkFailure, networkFailureDetails } from '../../shared/networkErrors';
import { INVALID_KEYS_MESSAGE } from '../constants';

/** The one message of a request that got no HTTP response, whatever the operation. */
const NETWORK_ERROR_MESSAGE = 'Could not get an answer from AIOZ Stream: the connection failed';

/**
 * What a request is about, named in its 404 message: e.g. `{ kind: 'media', id, field: 'Media ID' }`
 * gives 'AIOZ Stream media "<id>" was not found' with 'Check the Media ID.'
 */
export interface AiozSubject {
	kind: string;
	id: string;
	/** The editor's label of the field the id came from. */
	field: string;
}

interface AiozErrorContext {
	itemIndex: number;
	subject?: AiozSubject;
}

/** Maps an HTTP error response of the AIOZ Stream API to a NodeApiError. */
export function aiozApiError(
	node: INode,
	statusCode: number,
	responseBody: unknown,
	context: AiozErrorContext,
): NodeApiError {
	const fromApi = messageFromBody(responseBody);
	let message: string;
	let description: string | undefined;
	if (statusCode === 401) {
		message = INVALID_KEYS_MESSAGE;
		description = fromApi;
	} else if (statusCode === 404) {
		const { subject } = context;
		message = subject
			? `AIOZ Stream ${subject.kind} "${subject.id}" was not found`
			: 'AIOZ Stream answered 404 (not found)';
		description = subject
			? `Check the ${subject.field}. ${fromApi ?? ''}`.trim()
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
	if (context.subject) errorResponse[`${context.subject.kind}Id`] = context.subject.id;
	return new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
}

/**
 * Maps a failure without an HTTP response (refused, reset, timed out, aborted) to a NodeApiError.
 * The message is the same whatever the cause and the operation; the description says what
 * happened (shared/networkErrors.ts: in words, with the code) and where to look.
 */
export function aiozNetworkError(
	node: INode,
	error: unknown,
	context: AiozErrorContext,
): NodeApiError {
	return new NodeApiError(
		node,
		{ message: describeNetworkFailure(error).words },
		{
			message: NETWORK_ERROR_MESSAGE,
			description: `No answer: ${networkFailureDetails(error)}. Check the network and the credential's Environment (for Custom, its Base URL).`,
			itemIndex: context.itemIndex,
		},
	);
}

/**
 * A failure told as part of a larger step: the message becomes "<what failed>: <its message>",
 * with the given description; an API error stays an API error with its HTTP code (`details`
 * go into its error response), anything else becomes a NodeOperationError.
 */
export function failureInStep(
	node: INode,
	error: unknown,
	whatFailed: string,
	context: { itemIndex: number; description?: string; details?: JsonObject },
): NodeApiError | NodeOperationError {
	const cause = (error as Error).message;
	const message = `${whatFailed}: ${cause}`;
	const { itemIndex, description } = context;
	if (error instanceof NodeApiError) {
		return new NodeApiError(
			node,
			{ message: cause, ...context.details },
			{ message, description, httpCode: error.httpCode ?? undefined, itemIndex },
		);
	}
	return new NodeOperationError(node, message, { description, itemIndex });
}
