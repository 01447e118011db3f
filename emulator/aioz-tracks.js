// @ts-check
'use strict';

/**
 * The emulated chapters and captions of a media, and the transcoding cost (spec: `/media/{id}/chapters[/{lan}]`,
 * `/media/{id}/captions[/{lan}]`, `/media/cost`), on both route families. Tracks are WebVTT files kept
 * byte-exactly in memory, one per media, kind and language. Where the spec is silent the choices are written
 * down in README.md ("Chapters, captions and cost").
 */

const crypto = require('node:crypto');

const { HttpError, sendJson } = require('./http-util');
const { readFileForm, receiveFile } = require('./aioz-thumbnail');

/** The largest WebVTT file accepted (as the node's own limit). */
const MAX_TRACK_BYTES = 10 * 1024 * 1024;

/** A BCP 47 language tag's shape (RFC 5646), as the node checks it: no registry lookup. */
const LANGUAGE_TAG =
	/^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+)$/i;

/** Price per minute of each quality name, by media type: the emulator's own tariff. */
const PRICE_PER_MINUTE = {
	audio: { standard: 0.01, good: 0.02, highest: 0.03, lossless: 0.05 },
	video: {
		'144p': 0.01,
		'240p': 0.02,
		'360p': 0.04,
		'480p': 0.06,
		'720p': 0.1,
		'1080p': 0.15,
		'1440p': 0.2,
		'2160p': 0.3,
	},
};

/** @typedef {'chapter' | 'caption'} TrackKind */

/**
 * @typedef {object} TrackRecord
 * @property {string} language
 * @property {Buffer} bytes as received
 * @property {string} md5 hex
 * @property {string | undefined} fileName the multipart file name
 * @property {string | undefined} declaredType the multipart Content-Type
 * @property {boolean} isDefault captions only: the media's default caption
 * @property {number} seq upload order (a re-upload keeps its place)
 */

/**
 * @typedef {object} TrackMatch
 * @property {'cost' | 'uploadTrack' | 'listTracks' | 'setDefaultCaption' | 'deleteTrack'} route
 * @property {'media' | 'videos'} family
 * @property {string} [id] media id
 * @property {TrackKind} [kind]
 * @property {string} [lan] language path segment, decoded
 */

const PLURAL = { chapters: 'chapter', captions: 'caption' };

/**
 * Recognises the routes of this module; `/media/cost` before `/media/{id}` takes "cost" for an id.
 * @param {string} method
 * @param {string} pathname
 * @returns {TrackMatch | undefined}
 */
function matchTrackRoute(method, pathname) {
	const cost = /^\/api\/(media|videos)\/cost\/?$/.exec(pathname);
	if (cost) {
		return method === 'GET'
			? { route: 'cost', family: /** @type {'media' | 'videos'} */ (cost[1]) }
			: undefined;
	}
	const m = /^\/api\/(media|videos)\/([^/]+)\/(chapters|captions)(?:\/([^/]*))?\/?$/.exec(pathname);
	if (!m) return undefined;
	const base = {
		family: /** @type {'media' | 'videos'} */ (m[1]),
		id: decodeURIComponent(m[2]),
		kind: /** @type {TrackKind} */ (PLURAL[/** @type {'chapters' | 'captions'} */ (m[3])]),
	};
	if (m[4] === undefined) return method === 'GET' ? { ...base, route: 'listTracks' } : undefined;
	const lan = decodeURIComponent(m[4]);
	if (method === 'POST') return { ...base, lan, route: 'uploadTrack' };
	if (method === 'DELETE') return { ...base, lan, route: 'deleteTrack' };
	if (method === 'PATCH' && base.kind === 'caption')
		return { ...base, lan, route: 'setDefaultCaption' };
	return undefined;
}

/**
 * Whether a file is WebVTT by its first bytes: an optional UTF-8 BOM, "WEBVTT", then space, tab, line break or
 * the end.
 * @param {Buffer} bytes
 */
function isWebVtt(bytes) {
	const start = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
	if (bytes.toString('latin1', start, start + 6) !== 'WEBVTT') return false;
	const next = bytes[start + 6];
	return next === undefined || [0x20, 0x09, 0x0a, 0x0d].includes(next);
}

/**
 * A paging query parameter: absent → the default; else a whole number in range, or 400 naming it.
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function pagingParameter(query, name, fallback, min, max) {
	const raw = query.get(name);
	if (raw === null) return fallback;
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
		const range =
			max === Infinity ? `a whole number from ${min}` : `a whole number from ${min} to ${max}`;
		throw new HttpError(400, `${name} must be ${range}, got "${raw}"`);
	}
	return value;
}

class TrackService {
	/** @param {{ getUrl: () => string }} options */
	constructor(options) {
		this.getUrl = options.getUrl;
		/** @type {Map<string, Record<TrackKind, Map<string, TrackRecord>>>} media id → kind → language → track */
		this.byMedia = new Map();
		this.seq = 0;
	}

	/**
	 * The tracks of one kind of a media (created empty).
	 * @param {string} mediaId
	 * @param {TrackKind} kind
	 */
	tracksOf(mediaId, kind) {
		let tracks = this.byMedia.get(mediaId);
		if (!tracks) {
			tracks = { chapter: new Map(), caption: new Map() };
			this.byMedia.set(mediaId, tracks);
		}
		return tracks[kind];
	}

	/**
	 * A track as the API answers it.
	 * @param {string} mediaId
	 * @param {TrackKind} kind
	 * @param {TrackRecord} track
	 */
	toPublic(mediaId, kind, track) {
		const url = `${this.getUrl()}/vtt/${encodeURIComponent(mediaId)}/${kind}s/${encodeURIComponent(track.language)}.vtt`;
		if (kind === 'chapter') return { language: track.language, url };
		return {
			description: '',
			language: track.language,
			is_default: track.isDefault,
			url,
			status: 'done',
		};
	}

	/**
	 * @param {import('./http-util').RequestContext} ctx
	 * @param {TrackMatch} match
	 */
	async handle(ctx, match) {
		const mediaId = /** @type {string} */ (match.id);
		const kind = /** @type {TrackKind} */ (match.kind);
		const tracks = this.tracksOf(mediaId, kind);
		if (match.route === 'listTracks') {
			const offset = pagingParameter(ctx.url.searchParams, 'offset', 0, 0, Infinity);
			const limit = pagingParameter(ctx.url.searchParams, 'limit', 25, 1, 100);
			const all = [...tracks.values()].sort((a, b) => a.seq - b.seq);
			const key = kind === 'chapter' ? 'media_chapters' : 'media_captions';
			const page = all
				.slice(offset, offset + limit)
				.map((track) => this.toPublic(mediaId, kind, track));
			return await sendJson(ctx, 200, {
				status: 'success',
				data: { [key]: page, total: all.length },
			});
		}
		const lan = /** @type {string} */ (match.lan);
		if (!LANGUAGE_TAG.test(lan)) {
			throw new HttpError(
				400,
				`invalid language "${lan}": a BCP 47 language tag such as en, en-US or pt-BR is required`,
			);
		}
		if (match.route === 'uploadTrack') return await this.upload(ctx, mediaId, kind, lan);
		const track = tracks.get(lan);
		if (!track)
			throw new HttpError(404, `${kind} not found: media ${mediaId} has no ${kind} in "${lan}"`);
		if (match.route === 'deleteTrack') {
			tracks.delete(lan);
			return await sendJson(ctx, 200, {
				status: 'success',
				message: `delete ${kind} successfully`,
			});
		}
		const form = await readFileForm(ctx.req, 0);
		const isDefault = form.fields.is_default;
		if (isDefault !== 'true' && isDefault !== 'false') {
			throw new HttpError(
				400,
				`is_default is required (multipart field, "true" or "false"), got ${isDefault === undefined ? 'none' : `"${isDefault}"`}`,
			);
		}
		if (isDefault === 'true') for (const other of tracks.values()) other.isDefault = false;
		track.isDefault = isDefault === 'true';
		return await sendJson(ctx, 200, {
			status: 'success',
			message: 'set default caption successfully',
		});
	}

	/**
	 * POST /{id}/{chapters|captions}/{lan}: a WebVTT file in the multipart field `file`; a language that has one
	 * already gets the new file (and keeps its place and default flag).
	 * @param {import('./http-util').RequestContext} ctx
	 * @param {string} mediaId
	 * @param {TrackKind} kind
	 * @param {string} lan
	 */
	async upload(ctx, mediaId, kind, lan) {
		const form = await receiveFile(ctx.req, MAX_TRACK_BYTES);
		if (!isWebVtt(form.bytes))
			throw new HttpError(400, 'file must be a WebVTT file (starting with "WEBVTT")');
		const tracks = this.tracksOf(mediaId, kind);
		const earlier = tracks.get(lan);
		/** @type {TrackRecord} */
		const track = {
			language: lan,
			bytes: form.bytes,
			md5: crypto.createHash('md5').update(form.bytes).digest('hex'),
			fileName: form.info.filename,
			declaredType: form.info.mimeType,
			isDefault: earlier?.isDefault ?? false,
			seq: earlier?.seq ?? ++this.seq,
		};
		tracks.set(lan, track);
		const key = kind === 'chapter' ? 'media_chapter' : 'media_caption';
		return await sendJson(ctx, 201, {
			status: 'success',
			data: { [key]: this.toPublic(mediaId, kind, track) },
		});
	}

	/**
	 * GET /cost?qualities=…&type=…&duration=…: `qualities` comma-separated quality names of the type, all three
	 * required. The price is the emulator's tariff per minute of each quality times the duration.
	 * @param {import('./http-util').RequestContext} ctx
	 * @param {number} balance
	 */
	async cost(ctx, balance) {
		const query = ctx.url.searchParams;
		for (const name of ['qualities', 'type', 'duration']) {
			if (!query.get(name)?.trim())
				throw new HttpError(400, `${name} is required (query parameter)`);
		}
		const type = /** @type {string} */ (query.get('type'));
		if (type !== 'audio' && type !== 'video')
			throw new HttpError(400, `type must be audio or video, got "${type}"`);
		const tariff = /** @type {Record<string, number>} */ (PRICE_PER_MINUTE[type]);
		const names = /** @type {string} */ (query.get('qualities'))
			.split(',')
			.map((name) => name.trim());
		const unknown = names.find((name) => !(name in tariff));
		if (unknown !== undefined) {
			throw new HttpError(
				400,
				`invalid quality "${unknown}" for ${type}: use ${Object.keys(tariff).join(', ')}`,
			);
		}
		const duration = Number(query.get('duration'));
		if (!Number.isFinite(duration) || duration <= 0) {
			throw new HttpError(
				400,
				`duration must be a number of seconds above 0, got "${query.get('duration')}"`,
			);
		}
		const perMinute = names.reduce((sum, name) => sum + tariff[name], 0);
		const price = Math.round((duration / 60) * perMinute * 1e9) / 1e9;
		return await sendJson(ctx, 200, {
			status: 'success',
			data: { price, is_enough: price <= balance },
		});
	}

	/**
	 * Inspection for tests: the tracks of one kind of a media, in upload order.
	 * @param {string} mediaId
	 * @param {TrackKind} kind
	 */
	list(mediaId, kind) {
		return [...(this.byMedia.get(mediaId)?.[kind].values() ?? [])]
			.sort((a, b) => a.seq - b.seq)
			.map((track) => ({ ...track, bytes: Buffer.from(track.bytes) }));
	}

	reset() {
		this.byMedia.clear();
		this.seq = 0;
	}
}

module.exports = { TrackService, matchTrackRoute, isWebVtt, MAX_TRACK_BYTES, PRICE_PER_MINUTE };
