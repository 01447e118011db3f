// @ts-check
'use strict';

/**
 * Validation of AIOZ Stream request bodies (create, update, list), with messages that name the field.
 */

const { HttpError } = require('./http-util');

const AUDIO_RESOLUTIONS = ['standard', 'good', 'highest', 'lossless'];
const VIDEO_RESOLUTIONS = ['144p', '240p', '360p', '480p', '720p', '1080p', '1440p', '2160p', '4320p'];
const STREAM_TYPES = ['hls', 'dash'];
const CONTAINERS = { hls: ['mpegts', 'mp4'], dash: ['fmp4'] };
const AUDIO_CODECS = ['aac'];
const VIDEO_CODECS = ['h264', 'h265'];
const SAMPLE_RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000];
const MEDIA_TYPES = ['audio', 'video'];
const MAX_TAGS = 50;
const MAX_METADATA = 50;
const MAX_TEXT = 255;
const SORT_FIELDS = ['created_at', 'updated_at', 'title', 'duration', 'size', 'view'];
const ORDERS = ['asc', 'desc'];
const STATUSES = ['new', 'transcoding', 'done', 'fail', 'deleted'];

/** @param {string} message */
function bad(message) {
	return new HttpError(400, message);
}

/** @param {unknown} v */
function isObject(v) {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {unknown} v */
function isInt(v) {
	return typeof v === 'number' && Number.isInteger(v);
}

/** @param {string} s */
function charLength(s) {
	return [...s].length;
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @param {{ required?: boolean }} [opts]
 */
function checkTitle(body, field, opts = {}) {
	const title = body[field];
	if (title === undefined || title === null) {
		if (opts.required) throw bad(`${field} is required`);
		return;
	}
	if (typeof title !== 'string') throw bad(`${field} must be a string`);
	const length = charLength(title.trim());
	if (length < 1 || charLength(title) > MAX_TEXT) {
		throw bad(`${field} must be between 1 and ${MAX_TEXT} characters (got ${charLength(title)})`);
	}
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 */
function checkOptionalString(body, field) {
	const v = body[field];
	if (v !== undefined && v !== null && typeof v !== 'string') throw bad(`${field} must be a string`);
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 */
function checkOptionalBoolean(body, field) {
	const v = body[field];
	if (v !== undefined && v !== null && typeof v !== 'boolean') throw bad(`${field} must be a boolean`);
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 */
function checkTags(body, field) {
	const tags = body[field];
	if (tags === undefined || tags === null) return;
	if (!Array.isArray(tags)) throw bad(`${field} must be an array of strings`);
	if (tags.length > MAX_TAGS) throw bad(`${field} must have at most ${MAX_TAGS} items (got ${tags.length})`);
	tags.forEach((tag, i) => {
		if (typeof tag !== 'string') throw bad(`${field}[${i}] must be a string`);
		if (charLength(tag) > MAX_TEXT) throw bad(`${field}[${i}] must be at most ${MAX_TEXT} characters`);
	});
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 */
function checkMetadata(body, field) {
	const metadata = body[field];
	if (metadata === undefined || metadata === null) return;
	if (!Array.isArray(metadata)) throw bad(`${field} must be an array of {key, value} objects`);
	if (metadata.length > MAX_METADATA) {
		throw bad(`${field} must have at most ${MAX_METADATA} items (got ${metadata.length})`);
	}
	metadata.forEach((pair, i) => {
		if (!isObject(pair)) throw bad(`${field}[${i}] must be an object with string key and value`);
		for (const k of ['key', 'value']) {
			const v = pair[k];
			if (typeof v !== 'string') throw bad(`${field}[${i}].${k} must be a string`);
			if (charLength(v) > MAX_TEXT) throw bad(`${field}[${i}].${k} must be at most ${MAX_TEXT} characters`);
		}
		if (pair.key.trim() === '') throw bad(`${field}[${i}].key must not be empty`);
	});
}

/**
 * @param {unknown} config
 * @param {string} at
 */
function checkAudioConfig(config, at) {
	if (config === undefined || config === null) return;
	if (!isObject(config)) throw bad(`${at} must be an object`);
	const c = /** @type {Record<string, unknown>} */ (config);
	if (c.codec !== undefined && !AUDIO_CODECS.includes(/** @type {string} */ (c.codec))) {
		throw bad(`${at}.codec must be one of ${AUDIO_CODECS.join(', ')} (got ${JSON.stringify(c.codec)})`);
	}
	if (c.bitrate !== undefined && !(isInt(c.bitrate) && /** @type {number} */ (c.bitrate) > 0)) {
		throw bad(`${at}.bitrate must be a positive integer (bits per second), got ${JSON.stringify(c.bitrate)}`);
	}
	if (c.channels !== undefined && typeof c.channels !== 'string') {
		throw bad(`${at}.channels must be a string such as "2"`);
	}
	if (c.sample_rate !== undefined && !SAMPLE_RATES.includes(/** @type {number} */ (c.sample_rate))) {
		throw bad(`${at}.sample_rate must be one of ${SAMPLE_RATES.join(', ')} (got ${JSON.stringify(c.sample_rate)})`);
	}
	if (c.language !== undefined && typeof c.language !== 'string') throw bad(`${at}.language must be a string`);
	if (c.index !== undefined && !(isInt(c.index) && /** @type {number} */ (c.index) >= 0)) {
		throw bad(`${at}.index must be an integer >= 0`);
	}
}

/**
 * @param {unknown} config
 * @param {string} at
 */
function checkVideoConfig(config, at) {
	if (config === undefined || config === null) return;
	if (!isObject(config)) throw bad(`${at} must be an object`);
	const c = /** @type {Record<string, unknown>} */ (config);
	if (c.codec !== undefined && !VIDEO_CODECS.includes(/** @type {string} */ (c.codec))) {
		throw bad(`${at}.codec must be one of ${VIDEO_CODECS.join(', ')} (got ${JSON.stringify(c.codec)})`);
	}
	if (c.bitrate !== undefined && !(isInt(c.bitrate) && /** @type {number} */ (c.bitrate) > 0)) {
		throw bad(`${at}.bitrate must be a positive integer`);
	}
	if (c.index !== undefined && !(isInt(c.index) && /** @type {number} */ (c.index) >= 0)) {
		throw bad(`${at}.index must be an integer >= 0`);
	}
}

/**
 * @param {unknown} qualities
 * @param {'audio' | 'video'} mediaType
 */
function checkQualities(qualities, mediaType) {
	if (qualities === undefined || qualities === null) return;
	if (!Array.isArray(qualities)) throw bad('qualities must be an array');
	const resolutions = mediaType === 'audio' ? AUDIO_RESOLUTIONS : VIDEO_RESOLUTIONS;
	/** @type {Set<string>} */
	const seen = new Set();
	qualities.forEach((q, i) => {
		const at = `qualities[${i}]`;
		if (!isObject(q)) throw bad(`${at} must be an object`);
		if (!resolutions.includes(q.resolution)) {
			throw bad(
				`${at}.resolution must be one of ${resolutions.join(', ')} for ${mediaType} (got ${JSON.stringify(q.resolution)})`,
			);
		}
		if (!STREAM_TYPES.includes(q.type)) {
			throw bad(`${at}.type must be one of ${STREAM_TYPES.join(', ')} (got ${JSON.stringify(q.type)})`);
		}
		const containers = CONTAINERS[/** @type {'hls' | 'dash'} */ (q.type)];
		if (q.container_type !== undefined && !containers.includes(q.container_type)) {
			throw bad(
				`${at}.container_type must be ${containers.join(' or ')} for type ${q.type} (got ${JSON.stringify(q.container_type)})`,
			);
		}
		const key = `${q.resolution}/${q.type}`;
		if (seen.has(key)) throw bad(`${at} duplicates quality ${q.resolution} ${q.type}`);
		seen.add(key);
		checkAudioConfig(q.audio_config, `${at}.audio_config`);
		if (mediaType === 'audio' && q.video_config !== undefined && q.video_config !== null) {
			throw bad(`${at}.video_config is not allowed for audio media`);
		}
		checkVideoConfig(q.video_config, `${at}.video_config`);
	});
}

/**
 * Validates a create body; returns the media type.
 * @param {unknown} body
 * @returns {'audio' | 'video'}
 */
function validateCreate(body) {
	if (!isObject(body)) throw bad('request body must be a JSON object');
	const b = /** @type {Record<string, unknown>} */ (body);
	checkTitle(b, 'title', { required: true });
	if (b.type !== undefined && b.type !== null && !MEDIA_TYPES.includes(/** @type {string} */ (b.type))) {
		throw bad(`type must be one of ${MEDIA_TYPES.join(', ')} (got ${JSON.stringify(b.type)})`);
	}
	const type = /** @type {'audio' | 'video'} */ (b.type || 'video');
	checkOptionalString(b, 'description');
	checkOptionalBoolean(b, 'is_public');
	checkTags(b, 'tags');
	checkMetadata(b, 'metadata');
	checkQualities(b.qualities, type);
	if (b.segment_duration !== undefined && !(isInt(b.segment_duration) && /** @type {number} */ (b.segment_duration) >= 0)) {
		throw bad('segment_duration must be an integer >= 0');
	}
	return type;
}

/**
 * Validates an update (PATCH) body.
 * @param {unknown} body
 */
function validateUpdate(body) {
	if (!isObject(body)) throw bad('request body must be a JSON object');
	const b = /** @type {Record<string, unknown>} */ (body);
	checkTitle(b, 'title');
	checkOptionalString(b, 'description');
	checkOptionalBoolean(b, 'is_public');
	checkTags(b, 'tags');
	checkMetadata(b, 'metadata');
	checkOptionalString(b, 'player_id');
}

/**
 * Validates a list body; returns normalised options.
 * @param {unknown} body
 */
function validateList(body) {
	const b = /** @type {Record<string, unknown>} */ (body === undefined || body === null ? {} : body);
	if (!isObject(b)) throw bad('request body must be a JSON object');
	checkOptionalString(b, 'search');
	checkOptionalString(b, 'type');
	if (b.type && !MEDIA_TYPES.includes(/** @type {string} */ (b.type))) {
		throw bad(`type must be one of ${MEDIA_TYPES.join(', ')}`);
	}
	for (const field of ['status', 'tags']) {
		const v = b[field];
		if (v === undefined || v === null) continue;
		if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`${field} must be an array of strings`);
	}
	if (Array.isArray(b.status)) {
		for (const s of b.status) {
			if (!STATUSES.includes(s)) throw bad(`status must only contain ${STATUSES.join(', ')} (got ${JSON.stringify(s)})`);
		}
	}
	checkMetadata(b, 'metadata');
	const offset = b.offset ?? 0;
	const limit = b.limit ?? 25;
	if (!isInt(offset) || /** @type {number} */ (offset) < 0) throw bad('offset must be an integer >= 0');
	if (!isInt(limit) || /** @type {number} */ (limit) < 1 || /** @type {number} */ (limit) > 100) {
		throw bad('limit must be an integer between 1 and 100');
	}
	const sortBy = b.sort_by || 'created_at';
	const orderBy = b.order_by || 'asc';
	if (!SORT_FIELDS.includes(/** @type {string} */ (sortBy))) {
		throw bad(`sort_by must be one of ${SORT_FIELDS.join(', ')} (got ${JSON.stringify(sortBy)})`);
	}
	if (!ORDERS.includes(/** @type {string} */ (orderBy))) {
		throw bad(`order_by must be one of ${ORDERS.join(', ')} (got ${JSON.stringify(orderBy)})`);
	}
	return {
		search: /** @type {string} */ (b.search ?? ''),
		type: /** @type {string} */ (b.type ?? ''),
		status: /** @type {string[]} */ (b.status ?? []),
		tags: /** @type {string[]} */ (b.tags ?? []),
		metadata: /** @type {{ key: string, value: string }[]} */ (b.metadata ?? []),
		offset: /** @type {number} */ (offset),
		limit: /** @type {number} */ (limit),
		sortBy: /** @type {string} */ (sortBy),
		orderBy: /** @type {string} */ (orderBy),
	};
}

/**
 * Parses `Content-Range: bytes start-end/total` (end inclusive).
 * @param {string | undefined} header
 * @returns {{ start: number, end: number, total: number }}
 */
function parseContentRange(header) {
	if (header === undefined || header.trim() === '') {
		throw bad('Content-Range header is required (format: bytes start-end/total, end inclusive)');
	}
	const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(header);
	if (!match) {
		throw bad(`invalid Content-Range header "${header}" (format: bytes start-end/total, end inclusive)`);
	}
	const start = Number(match[1]);
	const end = Number(match[2]);
	const total = Number(match[3]);
	if (![start, end, total].every(Number.isSafeInteger)) throw bad(`invalid Content-Range header "${header}"`);
	if (total < 1) throw bad(`invalid Content-Range header "${header}": total must be > 0`);
	if (end < start) throw bad(`invalid Content-Range header "${header}": end is before start`);
	if (end >= total) {
		throw bad(`invalid Content-Range header "${header}": end must be < total (the end is inclusive)`);
	}
	return { start, end, total };
}

module.exports = {
	AUDIO_RESOLUTIONS,
	SAMPLE_RATES,
	SORT_FIELDS,
	VIDEO_RESOLUTIONS,
	checkMetadata,
	checkTags,
	parseContentRange,
	validateCreate,
	validateList,
	validateUpdate,
};
