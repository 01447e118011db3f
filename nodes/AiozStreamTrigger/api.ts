/**
 * The AIOZ Stream calls of the trigger: webhooks (relative to the API root, on both hosts) and the
 * media a delivery names (relative to the route family). Temporary home until the AIOZ API module
 * of nodes/AiozStream/transport takes them.
 */
import { NodeApiError, type IDataObject, type IExecuteFunctions, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { aiozRequest, getEndpoint, routeUrl, ROUTES } from '../AiozStream/transport';

export type TriggerContext = IHookFunctions | IWebhookFunctions;

/** The request function is typed for executions; hooks and webhooks have the same credential and HTTP helpers. */
function asRequestContext(ctx: TriggerContext): IExecuteFunctions {
	return ctx as unknown as IExecuteFunctions;
}

async function webhookRequest(ctx: TriggerContext, method: 'GET' | 'POST' | 'DELETE', url: string, body?: IDataObject) {
	const context = asRequestContext(ctx);
	const endpoint = await getEndpoint(context, 0);
	return await aiozRequest(context, {
		method,
		url,
		body,
		itemIndex: 0,
		endpoint: { ...endpoint, familyUrl: endpoint.apiBaseUrl },
	});
}

export async function createWebhook(ctx: TriggerContext, body: IDataObject): Promise<IDataObject> {
	const response = await webhookRequest(ctx, 'POST', '/webhooks', body);
	return ((response.data ?? {}) as IDataObject).webhook as IDataObject;
}

/** Resolves with undefined when the request answered 404; other errors stay as they are. */
async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
	return await request.then(
		(value) => value,
		(error: unknown) => {
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			throw error;
		},
	);
}

/** GET /webhooks/{id}: the webhook, or undefined when AIOZ Stream has no such webhook (any more). */
export async function findWebhook(ctx: TriggerContext, webhookId: string): Promise<IDataObject | undefined> {
	const response = await unlessNotFound(
		webhookRequest(ctx, 'GET', `/webhooks/${encodeURIComponent(webhookId)}`),
	);
	return response ? (((response.data ?? {}) as IDataObject).webhook as IDataObject) : undefined;
}

/** DELETE /webhooks/{id}; a webhook already gone counts as deleted. */
export async function deleteWebhook(ctx: TriggerContext, webhookId: string): Promise<void> {
	await unlessNotFound(webhookRequest(ctx, 'DELETE', `/webhooks/${encodeURIComponent(webhookId)}`));
}

/** GET /{id} on the route family: the media, or undefined when AIOZ Stream has no such media. */
export async function findMedia(ctx: TriggerContext, mediaId: string): Promise<IDataObject | undefined> {
	const response = await unlessNotFound(
		aiozRequest(asRequestContext(ctx), {
			method: 'GET',
			url: routeUrl(ROUTES.media, mediaId),
			itemIndex: 0,
			mediaId,
		}),
	);
	return response ? ((response.data ?? {}) as IDataObject) : undefined;
}
