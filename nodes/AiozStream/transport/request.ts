/**
 * Requests of the custom operations (and of the waiting poll): authentication through the
 * credential, base URL and route family from `environment.ts`, error mapping and retries.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { isRetryableStatus, isTransientNetworkError, retryAfterFromHeaders, withRetry } from '../../shared/retry';
import { resolveEndpoint, type AiozEndpoint, type AiozEndpointCredentials } from './environment';
import { aiozApiError, aiozNetworkError } from './errors';

export const AIOZ_CREDENTIAL_TYPE = 'aiozStreamApi';

/** Custom operations run with IExecuteFunctions, declarative hooks with IExecuteSingleFunctions. */
export type AiozContext = IExecuteFunctions | IExecuteSingleFunctions;

/**
 * Media routes, relative to the route family (`<api>/media` or `<api>/videos`).
 * `{id}` is the media id. Declarative operations use them through `routeExpression`.
 */
export const ROUTES = {
	create: '/create',
	list: '',
	media: '/{id}',
	part: '/{id}/part',
	complete: '/{id}/complete',
} as const;

export function routeUrl(route: string, mediaId = ''): string {
	return route.replace('{id}', encodeURIComponent(mediaId.trim()));
}

/** The same route as an n8n expression over the node's `mediaId` parameter. */
export function routeExpression(route: string): string {
	return `=${route.replace('{id}', '{{ encodeURIComponent(String($parameter.mediaId).trim()) }}')}`;
}

/**
 * Which failures a request may retry:
 * - `none`: fail at once;
 * - `rateLimit`: only 429, when the server refused before doing anything (create, complete);
 * - `transient`: 429, 5xx and dropped connections (idempotent requests: parts, polling).
 * 401 and the other 4xx are never retried.
 */
export type RetryMode = 'none' | 'rateLimit' | 'transient';

export interface AiozRequest {
	method: IHttpRequestMethods;
	/** Route relative to the route family, e.g. `routeUrl(ROUTES.part, id)`. */
	url: string;
	itemIndex: number;
	/** JSON, or a ready-made body (a multipart part: set its `Content-Type` in `headers`). */
	body?: IDataObject | Buffer;
	headers?: IDataObject;
	/** Named in error messages (404). */
	mediaId?: string;
	retry?: RetryMode;
	/** Attempts in total when retrying (default 5). */
	maxAttempts?: number;
	/** Resolved once by callers that send many requests (parts). */
	endpoint?: AiozEndpoint;
	/** Called before each retry wait. */
	onRetry?: (attempt: number, delayMs: number, error: Error) => void;
}

/** Successful AIOZ Stream answer: `{ status: 'success', data?, message? }`. */
export interface AiozResponseBody extends IDataObject {
	status?: string;
	message?: string;
	data?: IDataObject;
}

export async function getEndpoint(ctx: AiozContext, itemIndex: number): Promise<AiozEndpoint> {
	const credentials = await ctx.getCredentials<AiozEndpointCredentials>(
		AIOZ_CREDENTIAL_TYPE,
		itemIndex,
	);
	return resolveEndpoint(credentials);
}

/** Retry hints of failed attempts, kept out of the errors users see. */
const retryHints = new WeakMap<object, { retry: boolean; retryAfterMs?: number }>();

function isErrorAnswer(statusCode: number, body: unknown): boolean {
	return (
		statusCode >= 400 ||
		(typeof body === 'object' && body !== null && (body as IDataObject).status === 'error')
	);
}

/** One HTTP exchange, mapped: resolves with the body of a success, rejects with a NodeApiError. */
async function sendOnce(
	ctx: AiozContext,
	endpoint: AiozEndpoint,
	request: AiozRequest,
	mode: RetryMode,
): Promise<AiozResponseBody> {
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: endpoint.familyUrl,
		url: request.url,
		headers: { accept: 'application/json', ...request.headers },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: !Buffer.isBuffer(request.body),
	};
	if (request.body !== undefined) options.body = request.body;
	// The redirect follower keeps a copy of every body it sends, to replay it after a redirect:
	// for file parts that would double the memory, and the API does not redirect uploads.
	if (Buffer.isBuffer(request.body)) options.disableFollowRedirect = true;

	const context = { itemIndex: request.itemIndex, mediaId: request.mediaId };
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			AIOZ_CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		const mapped = aiozNetworkError(ctx.getNode(), error, context);
		retryHints.set(mapped, { retry: mode === 'transient' && isTransientNetworkError(error) });
		throw mapped;
	}

	const body = response.body as AiozResponseBody;
	if (!isErrorAnswer(response.statusCode, body)) return body ?? {};

	const statusCode = response.statusCode >= 400 ? response.statusCode : 400;
	const mapped = aiozApiError(ctx.getNode(), statusCode, body, context);
	const retry =
		mode === 'transient'
			? isRetryableStatus(statusCode)
			: mode === 'rateLimit' && statusCode === 429;
	retryHints.set(mapped, {
		retry,
		retryAfterMs: retryAfterFromHeaders(response.headers as Record<string, unknown>, [
			'retry-after',
			'x-ratelimit-retry-after',
		]),
	});
	throw mapped;
}

/**
 * Sends a request to the AIOZ Stream API and returns the JSON body of its success answer.
 * Errors are NodeApiErrors carrying the item index (see errors.ts), after the retries `retry` allows.
 */
export async function aiozRequest(ctx: AiozContext, request: AiozRequest): Promise<AiozResponseBody> {
	const endpoint = request.endpoint ?? (await getEndpoint(ctx, request.itemIndex));
	const mode = request.retry ?? 'none';
	if (mode === 'none') return await sendOnce(ctx, endpoint, request, mode);
	return await withRetry(async () => await sendOnce(ctx, endpoint, request, mode), {
		classify: (error) => retryHints.get(error as object) ?? { retry: false },
		maxAttempts: request.maxAttempts,
		abortSignal: ctx.getExecutionCancelSignal(),
		onRetry: ({ attempt, delayMs, error }) => request.onRetry?.(attempt, delayMs, error as Error),
	});
}
