// @ts-check
'use strict';

/**
 * The emulated AIOZ Stream API (spec: aioz-stream-openapi.yaml), under /api/media/... and /api/videos/...
 *
 * Storage: every accepted part is kept in its own file (<dataDir>/<mediaId>/part-<index>-<seq>.bin) and the
 * assembled media is the parts laid at their Content-Range offsets (a re-sent index replaces the earlier
 * record). A part is streamed to a staging file while it is hashed and only renamed into place once every
 * check passed, so a refused or aborted part never changes what was accepted before.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { once } = require('node:events');
const { Readable } = require('node:stream');

const { detectAudioFormat, estimateDurationSeconds } = require('./audio');
const { HttpError, readJsonBody, sendJson, sendText } = require('./http-util');
const { MultipartError } = require('./multipart');
const { receivePart } = require('./part-receiver');
const { parseContentRange, validateCreate, validateList, validateUpdate } = require('./aioz-validate');
const { receiveThumbnail } = require('./aioz-thumbnail');
const { WebhookService } = require('./aioz-webhooks');
const { TrackService, matchTrackRoute } = require('./aioz-tracks');

const USER_ID = 'emu-user-0001';
/** The account's balance until a test sets another (`emu.aioz.setBalance`); /user/me and /cost read it. */
const DEFAULT_BALANCE = 1000;
/** A title containing this marker makes the transcoding of that media fail (for workflows run by hand). */
const FAIL_TRANSCODE_MARKER = '[emulator:fail-transcode]';
const THUMBNAIL_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

/** @typedef {import('./http-util').RequestContext} RequestContext */
/** @typedef {'media' | 'videos'} RouteFamily */
/** @typedef {'new' | 'transcoding' | 'done' | 'fail'} MediaStatus */

/**
 * @typedef {object} PartRecord
 * @property {number} index
 * @property {number} start
 * @property {number} end inclusive
 * @property {number} size
 * @property {string} hash md5 hex
 * @property {string} file where the bytes are
 * @property {number} seq acceptance order
 */

/**
 * @typedef {object} QualityState
 * @property {string} resolution
 * @property {'hls' | 'dash'} type
 * @property {string} container_type
 * @property {{ codec: string, bitrate: number, channels: string, sample_rate: number, language: string, index: number }} audio
 * @property {{ codec: string, bitrate: number } | undefined} video
 */

/**
 * Asset URLs of a media: empty strings until it is done.
 * @typedef {object} MediaAssets
 * @property {string} hls_url
 * @property {string} hls_player_url
 * @property {string} hls_iframe
 * @property {string} dash_url
 * @property {string} dash_player_url
 * @property {string} dash_iframe
 * @property {string} thumbnail_url
 * @property {string} source_url
 * @property {string} [mp4_url] video only; audio never has it
 */

/**
 * What tests inspect of a media (`emulator.aioz.getMedia(id)`): a copy, not the live record.
 * @typedef {object} EmulatorMedia
 * @property {string} id
 * @property {'audio' | 'video'} type
 * @property {string} title
 * @property {string} description
 * @property {boolean} isPublic
 * @property {string[]} tags
 * @property {{ key: string, value: string }[]} metadata
 * @property {MediaStatus} status
 * @property {unknown} createBody the create JSON body exactly as received
 * @property {unknown[]} updates update (PATCH) bodies as received, in order
 * @property {number | null} totalSize total from Content-Range; null before the first accepted part
 * @property {number} bytesReceived distinct bytes covered by accepted parts
 * @property {Pick<PartRecord, 'index' | 'start' | 'end' | 'size' | 'hash'>[]} parts accepted parts, sorted by
 *   index (a re-sent index replaces the earlier record)
 * @property {RouteFamily} routeFamily route family the media was created through
 * @property {number} completeCount how many times complete was called
 * @property {MediaAssets} assets
 * @property {Omit<import('./aioz-thumbnail').ThumbnailRecord, 'bytes'> | undefined} thumbnail the cover image set with
 *   POST /{id}/thumbnail, if any (its bytes: `emulator.aioz.getThumbnail(id)`)
 */

/**
 * @typedef {object} MediaRecord
 * @property {string} id
 * @property {number} createdSeq
 * @property {RouteFamily} routeFamily
 * @property {'audio' | 'video'} type
 * @property {string} title
 * @property {string} description
 * @property {boolean} isPublic
 * @property {string[]} tags
 * @property {{ key: string, value: string }[]} metadata
 * @property {string} playerThemeId
 * @property {unknown} createBody
 * @property {unknown[]} updates
 * @property {QualityState[]} qualities
 * @property {boolean} defaultQualities
 * @property {MediaStatus} status
 * @property {number | null} totalSize
 * @property {Map<number, PartRecord>} parts
 * @property {number} size
 * @property {number} duration
 * @property {'mp3' | 'wav' | undefined} sourceFormat
 * @property {number} completeCount
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {string} dir
 * @property {NodeJS.Timeout | undefined} timer
 * @property {import('./aioz-thumbnail').ThumbnailRecord | undefined} thumbnail the cover image, if one was set
 */

/**
 * Merged, sorted [start, end] intervals covered by the parts.
 * @param {Iterable<PartRecord>} parts
 * @returns {[number, number][]}
 */
function coverage(parts) {
	const sorted = [...parts].map((p) => /** @type {[number, number]} */ ([p.start, p.end]));
	sorted.sort((a, b) => a[0] - b[0]);
	/** @type {[number, number][]} */
	const merged = [];
	for (const [s, e] of sorted) {
		const last = merged[merged.length - 1];
		if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
		else merged.push([s, e]);
	}
	return merged;
}

/**
 * Missing [start, end] ranges of [0, total).
 * @param {[number, number][]} covered
 * @param {number} total
 */
function gapsOf(covered, total) {
	/** @type {[number, number][]} */
	const gaps = [];
	let next = 0;
	for (const [s, e] of covered) {
		if (s > next) gaps.push([next, Math.min(s, total) - 1]);
		next = Math.max(next, e + 1);
	}
	if (next < total) gaps.push([next, total - 1]);
	return gaps;
}

/**
 * Where each byte of the assembled media comes from: later-accepted parts win where parts overlap.
 * @param {Iterable<PartRecord>} parts
 * @returns {{ from: number, to: number, file: string, offset: number }[]}
 */
function layout(parts) {
	/** @type {{ from: number, to: number, file: string, offset: number }[]} */
	let segments = [];
	const bySeq = [...parts].sort((a, b) => a.seq - b.seq);
	for (const p of bySeq) {
		/** @type {typeof segments} */
		const next = [];
		for (const seg of segments) {
			if (seg.to < p.start || seg.from > p.end) {
				next.push(seg);
				continue;
			}
			if (seg.from < p.start) next.push({ ...seg, to: p.start - 1 });
			if (seg.to > p.end) next.push({ ...seg, from: p.end + 1, offset: seg.offset + (p.end + 1 - seg.from) });
		}
		next.push({ from: p.start, to: p.end, file: p.file, offset: 0 });
		segments = next;
	}
	segments.sort((a, b) => a.from - b.from);
	return segments;
}

/**
 * Streams bytes [0, total) of the assembled media (zeros where nothing was uploaded).
 * @param {MediaRecord} media
 * @param {number} [limit] stop after this many bytes
 * @returns {Readable}
 */
function assembledStream(media, limit = Infinity) {
	const total = Math.min(media.totalSize ?? 0, limit);
	const segments = layout(media.parts.values());
	async function* generate() {
		let pos = 0;
		for (const seg of segments) {
			if (pos >= total) break;
			if (seg.from > pos) {
				yield* zeros(Math.min(seg.from, total) - pos);
				pos = Math.min(seg.from, total);
			}
			const to = Math.min(seg.to, total - 1);
			if (to < pos) continue;
			const start = seg.offset + (pos - seg.from);
			const end = seg.offset + (to - seg.from);
			for await (const chunk of fs.createReadStream(seg.file, { start, end, highWaterMark: 1024 * 1024 })) {
				yield chunk;
			}
			pos = to + 1;
		}
		if (pos < total) yield* zeros(total - pos);
	}
	return Readable.from(generate(), { objectMode: false });
}

/** @param {number} count */
function* zeros(count) {
	const block = Buffer.alloc(Math.min(count, 1024 * 1024));
	while (count > 0) {
		const n = Math.min(count, block.length);
		yield n === block.length ? block : block.subarray(0, n);
		count -= n;
	}
}

/**
 * @param {Readable} stream
 * @returns {Promise<Buffer>}
 */
async function readAll(stream) {
	/** @type {Buffer[]} */
	const chunks = [];
	for await (const chunk of stream) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/**
 * Normalised qualities of a create body (defaults when none were given).
 * @param {Record<string, any>} body
 * @param {'audio' | 'video'} type
 * @returns {{ qualities: QualityState[], defaulted: boolean }}
 */
function qualitiesOf(body, type) {
	/** @type {any[]} */
	let list = Array.isArray(body.qualities) ? body.qualities : [];
	const defaulted = list.length === 0;
	if (defaulted) {
		list =
			type === 'audio'
				? [
						{ resolution: 'standard', type: 'hls', container_type: 'mpegts' },
						{ resolution: 'standard', type: 'dash', container_type: 'fmp4' },
					]
				: ['360p', '720p', '1080p'].map((resolution) => ({ resolution, type: 'hls', container_type: 'mpegts' }));
	}
	const qualities = list.map((q) => {
		const a = q.audio_config ?? {};
		/** @type {QualityState} */
		const state = {
			resolution: q.resolution,
			type: q.type,
			container_type: q.container_type ?? (q.type === 'dash' ? 'fmp4' : 'mpegts'),
			audio: {
				codec: a.codec ?? 'aac',
				bitrate: a.bitrate ?? 128000,
				channels: a.channels ?? '2',
				sample_rate: a.sample_rate ?? 44100,
				language: a.language ?? '',
				index: a.index ?? 0,
			},
			video:
				type === 'video'
					? { codec: q.video_config?.codec ?? 'h264', bitrate: q.video_config?.bitrate ?? 2_000_000 }
					: undefined,
		};
		return state;
	});
	return { qualities, defaulted };
}

class AiozService {
	/**
	 * @param {{ dataDir: string, keys: { aiozPublicKey: string, aiozSecretKey: string }, getUrl: () => string,
	 *   transcodeDelayMs: number, linkBytesPerSecond?: number }} options
	 */
	constructor(options) {
		this.dataDir = options.dataDir;
		/** Throughput cap of each connection's part uploads (0: none), see part-receiver.js. */
		this.linkBytesPerSecond = options.linkBytesPerSecond ?? 0;
		this.keys = options.keys;
		this.getUrl = options.getUrl;
		this.transcodeDelayMs = options.transcodeDelayMs;
		/** @type {Map<string, MediaRecord>} */
		this.media = new Map();
		this.seq = 0;
		this.transcodeFailures = 0;
		this.webhooks = new WebhookService({ userId: USER_ID });
		this.tracks = new TrackService({ getUrl: this.getUrl });
		this.balance = DEFAULT_BALANCE;
	}

	/**
	 * Recognises an AIOZ API route.
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {{ route: string, family?: RouteFamily, id?: string } | undefined}
	 */
	match(method, pathname) {
		if (pathname === '/api/user/me') return method === 'GET' ? { route: 'user' } : undefined;
		if (pathname.startsWith('/api/webhooks')) return this.webhooks.match(method, pathname);
		const track = matchTrackRoute(method, pathname);
		if (track) return track;
		const m = /^\/api\/(media|videos)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/.exec(pathname);
		if (!m) return undefined;
		const family = /** @type {RouteFamily} */ (m[1]);
		const seg = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
		const sub = m[3];
		if (seg === undefined) return method === 'POST' ? { route: 'list', family } : undefined;
		if (seg === 'create' && sub === undefined) return method === 'POST' ? { route: 'create', family } : undefined;
		if (sub === undefined) {
			if (method === 'GET') return { route: 'get', family, id: seg };
			if (method === 'PATCH') return { route: 'update', family, id: seg };
			if (method === 'DELETE') return { route: 'delete', family, id: seg };
			return undefined;
		}
		if (sub === 'part') return method === 'POST' ? { route: 'part', family, id: seg } : undefined;
		if (sub === 'thumbnail') {
			if (method === 'POST') return { route: 'setThumbnail', family, id: seg };
			if (method === 'DELETE') return { route: 'deleteThumbnail', family, id: seg };
			return undefined;
		}
		if (sub === 'complete') {
			return method === 'GET' || method === 'POST' ? { route: 'complete', family, id: seg } : undefined;
		}
		return undefined;
	}

	/**
	 * @param {import('node:http').IncomingHttpHeaders} headers
	 */
	isAuthorized(headers) {
		return (
			headers['stream-public-key'] === this.keys.aiozPublicKey &&
			headers['stream-secret-key'] === this.keys.aiozSecretKey
		);
	}

	/**
	 * Answers an AIOZ error.
	 * @param {RequestContext} ctx
	 * @param {number} status
	 * @param {string} message
	 * @param {Record<string, string>} [headers]
	 */
	sendError(ctx, status, message, headers) {
		ctx.log.error = message;
		return sendJson(ctx, status, { status: 'error', message }, headers);
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {{ route: string, family?: RouteFamily, id?: string }} match
	 */
	async handle(ctx, match) {
		try {
			switch (match.route) {
				case 'user':
					return await this.getMe(ctx);
				case 'create':
					return await this.create(ctx, /** @type {RouteFamily} */ (match.family));
				case 'list':
					return await this.list(ctx);
				case 'cost':
					return await this.tracks.cost(ctx, this.balance);
			}
			if (match.route.startsWith('webhook')) return await this.webhooks.handle(ctx, match);
			const media = this.media.get(/** @type {string} */ (match.id));
			if (!media) return await this.sendError(ctx, 404, `media not found: ${match.id}`);
			if ('kind' in match) return await this.tracks.handle(ctx, /** @type {import('./aioz-tracks').TrackMatch} */ (match));
			switch (match.route) {
				case 'get':
					return await sendJson(ctx, 200, { status: 'success', data: this.toPublic(media) });
				case 'update':
					return await this.update(ctx, media);
				case 'delete':
					return await this.remove(ctx, media);
				case 'part':
					return await this.uploadPart(ctx, media);
				case 'complete':
					return await this.complete(ctx, media);
				case 'setThumbnail':
					media.thumbnail = await receiveThumbnail(ctx.req);
					media.updatedAt = new Date().toISOString();
					return await sendJson(ctx, 200, { status: 'success', message: 'upload thumbnail successfully' });
				case 'deleteThumbnail':
					media.thumbnail = undefined;
					media.updatedAt = new Date().toISOString();
					return await sendJson(ctx, 200, { status: 'success', message: 'delete thumbnail successfully' });
			}
			return await this.sendError(ctx, 404, 'route not found');
		} catch (error) {
			if (error instanceof HttpError) return await this.sendError(ctx, error.status, error.message);
			throw error;
		}
	}

	/** @param {RequestContext} ctx */
	async getMe(ctx) {
		const now = new Date(0).toISOString();
		return sendJson(ctx, 200, {
			status: 'success',
			data: {
				user: {
					id: USER_ID,
					email: 'emulator@example.invalid',
					first_name: 'Emulator',
					last_name: 'User',
					wallet_address: '',
					wallet_connection: '',
					balance: String(this.balance),
					debt: '0',
					exclusive_code: '',
					media_qualities_config: '',
					created_at: now,
					updated_at: now,
					last_requested_at: new Date().toISOString(),
					deleted_at: '',
				},
			},
		});
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {RouteFamily} family
	 */
	async create(ctx, family) {
		const body = await readJsonBody(ctx.req);
		const type = validateCreate(body);
		const b = /** @type {Record<string, any>} */ (body);
		const id = crypto.randomUUID();
		const now = new Date().toISOString();
		const { qualities, defaulted } = qualitiesOf(b, type);
		/** @type {MediaRecord} */
		const media = {
			id,
			createdSeq: ++this.seq,
			routeFamily: family,
			type,
			title: b.title,
			description: b.description ?? '',
			isPublic: b.is_public ?? true,
			tags: b.tags ?? [],
			metadata: b.metadata ?? [],
			playerThemeId: '',
			createBody: JSON.parse(JSON.stringify(body)),
			updates: [],
			qualities,
			defaultQualities: defaulted,
			status: 'new',
			totalSize: null,
			parts: new Map(),
			size: 0,
			duration: 0,
			sourceFormat: undefined,
			completeCount: 0,
			createdAt: now,
			updatedAt: now,
			dir: path.join(this.dataDir, id),
			timer: undefined,
			thumbnail: undefined,
		};
		this.media.set(id, media);
		return sendJson(ctx, 200, { status: 'success', data: this.toPublic(media) });
	}

	/** @param {RequestContext} ctx */
	async list(ctx) {
		const body = await readJsonBody(ctx.req);
		const q = validateList(body);
		const search = q.search.toLowerCase();
		let items = [...this.media.values()].filter((m) => {
			if (search && !m.title.toLowerCase().includes(search) && !m.description.toLowerCase().includes(search)) {
				return false;
			}
			if (q.type && m.type !== q.type) return false;
			if (q.status.length > 0 && !q.status.includes(m.status)) return false;
			if (q.tags.some((t) => !m.tags.includes(t))) return false;
			if (q.metadata.some((p) => !m.metadata.some((x) => x.key === p.key && x.value === p.value))) return false;
			return true;
		});
		/** @param {MediaRecord} m */
		const key = (m) => {
			switch (q.sortBy) {
				case 'title':
					return m.title.toLowerCase();
				case 'updated_at':
					return m.updatedAt;
				case 'duration':
					return m.duration;
				case 'size':
					return m.size;
				case 'view':
					return 0;
				default:
					return m.createdAt;
			}
		};
		const dir = q.orderBy === 'desc' ? -1 : 1;
		items.sort((a, b) => {
			const ka = key(a);
			const kb = key(b);
			const c = ka < kb ? -1 : ka > kb ? 1 : a.createdSeq - b.createdSeq;
			return c * dir;
		});
		const total = items.length;
		items = items.slice(q.offset, q.offset + q.limit);
		return sendJson(ctx, 200, {
			status: 'success',
			data: { media: items.map((m) => this.toPublic(m)), total },
		});
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {MediaRecord} media
	 */
	async update(ctx, media) {
		const body = await readJsonBody(ctx.req);
		validateUpdate(body);
		const b = /** @type {Record<string, any>} */ (body);
		if (b.title !== undefined && b.title !== null) media.title = b.title;
		if (b.description !== undefined && b.description !== null) media.description = b.description;
		if (b.is_public !== undefined && b.is_public !== null) media.isPublic = b.is_public;
		if (b.tags !== undefined && b.tags !== null) media.tags = b.tags;
		if (b.metadata !== undefined && b.metadata !== null) media.metadata = b.metadata;
		if (b.player_id !== undefined && b.player_id !== null) media.playerThemeId = b.player_id;
		media.updates.push(JSON.parse(JSON.stringify(body)));
		media.updatedAt = new Date().toISOString();
		return sendJson(ctx, 200, { status: 'success', message: 'update media info successfully' });
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {MediaRecord} media
	 */
	async remove(ctx, media) {
		await this.deleteMedia(media);
		return sendJson(ctx, 200, { status: 'success', message: 'delete media successfully' });
	}

	/** @param {MediaRecord} media */
	async deleteMedia(media) {
		if (media.timer) clearTimeout(media.timer);
		media.timer = undefined;
		this.media.delete(media.id);
		await fs.promises.rm(media.dir, { recursive: true, force: true });
	}

	/**
	 * POST /{id}/part — multipart `file`, `index`, `hash` (any order) with `Content-Range: bytes s-e/total`.
	 * @param {RequestContext} ctx
	 * @param {MediaRecord} media
	 */
	async uploadPart(ctx, media) {
		const range = parseContentRange(/** @type {string | undefined} */ (ctx.req.headers['content-range']));
		if (media.status !== 'new') {
			throw new HttpError(400, `media ${media.id} upload is already completed (status ${media.status})`);
		}
		if (media.totalSize !== null && range.total !== media.totalSize) {
			throw new HttpError(
				400,
				`Content-Range total ${range.total} does not match the total size ${media.totalSize} of the earlier parts`,
			);
		}
		const expected = range.end - range.start + 1;
		await fs.promises.mkdir(media.dir, { recursive: true });
		const seq = ++this.seq;
		const staging = path.join(media.dir, `staging-${seq}.part`);
		/** @type {import('./part-receiver').ReceivedPart} */
		let received;
		try {
			received = await receivePart(ctx.req, {
				stagingPath: staging,
				expectedSize: expected,
				linkBytesPerSecond: this.linkBytesPerSecond,
			});
		} catch (error) {
			if (/** @type {any} */ (error).code === 'ECONNABORTED') {
				ctx.log.error = 'client closed the connection during the upload';
				return;
			}
			if (error instanceof MultipartError) throw new HttpError(400, error.message);
			throw error;
		}
		const { fields, file } = received;
		/** @param {string} message */
		const refuse = async (message) => {
			await fs.promises.rm(staging, { force: true });
			throw new HttpError(400, message);
		};
		if (!file) return refuse('file is required (multipart field "file")');
		if (fields.index === undefined) return refuse('index is required (multipart field "index")');
		if (!/^\d{1,9}$/.test(fields.index.trim())) {
			return refuse(`index must be an integer >= 0 (got ${JSON.stringify(fields.index)})`);
		}
		const index = Number(fields.index.trim());
		if (fields.hash === undefined) return refuse('hash is required (multipart field "hash": md5 hex of the part)');
		if (file.size !== expected) {
			return refuse(
				`Content-Range bytes ${range.start}-${range.end}/${range.total} announces ${expected} bytes ` +
					`but the file field has ${file.size} bytes`,
			);
		}
		const hash = fields.hash.trim().toLowerCase();
		if (hash !== file.md5) {
			return refuse(`hash mismatch: md5 of the received part is ${file.md5}, the hash field is ${fields.hash}`);
		}
		const finalPath = path.join(media.dir, `part-${index}-${seq}.bin`);
		try {
			await fs.promises.rename(staging, finalPath);
		} catch (error) {
			// The media was deleted (with its directory) while the part was arriving.
			if (this.media.get(media.id) !== media) throw new HttpError(404, `media not found: ${media.id}`);
			throw error;
		}
		// Re-check after the awaits: the media may have been deleted or completed meanwhile.
		const current = this.media.get(media.id);
		/** @type {string | undefined} */
		let conflict;
		if (current !== media) conflict = `media not found: ${media.id}`;
		else if (media.status !== 'new') conflict = `media ${media.id} upload is already completed (status ${media.status})`;
		else if (media.totalSize !== null && range.total !== media.totalSize) {
			conflict = `Content-Range total ${range.total} does not match the total size ${media.totalSize} of the earlier parts`;
		}
		if (conflict) {
			await fs.promises.rm(finalPath, { force: true });
			throw new HttpError(current !== media ? 404 : 400, conflict);
		}
		const previous = media.parts.get(index);
		media.parts.set(index, { index, start: range.start, end: range.end, size: expected, hash, file: finalPath, seq });
		media.totalSize = range.total;
		media.updatedAt = new Date().toISOString();
		if (previous) await fs.promises.rm(previous.file, { force: true });
		return sendJson(ctx, 200, { status: 'success', message: 'upload part successfully' });
	}

	/**
	 * GET (or POST) /{id}/complete
	 * @param {RequestContext} ctx
	 * @param {MediaRecord} media
	 */
	async complete(ctx, media) {
		media.completeCount++;
		if (media.status !== 'new') {
			return sendJson(ctx, 200, { status: 'success', message: `media is already ${media.status}` });
		}
		if (media.parts.size === 0 || media.totalSize === null) {
			throw new HttpError(400, 'missing bytes: no part has been uploaded');
		}
		const total = media.totalSize;
		const gaps = gapsOf(coverage(media.parts.values()), total);
		if (gaps.length > 0) {
			const missing = gaps.reduce((n, [s, e]) => n + e - s + 1, 0);
			const shown = gaps
				.slice(0, 5)
				.map(([s, e]) => `${s}-${e}`)
				.join(', ');
			throw new HttpError(
				400,
				`missing bytes: ${missing} of ${total} bytes have not been uploaded (ranges ${shown}${gaps.length > 5 ? ', ...' : ''})`,
			);
		}
		const head = await readAll(assembledStream(media, 64));
		media.sourceFormat = detectAudioFormat(head);
		media.size = total;
		media.duration = Math.round(estimateDurationSeconds(head, total) * 1000) / 1000;
		media.status = 'transcoding';
		media.updatedAt = new Date().toISOString();
		this.emitEvent('file_received', media);
		this.emitEvent('encoding_started', media);
		const fail = this.transcodeFailures > 0 || media.title.includes(FAIL_TRANSCODE_MARKER);
		if (this.transcodeFailures > 0) this.transcodeFailures--;
		media.timer = setTimeout(() => {
			media.timer = undefined;
			if (this.media.get(media.id) !== media) return;
			// Each quality finishes while the media is still transcoding; the last one ends it.
			if (!fail) for (const quality of media.qualities) this.emitEvent('partial_finished', media, [quality.resolution]);
			media.status = fail ? 'fail' : 'done';
			media.updatedAt = new Date().toISOString();
			this.emitEvent(fail ? 'encoding_failed' : 'encoding_finished', media);
		}, this.transcodeDelayMs);
		media.timer.unref();
		return sendJson(ctx, 200, { status: 'success', message: 'upload media complete, transcoding started' });
	}

	/**
	 * Delivers a webhook event about the media in its current state.
	 * @param {import('./aioz-webhooks').EventFlag} flag
	 * @param {MediaRecord} media
	 * @param {string[]} [qualities] the qualities the event is about (default: all of the media's)
	 */
	emitEvent(flag, media, qualities = media.qualities.map((q) => q.resolution)) {
		this.webhooks.emit(flag, { id: media.id, type: media.type, title: media.title, status: media.status, qualities });
	}

	/**
	 * The media object as the API answers it (spec schema `Media`).
	 * @param {MediaRecord} m
	 */
	toPublic(m) {
		const qualityStatus = m.status === 'new' ? 'new' : m.status;
		return {
			id: m.id,
			user_id: USER_ID,
			title: m.title,
			description: m.description,
			type: m.type,
			status: m.status,
			is_public: m.isPublic,
			is_mp4: false,
			tags: [...m.tags],
			metadata: m.metadata.map((x) => ({ key: x.key, value: x.value })),
			qualities: m.qualities.map((q) => {
				/** @type {Record<string, unknown>} */
				const out = {
					name: q.resolution,
					type: q.type,
					container_type: q.container_type,
					status: qualityStatus,
					audio_codec: q.audio.codec,
					audio_bitrate: q.audio.bitrate,
				};
				if (q.video) {
					out.video_codec = q.video.codec;
					out.video_bitrate = q.video.bitrate;
				}
				return out;
			}),
			size: m.size,
			duration: m.status === 'done' ? m.duration : 0,
			view: 0,
			assets: this.assetsOf(m),
			captions: [],
			chapters: [],
			player_theme_id: m.playerThemeId,
			created_at: m.createdAt,
			updated_at: m.updatedAt,
		};
	}

	/**
	 * Asset URLs: empty strings until the media is done; audio never has mp4_url; a stream type that no
	 * quality asked for has an empty URL.
	 * @param {MediaRecord} m
	 * @returns {MediaAssets}
	 */
	assetsOf(m) {
		const url = this.getUrl();
		const done = m.status === 'done';
		const hasHls = m.qualities.some((q) => q.type === 'hls');
		const hasDash = m.qualities.some((q) => q.type === 'dash');
		const player = (/** @type {string} */ type) => `${url}/player/${m.id}?type=${type}`;
		const iframe = (/** @type {string} */ type) =>
			`<iframe src="${player(type)}" width="100%" height="100%" frameborder="0" scrolling="no" allowfullscreen="true"></iframe>`;
		/** @type {MediaAssets} */
		const assets = {
			hls_url: done && hasHls ? `${url}/hls/${m.id}/manifest.m3u8` : '',
			hls_player_url: done && hasHls ? player('hls') : '',
			hls_iframe: done && hasHls ? iframe('hls') : '',
			dash_url: done && hasDash ? `${url}/dash/${m.id}/manifest.mpd` : '',
			dash_player_url: done && hasDash ? player('dash') : '',
			dash_iframe: done && hasDash ? iframe('dash') : '',
			thumbnail_url: done ? `${url}/thumbnail/${m.id}.png` : '',
			source_url: done ? `${url}/source/${m.id}` : '',
		};
		if (m.type === 'video') assets.mp4_url = done ? `${url}/mp4/${m.id}/video.mp4` : '';
		return assets;
	}

	/**
	 * Public delivery routes (no auth): HLS/DASH manifests, player page, thumbnail, source bytes.
	 * @param {RequestContext} ctx
	 * @returns {Promise<boolean>} false when the path is not a delivery route
	 */
	async serveDelivery(ctx) {
		const p = ctx.url.pathname;
		const m = /^\/(hls|dash|player|thumbnail|source)\/([^/.]+)(?:\.png)?(?:\/(.*))?$/.exec(p);
		if (!m || (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD')) return false;
		const [, kind, id, rest] = m;
		ctx.log.route = kind;
		ctx.log.mediaId = id;
		const media = this.media.get(id);
		if (!media || media.status !== 'done') {
			await this.sendError(ctx, 404, `media not found or not transcoded yet: ${id}`);
			return true;
		}
		const qualities = media.qualities.filter((q) => q.type === (kind === 'dash' ? 'dash' : 'hls'));
		const ext = media.sourceFormat ?? 'bin';
		const duration = Math.max(media.duration, 0.001);
		if (kind === 'hls' && qualities.length > 0) {
			if (rest === 'manifest.m3u8') {
				const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
				for (const q of qualities) {
					lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${q.audio.bitrate},CODECS="mp4a.40.2"`, `${q.resolution}/index.m3u8`);
				}
				await sendText(ctx, 200, 'application/vnd.apple.mpegurl', `${lines.join('\n')}\n`);
				return true;
			}
			const q = qualities.find((x) => rest === `${x.resolution}/index.m3u8`);
			if (q) {
				const body = [
					'#EXTM3U',
					'#EXT-X-VERSION:3',
					`#EXT-X-TARGETDURATION:${Math.ceil(duration)}`,
					'#EXT-X-MEDIA-SEQUENCE:0',
					'#EXT-X-PLAYLIST-TYPE:VOD',
					`#EXTINF:${duration.toFixed(3)},`,
					`segment_0.${ext}`,
					'#EXT-X-ENDLIST',
				].join('\n');
				await sendText(ctx, 200, 'application/vnd.apple.mpegurl', `${body}\n`);
				return true;
			}
			if (qualities.some((x) => rest === `${x.resolution}/segment_0.${ext}`)) {
				await this.sendSource(ctx, media);
				return true;
			}
		}
		if (kind === 'dash' && rest === 'manifest.mpd' && qualities.length > 0) {
			const reps = qualities
				.map(
					(q) =>
						`      <Representation id="${q.resolution}" codecs="mp4a.40.2" bandwidth="${q.audio.bitrate}" ` +
						`audioSamplingRate="${q.audio.sample_rate}">\n        <BaseURL>${q.resolution}/audio.mp4</BaseURL>\n` +
						'      </Representation>',
				)
				.join('\n');
			const mpd =
				'<?xml version="1.0" encoding="UTF-8"?>\n' +
				'<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011" ' +
				`type="static" mediaPresentationDuration="PT${duration.toFixed(3)}S" minBufferTime="PT2S">\n` +
				'  <Period id="0" start="PT0S">\n' +
				'    <AdaptationSet id="0" contentType="audio" mimeType="audio/mp4" segmentAlignment="true">\n' +
				`${reps}\n    </AdaptationSet>\n  </Period>\n</MPD>\n`;
			await sendText(ctx, 200, 'application/dash+xml', mpd);
			return true;
		}
		if (kind === 'player' && rest === undefined) {
			const title = media.title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
			const html =
				`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
				`<body><h1>${title}</h1><audio controls src="${this.getUrl()}/source/${media.id}"></audio></body></html>\n`;
			await sendText(ctx, 200, 'text/html; charset=utf-8', html);
			return true;
		}
		if (kind === 'thumbnail' && rest === undefined && p.endsWith('.png')) {
			if (media.thumbnail) await sendText(ctx, 200, media.thumbnail.contentType, media.thumbnail.bytes);
			else await sendText(ctx, 200, 'image/png', THUMBNAIL_PNG);
			return true;
		}
		if (kind === 'source' && rest === undefined) {
			await this.sendSource(ctx, media);
			return true;
		}
		await this.sendError(ctx, 404, `not found: ${p}`);
		return true;
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {MediaRecord} media
	 */
	async sendSource(ctx, media) {
		const type = media.sourceFormat === 'mp3' ? 'audio/mpeg' : media.sourceFormat === 'wav' ? 'audio/wav' : 'application/octet-stream';
		ctx.log.status = 200;
		ctx.res.writeHead(200, { 'content-type': type, 'content-length': String(media.totalSize ?? 0) });
		if (ctx.req.method === 'HEAD') {
			ctx.res.end();
			return;
		}
		const stream = assembledStream(media);
		stream.on('error', () => ctx.res.destroy());
		stream.pipe(ctx.res);
		await once(ctx.res, 'close');
	}

	/**
	 * md5 hex of the assembled file.
	 * @param {string} id
	 */
	async md5(id) {
		const media = this.media.get(id);
		if (!media) throw new Error(`unknown media ${id}`);
		const hash = crypto.createHash('md5');
		for await (const chunk of assembledStream(media)) hash.update(chunk);
		return hash.digest('hex');
	}

	/**
	 * A stream of the assembled file.
	 * @param {string} id
	 */
	createReadStream(id) {
		const media = this.media.get(id);
		if (!media) throw new Error(`unknown media ${id}`);
		return assembledStream(media);
	}

	/**
	 * Inspection snapshot for tests.
	 * @param {string} id
	 * @returns {EmulatorMedia | undefined}
	 */
	getMedia(id) {
		const m = this.media.get(id);
		if (!m) return undefined;
		const covered = coverage(m.parts.values());
		return {
			id: m.id,
			type: m.type,
			title: m.title,
			description: m.description,
			isPublic: m.isPublic,
			tags: [...m.tags],
			metadata: m.metadata.map((x) => ({ ...x })),
			status: m.status,
			createBody: m.createBody,
			updates: [...m.updates],
			totalSize: m.totalSize,
			bytesReceived: covered.reduce((n, [s, e]) => n + e - s + 1, 0),
			parts: [...m.parts.values()]
				.sort((a, b) => a.index - b.index)
				.map(({ index, start, end, size, hash }) => ({ index, start, end, size, hash })),
			routeFamily: m.routeFamily,
			completeCount: m.completeCount,
			assets: this.assetsOf(m),
			thumbnail: m.thumbnail
				? {
						md5: m.thumbnail.md5,
						size: m.thumbnail.size,
						contentType: m.thumbnail.contentType,
						fileName: m.thumbnail.fileName,
						declaredType: m.thumbnail.declaredType,
					}
				: undefined,
		};
	}

	listMedia() {
		return [...this.media.values()]
			.sort((a, b) => a.createdSeq - b.createdSeq)
			.map((m) => /** @type {EmulatorMedia} */ (this.getMedia(m.id)));
	}

	async reset() {
		for (const media of [...this.media.values()]) await this.deleteMedia(media);
		this.transcodeFailures = 0;
		await this.webhooks.reset();
		this.tracks.reset();
		this.balance = DEFAULT_BALANCE;
	}
}

module.exports = { AiozService, FAIL_TRANSCODE_MARKER, coverage, gapsOf, layout };
