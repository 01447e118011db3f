/**
 * The one request function of the AIOZ Stream node: authentication through the credential, base
 * URL and route family from `environment.ts`, one error mapping (errors.ts) and one retry policy.
 *
 * Retry policy, the same for every request:
 * - 429 is always retried, waiting what `Retry-After` asks: the server refused before doing
 *   anything, so sending again cannot do the work twice;
 * - 5xx and connections that failed or dropped without a response are retried only for idempotent
 *   requests (`idempotent: true`), those that leave the same state when they arrive twice: after
 *   such a failure the server may have done the work already;
 * - 401 and the other 4xx are final.
 * Each attempt's error is marked with `markRetry`; `withRetry` reads the mark.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { isTransientNetworkError } from '../../shared/networkErrors';
import { isHttpUrl } from '../../shared/url';
import {
	isRetryableStatus,
	markRetry,
	retryAfterFromHeaders,
	withRetry,
	type RetryAttemptInfo,
} from '../../shared/retry';
import { resolveEndpoint, type AiozEndpoint, type AiozEndpointCredentials } from './environment';
import { aiozApiError, aiozNetworkError, type AiozSubject } from './errors';

const AIOZ_CREDENTIAL_TYPE = 'aiozStreamApi';

/**
 * Where requests come from: the AIOZ Stream node's executions, the AIOZ Stream Trigger's webhook
 * methods (activation, deactivation) and deliveries, and the AIOZ Stream Polling Trigger's polls.
 */
export type AiozContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

export interface AiozRequest {
	method: IHttpRequestMethods;
	/** Route relative to the route family, e.g. `routeUrl(ROUTES.part, { id })`, or to the API root (`root`). */
	url: string;
	/** `api` for routes outside the media route family (webhooks: `/api/webhooks` on both hosts). */
	root?: 'family' | 'api';
	itemIndex: number;
	/** JSON, or a ready-made body (a multipart part: set its `Content-Type` in `headers`). */
	body?: IDataObject | Buffer;
	headers?: IDataObject;
	/** What the request is about, named in a 404's message. */
	subject?: AiozSubject;
	/** Whether the request may arrive twice without harm: then 5xx and dropped connections are retried too. */
	idempotent: boolean;
	/** Resolved once by callers that send many requests (parts). */
	endpoint?: AiozEndpoint;
	/** Called before each retry wait. */
	onRetry?: (info: RetryAttemptInfo) => void;
}

/** The body of a successful AIOZ Stream response: `{ status: 'success', data?, message? }`. */
export interface AiozResponseBody extends IDataObject {
	status?: string;
	message?: string;
	data?: IDataObject;
}

/**
 * Reads the credential's environment as an endpoint. A Custom environment's Base URL must be an
 * http(s) URL: anything else fails here, before any request, naming the credential's field.
 */
export async function getEndpoint(ctx: AiozContext, itemIndex: number): Promise<AiozEndpoint> {
	const credentials = await ctx.getCredentials<AiozEndpointCredentials>(
		AIOZ_CREDENTIAL_TYPE,
		itemIndex,
	);
	const endpoint = resolveEndpoint(credentials);
	if (!isHttpUrl(endpoint.apiBaseUrl)) {
		// The value itself is not repeated: a URL may carry a user name and password.
		throw new NodeOperationError(
			ctx.getNode(),
			"The AIOZ Stream credential's Base URL is not an http(s) URL",
			{
				itemIndex,
				description:
					'Open the credential (Environment: Custom) and set Base URL to the API root, starting with http:// or https://, e.g. https://api.example.com/api',
			},
		);
	}
	return endpoint;
}

function isErrorResponse(statusCode: number, body: unknown): boolean {
	return (
		statusCode >= 400 ||
		(typeof body === 'object' && body !== null && (body as IDataObject).status === 'error')
	);
}

/** One HTTP exchange: resolves with the body of a success, rejects with a marked NodeApiError. */
async function sendOnce(
	ctx: AiozContext,
	endpoint: AiozEndpoint,
	request: AiozRequest,
): Promise<AiozResponseBody> {
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: request.root === 'api' ? endpoint.apiBaseUrl : endpoint.familyUrl,
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

	const context = { itemIndex: request.itemIndex, subject: request.subject };
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			AIOZ_CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw markRetry(aiozNetworkError(ctx.getNode(), error, context), {
			retry: request.idempotent && isTransientNetworkError(error),
		});
	}

	const body = response.body as AiozResponseBody;
	if (!isErrorResponse(response.statusCode, body)) return body ?? {};

	const statusCode = response.statusCode >= 400 ? response.statusCode : 400;
	throw markRetry(aiozApiError(ctx.getNode(), statusCode, body, context), {
		retry: statusCode === 429 || (request.idempotent && isRetryableStatus(statusCode)),
		retryAfterMs: retryAfterFromHeaders(response.headers as Record<string, unknown>, [
			'retry-after',
			'x-ratelimit-retry-after',
		]),
	});
}

/**
 * Sends a request to the AIOZ Stream API and returns the body of its success response.
 * Errors are NodeApiErrors carrying the item index (see errors.ts), after the retries the policy
 * above allows.
 */
export async function aiozRequest(
	ctx: AiozContext,
	request: AiozRequest,
): Promise<AiozResponseBody> {
	const endpoint = request.endpoint ?? (await getEndpoint(ctx, request.itemIndex));
	return await withRetry(async () => await sendOnce(ctx, endpoint, request), {
		// Executions can be cancelled; webhook methods and deliveries cannot.
		abortSignal: 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined,
		onRetry: request.onRetry,
	});
}
