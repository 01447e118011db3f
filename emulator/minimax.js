// @ts-check
'use strict';

/**
 * The emulated AI/ML API MiniMax Music endpoints (spec: aiml-minimax-music.json):
 *   POST /v2/generate/audio/minimax/upload   multipart `purpose` + `file`
 *   POST /v2/generate/audio/minimax/generate JSON (music-01)
 *   POST /v2/generate/audio                  JSON: starts an asynchronous generation (minimax/music-1.5, 2.0,
 *                                            2.6, cover; spec: aiml-minimax-models.md), answers its generation_id
 *   GET  /v2/generate/audio?generation_id=…  its status: queued → generating → completed (or error), then
 *                                            audio_file.url and meta.usage.credits_used
 *   GET  /files/minimax/{generation_id}.{ext} the generated file (no credential, like a CDN link)
 *   GET  /v1/billing/balance                 the account balance (credential test; billing.aimlapi.com)
 *
 * Gateway errors (auth, request shape) answer with their HTTP status and
 * `{ message, path, requestId, statusCode, timestamp }`; upstream (MiniMax) errors answer HTTP 200 with
 * `base_resp: { status_code != 0, status_msg }`, as the real service does.
 */

const crypto = require('node:crypto');

const { detectAudioFormat, estimateDurationSeconds, pcmTone, silentMp3, wavFile } = require('./audio');
const { HttpError, readJsonBody, sendJson, sendText } = require('./http-util');
const { MultipartError, parseMultipartRequest } = require('./multipart');

/** @typedef {import('./http-util').RequestContext} RequestContext */

const PURPOSES = ['song', 'voice', 'instrumental'];
const MIN_FILE_BYTES = 16000;
const MAX_LYRICS = 600;
const SAMPLE_RATES = [16000, 24000, 32000, 44100];
const BITRATES = [32000, 64000, 128000, 256000];
const FORMATS = ['mp3', 'wav', 'pcm'];
/** The asynchronous models write MP3 or WAV only: PCM is music-01's. */
const ASYNC_FORMATS = ['mp3', 'wav'];
const GENERATED_SECONDS = 1;

/**
 * What each asynchronous model takes: text limits (characters; `required` = may not be empty), and
 * whether it takes audio_setting, is_instrumental / lyrics_optimizer, reference_audio_url.
 * @typedef {{ required: boolean, min: number, max: number }} TextLimit
 * @typedef {{ prompt: TextLimit, lyrics: TextLimit, audioSetting: boolean, switches: boolean, reference: boolean }} AsyncModel
 * @type {Record<string, AsyncModel>}
 */
const ASYNC_MODELS = {
	'minimax/music-2.6': {
		prompt: { required: false, min: 0, max: 2000 },
		lyrics: { required: false, min: 0, max: 3000 },
		audioSetting: true,
		switches: true,
		reference: false,
	},
	'minimax/music-2.0': {
		prompt: { required: true, min: 10, max: 2000 },
		lyrics: { required: true, min: 10, max: 3000 },
		audioSetting: true,
		switches: false,
		reference: false,
	},
	'minimax/music-1.5': {
		prompt: { required: true, min: 10, max: 300 },
		lyrics: { required: true, min: 10, max: 600 },
		audioSetting: true,
		switches: false,
		reference: false,
	},
	'minimax/music-cover': {
		prompt: { required: true, min: 10, max: 300 },
		lyrics: { required: false, min: 0, max: 600 },
		audioSetting: false,
		switches: false,
		reference: true,
	},
};

/** music-cover's reference audio: 6 s to 6 min, at most 50 MB. */
const REFERENCE_MIN_SECONDS = 6;
const REFERENCE_MAX_SECONDS = 360;
const REFERENCE_MAX_BYTES = 50_000_000;
/** Status requests a generation answers 'queued' / 'generating' before it is done, by default. */
const DEFAULT_POLLS_BEFORE_DONE = 2;
const CREDITS_PER_GENERATION = 21;

/**
 * How the next asynchronous generation ends (`planNextGeneration`): completed or error after
 * `pollsBeforeDone` status requests, or stuck in 'generating' for ever.
 * @typedef {object} GenerationPlan
 * @property {'completed' | 'error' | 'stuck'} [outcome] default 'completed'
 * @property {number} [pollsBeforeDone] status requests answered queued/generating first (default 2)
 * @property {{ name: string, message: string }} [error] the error of an 'error' outcome
 */

/**
 * An asynchronous generation as the emulator keeps it.
 * @typedef {object} AudioGeneration
 * @property {string} generation_id
 * @property {string} model
 * @property {Record<string, any>} body JSON received
 * @property {{ kind: 'base64', mimeType: string, size: number, md5: string, seconds: number } | { kind: 'url', url: string }} [reference]
 *   music-cover's reference audio as received (Base64 data decoded)
 * @property {'queued' | 'generating' | 'completed' | 'error'} status
 * @property {number} polls status requests answered so far
 * @property {Required<Pick<GenerationPlan, 'outcome' | 'pollsBeforeDone'>> & Pick<GenerationPlan, 'error'>} plan
 * @property {string} format extension of the generated file
 * @property {Buffer} audio the generated file
 */

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

/**
 * A generated file in the requested format: a silent MP3, or a WAV / raw PCM tone.
 * @param {{ format: string, sample_rate?: number, bitrate?: number }} setting
 */
function renderAudio(setting) {
	const sampleRate = setting.sample_rate ?? 44100;
	const bitrate = setting.bitrate ?? 256000;
	if (setting.format === 'mp3') {
		const mp3 = silentMp3(sampleRate, bitrate, GENERATED_SECONDS);
		return { audio: mp3.data, actualRate: mp3.sampleRate, actualBitrate: mp3.bitrate };
	}
	const samples = pcmTone(sampleRate, GENERATED_SECONDS);
	const audio = setting.format === 'wav' ? wavFile(samples, sampleRate) : samples;
	return { audio, actualRate: sampleRate, actualBitrate: sampleRate * 16 };
}

/**
 * Checks an audio_setting object as the gateway does (HTTP 400 with the field's path).
 * @param {unknown} setting
 * @param {string[]} formats the formats the model writes
 * @returns {{ format: string, sample_rate?: number, bitrate?: number }}
 */
function checkAudioSetting(setting, formats) {
	if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
		throw new HttpError(400, 'audio_setting must be an object');
	}
	const s = /** @type {Record<string, any>} */ (setting);
	if (!formats.includes(s.format)) {
		throw new HttpError(400, `audio_setting.format must be one of the following values: ${formats.join(', ')}`);
	}
	if (s.sample_rate !== undefined && !SAMPLE_RATES.includes(s.sample_rate)) {
		throw new HttpError(400, `audio_setting.sample_rate must be one of the following values: ${SAMPLE_RATES.join(', ')}`);
	}
	if (s.bitrate !== undefined && !BITRATES.includes(s.bitrate)) {
		throw new HttpError(400, `audio_setting.bitrate must be one of the following values: ${BITRATES.join(', ')}`);
	}
	return /** @type {{ format: string, sample_rate?: number, bitrate?: number }} */ (s);
}

const AUDIO_CONTENT_TYPES = /** @type {Record<string, string>} */ ({ mp3: 'audio/mpeg', wav: 'audio/wav', pcm: 'audio/pcm' });

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
		/** @type {AudioGeneration[]} */
		this.audioGenerations = [];
		/** @type {GenerationPlan[]} */
		this.generationPlans = [];
	}

	/**
	 * Sets how the next asynchronous generation ends; plans queue up, one per generation.
	 * @param {GenerationPlan} plan
	 */
	planNextGeneration(plan) {
		this.generationPlans.push(plan);
	}

	/**
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {{ route: string, id?: string, public?: boolean } | undefined}
	 */
	match(method, pathname) {
		if (pathname === '/v1/billing/balance') return method === 'GET' ? { route: 'aimlBalance' } : undefined;
		if (pathname === '/v2/generate/audio') {
			if (method === 'POST') return { route: 'aimlGenerateAudio' };
			if (method === 'GET') return { route: 'aimlGenerationStatus' };
			return undefined;
		}
		const file = /^\/files\/minimax\/([^/]+)\.(mp3|wav|pcm)$/.exec(pathname);
		if (file) return method === 'GET' ? { route: 'aimlGeneratedFile', id: file[1], public: true } : undefined;
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
	 * A gateway-shaped error (a 400 is a validation error: see sendValidationError).
	 * @param {RequestContext} ctx
	 * @param {number} status
	 * @param {string} message
	 * @param {Record<string, string>} [headers]
	 */
	sendError(ctx, status, message, headers) {
		if (status === 400) return this.sendValidationError(ctx, [message]);
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
	 * A request the gateway refuses before it reaches MiniMax: HTTP 400, a fixed headline and the
	 * field-level reasons under `errors` (the shape assumed in README.md, "Validation errors").
	 * @param {RequestContext} ctx
	 * @param {string[]} reasons
	 */
	sendValidationError(ctx, reasons) {
		ctx.log.error = reasons.join('; ');
		return sendJson(ctx, 400, {
			message: 'Body validation error!',
			errors: reasons,
			path: ctx.url.pathname,
			requestId: crypto.randomUUID(),
			statusCode: 400,
			timestamp: new Date().toISOString(),
		});
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
	 * @param {{ route: string, id?: string }} match
	 */
	async handle(ctx, match) {
		try {
			if (match.route === 'minimaxUpload') return await this.upload(ctx);
			if (match.route === 'aimlBalance') return await this.balance(ctx);
			if (match.route === 'aimlGenerateAudio') return await this.startAudioGeneration(ctx);
			if (match.route === 'aimlGenerationStatus') return await this.audioGenerationStatus(ctx);
			if (match.route === 'aimlGeneratedFile') return await this.generatedFile(ctx, match.id ?? '');
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
		const setting = checkAudioSetting(b.audio_setting ?? { format: 'mp3' }, FORMATS);
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
		const { audio, actualRate, actualBitrate } = renderAudio(setting);
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

	/**
	 * POST /v2/generate/audio: checks the body for its model, keeps it and answers the generation_id.
	 * @param {RequestContext} ctx
	 */
	async startAudioGeneration(ctx) {
		const body = await readJsonBody(ctx.req);
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw new HttpError(400, 'request body must be a JSON object');
		}
		const b = /** @type {Record<string, any>} */ (body);
		const spec = ASYNC_MODELS[b.model];
		if (!spec) throw new HttpError(400, `model must be one of the following values: ${Object.keys(ASYNC_MODELS).join(', ')}`);
		for (const field of /** @type {const} */ (['prompt', 'lyrics'])) {
			const limit = spec[field];
			const value = b[field];
			if (value === undefined && !limit.required) continue;
			if (typeof value !== 'string') throw new HttpError(400, `${field} must be a string`);
			const length = [...value].length;
			if (length < Math.max(limit.min, limit.required ? 1 : 0)) {
				throw new HttpError(400, `${field} must be longer than or equal to ${limit.min} characters`);
			}
			if (length > limit.max) throw new HttpError(400, `${field} must be shorter than or equal to ${limit.max} characters`);
		}
		for (const field of ['is_instrumental', 'lyrics_optimizer']) {
			if (b[field] === undefined) continue;
			if (!spec.switches) throw new HttpError(400, `property ${field} should not exist`);
			if (typeof b[field] !== 'boolean') throw new HttpError(400, `${field} must be a boolean value`);
		}
		if (b.audio_setting !== undefined && !spec.audioSetting) throw new HttpError(400, 'property audio_setting should not exist');
		const setting = spec.audioSetting ? checkAudioSetting(b.audio_setting ?? { format: 'mp3' }, ASYNC_FORMATS) : { format: 'mp3' };
		/** @type {AudioGeneration['reference']} */
		let reference;
		if (spec.reference) reference = checkReferenceAudio(b.reference_audio_url);
		else if (b.reference_audio_url !== undefined) throw new HttpError(400, 'property reference_audio_url should not exist');

		const plan = this.generationPlans.shift() ?? {};
		const generationId = crypto.randomUUID();
		this.audioGenerations.push({
			generation_id: generationId,
			model: b.model,
			body: b,
			reference,
			status: 'queued',
			polls: 0,
			plan: {
				outcome: plan.outcome ?? 'completed',
				pollsBeforeDone: plan.pollsBeforeDone ?? DEFAULT_POLLS_BEFORE_DONE,
				error: plan.error,
			},
			format: setting.format,
			audio: renderAudio(setting).audio,
		});
		return sendJson(ctx, 200, { generation_id: generationId, status: 'queued' });
	}

	/**
	 * GET /v2/generate/audio?generation_id=…: each request moves the generation on by one step.
	 * @param {RequestContext} ctx
	 */
	async audioGenerationStatus(ctx) {
		const id = ctx.url.searchParams.get('generation_id');
		if (!id) throw new HttpError(400, 'generation_id should not be empty');
		const generation = this.audioGenerations.find((g) => g.generation_id === id);
		if (!generation) throw new HttpError(404, `generation ${id} not found`);
		generation.polls++;
		const { outcome, pollsBeforeDone, error } = generation.plan;
		if (outcome === 'stuck' || generation.polls <= pollsBeforeDone) {
			generation.status = generation.polls <= 1 ? 'queued' : 'generating';
		} else {
			generation.status = outcome === 'error' ? 'error' : 'completed';
		}
		/** @type {Record<string, unknown>} */
		const out = { id, generation_id: id, status: generation.status };
		if (generation.status === 'completed') {
			out.audio_file = {
				url: `http://${ctx.req.headers.host}/files/minimax/${id}.${generation.format}`,
			};
			out.meta = { usage: { credits_used: CREDITS_PER_GENERATION } };
		}
		if (generation.status === 'error') {
			out.error = error ?? { name: 'GenerationError', message: 'the model could not generate music from this input' };
		}
		return sendJson(ctx, 200, out);
	}

	/**
	 * GET /files/minimax/{generation_id}.{ext}: the audio of a completed generation.
	 * @param {RequestContext} ctx
	 * @param {string} id
	 */
	async generatedFile(ctx, id) {
		const generation = this.audioGenerations.find((g) => g.generation_id === id && g.status === 'completed');
		if (!generation) throw new HttpError(404, `no file for generation ${id}`);
		return sendText(ctx, 200, AUDIO_CONTENT_TYPES[generation.format], generation.audio);
	}

	reset() {
		this.audioGenerations.length = 0;
		this.generationPlans.length = 0;
		this.uploads.length = 0;
		this.generations.length = 0;
		this.voiceIds.clear();
		this.instrumentalIds.clear();
	}
}

/**
 * music-cover's reference_audio_url: an https URL (kept as is), or Base64 data (a data URL or bare
 * Base64) of an MP3 or WAV file of 6 s to 6 min and at most 50 MB.
 * @param {unknown} value
 * @returns {NonNullable<AudioGeneration['reference']>}
 */
function checkReferenceAudio(value) {
	if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, 'reference_audio_url should not be empty');
	if (/^https:\/\/\S+$/i.test(value)) return { kind: 'url', url: value };
	if (/^http:\/\//i.test(value)) throw new HttpError(400, 'reference_audio_url must be an https URL or Base64 data');
	const dataUrl = /^data:([^;,]+);base64,/i.exec(value);
	const base64 = dataUrl ? value.slice(dataUrl[0].length) : value;
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new HttpError(400, 'reference_audio_url must be an https URL or Base64 data');
	const audio = Buffer.from(base64, 'base64');
	if (audio.length > REFERENCE_MAX_BYTES) throw new HttpError(400, 'reference audio must be at most 50 MB');
	const format = detectAudioFormat(audio.subarray(0, 64));
	if (!format) throw new HttpError(400, 'reference audio must be MP3 or WAV');
	const seconds = estimateDurationSeconds(audio.subarray(0, 64), audio.length);
	if (seconds < REFERENCE_MIN_SECONDS || seconds > REFERENCE_MAX_SECONDS) {
		throw new HttpError(400, `reference audio must be ${REFERENCE_MIN_SECONDS} s to ${REFERENCE_MAX_SECONDS / 60} min long (got ${seconds.toFixed(1)} s)`);
	}
	return {
		kind: 'base64',
		mimeType: dataUrl ? dataUrl[1] : AUDIO_CONTENT_TYPES[format],
		size: audio.length,
		md5: crypto.createHash('md5').update(audio).digest('hex'),
		seconds,
	};
}

module.exports = { MinimaxService, MIN_FILE_BYTES, PURPOSES };
