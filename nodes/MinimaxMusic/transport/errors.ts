/**
 * What the user sees when a request to the AI/ML API fails: the gateway's HTTP errors, MiniMax's
 * own errors (HTTP 200 with a non-zero `base_resp.status_code`) and network failures, each with
 * what the node was doing and how to fix it (the per-item loop adds the item, items.ts).
 *
 * Errors carry only what the user and support need (status, the server's message, request or trace
 * id): never the request headers, which hold the API key.
 */
import {
	NodeApiError,
	NodeOperationError,
	type Failure,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { messageFromBody, parseJsonBody } from '../../shared/errorBody';
import {
	describeNetworkFailure,
	isTimeout,
	isTransientNetworkError,
	networkFailureDetails,
} from '../../shared/networkErrors';
import { API_KEYS_PAGE, BILLING_PAGE, DEFAULT_BASE_URL } from '../constants';

/** An HTTP answer as n8n's `httpRequest` gives it with `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** What a request was for, to say it in messages. */
export interface RequestPurpose {
	method: string;
	path: string;
	/** The credential's Base URL the path was sent to. */
	baseUrl: string;
	itemIndex: number;
	/** What the request does: "upload the audio", "generate music". */
	action: string;
	timeoutMs: number;
}

/** Short advice for each MiniMax status code the AI/ML API passes on in `base_resp`. */
const BASE_RESP_HINTS: Record<number, string> = {
	1000: 'Unknown error on the MiniMax side; try again later.',
	1001: 'MiniMax timed out; try again later.',
	1002: 'MiniMax is rate limiting this account; wait a moment and run again.',
	1004: 'Authentication failed upstream: check the API Key in the AI/ML API credential.',
	1008: `Insufficient balance: top up the AI/ML API account (${BILLING_PAGE}).`,
	1013: 'Internal error on the MiniMax side; try again later.',
	1026: 'The lyrics, prompt or audio were flagged as sensitive content; change them.',
	1027: 'The generated output was flagged as sensitive content; change the lyrics or prompt.',
	1041: 'Too many generations at once for this account; run fewer items in parallel and try again.',
	2013: 'A parameter was not accepted; check the lyrics, the reference ids and the audio settings.',
	20132:
		'MiniMax does not know this reference id. Use the voice_id / instrumental_id that Upload Reference Audio returned for the same AI/ML API account (ids do not carry over between accounts), and if they are old, upload the reference audio again for fresh ids: the AI/ML API does not document how long they stay valid.',
	2037: 'The audio must be longer than 10 seconds and at most 10 minutes (singing, not speech). Trim or pick another file.',
	2042: 'This reference id belongs to another account: upload the reference audio with this credential to get ids it may use.',
	2049: 'The API key was not accepted upstream: check the API Key in the AI/ML API credential.',
};

const BASE_RESP_FAILURES: Record<number, Failure> = {
	1000: { cause: 'temporarily-unavailable' },
	1001: { cause: 'temporarily-unavailable' },
	1013: { cause: 'temporarily-unavailable' },
	1002: { cause: 'rate-limited' },
	1041: { cause: 'rate-limited' },
	1004: { cause: 'credential-invalid' },
	2049: { cause: 'credential-invalid' },
};

/** Only what the user needs to see and what support asks for; never request headers. */
function safeErrorResponse(response: FullResponse): JsonObject {
	const parsed = parseJsonBody(response.body);
	const result: JsonObject = { statusCode: response.statusCode };
	const message = messageFromBody(response.body);
	if (message) result.message = message;
	if (parsed?.requestId !== undefined) result.requestId = parsed.requestId as string;
	if (parsed?.path !== undefined) result.path = parsed.path as string;
	return result;
}

/** "connection reset" → "Connection reset", to start a sentence. */
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const afterAttempts = (attempts: number) => (attempts > 1 ? ` after ${attempts} attempts` : '');

/** An HTTP error status from the AI/ML API gateway. */
export function gatewayError(
	ctx: IExecuteFunctions,
	response: FullResponse,
	call: RequestPurpose,
	attempts: number,
	retryAfterMs?: number,
): NodeApiError {
	const status = response.statusCode;
	const serverMessage = messageFromBody(response.body);
	const details = safeErrorResponse(response);
	const requestId = details.requestId ? ` Request ID: ${String(details.requestId)}.` : '';

	let message: string;
	let description: string;
	let failure: Failure | undefined;
	if (status === 401) {
		message = 'Invalid AI/ML API key';
		description = `The AI/ML API rejected the API key (HTTP 401) while trying to ${call.action}. Open the "AI/ML API" credential and paste a valid key from ${API_KEYS_PAGE}.${requestId}`;
		failure = { cause: 'credential-invalid' };
	} else if (status === 403) {
		message = 'AI/ML API: out of credits or access denied';
		description = `HTTP 403 while trying to ${call.action}${serverMessage ? ` (${serverMessage})` : ''}. The account has no credits left for this model, or the key may not use it. Top up at ${BILLING_PAGE}.${requestId}`;
	} else if (status === 400 || status === 422) {
		message = `AI/ML API rejected the request: ${serverMessage ?? `HTTP ${status}`}`;
		description = `The parameters sent to ${call.action} did not pass validation.${requestId}`;
	} else if (status === 404) {
		message = `AI/ML API endpoint not found: ${call.path}`;
		description = `HTTP 404. Check the Base URL of the AI/ML API credential (default ${DEFAULT_BASE_URL}).${requestId}`;
		failure = { cause: 'configuration-invalid' };
	} else if (status === 413) {
		message = 'The audio file is too large for the AI/ML API';
		description = `HTTP 413. Send a shorter or more compressed file.${requestId}`;
	} else if (status === 429) {
		message = `The AI/ML API is rate limiting requests (HTTP 429)${attempts > 1 ? ` — gave up${afterAttempts(attempts)}` : ''}`;
		description = `Too many requests while trying to ${call.action}. Wait a minute and run again, or process fewer items at once.${requestId}`;
		failure =
			retryAfterMs !== undefined
				? { cause: 'rate-limited', retryAfterMs }
				: { cause: 'rate-limited' };
	} else if (status >= 500) {
		message = `The AI/ML API failed with HTTP ${status}${attempts > 1 ? ` ${attempts} times in a row` : ''}`;
		description = `The service could not ${call.action}${serverMessage ? ` (${serverMessage})` : ''}. This is usually temporary; run the node again later.${requestId}`;
		failure = { cause: 'temporarily-unavailable' };
	} else {
		message = `AI/ML API error (HTTP ${status})${serverMessage ? `: ${serverMessage}` : ''}`;
		description = `The request to ${call.action} failed.${requestId}`;
	}
	return new NodeApiError(ctx.getNode(), details, {
		message,
		description,
		httpCode: String(status),
		itemIndex: call.itemIndex,
		...(failure ? { failure } : {}),
	});
}

/** A success status whose body is not JSON: usually a Base URL that points at a web page. */
export function notJsonError(
	ctx: IExecuteFunctions,
	response: FullResponse,
	call: RequestPurpose,
): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ statusCode: response.statusCode },
		{
			message: `The AI/ML API answered ${call.action} with something that is not JSON`,
			description: `HTTP ${response.statusCode} from ${call.method} ${call.path}. Check the Base URL of the AI/ML API credential (${call.baseUrl}).`,
			httpCode: String(response.statusCode),
			itemIndex: call.itemIndex,
		},
	);
}

/**
 * The request got no HTTP answer. The message is the same for every operation (it names the
 * failure, not the operation); the description says what the node was doing and where it sent it.
 */
export function networkError(
	ctx: IExecuteFunctions,
	error: unknown,
	call: RequestPurpose,
	attempts: number,
): NodeApiError | NodeOperationError {
	// Errors this node raised itself (e.g. a missing credential) already say what is wrong.
	if (error instanceof NodeOperationError) return error;
	const timedOut = isTimeout(error);
	const words = timedOut
		? `no answer within ${Math.round(call.timeoutMs / 1000)} s`
		: describeNetworkFailure(error).words;
	const details = timedOut ? words : networkFailureDetails(error);
	return new NodeApiError(
		ctx.getNode(),
		{ message: details },
		{
			message: `Could not reach the AI/ML API: ${words}`,
			description: `${capitalised(details)}${afterAttempts(attempts)}, trying to ${call.action} (${call.method} ${call.baseUrl}${call.path}). Check the Base URL of the AI/ML API credential and the network.`,
			itemIndex: call.itemIndex,
			...(isTransientNetworkError(error)
				? { failure: { cause: 'temporarily-unavailable' } as Failure }
				: {}),
		},
	);
}

/**
 * MiniMax reports its failures with HTTP 200 and a non-zero `base_resp.status_code`.
 * Returns the error to throw, or undefined when the body reports success.
 */
export function baseRespError(
	ctx: IExecuteFunctions,
	body: IDataObject,
	call: RequestPurpose,
): NodeApiError | undefined {
	const baseResp = body.base_resp as IDataObject | undefined;
	if (!baseResp || typeof baseResp !== 'object') return undefined;
	const code = Number(baseResp.status_code ?? 0);
	if (!Number.isFinite(code) || code === 0) return undefined;
	const statusMsg =
		typeof baseResp.status_msg === 'string' && baseResp.status_msg
			? baseResp.status_msg
			: 'unknown error';
	const hint = BASE_RESP_HINTS[code];
	const traceId = typeof body.trace_id === 'string' ? ` Trace ID: ${body.trace_id}.` : '';
	const failure = BASE_RESP_FAILURES[code];
	return new NodeApiError(
		ctx.getNode(),
		{
			base_resp: { status_code: code, status_msg: statusMsg },
			...(body.trace_id ? { trace_id: String(body.trace_id) } : {}),
		},
		{
			message: `MiniMax could not ${call.action}: ${statusMsg} (code ${code})`,
			description: `${hint ?? 'See the MiniMax error code list in the AI/ML API documentation.'}${traceId}`,
			httpCode: String(code),
			itemIndex: call.itemIndex,
			...(failure ? { failure } : {}),
		},
	);
}
