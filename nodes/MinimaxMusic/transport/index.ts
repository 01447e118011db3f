/**
 * The one way this node talks to the network: AI/ML API calls (auth, retries, error mapping)
 * and downloads of audio from a URL.
 *
 * Requests are sent with `ignoreHttpStatusErrors` and `returnFullResponse`, so an HTTP error comes
 * back as a status and a body, never as an HTTP-client error object: those carry the request
 * headers, Authorization included, and must not end up in an error shown to the user.
 */
import {
	NodeApiError,
	NodeOperationError,
	type Failure,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import {
	isRetryableStatus,
	isTransientNetworkError,
	retryAfterFromHeaders,
	withRetry,
	type RetryOptions,
} from '../../shared/retry';
import { displayUrl } from '../helpers/naming';

export const CREDENTIAL_TYPE = 'aimlMinimaxApi';
export const DEFAULT_BASE_URL = 'https://api.aimlapi.com';

export const UPLOAD_PATH = '/v2/generate/audio/minimax/upload';
export const GENERATE_PATH = '/v2/generate/audio/minimax/generate';

/** Attempts per request (first one included) for 429, 5xx and dropped connections. */
const MAX_ATTEMPTS = 4;

export interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** Thrown inside the retry loop for an HTTP status worth another attempt (429, 5xx). */
class RetryableStatus {
	constructor(readonly response: FullResponse) {}
}

export interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	/** Builds the body; called again for every attempt (a multipart body is sent once). */
	body?: () => IDataObject | FormData;
	itemIndex: number;
	/** What the request does, for messages: "upload the audio", "generate music". */
	action: string;
	timeoutMs?: number;
	/**
	 * Whether a timed-out attempt is tried again (default true). Off for generation: the server may
	 * still be producing (and billing) the first attempt.
	 */
	retryOnTimeout?: boolean;
}

/**
 * Calls the AI/ML API with the node's credential and returns the parsed JSON body.
 * Throws NodeApiError for gateway errors (401, 403, 400, 429/5xx after retries) and for
 * MiniMax errors reported with HTTP 200 in `base_resp`.
 */
export async function aimlApiRequest(this: IExecuteFunctions, call: ApiCall): Promise<IDataObject> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, call.itemIndex);
	const baseURL = normalizeBaseUrl(credentials.baseUrl);

	let attempts = 0;
	let response: FullResponse;
	try {
		response = await withRetry(async (attempt) => {
			attempts = attempt;
			const options: IHttpRequestOptions = {
				method: call.method,
				baseURL,
				url: call.path,
				headers: { Accept: 'application/json' },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: call.timeoutMs ?? 300_000,
			};
			if (call.body) options.body = call.body();
			const result = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
			if (isRetryableStatus(result.statusCode)) throw new RetryableStatus(result);
			return result;
		}, retryOptions(this, `${call.method} ${call.path}`, call.retryOnTimeout ?? true));
	} catch (error) {
		if (error instanceof RetryableStatus) {
			throw gatewayError(this, error.response, call, attempts);
		}
		throw networkError(this, error, call, attempts);
	}

	if (response.statusCode >= 400) throw gatewayError(this, response, call, attempts);

	const body = parseBody(response.body);
	if (!body) {
		throw new NodeApiError(
			this.getNode(),
			{ statusCode: response.statusCode },
			{
				message: `The AI/ML API answered ${call.action} with something that is not JSON`,
				description: `HTTP ${response.statusCode} from ${call.method} ${call.path}. Check the Base URL of the AI/ML API credential.`,
				itemIndex: call.itemIndex,
			},
		);
	}
	assertBaseRespOk(this, body, call);
	return body;
}

export interface DownloadedFile {
	data: Buffer;
	headers: FullResponse['headers'];
}

/** Downloads a file (no credential) with the same retries; the error names the item and the URL. */
export async function downloadFile(
	this: IExecuteFunctions,
	url: string,
	itemIndex: number,
): Promise<DownloadedFile> {
	const shownUrl = displayUrl(url);
	let attempts = 0;
	let response: FullResponse;
	try {
		response = await withRetry(async (attempt) => {
			attempts = attempt;
			const result = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 300_000,
			})) as FullResponse;
			if (isRetryableStatus(result.statusCode)) throw new RetryableStatus(result);
			return result;
		}, retryOptions(this, `GET ${shownUrl}`, true));
	} catch (error) {
		const status = error instanceof RetryableStatus ? `HTTP ${error.response.statusCode}` : describeNetworkError(error);
		throw new NodeOperationError(this.getNode(), `Could not download the audio from ${shownUrl}`, {
			description: `Item ${itemIndex}: ${status}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}. Check that the URL is public and points to an MP3 or WAV file.`,
			itemIndex,
		});
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw new NodeOperationError(
			this.getNode(),
			`Could not download the audio from ${shownUrl}: HTTP ${response.statusCode}`,
			{
				description: `Item ${itemIndex}: the server answered HTTP ${response.statusCode}. Check that the URL is public and points to an MP3 or WAV file.`,
				itemIndex,
			},
		);
	}
	const raw = response.body;
	const data = Buffer.isBuffer(raw)
		? raw
		: raw instanceof ArrayBuffer
			? Buffer.from(raw)
			: Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw ?? ''));
	return { data, headers: response.headers };
}

function retryOptions(ctx: IExecuteFunctions, label: string, retryOnTimeout: boolean): RetryOptions {
	return {
		maxAttempts: MAX_ATTEMPTS,
		abortSignal: ctx.getExecutionCancelSignal(),
		classify: (error) => {
			if (error instanceof RetryableStatus) {
				return { retry: true, retryAfterMs: retryAfterFromHeaders(error.response.headers) };
			}
			if (!retryOnTimeout && isTimeout(error)) return { retry: false };
			return { retry: isTransientNetworkError(error) };
		},
		onRetry: ({ attempt, delayMs, error }) => {
			const reason =
				error instanceof RetryableStatus ? `HTTP ${error.response.statusCode}` : describeNetworkError(error);
			ctx.logger.warn(`MiniMax Music: ${label} failed (${reason}), attempt ${attempt}; retrying in ${delayMs} ms`);
		},
	};
}

export function normalizeBaseUrl(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	return (text || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

function parseBody(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
		return body as IDataObject;
	}
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** The gateway's error text: `message` may be a string, a list (validation) or an object. */
function gatewayMessage(body: unknown): string | undefined {
	const parsed = parseBody(body);
	const candidates = parsed ? [parsed.message, parsed.error, parsed.detail] : [body];
	for (const candidate of candidates) {
		if (typeof candidate === 'string' && candidate.trim()) return shortText(candidate);
		if (Array.isArray(candidate) && candidate.length) return shortText(candidate.map(String).join('; '));
		if (candidate && typeof candidate === 'object') {
			const nested = (candidate as IDataObject).message;
			if (typeof nested === 'string' && nested.trim()) return shortText(nested);
		}
	}
	return undefined;
}

/** A server's text fit for a message: no HTML error pages, at most 300 characters. */
function shortText(text: string): string | undefined {
	const trimmed = text.trim();
	if (trimmed.startsWith('<')) return undefined;
	return trimmed.length > 300 ? `${trimmed.slice(0, 297)}...` : trimmed;
}

/** Only what the user needs to see and what support asks for; never request headers. */
function safeErrorResponse(response: FullResponse): JsonObject {
	const parsed = parseBody(response.body);
	const result: JsonObject = { statusCode: response.statusCode };
	const message = gatewayMessage(response.body);
	if (message) result.message = message;
	if (parsed?.requestId !== undefined) result.requestId = parsed.requestId as string;
	if (parsed?.path !== undefined) result.path = parsed.path as string;
	return result;
}

function gatewayError(
	ctx: IExecuteFunctions,
	response: FullResponse,
	call: ApiCall,
	attempts: number,
): NodeApiError {
	const status = response.statusCode;
	const serverMessage = gatewayMessage(response.body);
	const details = safeErrorResponse(response);
	const requestId = details.requestId ? ` Request ID: ${String(details.requestId)}.` : '';
	const item = `Item ${call.itemIndex}`;

	let message: string;
	let description: string;
	let failure: Failure | undefined;
	if (status === 401) {
		message = 'Invalid AI/ML API key';
		description = `${item}: the AI/ML API rejected the API key (HTTP 401) while trying to ${call.action}. Open the "AI/ML API" credential and paste a valid key from https://aimlapi.com/app/keys.${requestId}`;
		failure = { cause: 'credential-invalid' };
	} else if (status === 403) {
		message = 'AI/ML API: out of credits or access denied';
		description = `${item}: HTTP 403 while trying to ${call.action}${serverMessage ? ` (${serverMessage})` : ''}. The account has no credits left for this model, or the key may not use it. Top up at https://aimlapi.com/app/billing.${requestId}`;
	} else if (status === 400 || status === 422) {
		message = `AI/ML API rejected the request: ${serverMessage ?? `HTTP ${status}`}`;
		description = `${item}: the parameters sent to ${call.action} did not pass validation.${requestId}`;
	} else if (status === 404) {
		message = `AI/ML API endpoint not found: ${call.path}`;
		description = `${item}: HTTP 404. Check the Base URL of the AI/ML API credential (default ${DEFAULT_BASE_URL}).${requestId}`;
		failure = { cause: 'configuration-invalid' };
	} else if (status === 413) {
		message = 'The audio file is too large for the AI/ML API';
		description = `${item}: HTTP 413. Upload a shorter or more compressed file (MP3, at most 10 minutes).${requestId}`;
	} else if (status === 429) {
		message = `The AI/ML API is rate limiting requests (HTTP 429)${attempts > 1 ? ` — gave up after ${attempts} attempts` : ''}`;
		description = `${item}: too many requests while trying to ${call.action}. Wait a minute and run again, or process fewer items at once.${requestId}`;
		const retryAfterMs = retryAfterFromHeaders(response.headers);
		failure = retryAfterMs !== undefined ? { cause: 'rate-limited', retryAfterMs } : { cause: 'rate-limited' };
	} else if (status >= 500) {
		message = `The AI/ML API failed with HTTP ${status}${attempts > 1 ? ` ${attempts} times in a row` : ''}`;
		description = `${item}: the service could not ${call.action}${serverMessage ? ` (${serverMessage})` : ''}. This is usually temporary; run the node again later.${requestId}`;
		failure = { cause: 'temporarily-unavailable' };
	} else {
		message = `AI/ML API error (HTTP ${status})${serverMessage ? `: ${serverMessage}` : ''}`;
		description = `${item}: the request to ${call.action} failed.${requestId}`;
	}
	return new NodeApiError(ctx.getNode(), details, {
		message,
		description,
		httpCode: String(status),
		itemIndex: call.itemIndex,
		...(failure ? { failure } : {}),
	});
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** A request that ran out of time (the HTTP client's timeout), looking through wrapped errors. */
function isTimeout(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return true;
		if (typeof message === 'string' && /timeout of \d+ms exceeded/i.test(message)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

function describeNetworkError(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const { code } = current as { code?: unknown };
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return `network error ${code}`;
		current = (current as { cause?: unknown }).cause;
	}
	return 'network error';
}

function networkError(
	ctx: IExecuteFunctions,
	error: unknown,
	call: ApiCall,
	attempts: number,
): NodeApiError | NodeOperationError {
	// Errors this node raised itself (e.g. a missing credential) already say what is wrong.
	if (error instanceof NodeOperationError && !(error instanceof NodeApiError)) return error;
	const reason = isTimeout(error)
		? `no answer within ${Math.round((call.timeoutMs ?? 300_000) / 1000)} s`
		: describeNetworkError(error);
	return new NodeApiError(
		ctx.getNode(),
		{ message: reason },
		{
			message: `Could not reach the AI/ML API to ${call.action}`,
			description: `Item ${call.itemIndex}: ${reason}${attempts > 1 ? ` after ${attempts} attempts` : ''}. Check the Base URL of the AI/ML API credential and the network.`,
			itemIndex: call.itemIndex,
			...(isTransientNetworkError(error) ? { failure: { cause: 'temporarily-unavailable' } as Failure } : {}),
		},
	);
}

/** Short advice for the MiniMax status codes users meet most. */
const BASE_RESP_HINTS: Record<number, string> = {
	1000: 'Unknown error on the MiniMax side; try again later.',
	1001: 'MiniMax timed out; try again later.',
	1002: 'MiniMax is rate limiting this account; wait a moment and run again.',
	1004: 'Authentication failed upstream: check the AI/ML API key in the credential.',
	1008: 'Insufficient balance: top up the AI/ML API account (https://aimlapi.com/app/billing).',
	1013: 'Internal error on the MiniMax side; try again later.',
	1026: 'The lyrics or audio were flagged as sensitive content; change them.',
	1027: 'The generated output was flagged as sensitive content; change the lyrics.',
	2013: 'A parameter was not accepted; check the lyrics, the reference ids and the audio settings.',
	2037: 'The audio must be longer than 10 seconds and at most 10 minutes (singing, not speech). Trim or pick another file.',
};

/** MiniMax reports failures with HTTP 200 and a non-zero `base_resp.status_code`. */
function assertBaseRespOk(ctx: IExecuteFunctions, body: IDataObject, call: ApiCall): void {
	const baseResp = body.base_resp as IDataObject | undefined;
	if (!baseResp || typeof baseResp !== 'object') return;
	const code = Number(baseResp.status_code ?? 0);
	if (!Number.isFinite(code) || code === 0) return;
	const statusMsg = typeof baseResp.status_msg === 'string' && baseResp.status_msg ? baseResp.status_msg : 'unknown error';
	const hint = BASE_RESP_HINTS[code];
	const traceId = typeof body.trace_id === 'string' ? ` Trace ID: ${body.trace_id}.` : '';
	const failure: Failure | undefined =
		code === 1004
			? { cause: 'credential-invalid' }
			: code === 1002
				? { cause: 'rate-limited' }
				: code === 1000 || code === 1001 || code === 1013
					? { cause: 'temporarily-unavailable' }
					: undefined;
	throw new NodeApiError(
		ctx.getNode(),
		{ base_resp: { status_code: code, status_msg: statusMsg }, ...(body.trace_id ? { trace_id: String(body.trace_id) } : {}) },
		{
			message: `MiniMax could not ${call.action}: ${statusMsg} (code ${code})`,
			description: `Item ${call.itemIndex}: ${hint ?? 'See the MiniMax error code list in the AI/ML API documentation.'}${traceId}`,
			httpCode: String(code),
			itemIndex: call.itemIndex,
			...(failure ? { failure } : {}),
		},
	);
}
