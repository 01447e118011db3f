/**
 * Every call the AIOZ Stream node makes, each one through `aiozRequest` (request.ts: one error
 * mapping, one retry policy). Operations call these and shape the output; a new call (webhooks,
 * thumbnails, ...) is one more function here, with its route in `ROUTES`. The chunked upload of a
 * file (POST /{id}/part, once per part) has its own module, upload.ts, built on `mediaRequest`.
 *
 * Which calls are idempotent (retried on 5xx and dropped connections as well as on 429):
 * - create: no, a re-sent create makes a second media;
 * - complete: no, it starts transcoding; a second one after a lost response fails or starts again;
 * - get, list: yes, they only read (list is a POST carrying the filters);
 * - update: yes, the same fields set twice leave the same media;
 * - delete: yes, once gone it stays gone (a retry that finds it gone counts as deleted);
 * - set / remove the cover image: yes, the same image set twice (or removed twice) leaves the same media;
 * - create a webhook: no, a re-sent create registers a second webhook;
 * - get or delete a webhook: yes;
 * - the transcoding cost and the account (its balance): yes, they only read.
 *
 * The AIOZ Stream Trigger uses the media and webhook calls from its webhook methods and deliveries;
 * the AIOZ Stream Polling Trigger lists media from its polls.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { FileFirstMultipart, textFieldsMultipart, type TextField } from '../../shared/multipart';
import { DONE_STATUSES, FAILED_STATUSES, PAGE_SIZE } from '../constants';
import type { AiozSubject } from './errors';
import {
	aiozRequest,
	getEndpoint,
	type AiozContext,
	type AiozRequest,
	type AiozResponseBody,
} from './request';

/**
 * Media routes, relative to the route family (`<api>/media` or `<api>/videos`); `{id}` is the
 * media id.
 */
export const ROUTES = {
	create: '/create',
	list: '',
	media: '/{id}',
	part: '/{id}/part',
	complete: '/{id}/complete',
	thumbnail: '/{id}/thumbnail',
	cost: '/cost',
} as const;

/** Webhook routes, relative to the API root (the same on both hosts, whatever their route family). */
const WEBHOOK_ROUTES = {
	list: '/webhooks',
	webhook: '/webhooks/{id}',
} as const;

/** The account's route, relative to the API root. */
const USER_ROUTE = '/user/me';

/**
 * A route with its `{name}` placeholders filled in from `values`, each encoded as one path segment
 * (callers check ids are one segment: not empty, no "/", not "." or "..").
 */
export function routeUrl(route: string, values: Record<string, string> = {}): string {
	return route.replace(/\{(\w+)\}/g, (_placeholder, name: string) =>
		encodeURIComponent(values[name] ?? ''),
	);
}

/** The subject of a request about one media, for its 404 message. */
export function mediaSubject(mediaId: string): AiozSubject {
	return { kind: 'media', id: mediaId, field: 'Media ID' };
}

/** A request about one media: `route` with the id filled in, and the id named in a 404. */
export async function mediaRequest(
	ctx: AiozContext,
	itemIndex: number,
	mediaId: string,
	route: string,
	request: Omit<AiozRequest, 'url' | 'itemIndex' | 'subject'>,
): Promise<AiozResponseBody> {
	return await aiozRequest(ctx, {
		...request,
		url: routeUrl(route, { id: mediaId }),
		itemIndex,
		subject: mediaSubject(mediaId),
	});
}

/** Where a create or get response holds each kind of object, and how messages name that place. */
const OBJECT_PATHS = {
	media: { path: 'data.id', find: (data?: IDataObject) => data },
	webhook: { path: 'data.webhook.id', find: (data?: IDataObject) => data?.webhook },
	// The spec shows `data.playlist`; tolerate the playlist as `data` itself, like the media.
	playlist: {
		path: 'data.playlist.id',
		find: (data?: IDataObject) =>
			data && typeof data.playlist === 'object' ? data.playlist : data,
	},
} as const;

/**
 * The object of a create or get response: the media (`{ status: 'success', data: { id, ... } }`),
 * the webhook (`{ data: { webhook: { id, ... } } }`) or the playlist (`{ data: { playlist } }`).
 * A response without it is reported rather than passed on as an empty item.
 */
export function objectFromResponse(
	ctx: AiozContext,
	responseBody: AiozResponseBody,
	kind: keyof typeof OBJECT_PATHS,
	itemIndex?: number,
): IDataObject {
	const found = OBJECT_PATHS[kind].find(responseBody.data);
	if (!found || typeof found !== 'object' || Array.isArray(found) || !(found as IDataObject).id) {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: `The response has no ${kind} object` },
			{
				message: `AIOZ Stream answered without a ${kind} object (no ${OBJECT_PATHS[kind].path})`,
				description: `Response status: ${String(responseBody.status ?? 'none')}`,
				itemIndex,
			},
		);
	}
	return found as IDataObject;
}

/** POST /create: makes an empty media and returns it. */
export async function createMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	requestBody: IDataObject,
): Promise<IDataObject> {
	const responseBody = await aiozRequest(ctx, {
		method: 'POST',
		url: ROUTES.create,
		body: requestBody,
		itemIndex,
		idempotent: false,
	});
	return objectFromResponse(ctx, responseBody, 'media', itemIndex);
}

/** GET /{id}/complete: every part is there, transcoding starts. Returns the response body. */
export async function completeUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
): Promise<AiozResponseBody> {
	return await mediaRequest(ctx, itemIndex, mediaId, ROUTES.complete, {
		method: 'GET',
		idempotent: false,
	});
}

/** GET /{id}: the media object with its status and, once transcoded, its `assets`. */
export async function getMedia(
	ctx: AiozContext,
	itemIndex: number,
	mediaId: string,
): Promise<IDataObject> {
	const responseBody = await mediaRequest(ctx, itemIndex, mediaId, ROUTES.media, {
		method: 'GET',
		idempotent: true,
	});
	return objectFromResponse(ctx, responseBody, 'media', itemIndex);
}

export interface WaitSettings {
	timeoutMs: number;
	pollIntervalMs: number;
}

/**
 * Polls a media until its status is "done" (returns it) or a failure status (throws), or until
 * the timeout passes (throws with the id and the last status). Waits use `sleep` from n8n-workflow
 * and stop when the execution is cancelled. `current` is a media already read, to start from.
 */
export async function waitForTranscoding(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	settings: WaitSettings,
	current?: IDataObject,
): Promise<IDataObject> {
	const started = Date.now();
	const deadline = started + settings.timeoutMs;
	let media = current ?? (await getMedia(ctx, itemIndex, mediaId));
	for (;;) {
		const status = String(media.status ?? '');
		if (DONE_STATUSES.includes(status)) return media;
		if (FAILED_STATUSES.includes(status)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Transcoding of media "${mediaId}" failed (status "${status}")`,
				{
					itemIndex,
					description:
						'AIOZ Stream could not transcode the file: check that it is a valid audio file.',
				},
			);
		}
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			const waited = Math.round((Date.now() - started) / 1000);
			throw new NodeOperationError(
				ctx.getNode(),
				`Timed out after ${waited} s waiting for media "${mediaId}" to finish transcoding (last status: "${status || 'unknown'}")`,
				{
					itemIndex,
					description:
						'Raise "Wait Timeout", or read the media later with the Get operation without waiting.',
				},
			);
		}
		await sleep(Math.min(settings.pollIntervalMs, remaining), ctx.getExecutionCancelSignal());
		media = await getMedia(ctx, itemIndex, mediaId);
	}
}

/** One page of a list: its items, and the total when the answer gives it. */
export interface Page {
	items: IDataObject[];
	total?: number;
}

export interface ListOptions {
	/**
	 * Called with each page as it arrives: true makes it the last page read. A caller reading a
	 * sorted list stops once a page has passed what it needs (the polling trigger: its last check).
	 */
	isLastPage?: (items: IDataObject[]) => boolean;
}

/**
 * Items page by page (`pageSize` at most each), until `maxResults` items (all when undefined), a
 * short page, the total the answers give, or the page `options.isLastPage` accepts.
 */
export async function collectPages(
	maxResults: number | undefined,
	pageSize: number,
	fetchPage: (offset: number, limit: number) => Promise<Page>,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	for (;;) {
		const wanted =
			maxResults === undefined ? pageSize : Math.min(pageSize, maxResults - found.length);
		const page = await fetchPage(found.length, wanted);
		found.push(...page.items);
		const done =
			page.items.length < wanted ||
			(maxResults !== undefined && found.length >= maxResults) ||
			(page.total !== undefined && found.length >= page.total) ||
			options.isLastPage?.(page.items) === true;
		if (done) return found;
	}
}

/** A page of a list answer: the array under `key` of `data`, and `data.total`. */
export function pageOf(responseBody: AiozResponseBody, key: string): Page {
	const data = responseBody.data ?? {};
	const items = data[key];
	return {
		items: Array.isArray(items) ? (items as IDataObject[]) : [],
		total: typeof data.total === 'number' ? data.total : undefined,
	};
}

/** A list the API answers to a POST of filters: its route, and the key of `data` holding a page. */
export interface FilteredList {
	url: string;
	root?: AiozRequest['root'];
	key: string;
}

/**
 * POSTs `filters` (the request body without `limit` and `offset`) to a list route, page by page,
 * until `maxResults` items (all when undefined), the end, or the page `options.isLastPage` accepts.
 */
export async function listByFilters(
	ctx: AiozContext,
	itemIndex: number,
	list: FilteredList,
	filters: IDataObject,
	maxResults: number | undefined,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const endpoint = await getEndpoint(ctx, itemIndex);
	return await collectPages(
		maxResults,
		PAGE_SIZE,
		async (offset, limit) => {
			const responseBody = await aiozRequest(ctx, {
				method: 'POST',
				url: list.url,
				root: list.root,
				body: { ...filters, limit, offset },
				itemIndex,
				endpoint,
				idempotent: true,
			});
			return pageOf(responseBody, list.key);
		},
		options,
	);
}

/** POST to the route family itself: the media matching `filters` (see `listByFilters`). */
export async function listMedia(
	ctx: AiozContext,
	itemIndex: number,
	filters: IDataObject,
	maxResults: number | undefined,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const list = { url: ROUTES.list, key: 'media' };
	return await listByFilters(ctx, itemIndex, list, filters, maxResults, options);
}

/** PATCH /{id} with the fields to change. Returns the response body. */
export async function updateMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	requestBody: IDataObject,
): Promise<AiozResponseBody> {
	return await mediaRequest(ctx, itemIndex, mediaId, ROUTES.media, {
		method: 'PATCH',
		body: requestBody,
		idempotent: true,
	});
}

/** DELETE /{id}. */
export async function deleteMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
): Promise<void> {
	await deleteRequest(ctx, {
		url: routeUrl(ROUTES.media, { id: mediaId }),
		itemIndex,
		subject: mediaSubject(mediaId),
	});
}

/**
 * A DELETE, retried as idempotent: an attempt whose response was lost may have deleted the object
 * already, so a retry answered 404 counts as deleted (gone is what was asked).
 */
export async function deleteRequest(
	ctx: AiozContext,
	request: Omit<AiozRequest, 'method' | 'idempotent' | 'onRetry'>,
): Promise<void> {
	let retried = false;
	try {
		await aiozRequest(ctx, {
			...request,
			method: 'DELETE',
			idempotent: true,
			onRetry: () => {
				retried = true;
			},
		});
	} catch (error) {
		// aiozRequest fails only with node errors (NodeApiError, or NodeOperationError for the
		// credential).
		const failure = error as NodeApiError;
		if (retried && failure.httpCode === '404') return;
		throw failure;
	}
}

/** Resolves with undefined when the request failed with 404; other errors stay as they are. */
async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
	return await request.then(
		(value) => value,
		(error: unknown) => {
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			throw error;
		},
	);
}

/** GET /{id}, for callers that take a missing media as an answer: the media, or undefined on 404. */
export async function findMedia(
	ctx: AiozContext,
	itemIndex: number,
	mediaId: string,
): Promise<IDataObject | undefined> {
	return await unlessNotFound(getMedia(ctx, itemIndex, mediaId));
}

/** A cover image ready to send: its bytes and what the multipart part says about it. */
export interface CoverImage {
	bytes: Buffer;
	fileName: string;
	mimeType: string;
}

/** POST /{id}/thumbnail: sets the media's cover image (multipart, one field `file`). */
export async function setCoverImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	image: CoverImage,
): Promise<AiozResponseBody> {
	return await mediaRequest(ctx, itemIndex, mediaId, ROUTES.thumbnail, {
		method: 'POST',
		...fileFormData(image),
		idempotent: true,
	});
}

/**
 * A file as a multipart form, in the field `file`, with text `fields` after it (cover images,
 * chapters, captions; a playlist's update).
 */
export function fileFormData(
	file: { bytes: Buffer; fileName: string; mimeType: string },
	fields: TextField[] = [],
): Pick<AiozRequest, 'headers' | 'body'> {
	const multipart = new FileFirstMultipart('file', file.fileName, file.mimeType);
	return {
		headers: { 'Content-Type': multipart.contentType },
		body: Buffer.concat([multipart.head, file.bytes, multipart.tail(fields)]),
	};
}

/** Text fields alone as a multipart form (a playlist's update without a cover image). */
export function textFormData(fields: TextField[]): Pick<AiozRequest, 'headers' | 'body'> {
	const { contentType, body } = textFieldsMultipart(fields);
	return { headers: { 'Content-Type': contentType }, body };
}

/** DELETE /{id}/thumbnail: removes the media's cover image. */
export async function removeCoverImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
): Promise<AiozResponseBody> {
	return await mediaRequest(ctx, itemIndex, mediaId, ROUTES.thumbnail, {
		method: 'DELETE',
		idempotent: true,
	});
}

/**
 * A webhook request: routes under the API root, made by the trigger's webhook methods (no item).
 * The id, when given, is filled into the route.
 */
async function webhookRequest(
	ctx: AiozContext,
	request: Pick<AiozRequest, 'method' | 'body' | 'idempotent'>,
	webhookId?: string,
): Promise<AiozResponseBody> {
	const url =
		webhookId === undefined
			? WEBHOOK_ROUTES.list
			: routeUrl(WEBHOOK_ROUTES.webhook, { id: webhookId });
	return await aiozRequest(ctx, { ...request, url, root: 'api', itemIndex: 0 });
}

/** POST /webhooks: registers a webhook (`name`, `url`, the event flags) and returns it. */
export async function createWebhook(
	ctx: AiozContext,
	requestBody: IDataObject,
): Promise<IDataObject> {
	const responseBody = await webhookRequest(ctx, {
		method: 'POST',
		body: requestBody,
		idempotent: false,
	});
	return objectFromResponse(ctx, responseBody, 'webhook');
}

/** GET /webhooks/{id}: the webhook, or undefined when AIOZ Stream has no such webhook (any more). */
export async function findWebhook(
	ctx: AiozContext,
	webhookId: string,
): Promise<IDataObject | undefined> {
	const responseBody = await unlessNotFound(
		webhookRequest(ctx, { method: 'GET', idempotent: true }, webhookId),
	);
	return responseBody ? objectFromResponse(ctx, responseBody, 'webhook') : undefined;
}

/** DELETE /webhooks/{id}; a webhook already gone counts as deleted. */
export async function deleteWebhook(ctx: AiozContext, webhookId: string): Promise<void> {
	await unlessNotFound(webhookRequest(ctx, { method: 'DELETE', idempotent: true }, webhookId));
}

/** What a transcoding costs, as GET /cost answers it (the API does not say in which unit). */
export interface TranscodeCost {
	price: number;
	is_enough: boolean;
}

/** What GET /cost prices: the preset names of the qualities, the media type, the duration in seconds. */
export interface CostQuery {
	qualities: string[];
	type: 'audio';
	durationSeconds: number;
}

/**
 * GET /cost?qualities=…&type=…&duration=…: the price of transcoding a media of that duration into
 * those qualities, and whether the account's balance covers it. `qualities` is the preset names
 * joined by commas, as the official clients send it ("720p,1080p").
 */
export async function getTranscodeCost(
	ctx: IExecuteFunctions,
	itemIndex: number,
	query: CostQuery,
): Promise<TranscodeCost> {
	const search = new URLSearchParams({
		qualities: query.qualities.join(','),
		type: query.type,
		duration: String(query.durationSeconds),
	});
	const responseBody = await aiozRequest(ctx, {
		method: 'GET',
		url: `${ROUTES.cost}?${search.toString()}`,
		itemIndex,
		idempotent: true,
	});
	const { price, is_enough: isEnough } = responseBody.data ?? {};
	if (typeof price !== 'number' || typeof isEnough !== 'boolean') {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: 'The response has no price' },
			{
				message:
					'AIOZ Stream answered the cost request without a price (no data.price and data.is_enough)',
				description: `Response status: ${String(responseBody.status ?? 'none')}`,
				itemIndex,
			},
		);
	}
	return { price, is_enough: isEnough };
}

/**
 * GET /user/me: the account's balance (a decimal string in the answer), or undefined when the
 * answer has none that reads as a number.
 */
export async function getAccountBalance(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<number | undefined> {
	const responseBody = await aiozRequest(ctx, {
		method: 'GET',
		url: USER_ROUTE,
		root: 'api',
		itemIndex,
		idempotent: true,
	});
	const user = (responseBody.data?.user ?? {}) as IDataObject;
	const balance = typeof user.balance === 'string' ? Number(user.balance.trim() || NaN) : NaN;
	return Number.isFinite(balance) ? balance : undefined;
}
