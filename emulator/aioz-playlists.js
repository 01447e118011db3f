// @ts-check
'use strict';

/**
 * The emulated AIOZ Stream playlists: `/api/playlists` (create, list, get, update, delete; add, move and remove
 * items; delete the cover), as aioz-stream-openapi.yaml defines them, served under the API root on both hosts.
 *
 * A playlist keeps its items in order; the API shows that order as links: each item has `previous_id` and
 * `next_id` (its neighbours' item ids, '' at the ends). What AIOZ's public sources leave open, and what the
 * emulator assumes (see emulator/README.md):
 * - move (`PUT /playlists/{id}/items { current_id, previous_id, next_id }`, all playlist item ids): the item
 *   `current_id` goes between `previous_id` and `next_id`. '' (or a missing field) is "no neighbour there": first
 *   is `previous_id` '' with `next_id` the first item, last is `previous_id` the last item with `next_id` ''. At
 *   least one neighbour is required (the Go client's tests expect a body with `current_id` alone to fail). With
 *   both, `next_id` must come right after `previous_id` once `current_id` is taken out; with one, the item goes
 *   right after `previous_id` or right before `next_id`. A neighbour that is the moved item itself is refused;
 * - add: the media must exist (404 otherwise) and may be in a playlist once (400 for a second time); it goes at the
 *   end. `option_media_ids` and `option_playlists` are checked to be lists of strings and otherwise ignored;
 * - update: `multipart/form-data` with `name`, `tags`, `metadata`, `file` (the cover). The spec marks `file`
 *   required; the emulator takes an update without it (a rename), but refuses one with nothing at all. `tags` is
 *   one part per tag (a part with commas, as the SDKs send them, is split); `metadata` is one part per pair holding
 *   its JSON `{"key": …, "value": …}` (a part holding a JSON array of pairs is taken too). Tags and metadata sent
 *   replace the old ones. `file` must be a JPEG, PNG, WebP or GIF image (as a media thumbnail) up to 10 MiB. Other
 *   parts are refused;
 * - responses show `tags` as one comma-separated string and `metadata` as a map (the spec's `Playlist`), items name
 *   their media `video_id` and carry a `media` summary;
 * - list `sort_by` takes created_at, updated_at or name (default created_at, ascending); get's `sort_by` takes
 *   created_at, title or duration (the spec's words) and `search` keeps the items whose audio title has the text;
 * - ids in paths must be UUIDs where the spec says so (every route but get, where an unknown id is simply 404);
 * - a media deleted is taken out of every playlist; names are 1–255 characters after trimming;
 * - `GET /playlists/{id}/player.json` (public) is not emulated, and `thumbnail_url` is not served.
 */

const crypto = require('node:crypto');

const { detectImageType, MAX_THUMBNAIL_BYTES } = require('./aioz-thumbnail');
const { checkMetadata, checkTags } = require('./aioz-validate');
const { HttpError, readJsonBody, sendJson } = require('./http-util');
const { MultipartError, parseMultipartRequest } = require('./multipart');

/** The routes of `failNext` this service answers. */
const PLAYLIST_ROUTES = /** @type {const} */ ([
	'playlistCreate',
	'playlistList',
	'playlistGet',
	'playlistUpdate',
	'playlistDelete',
	'playlistAddItem',
	'playlistMoveItem',
	'playlistRemoveItem',
	'playlistDeleteThumbnail',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NAME = 255;
const LIST_SORT_FIELDS = ['created_at', 'updated_at', 'name'];
const ITEM_SORT_FIELDS = ['created_at', 'title', 'duration'];
const ORDERS = ['asc', 'desc'];
const UPDATE_FIELDS = ['name', 'tags', 'metadata', 'file'];

/** @typedef {import('./http-util').RequestContext} RequestContext */
/** @typedef {import('./aioz-thumbnail').ThumbnailRecord} ThumbnailRecord */

/**
 * What a playlist item shows of its media (from the media service).
 * @typedef {object} PlaylistMedia
 * @property {string} title
 * @property {string} description
 * @property {number} duration
 * @property {number} size
 * @property {string} hls_url
 * @property {string} thumbnail_url
 * @property {string[]} qualities quality names
 */

/**
 * @typedef {object} ItemRecord
 * @property {string} id the playlist item id
 * @property {string} mediaId
 * @property {number} seq
 * @property {string} createdAt
 * @property {string} updatedAt
 */

/**
 * An update (PATCH) as received, for tests.
 * @typedef {object} PlaylistUpdate
 * @property {[string, string][]} fields the text parts in order, as received
 * @property {Omit<ThumbnailRecord, 'bytes'> | undefined} file the `file` part, if any
 */

/**
 * @typedef {object} PlaylistRecord
 * @property {string} id
 * @property {number} seq
 * @property {string} name
 * @property {string} playlistType
 * @property {string[]} tags
 * @property {{ key: string, value: string }[]} metadata
 * @property {ItemRecord[]} items in playlist order
 * @property {ThumbnailRecord | undefined} thumbnail
 * @property {unknown} createBody the create JSON body exactly as received
 * @property {PlaylistUpdate[]} updates
 * @property {string} createdAt
 * @property {string} updatedAt
 */

/**
 * A playlist request as received, for tests (`emu.aioz.playlists.requests`).
 * @typedef {object} PlaylistRequest
 * @property {string} route e.g. 'playlistMoveItem'
 * @property {string} [id] the playlist id in the path
 * @property {string} [itemId] the item id in the path
 * @property {string} query the query string ('' or '?…')
 * @property {unknown} body the JSON body (undefined when empty), or for an update `{ fields, file }`
 */

/**
 * What tests inspect of a playlist (`emu.aioz.playlists.get(id)`): a copy.
 * @typedef {object} EmulatorPlaylist
 * @property {string} id
 * @property {string} name
 * @property {string} playlistType
 * @property {string[]} tags
 * @property {{ key: string, value: string }[]} metadata
 * @property {string[]} mediaIds the audio, in playlist order
 * @property {{ itemId: string, mediaId: string }[]} items in playlist order
 * @property {Omit<ThumbnailRecord, 'bytes'> | undefined} thumbnail the cover (its bytes: `playlists.getThumbnail(id)`)
 * @property {unknown} createBody
 * @property {PlaylistUpdate[]} updates
 */

/** @param {string} message */
function bad(message) {
	return new HttpError(400, message);
}

/**
 * @param {unknown} body
 * @param {string} what
 * @returns {Record<string, unknown>}
 */
function asObject(body, what = 'the body') {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad(`${what} must be a JSON object`);
	return /** @type {Record<string, unknown>} */ (body);
}

/** @param {string} s */
function charLength(s) {
	return [...s].length;
}

/**
 * A JSON body: required, or optional (undefined when empty). A body in another format is refused. The body as
 * received goes into the request's record.
 * @param {RequestContext} ctx
 * @param {boolean} required
 * @param {PlaylistRequest} record
 */
async function jsonBody(ctx, required, record) {
	const body = await readJsonBody(ctx.req);
	record.body = body;
	if (body === undefined) {
		if (required) throw bad('a JSON body is required');
		return undefined;
	}
	const type = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
	if (!type.startsWith('application/json')) {
		throw bad(`the body must be JSON (Content-Type: application/json), got ${JSON.stringify(type || 'none')}`);
	}
	return asObject(body);
}

/**
 * @param {unknown} value
 * @param {string} field
 */
function checkName(value, field = 'name') {
	if (value === undefined || value === null) throw bad(`${field} is required`);
	if (typeof value !== 'string') throw bad(`${field} must be a string`);
	const name = value.trim();
	if (charLength(name) < 1 || charLength(name) > MAX_NAME) {
		throw bad(`${field} must be between 1 and ${MAX_NAME} characters (got ${charLength(name)})`);
	}
	return name;
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 */
function checkStringList(body, field) {
	const value = body[field];
	if (value === undefined || value === null) return;
	if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) throw bad(`${field} must be an array of strings`);
}

/**
 * An id of the body or the path that must be a UUID ('' and undefined stay '' when `optional`).
 * @param {unknown} value
 * @param {string} field
 * @param {boolean} [optional]
 */
function checkUuid(value, field, optional = false) {
	if (value === undefined || value === null || value === '') {
		if (optional) return '';
		throw bad(`${field} is required`);
	}
	if (typeof value !== 'string' || !UUID.test(value)) throw bad(`${field} must be a UUID (got ${JSON.stringify(value)})`);
	return value;
}

/**
 * @param {URLSearchParams} query
 * @param {string} field
 * @param {string[]} allowed
 */
function choiceParam(query, field, allowed) {
	const value = query.get(field);
	if (value === null || value === '') return undefined;
	if (!allowed.includes(value)) throw bad(`${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
	return value;
}

/**
 * Reads an update form: its text parts in order and its `file` part (kept whole, up to the thumbnail limit).
 * @param {import('node:http').IncomingMessage} req
 */
async function receiveUpdateForm(req) {
	/** @type {[string, string][]} */
	const fields = [];
	/** @type {Buffer[]} */
	const chunks = [];
	let size = 0;
	let files = 0;
	/** @type {import('./multipart').PartInfo | undefined} */
	let fileInfo;
	try {
		await parseMultipartRequest(req, {
			onPart(part) {
				if (part.name !== 'file') return null;
				files++;
				fileInfo = part;
				return {
					write(chunk) {
						size += chunk.length;
						if (files === 1 && size <= MAX_THUMBNAIL_BYTES) chunks.push(chunk);
					},
					end() {},
				};
			},
			onField(name, value) {
				fields.push([name, value]);
			},
		});
	} catch (error) {
		if (error instanceof MultipartError) throw bad(error.message);
		throw error;
	}
	if (files > 1) throw bad('only one "file" field is allowed');
	/** @type {ThumbnailRecord | undefined} */
	let file;
	if (files === 1 && fileInfo) {
		if (size > MAX_THUMBNAIL_BYTES) {
			throw new HttpError(413, `file is too large: ${size} bytes (at most ${MAX_THUMBNAIL_BYTES})`);
		}
		const bytes = Buffer.concat(chunks);
		const contentType = detectImageType(bytes);
		if (!contentType) throw bad('file must be an image (JPEG, PNG, WebP or GIF)');
		file = {
			bytes,
			md5: crypto.createHash('md5').update(bytes).digest('hex'),
			size: bytes.length,
			contentType,
			fileName: fileInfo.filename,
			declaredType: fileInfo.mimeType,
		};
	}
	return { fields, file };
}

/**
 * The metadata pairs of the update form's `metadata` parts.
 * @param {string[]} values
 */
function formMetadata(values) {
	/** @type {unknown[]} */
	const pairs = [];
	values.forEach((value, i) => {
		let parsed;
		try {
			parsed = JSON.parse(value);
		} catch {
			throw bad(`metadata part ${i + 1} must be JSON {"key": "…", "value": "…"} (got ${JSON.stringify(value.slice(0, 80))})`);
		}
		if (Array.isArray(parsed)) pairs.push(...parsed);
		else pairs.push(parsed);
	});
	const body = { metadata: pairs };
	checkMetadata(body, 'metadata');
	return /** @type {{ key: string, value: string }[]} */ (pairs).map(({ key, value }) => ({ key, value }));
}

/** @param {ThumbnailRecord} file */
function fileInfoOf(file) {
	const { md5, size, contentType, fileName, declaredType } = file;
	return { md5, size, contentType, fileName, declaredType };
}

class PlaylistService {
	/**
	 * @param {{ userId: string, getUrl: () => string, findMedia: (id: string) => PlaylistMedia | undefined }} options
	 */
	constructor(options) {
		this.userId = options.userId;
		this.getUrl = options.getUrl;
		this.findMedia = options.findMedia;
		/** @type {Map<string, PlaylistRecord>} */
		this.playlists = new Map();
		this.seq = 0;
		/** @type {PlaylistRequest[]} every request, in arrival order (refused ones too) */
		this.requests = [];
	}

	/**
	 * Recognises a playlist route (both API hosts serve `/api/playlists`, whatever their media route family).
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {{ route: string, id?: string, itemId?: string } | undefined}
	 */
	match(method, pathname) {
		const m = /^\/api\/playlists(?:\/([^/]+))?(?:\/(items|thumbnail))?(?:\/([^/]+))?\/?$/.exec(pathname);
		if (!m) return undefined;
		const [, rawId, sub, rawItemId] = m;
		const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
		if (id === undefined) return method === 'POST' ? { route: 'playlistList' } : undefined;
		if (sub === undefined && rawItemId === undefined) {
			if (id === 'create' && method === 'POST') return { route: 'playlistCreate' };
			if (method === 'GET') return { route: 'playlistGet', id };
			if (method === 'PATCH') return { route: 'playlistUpdate', id };
			if (method === 'DELETE') return { route: 'playlistDelete', id };
			return undefined;
		}
		if (sub === 'items' && rawItemId === undefined) {
			if (method === 'POST') return { route: 'playlistAddItem', id };
			if (method === 'PUT') return { route: 'playlistMoveItem', id };
			return undefined;
		}
		if (sub === 'items') {
			return method === 'DELETE' ? { route: 'playlistRemoveItem', id, itemId: decodeURIComponent(rawItemId) } : undefined;
		}
		if (sub === 'thumbnail' && rawItemId === undefined) {
			return method === 'DELETE' ? { route: 'playlistDeleteThumbnail', id } : undefined;
		}
		return undefined;
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {{ route: string, id?: string, itemId?: string }} match
	 */
	async handle(ctx, match) {
		/** @type {PlaylistRequest} */
		const record = { route: match.route, query: ctx.url.search, body: undefined };
		if (match.id !== undefined) record.id = match.id;
		if (match.itemId !== undefined) record.itemId = match.itemId;
		this.requests.push(record);
		if (match.route === 'playlistList') return await this.list(ctx, record);
		if (match.route === 'playlistCreate') return await this.create(ctx, record);
		const id = /** @type {string} */ (match.id);
		// The spec gives every id in a path the format uuid, but get's.
		if (match.route !== 'playlistGet') checkUuid(id, 'id');
		const playlist = this.playlists.get(id);
		if (!playlist) throw new HttpError(404, `playlist not found: ${id}`);
		switch (match.route) {
			case 'playlistGet':
				return await this.get(ctx, playlist);
			case 'playlistUpdate':
				return await this.update(ctx, playlist, record);
			case 'playlistDelete':
				this.playlists.delete(playlist.id);
				return await sendJson(ctx, 200, { status: 'success', message: 'delete playlist successfully' });
			case 'playlistAddItem':
				return await this.addItem(ctx, playlist, record);
			case 'playlistMoveItem':
				return await this.moveItem(ctx, playlist, record);
			case 'playlistRemoveItem':
				return await this.removeItem(ctx, playlist, record);
			case 'playlistDeleteThumbnail':
				playlist.thumbnail = undefined;
				playlist.updatedAt = new Date().toISOString();
				return await sendJson(ctx, 200, { status: 'success', message: 'delete playlist thumbnail successfully' });
		}
		throw new HttpError(404, 'route not found');
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {PlaylistRequest} record
	 */
	async create(ctx, record) {
		const body = /** @type {Record<string, unknown>} */ (await jsonBody(ctx, true, record));
		const name = checkName(body.name);
		if (body.playlist_type !== undefined && body.playlist_type !== null && typeof body.playlist_type !== 'string') {
			throw bad('playlist_type must be a string');
		}
		checkTags(body, 'tags');
		checkMetadata(body, 'metadata');
		const now = new Date().toISOString();
		/** @type {PlaylistRecord} */
		const playlist = {
			id: crypto.randomUUID(),
			seq: ++this.seq,
			name,
			playlistType: /** @type {string} */ (body.playlist_type ?? ''),
			tags: /** @type {string[]} */ (body.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
			metadata: /** @type {{ key: string, value: string }[]} */ (body.metadata ?? []).map(({ key, value }) => ({
				key,
				value,
			})),
			items: [],
			thumbnail: undefined,
			createBody: JSON.parse(JSON.stringify(body)),
			updates: [],
			createdAt: now,
			updatedAt: now,
		};
		this.playlists.set(playlist.id, playlist);
		return await sendJson(ctx, 201, { status: 'success', data: { playlist: this.toPublic(playlist) } });
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {PlaylistRequest} record
	 */
	async list(ctx, record) {
		const body = (await jsonBody(ctx, false, record)) ?? {};
		for (const field of ['search', 'sort_by', 'order_by', 'playlist_type']) {
			const value = body[field];
			if (value !== undefined && value !== null && typeof value !== 'string') throw bad(`${field} must be a string`);
		}
		checkStringList(body, 'tags');
		checkMetadata(body, 'metadata');
		const offset = body.offset ?? 0;
		const limit = body.limit ?? 25;
		if (!Number.isInteger(offset) || /** @type {number} */ (offset) < 0) throw bad('offset must be an integer >= 0');
		if (!Number.isInteger(limit) || /** @type {number} */ (limit) < 1 || /** @type {number} */ (limit) > 100) {
			throw bad('limit must be an integer between 1 and 100');
		}
		const sortBy = /** @type {string} */ (body.sort_by || 'created_at');
		const orderBy = /** @type {string} */ (body.order_by || 'asc');
		if (!LIST_SORT_FIELDS.includes(sortBy)) {
			throw bad(`sort_by must be one of ${LIST_SORT_FIELDS.join(', ')} (got ${JSON.stringify(sortBy)})`);
		}
		if (!ORDERS.includes(orderBy)) throw bad(`order_by must be one of ${ORDERS.join(', ')} (got ${JSON.stringify(orderBy)})`);
		const search = String(body.search ?? '').trim().toLowerCase();
		const type = String(body.playlist_type ?? '');
		const tags = /** @type {string[]} */ (body.tags ?? []);
		const metadata = /** @type {{ key: string, value: string }[]} */ (body.metadata ?? []);
		let found = [...this.playlists.values()].filter(
			(p) =>
				(!search || p.name.toLowerCase().includes(search)) &&
				(!type || p.playlistType === type) &&
				tags.every((tag) => p.tags.includes(tag)) &&
				metadata.every((pair) => p.metadata.some((x) => x.key === pair.key && x.value === pair.value)),
		);
		/** @param {PlaylistRecord} p */
		const key = (p) => (sortBy === 'name' ? p.name.toLowerCase() : sortBy === 'updated_at' ? p.updatedAt : p.createdAt);
		const direction = orderBy === 'desc' ? -1 : 1;
		found.sort((a, b) => {
			const ka = key(a);
			const kb = key(b);
			return (ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq) * direction;
		});
		const total = found.length;
		found = found.slice(/** @type {number} */ (offset), /** @type {number} */ (offset) + /** @type {number} */ (limit));
		return await sendJson(ctx, 200, {
			status: 'success',
			data: { playlists: found.map((p) => this.toPublic(p)), total },
		});
	}

	/**
	 * GET /playlists/{id}: items in playlist order, or sorted (`sort_by`, `order_by`) and searched (`search`).
	 * @param {RequestContext} ctx
	 * @param {PlaylistRecord} playlist
	 */
	async get(ctx, playlist) {
		const query = ctx.url.searchParams;
		const sortBy = choiceParam(query, 'sort_by', ITEM_SORT_FIELDS);
		const orderBy = choiceParam(query, 'order_by', ORDERS) ?? 'asc';
		const search = (query.get('search') ?? '').trim().toLowerCase();
		let items = this.liveItems(playlist);
		if (search) items = items.filter((item) => this.mediaOf(item).title.toLowerCase().includes(search));
		if (sortBy) {
			/** @param {ItemRecord} item */
			const key = (item) => {
				if (sortBy === 'title') return this.mediaOf(item).title.toLowerCase();
				if (sortBy === 'duration') return this.mediaOf(item).duration;
				return item.createdAt;
			};
			const direction = orderBy === 'desc' ? -1 : 1;
			items = [...items].sort((a, b) => {
				const ka = key(a);
				const kb = key(b);
				return (ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq) * direction;
			});
		}
		return await sendJson(ctx, 200, { status: 'success', data: { playlist: this.toPublic(playlist, items) } });
	}

	/**
	 * PATCH /playlists/{id} (multipart): name, tags, metadata, file.
	 * @param {RequestContext} ctx
	 * @param {PlaylistRecord} playlist
	 * @param {PlaylistRequest} record
	 */
	async update(ctx, playlist, record) {
		const { fields, file } = await receiveUpdateForm(ctx.req);
		record.body = { fields, file: file && fileInfoOf(file) };
		const unknown = fields.find(([name]) => !UPDATE_FIELDS.includes(name));
		if (unknown) throw bad(`unknown field "${unknown[0]}" (the fields are ${UPDATE_FIELDS.join(', ')})`);
		if (fields.length === 0 && !file) throw bad('nothing to update: set name, tags, metadata or file');
		const valuesOf = (/** @type {string} */ field) => fields.filter(([name]) => name === field).map(([, value]) => value);
		const names = valuesOf('name');
		if (names.length > 1) throw bad('name is given more than once');
		const name = names.length ? checkName(names[0]) : undefined;
		const tagParts = valuesOf('tags');
		const tags = tagParts.flatMap((value) => value.split(',')).map((tag) => tag.trim()).filter(Boolean);
		if (tagParts.length) checkTags({ tags }, 'tags');
		const metadataParts = valuesOf('metadata');
		const metadata = metadataParts.length ? formMetadata(metadataParts) : undefined;

		if (name !== undefined) playlist.name = name;
		if (tagParts.length) playlist.tags = tags;
		if (metadata) playlist.metadata = metadata;
		if (file) playlist.thumbnail = file;
		playlist.updates.push({ fields, file: file && fileInfoOf(file) });
		playlist.updatedAt = new Date().toISOString();
		return await sendJson(ctx, 200, { status: 'success', message: 'update playlist successfully' });
	}

	/**
	 * POST /playlists/{id}/items { media_id }: the media goes at the end.
	 * @param {RequestContext} ctx
	 * @param {PlaylistRecord} playlist
	 * @param {PlaylistRequest} record
	 */
	async addItem(ctx, playlist, record) {
		const body = /** @type {Record<string, unknown>} */ (await jsonBody(ctx, true, record));
		const mediaId = body.media_id;
		if (mediaId === undefined || mediaId === null || mediaId === '') throw bad('media_id is required');
		if (typeof mediaId !== 'string') throw bad('media_id must be a string');
		checkStringList(body, 'option_media_ids');
		checkStringList(body, 'option_playlists');
		if (!this.findMedia(mediaId)) throw new HttpError(404, `media not found: ${mediaId}`);
		const items = this.liveItems(playlist);
		if (items.some((item) => item.mediaId === mediaId)) {
			throw bad(`media ${mediaId} is already in playlist ${playlist.id}`);
		}
		const now = new Date().toISOString();
		items.push({ id: crypto.randomUUID(), mediaId, seq: ++this.seq, createdAt: now, updatedAt: now });
		playlist.updatedAt = now;
		return await sendJson(ctx, 200, { status: 'success', message: 'add media to playlist successfully' });
	}

	/**
	 * PUT /playlists/{id}/items { current_id, previous_id, next_id }: see the header.
	 * @param {RequestContext} ctx
	 * @param {PlaylistRecord} playlist
	 * @param {PlaylistRequest} record
	 */
	async moveItem(ctx, playlist, record) {
		const body = /** @type {Record<string, unknown>} */ (await jsonBody(ctx, true, record));
		const currentId = checkUuid(body.current_id, 'current_id');
		const previousId = checkUuid(body.previous_id, 'previous_id', true);
		const nextId = checkUuid(body.next_id, 'next_id', true);
		if (!previousId && !nextId) throw bad('previous_id or next_id is required: where the item goes');
		const items = this.liveItems(playlist);
		const current = items.find((item) => item.id === currentId);
		if (!current) throw bad(`current_id ${currentId} is not an item of playlist ${playlist.id}`);
		for (const [field, id] of [
			['previous_id', previousId],
			['next_id', nextId],
		]) {
			if (id === currentId) throw bad(`${field} is the moved item itself (current_id)`);
		}
		const others = items.filter((item) => item !== current);
		const indexOf = (/** @type {string} */ field, /** @type {string} */ id) => {
			const index = others.findIndex((item) => item.id === id);
			if (index < 0) throw bad(`${field} ${id} is not an item of playlist ${playlist.id}`);
			return index;
		};
		const previousIndex = previousId ? indexOf('previous_id', previousId) : undefined;
		const nextIndex = nextId ? indexOf('next_id', nextId) : undefined;
		if (previousIndex !== undefined && nextIndex !== undefined && nextIndex !== previousIndex + 1) {
			throw bad('previous_id and next_id must be neighbours: next_id right after previous_id once current_id is taken out');
		}
		const at = previousIndex !== undefined ? previousIndex + 1 : /** @type {number} */ (nextIndex);
		others.splice(at, 0, current);
		items.splice(0, items.length, ...others);
		const now = new Date().toISOString();
		current.updatedAt = now;
		playlist.updatedAt = now;
		return await sendJson(ctx, 200, { status: 'success', message: 'move media in playlist successfully' });
	}

	/**
	 * DELETE /playlists/{id}/items/{item_id} (optional JSON body `{ option_playlists }`).
	 * @param {RequestContext} ctx
	 * @param {PlaylistRecord} playlist
	 * @param {PlaylistRequest} record
	 */
	async removeItem(ctx, playlist, record) {
		const itemId = /** @type {string} */ (record.itemId);
		checkUuid(itemId, 'item_id');
		const body = await jsonBody(ctx, false, record);
		if (body) checkStringList(body, 'option_playlists');
		const items = this.liveItems(playlist);
		const index = items.findIndex((item) => item.id === itemId);
		if (index < 0) throw new HttpError(404, `playlist item not found: ${itemId}`);
		items.splice(index, 1);
		playlist.updatedAt = new Date().toISOString();
		return await sendJson(ctx, 200, { status: 'success', message: 'remove media from playlist successfully' });
	}

	/**
	 * The playlist's items, without those whose media was deleted since (taken out for good).
	 * @param {PlaylistRecord} playlist
	 */
	liveItems(playlist) {
		const live = playlist.items.filter((item) => this.findMedia(item.mediaId));
		if (live.length !== playlist.items.length) playlist.items.splice(0, playlist.items.length, ...live);
		return playlist.items;
	}

	/**
	 * @param {ItemRecord} item
	 * @returns {PlaylistMedia}
	 */
	mediaOf(item) {
		return (
			this.findMedia(item.mediaId) ?? {
				title: '',
				description: '',
				duration: 0,
				size: 0,
				hls_url: '',
				thumbnail_url: '',
				qualities: [],
			}
		);
	}

	/**
	 * The playlist as the API answers it (spec schema `Playlist`): `items` as given (default: playlist order),
	 * each linked to its neighbours in playlist order.
	 * @param {PlaylistRecord} p
	 * @param {ItemRecord[]} [shown]
	 */
	toPublic(p, shown) {
		const ordered = this.liveItems(p);
		const url = this.getUrl();
		const items = (shown ?? ordered).map((item) => {
			const at = ordered.indexOf(item);
			const media = this.mediaOf(item);
			return {
				id: item.id,
				playlist_id: p.id,
				video_id: item.mediaId,
				previous_id: ordered[at - 1]?.id ?? '',
				next_id: ordered[at + 1]?.id ?? '',
				created_at: item.createdAt,
				updated_at: item.updatedAt,
				media: {
					title: media.title,
					description: media.description,
					duration: media.duration,
					size: media.size,
					hls_url: media.hls_url,
					thumbnail_url: media.thumbnail_url,
					qualities: media.qualities.join(','),
					captions: [],
					chapters: [],
				},
			};
		});
		const extension = p.thumbnail?.contentType.split('/')[1] ?? '';
		const player = `${url}/playlist-player/${p.id}`;
		return {
			id: p.id,
			user_id: this.userId,
			name: p.name,
			playlist_type: p.playlistType,
			tags: p.tags.join(','),
			metadata: Object.fromEntries(p.metadata.map(({ key, value }) => [key, value])),
			item_count: ordered.length,
			duration: ordered.reduce((sum, item) => sum + this.mediaOf(item).duration, 0),
			size: ordered.reduce((sum, item) => sum + this.mediaOf(item).size, 0),
			thumbnail_url: p.thumbnail ? `${url}/playlist-thumbnail/${p.id}.${extension}` : '',
			playlist_url: player,
			iframe: `<iframe src="${player}" width="100%" height="100%" frameborder="0" scrolling="no" allowfullscreen="true"></iframe>`,
			created_at: p.createdAt,
			updated_at: p.updatedAt,
			items,
		};
	}

	/**
	 * Inspection snapshot for tests.
	 * @param {string} id
	 * @returns {EmulatorPlaylist | undefined}
	 */
	snapshot(id) {
		const p = this.playlists.get(id);
		if (!p) return undefined;
		const items = this.liveItems(p);
		return {
			id: p.id,
			name: p.name,
			playlistType: p.playlistType,
			tags: [...p.tags],
			metadata: p.metadata.map((pair) => ({ ...pair })),
			mediaIds: items.map((item) => item.mediaId),
			items: items.map((item) => ({ itemId: item.id, mediaId: item.mediaId })),
			thumbnail: p.thumbnail && fileInfoOf(p.thumbnail),
			createBody: p.createBody,
			updates: p.updates.map((update) => ({
				fields: update.fields.map(([n, v]) => /** @type {[string, string]} */ ([n, v])),
				file: update.file,
			})),
		};
	}

	reset() {
		this.playlists.clear();
		this.seq = 0;
		this.requests.length = 0;
	}
}

module.exports = { PlaylistService, PLAYLIST_ROUTES };
