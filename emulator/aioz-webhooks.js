// @ts-check
'use strict';

/**
 * The emulated AIOZ Stream webhooks: `/api/webhooks` management (list, create, get, update, delete, check, as
 * aioz-stream-openapi.yaml defines them) and event deliveries (a JSON POST to every webhook subscribed to the
 * event) as a media goes through its states.
 *
 * What AIOZ's public sources leave open, and what the emulator assumes (see emulator/README.md):
 * - the payload of events other than `file.received`: the same fields (`type`, `emitted_at`, `media_id`,
 *   `media_type`, `qualities`, `title`, `status`, `user_id`); `qualities` is sent as the list of quality names;
 * - when each event fires: file.received and encoding.started when the upload is completed, one
 *   partial.finished per quality when transcoding ends well, then encoding.finished (or only encoding.failed);
 * - retries: none (AIOZ documents none); a delivery is recorded with the receiver's HTTP status;
 * - `POST /webhooks/check/{id}` only checks that the webhook exists (it sends nothing);
 * - an update that leaves no event subscribed is refused like a create without events.
 */

const crypto = require('node:crypto');

const { HttpError, readJsonBody, sendJson } = require('./http-util');

/** Subscription flags (snake_case, as in the webhook object) and the event `type` each one delivers. */
const EVENTS = Object.freeze({
	file_received: 'file.received',
	encoding_started: 'encoding.started',
	partial_finished: 'partial.finished',
	encoding_finished: 'encoding.finished',
	encoding_failed: 'encoding.failed',
});
/** @typedef {keyof typeof EVENTS} EventFlag */
const EVENT_FLAGS = /** @type {EventFlag[]} */ (Object.keys(EVENTS));
/** The list filters the spec offers (not every flag has one). */
const LIST_FILTER_FLAGS = /** @type {EventFlag[]} */ (['encoding_finished', 'encoding_started', 'file_received']);
const DEFAULT_NAME = 'default_name_webhook';
const MAX_NAME = 255;
const DELIVERY_TIMEOUT_MS = 10_000;

/** @typedef {import('./http-util').RequestContext} RequestContext */

/**
 * @typedef {object} WebhookRecord the webhook object as the API answers it (spec schema `Webhook`)
 * @property {string} id
 * @property {string} user_id
 * @property {string} name
 * @property {string} url
 * @property {boolean} file_received
 * @property {boolean} encoding_started
 * @property {boolean} partial_finished
 * @property {boolean} encoding_finished
 * @property {boolean} encoding_failed
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string} last_triggered_at '' until the first delivery
 */

/**
 * @typedef {object} EventBody the JSON body of a delivery
 * @property {string} type e.g. 'encoding.finished'
 * @property {string} emitted_at ISO time
 * @property {string} media_id
 * @property {string} media_type 'audio' | 'video'
 * @property {string[]} qualities quality names
 * @property {string} title
 * @property {string} status the media status when the event was emitted
 * @property {string} user_id
 */

/**
 * @typedef {object} DeliveryRecord
 * @property {number} seq delivery order, from 1
 * @property {string} webhookId
 * @property {string} url where it was posted
 * @property {EventBody} body
 * @property {number} status the receiver's HTTP status; 0 when no answer came
 * @property {string} [error] why no answer came
 */

/**
 * @typedef {object} MediaEventSource what an event says about a media
 * @property {string} id
 * @property {string} type
 * @property {string} title
 * @property {string} status
 * @property {string[]} qualities
 */

/** @param {string} message */
function bad(message) {
	return new HttpError(400, message);
}

/**
 * A boolean flag of a JSON or form-urlencoded body ('true' / 'false' in forms).
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @returns {boolean | undefined}
 */
function flagOf(body, field) {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw bad(`${field} must be a boolean`);
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function checkUrl(value) {
	if (value === undefined || value === null || value === '') throw bad('url is required');
	if (typeof value !== 'string') throw bad('url must be a string');
	let parsed;
	try {
		parsed = new URL(value.trim());
	} catch {
		throw bad(`url is invalid: ${JSON.stringify(value)}`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw bad(`url is invalid: ${JSON.stringify(value)} (http or https only)`);
	}
	return value.trim();
}

/**
 * @param {unknown} value
 * @returns {string | undefined}
 */
function checkName(value) {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw bad('name must be a string');
	if ([...value].length > MAX_NAME) throw bad(`name must be at most ${MAX_NAME} characters`);
	return value;
}

/** @param {unknown} body */
function asObject(body) {
	if (body === undefined) return {};
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object');
	return /** @type {Record<string, unknown>} */ (body);
}

/**
 * A list query parameter that must be an integer in [min, max].
 * @param {URLSearchParams} query
 * @param {string} field
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function intParam(query, field, fallback, min, max) {
	const raw = query.get(field);
	if (raw === null || raw === '') return fallback;
	if (!/^-?\d+$/.test(raw.trim())) throw bad(`${field} must be an integer`);
	const value = Number(raw);
	if (value < min || value > max) {
		throw bad(max === Infinity ? `${field} must be >= ${min}` : `${field} must be between ${min} and ${max}`);
	}
	return value;
}

class WebhookService {
	/** @param {{ userId: string }} options */
	constructor(options) {
		this.userId = options.userId;
		/** @type {Map<string, WebhookRecord>} */
		this.webhooks = new Map();
		/** @type {DeliveryRecord[]} */
		this.deliveries = [];
		this.deliverySeq = 0;
		/** Deliveries go out one after the other, so a receiver sees a media's events in order. */
		this.queue = Promise.resolve();
	}

	/**
	 * Recognises a webhook route (both API hosts serve `/api/webhooks`, whatever their media route family).
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {{ route: string, id?: string } | undefined}
	 */
	match(method, pathname) {
		const m = /^\/api\/webhooks(?:\/(check)\/([^/]+)|\/([^/]+))?\/?$/.exec(pathname);
		if (!m) return undefined;
		if (m[1]) return method === 'POST' ? { route: 'webhookCheck', id: decodeURIComponent(m[2]) } : undefined;
		if (m[3] !== undefined) {
			const id = decodeURIComponent(m[3]);
			if (method === 'GET') return { route: 'webhookGet', id };
			if (method === 'PATCH') return { route: 'webhookUpdate', id };
			if (method === 'DELETE') return { route: 'webhookDelete', id };
			return undefined;
		}
		if (method === 'GET') return { route: 'webhookList' };
		if (method === 'POST') return { route: 'webhookCreate' };
		return undefined;
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {{ route: string, id?: string }} match
	 */
	async handle(ctx, match) {
		if (match.route === 'webhookList') return await this.list(ctx);
		if (match.route === 'webhookCreate') return await this.create(ctx);
		const webhook = this.webhooks.get(/** @type {string} */ (match.id));
		if (!webhook) throw new HttpError(404, `webhook not found: ${match.id}`);
		switch (match.route) {
			case 'webhookGet':
				return await sendJson(ctx, 200, { status: 'success', data: { webhook: { ...webhook } } });
			case 'webhookUpdate':
				return await this.update(ctx, webhook);
			case 'webhookDelete':
				this.webhooks.delete(webhook.id);
				return await sendJson(ctx, 200, { status: 'success', message: 'delete webhook successfully' });
			case 'webhookCheck':
				return await sendJson(ctx, 200, { status: 'success', message: 'check webhook successfully' });
		}
		throw new HttpError(404, 'route not found');
	}

	/** @param {RequestContext} ctx */
	async create(ctx) {
		const body = asObject(await readJsonBody(ctx.req));
		const url = checkUrl(body.url);
		const name = checkName(body.name) || DEFAULT_NAME;
		/** @type {Record<EventFlag, boolean>} */
		const flags = /** @type {any} */ ({});
		for (const flag of EVENT_FLAGS) flags[flag] = flagOf(body, flag) ?? false;
		if (!EVENT_FLAGS.some((flag) => flags[flag])) {
			throw bad(`at least one event must be set (${EVENT_FLAGS.join(', ')})`);
		}
		const now = new Date().toISOString();
		/** @type {WebhookRecord} */
		const webhook = {
			id: crypto.randomUUID(),
			user_id: this.userId,
			name,
			url,
			...flags,
			created_at: now,
			updated_at: now,
			last_triggered_at: '',
		};
		this.webhooks.set(webhook.id, webhook);
		return await sendJson(ctx, 201, { status: 'success', data: { webhook: { ...webhook } } });
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {WebhookRecord} webhook
	 */
	async update(ctx, webhook) {
		const body = asObject(await readJsonBody(ctx.req));
		const changes = Object.keys(body).filter((key) => key === 'url' || EVENT_FLAGS.includes(/** @type {any} */ (key)));
		if (changes.length === 0) {
			throw bad(`nothing to update: set url or an event (${EVENT_FLAGS.join(', ')}); name alone is not an update`);
		}
		const next = { ...webhook };
		const name = checkName(body.name);
		if (name) next.name = name;
		if (body.url !== undefined) next.url = checkUrl(body.url);
		for (const flag of EVENT_FLAGS) {
			const value = flagOf(body, flag);
			if (value !== undefined) next[flag] = value;
		}
		if (!EVENT_FLAGS.some((flag) => next[flag])) {
			throw bad(`at least one event must stay set (${EVENT_FLAGS.join(', ')})`);
		}
		next.updated_at = new Date().toISOString();
		this.webhooks.set(webhook.id, next);
		return await sendJson(ctx, 200, { status: 'success', message: 'update webhook successfully' });
	}

	/** @param {RequestContext} ctx */
	async list(ctx) {
		const query = ctx.url.searchParams;
		const sortBy = query.get('sort_by') || 'created_at';
		if (sortBy !== 'created_at' && sortBy !== 'name') throw bad('sort_by must be created_at or name');
		const orderBy = query.get('order_by') || 'asc';
		if (orderBy !== 'asc' && orderBy !== 'desc') throw bad('order_by must be asc or desc');
		const offset = intParam(query, 'offset', 0, 0, Infinity);
		const limit = intParam(query, 'limit', 25, 1, 100);
		const search = (query.get('search') ?? '').trim().toLowerCase();
		/** @type {Partial<Record<EventFlag, boolean>>} */
		const filters = {};
		for (const flag of LIST_FILTER_FLAGS) {
			const raw = query.get(flag);
			if (raw === null || raw === '') continue;
			if (raw !== 'true' && raw !== 'false') throw bad(`${flag} must be true or false`);
			filters[flag] = raw === 'true';
		}
		let items = [...this.webhooks.values()].filter(
			(w) =>
				(!search || w.name.toLowerCase().includes(search)) &&
				Object.entries(filters).every(([flag, wanted]) => w[/** @type {EventFlag} */ (flag)] === wanted),
		);
		const direction = orderBy === 'desc' ? -1 : 1;
		items.sort((a, b) => {
			const ka = sortBy === 'name' ? a.name.toLowerCase() : a.created_at;
			const kb = sortBy === 'name' ? b.name.toLowerCase() : b.created_at;
			return (ka < kb ? -1 : ka > kb ? 1 : 0) * direction;
		});
		const total = items.length;
		items = items.slice(offset, offset + limit);
		return await sendJson(ctx, 200, { status: 'success', data: { webhooks: items.map((w) => ({ ...w })), total } });
	}

	/**
	 * Queues the deliveries of one event to every webhook subscribed to it.
	 * @param {EventFlag} flag
	 * @param {MediaEventSource} media
	 */
	emit(flag, media) {
		const subscribed = [...this.webhooks.values()].filter((w) => w[flag]);
		if (subscribed.length === 0) return;
		/** @type {EventBody} */
		const body = {
			type: EVENTS[flag],
			emitted_at: new Date().toISOString(),
			media_id: media.id,
			media_type: media.type,
			qualities: [...new Set(media.qualities)],
			title: media.title,
			status: media.status,
			user_id: this.userId,
		};
		for (const webhook of subscribed) {
			this.queue = this.queue.then(() => this.deliver(webhook, body));
		}
	}

	/**
	 * @param {WebhookRecord} webhook
	 * @param {EventBody} body
	 */
	async deliver(webhook, body) {
		// A webhook deleted while its deliveries waited in the queue gets nothing.
		if (this.webhooks.get(webhook.id) === undefined) return;
		/** @type {DeliveryRecord} */
		const record = { seq: ++this.deliverySeq, webhookId: webhook.id, url: webhook.url, body, status: 0 };
		this.deliveries.push(record);
		const current = this.webhooks.get(webhook.id);
		if (current) current.last_triggered_at = new Date().toISOString();
		try {
			const response = await fetch(webhook.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'aioz-stream-emulator-webhook' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
				redirect: 'manual',
			});
			record.status = response.status;
			await response.arrayBuffer();
		} catch (error) {
			record.error = error instanceof Error ? error.message : String(error);
		}
	}

	/** Resolves once every delivery queued so far has been answered (or has failed). */
	async settled() {
		let last;
		do {
			last = this.queue;
			await last;
		} while (last !== this.queue);
	}

	async reset() {
		await this.settled();
		this.webhooks.clear();
		this.deliveries.length = 0;
		this.deliverySeq = 0;
	}
}

module.exports = { WebhookService, EVENTS, EVENT_FLAGS };
