// @ts-check
'use strict';

/**
 * The emulated AI/ML API MiniMax Music endpoints (spec: aiml-minimax-music.json):
 *   POST /v2/generate/audio/minimax/upload   multipart `purpose` + `file`
 *   POST /v2/generate/audio/minimax/generate JSON (music-01)
 *   GET  /v1/billing/balance                 the account balance (credential test; billing.aimlapi.com)
 *
 * Gateway errors (auth, request shape) answer with their HTTP status and
 * `{ message, path, requestId, statusCode, timestamp }`; upstream (MiniMax) errors answer HTTP 200 with
 * `base_resp: { status_code != 0, status_msg }`, as the real service does.
 */

const crypto = require('node:crypto');

const { detectAudioFormat, pcmTone, silentMp3, wavFile } = require('./audio');
const { HttpError, readJsonBody, sendJson } = require('./http-util');
const { MultipartError, parseMultipartRequest } = require('./multipart');

/** @typedef {import('./http-util').RequestContext} RequestContext */

const PURPOSES = ['song', 'voice', 'instrumental'];
const MIN_FILE_BYTES = 16000;
const MAX_LYRICS = 600;
const SAMPLE_RATES = [16000, 24000, 32000, 44100];
const BITRATES = [32000, 64000, 128000, 256000];
const FORMATS = ['mp3', 'wav', 'pcm'];
const GENERATED_SECONDS = 1;

/**
 * @typedef {object} MinimaxUpload
 * @property {string} purpose
 * @property {string | undefined} fileName
 * @property {string | undefined} mimeType
 * @property {number} size
 * @property {string} md5
 * @property {string} [voice_id]
 * @property {string} [instrumental_id]
 * @property {{ status_code: number, status_msg: string }} base_resp
 * @property {string} trace_id
 */

/**
 * @typedef {object} MinimaxGeneration
 * @property {unknown} body JSON received
 * @property {{ status_code: number, status_msg: string }} base_resp
 * @property {string} trace_id
 * @property {string} [format]
 * @property {number} [audioBytes]
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} n */
function randomAlnum(n) {
	const bytes = crypto.randomBytes(n);
	let out = '';
	for (let i = 0; i < n; i++) out += ALNUM[bytes[i] % ALNUM.length];
	return out;
}

/** An id in MiniMax's shape, e.g. vocal-2025011003141025-d5ZEMxmp. */
/** @param {'vocal' | 'instrumental'} prefix */
function newId(prefix) {
	const d = new Date();
	const pad = (/** @type {number} */ v, n = 2) => String(v).padStart(n, '0');
	const stamp =
		`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
		`${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(Math.floor(d.getUTCMilliseconds() / 10))}`;
	return `${prefix}-${stamp}-${randomAlnum(8)}`;
}

function traceId() {
	return crypto.randomBytes(16).toString('hex');
}

class MinimaxService {
	/** @param {{ keys: { aimlApiKey: string } }} options */
	constructor(options) {
		this.keys = options.keys;
		/** @type {MinimaxUpload[]} */
		this.uploads = [];
		/** @type {MinimaxGeneration[]} */
		this.generations = [];
		/** @type {Set<string>} */
		this.voiceIds = new Set();
		/** @type {Set<string>} */
		this.instrumentalIds = new Set();
	}

	/**
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {{ route: string } | undefined}
	 */
	match(method, pathname) {
		if (pathname === '/v1/billing/balance') return method === 'GET' ? { route: 'aimlBalance' } : undefined;
		if (method !== 'POST') return undefined;
		if (pathname === '/v2/generate/audio/minimax/upload') return { route: 'minimaxUpload' };
		if (pathname === '/v2/generate/audio/minimax/generate') return { route: 'minimaxGenerate' };
		return undefined;
	}

	/** @param {import('node:http').IncomingHttpHeaders} headers */
	isAuthorized(headers) {
		const auth = headers.authorization;
		if (typeof auth !== 'string') return false;
		const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
		return Boolean(m && m[1].trim() === this.keys.aimlApiKey);
	}

	/**
	 * A gateway-shaped error.
	 * @param {RequestContext} ctx
	 * @param {number} status
	 * @param {string} message
	 * @param {Record<string, string>} [headers]
	 */
	sendError(ctx, status, message, headers) {
		ctx.log.error = message;
		return sendJson(
			ctx,
			status,
			{
				message,
				path: ctx.url.pathname,
				requestId: crypto.randomUUID(),
				statusCode: status,
				timestamp: new Date().toISOString(),
			},
			headers,
		);
	}

	/**
	 * An upstream error: HTTP 200 with a non-zero base_resp.
	 * @param {RequestContext} ctx
	 * @param {number} statusCode
	 * @param {string} statusMsg
	 */
	sendBaseResp(ctx, statusCode, statusMsg) {
		ctx.log.error = `base_resp ${statusCode}: ${statusMsg}`;
		return sendJson(ctx, 200, { trace_id: traceId(), base_resp: { status_code: statusCode, status_msg: statusMsg } });
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {{ route: string }} match
	 */
	async handle(ctx, match) {
		try {
			if (match.route === 'minimaxUpload') return await this.upload(ctx);
			if (match.route === 'aimlBalance') return await this.balance(ctx);
			return await this.generate(ctx);
		} catch (error) {
			if (error instanceof HttpError) return await this.sendError(ctx, error.status, error.message);
			throw error;
		}
	}

	/**
	 * GET /v1/billing/balance (on the public API it lives on billing.aimlapi.com): the credential test.
	 * @param {RequestContext} ctx
	 */
	async balance(ctx) {
		return sendJson(ctx, 200, {
			balance: 1_000_000,
			lowBalance: false,
			lowBalanceThreshold: 10_000,
			lastUpdated: new Date().toISOString(),
			autoDebitStatus: 'disabled',
			status: 'current',
			statusExplanation: 'Balance is current and up to date',
		});
	}

	/** @param {RequestContext} ctx */
	async upload(ctx) {
		const contentType = String(ctx.req.headers['content-type'] ?? '');
		if (!/^\s*multipart\/form-data/i.test(contentType)) {
			throw new HttpError(400, 'Content-Type must be multipart/form-data with the fields "purpose" and "file"');
		}
		/** @type {{ fileName?: string, mimeType?: string, size: number, md5: import('node:crypto').Hash, head: Buffer[], headSize: number } | undefined} */
		let file;
		/** @type {Record<string, string>} */
		const fields = {};
		try {
			await parseMultipartRequest(ctx.req, {
				onPart(info) {
					if (info.name !== 'file') return null;
					if (file) throw new MultipartError('only one "file" field is allowed');
					const f = {
						fileName: info.filename,
						mimeType: info.mimeType,
						size: 0,
						md5: crypto.createHash('md5'),
						/** @type {Buffer[]} */
						head: [],
						headSize: 0,
					};
					file = f;
					return {
						write(chunk) {
							f.size += chunk.length;
							f.md5.update(chunk);
							if (f.headSize < 64) {
								f.head.push(Buffer.from(chunk.subarray(0, 64 - f.headSize)));
								f.headSize = Math.min(64, f.headSize + chunk.length);
							}
						},
						end() {},
					};
				},
				onField(name, value) {
					if (!(name in fields)) fields[name] = value;
				},
			});
		} catch (error) {
			if (/** @type {any} */ (error).code === 'ECONNABORTED') {
				ctx.log.error = 'client closed the connection during the upload';
				return;
			}
			if (error instanceof MultipartError) throw new HttpError(400, error.message);
			throw error;
		}
		const purpose = fields.purpose;
		if (purpose === undefined || !PURPOSES.includes(purpose)) {
			throw new HttpError(400, `purpose must be one of the following values: ${PURPOSES.join(', ')}`);
		}
		if (!file) throw new HttpError(400, 'file should not be empty');
		const head = Buffer.concat(file.head);
		/** @type {MinimaxUpload} */
		const record = {
			purpose,
			fileName: file.fileName,
			mimeType: file.mimeType,
			size: file.size,
			md5: file.md5.digest('hex'),
			base_resp: { status_code: 0, status_msg: 'success' },
			trace_id: traceId(),
		};
		this.uploads.push(record);
		if (!detectAudioFormat(head)) {
			record.base_resp = { status_code: 2013, status_msg: 'invalid params, file format must be mp3 or wav' };
		} else if (file.size < MIN_FILE_BYTES) {
			record.base_resp = { status_code: 2037, status_msg: 'voice duration too short' };
		}
		if (record.base_resp.status_code !== 0) {
			ctx.log.error = `base_resp ${record.base_resp.status_code}: ${record.base_resp.status_msg}`;
			return sendJson(ctx, 200, { trace_id: record.trace_id, base_resp: record.base_resp });
		}
		/** @type {Record<string, unknown>} */
		const out = {};
		if (purpose === 'song' || purpose === 'voice') {
			record.voice_id = newId('vocal');
			this.voiceIds.add(record.voice_id);
			out.voice_id = record.voice_id;
		}
		if (purpose === 'song' || purpose === 'instrumental') {
			record.instrumental_id = newId('instrumental');
			this.instrumentalIds.add(record.instrumental_id);
			out.instrumental_id = record.instrumental_id;
		}
		out.trace_id = record.trace_id;
		out.base_resp = record.base_resp;
		return sendJson(ctx, 200, out);
	}

	/** @param {RequestContext} ctx */
	async generate(ctx) {
		const body = await readJsonBody(ctx.req);
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw new HttpError(400, 'request body must be a JSON object');
		}
		const b = /** @type {Record<string, any>} */ (body);
		if (b.model !== 'music-01') throw new HttpError(400, 'model must be one of the following values: music-01');
		if (typeof b.lyrics !== 'string') throw new HttpError(400, 'lyrics must be a string');
		const setting = b.audio_setting ?? { format: 'mp3' };
		if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
			throw new HttpError(400, 'audio_setting must be an object');
		}
		if (!FORMATS.includes(setting.format)) {
			throw new HttpError(400, `audio_setting.format must be one of the following values: ${FORMATS.join(', ')}`);
		}
		if (setting.sample_rate !== undefined && !SAMPLE_RATES.includes(setting.sample_rate)) {
			throw new HttpError(400, `audio_setting.sample_rate must be one of the following values: ${SAMPLE_RATES.join(', ')}`);
		}
		if (setting.bitrate !== undefined && !BITRATES.includes(setting.bitrate)) {
			throw new HttpError(400, `audio_setting.bitrate must be one of the following values: ${BITRATES.join(', ')}`);
		}
		for (const field of ['refer_voice', 'refer_instrumental']) {
			if (b[field] !== undefined && typeof b[field] !== 'string') throw new HttpError(400, `${field} must be a string`);
		}
		/** @type {MinimaxGeneration} */
		const record = {
			body: JSON.parse(JSON.stringify(body)),
			base_resp: { status_code: 0, status_msg: 'success' },
			trace_id: traceId(),
		};
		this.generations.push(record);
		/** @type {string | undefined} */
		let problem;
		if (b.lyrics.trim() === '') problem = 'invalid params, lyrics is empty';
		else if ([...b.lyrics].length > MAX_LYRICS) problem = `invalid params, lyrics exceeds ${MAX_LYRICS} characters`;
		else if (!b.refer_voice && !b.refer_instrumental) {
			problem = 'invalid params, at least one of refer_voice or refer_instrumental is required';
		} else if (b.refer_voice && !this.voiceIds.has(b.refer_voice)) {
			problem = `invalid params, refer_voice ${b.refer_voice} not found`;
		} else if (b.refer_instrumental && !this.instrumentalIds.has(b.refer_instrumental)) {
			problem = `invalid params, refer_instrumental ${b.refer_instrumental} not found`;
		}
		if (problem) {
			record.base_resp = { status_code: 2013, status_msg: problem };
			ctx.log.error = `base_resp 2013: ${problem}`;
			return sendJson(ctx, 200, { trace_id: record.trace_id, base_resp: record.base_resp });
		}
		const sampleRate = setting.sample_rate ?? 44100;
		const bitrate = setting.bitrate ?? 256000;
		/** @type {Buffer} */
		let audio;
		let actualRate = sampleRate;
		let actualBitrate = bitrate;
		if (setting.format === 'mp3') {
			const mp3 = silentMp3(sampleRate, bitrate, GENERATED_SECONDS);
			audio = mp3.data;
			actualRate = mp3.sampleRate;
			actualBitrate = mp3.bitrate;
		} else {
			const samples = pcmTone(sampleRate, GENERATED_SECONDS);
			audio = setting.format === 'wav' ? wavFile(samples, sampleRate) : samples;
			actualBitrate = sampleRate * 16;
		}
		record.format = setting.format;
		record.audioBytes = audio.length;
		return sendJson(ctx, 200, {
			data: { status: 2, audio: audio.toString('hex') },
			extra_info: {
				audio_length: GENERATED_SECONDS * 1000,
				audio_size: audio.length,
				audio_bitrate: actualBitrate,
				audio_sample_rate: actualRate,
				music_duration: GENERATED_SECONDS * 1000,
				music_sample_rate: actualRate,
				music_channel: 1,
				bitrate: actualBitrate,
				music_size: audio.length,
			},
			analysis_info: null,
			trace_id: record.trace_id,
			base_resp: record.base_resp,
		});
	}

	reset() {
		this.uploads.length = 0;
		this.generations.length = 0;
		this.voiceIds.clear();
		this.instrumentalIds.clear();
	}
}

module.exports = { MinimaxService, MIN_FILE_BYTES, PURPOSES };
