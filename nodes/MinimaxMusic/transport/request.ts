/**
 * The authenticated request to the AI/ML API: the credential, the retries, and the mapping of every
 * failure to one error (see errors.ts). Every call of the node goes through `aimlApiRequest`.
 *
 * Requests are sent with `ignoreHttpStatusErrors` and `returnFullResponse`, so an HTTP error comes
 * back as a status and a body, never as an HTTP-client error object: those carry the request
 * headers, Authorization included, and must not end up in an error shown to the user.
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { parseJsonBody } from '../../shared/errorBody';
import { inputError } from '../../shared/parameters';
import { markRetry, retryAfterFromHeaders, withRetry } from '../../shared/retry';
import { isHttpUrl } from '../../shared/url';
import { API_KEYS_PAGE, CREDENTIAL_TYPE, DEFAULT_BASE_URL } from '../constants';
import {
	baseRespError,
	gatewayError,
	networkError,
	notJsonError,
	type FullResponse,
	type RequestPurpose,
} from './errors';
import {
	mayResendAfterNetworkFailure,
	mayResendAfterStatus,
	retryOptions,
	type ResendPolicy,
} from './resend';

const DEFAULT_TIMEOUT_MS = 300_000;

interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	/** Query string parameters. */
	qs?: IDataObject;
	/** Builds the body; called again for every attempt (a multipart body's stream is read once). */
	body?: () => IDataObject | FormData;
	itemIndex: number;
	/** What the request does, for messages: "upload the audio", "generate music". */
	action: string;
	timeoutMs?: number;
	/**
	 * The body streams a file: redirects are not followed, because following them makes n8n's HTTP
	 * client (follow-redirects) keep every byte sent, to send it again to the new address.
	 */
	streamsFile?: boolean;
	/** Default `transient-failures`. */
	resend?: ResendPolicy;
	/** The credential's endpoint, read once per item (`getAimlEndpoint`). */
	endpoint: AimlEndpoint;
}

/** Where the node sends its requests: the credential's Base URL (its API key is added by n8n). */
export interface AimlEndpoint {
	baseUrl: string;
}

/**
 * Reads the AI/ML API credential and refuses an empty API key or a Base URL that is not a URL,
 * before anything is read or sent. Operations call it first, once per item, and pass the endpoint to
 * every call, so a missing key does not cost the reading (or the upload) of a large file.
 */
export async function getAimlEndpoint(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<AimlEndpoint> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	if (apiKey === '') {
		throw inputError(
			ctx,
			itemIndex,
			'The API Key of the AI/ML API credential is empty',
			`Open the "AI/ML API" credential and paste your key from ${API_KEYS_PAGE}. Nothing was sent.`,
		);
	}
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	const baseUrl = (configured || DEFAULT_BASE_URL).replace(/\/+$/, '');
	if (!isHttpUrl(baseUrl)) {
		throw inputError(
			ctx,
			itemIndex,
			`The Base URL of the AI/ML API credential is not an http(s) URL: "${configured}"`,
			`Open the "AI/ML API" credential and set Base URL to ${DEFAULT_BASE_URL} (or the full address of your proxy). Nothing was sent.`,
		);
	}
	return { baseUrl };
}

/**
 * Calls the AI/ML API with the node's credential and returns the parsed JSON body.
 * Throws NodeApiError for gateway errors (4xx, and 429/5xx once the retries are spent), for
 * network failures and for MiniMax errors reported with HTTP 200 in `base_resp`.
 */
export async function aimlApiRequest(ctx: IExecuteFunctions, call: ApiCall): Promise<IDataObject> {
	const { baseUrl } = call.endpoint;
	const policy = call.resend ?? 'transient-failures';
	const purpose: RequestPurpose = {
		method: call.method,
		path: call.path,
		baseUrl,
		itemIndex: call.itemIndex,
		action: call.action,
		timeoutMs: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};

	const options: IHttpRequestOptions = {
		method: call.method,
		baseURL: baseUrl,
		url: call.path,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: purpose.timeoutMs,
	};
	if (call.qs) options.qs = call.qs;
	if (call.streamsFile) options.disableFollowRedirect = true;

	const response = await withRetry(
		async (attempt) => {
			const result = (await ctx.helpers.httpRequestWithAuthentication
				.call(ctx, CREDENTIAL_TYPE, call.body ? { ...options, body: call.body() } : options)
				.catch((error: unknown) => {
					throw markRetry(networkError(ctx, error, purpose, attempt), {
						retry: mayResendAfterNetworkFailure(error, policy),
					});
				})) as FullResponse;
			if (result.statusCode >= 400) {
				const retryAfterMs = retryAfterFromHeaders(result.headers);
				throw markRetry(gatewayError(ctx, result, purpose, attempt, retryAfterMs), {
					retry: mayResendAfterStatus(result.statusCode, policy),
					retryAfterMs,
				});
			}
			return result;
		},
		retryOptions(ctx, `${call.method} ${call.path}`),
	);

	const body = parseJsonBody(response.body);
	if (!body) throw notJsonError(ctx, response, purpose);
	const upstreamError = baseRespError(ctx, body, purpose);
	if (upstreamError) throw upstreamError;
	return body;
}
