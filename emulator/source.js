// @ts-check
'use strict';

/**
 * A "file source" for the upload-from-URL tests and benchmark: files served on the emulator's port behind
 * presigned-looking URLs, like an S3 / R2 / GCS object, a Drive or Dropbox direct link, or a CDN.
 *
 *   const file = emu.source.add({ name: 'ep42.wav', size: 1024 ** 3, ranges: true });
 *   file.url     // http://127.0.0.1:PORT/file-source/<id>/ep42.wav?X-Amz-Algorithm=…&X-Amz-Signature=<token>
 *   file.md5     // of the whole content (generated content is computed block by block, never held whole)
 *   file.served  // content bytes sent so far, all responses together
 *
 * A file is either the bytes given, or generated from its offset: a kind-specific header (WAV, MP3, PNG)
 * laid over a pseudo-random pattern computed per 64 KiB block from the block index, so any byte range of a
 * file of any size is produced in time proportional to the range, with no disk and no memory proportional
 * to the size. Bodies are written in 1 MiB chunks honouring backpressure.
 *
 * The pattern (for an independent check): block k covers bytes [k·65536, (k+1)·65536); its state starts at
 * x = (imul(k + 1, 0x9E3779B1) XOR seed) >>> 0 (1 if that is 0); each of its 16384 little-endian 32-bit words
 * is the next xorshift32 value (x ^= x << 13; x ^= x >>> 17; x ^= x << 5, all unsigned 32-bit). The header
 * (`file.header`) then replaces the first bytes of the file.
 */

const { createHash, randomBytes } = require('node:crypto');
const os = require('node:os');

const { detectAudioFormat } = require('./audio');
const { REDACTED, drain } = require('./http-util');

/** Path prefix of every source file ('/source/' is the AIOZ media's source_url). */
const PREFIX = '/file-source/';
/** Name of the route in the request log. */
const ROUTE = 'fileSource';
const BLOCK_SIZE = 64 * 1024;
const CHUNK_SIZE = 1024 * 1024;
/** Pausing for less than this is not worth a timer: the pace is kept on average. */
const MIN_PAUSE_MS = 4;
const LITTLE_ENDIAN = os.endianness() === 'LE';
const LAST_MODIFIED = 'Thu, 01 Jan 2026 00:00:00 GMT';
/** Query parameters whose values are secrets: redacted in the request log. */
const SECRET_QUERY = /^(x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|signature|sig|token|access_token)$/i;

/** @typedef {'wav' | 'mp3' | 'html' | 'png'} SourceKind */

/**
 * How the next GETs of a file fail (see `SourceFile.failNext`).
 * @typedef {object} SourceFailOptions
 * @property {number | 'drop'} [status] HTTP status (default 503), or 'drop' to destroy the connection
 * @property {number} [times] how many GETs fail (default 1)
 * @property {number} [afterBytes] with 'drop': send the headers and this many body bytes first (absent: no answer
 *   at all)
 * @property {number} [retryAfterSeconds] Retry-After of a 429 or 503 (default 1)
 */

/**
 * How a source file answers; every field can be changed later with `file.update()`.
 * @typedef {object} SourceBehaviour
 * @property {boolean} [ranges] honour `Range: bytes=…` with 206 (default true); false: always 200 with the whole body
 * @property {boolean} [length] send Content-Length on 200 and HEAD answers (default true); false: chunked, and HEAD
 *   says no length (206 answers keep theirs)
 * @property {boolean} [head] answer HEAD (default true); false: HEAD is 405 (a URL signed for GET only)
 * @property {number | 'loop'} [redirects] 302 hops before the content (default 0); Infinity: an endless chain;
 *   'loop': the URL and its first hop redirect to each other
 * @property {number} [status] answer this error status (after the redirects) instead of the content, with an S3-like
 *   body
 * @property {'xml' | 'json'} [errorFormat] body of error answers: S3's XML (default) or a JSON error
 * @property {number} [bytesPerSecond] pace the body at this rate per connection (0 or absent: no pacing)
 * @property {number} [delayMs] wait this long before answering each request of this file
 * @property {string} [contentType] Content-Type (default: by kind)
 * @property {string} [contentDisposition] a file name: `Content-Disposition: attachment; filename="…"`
 * @property {Record<string, string>} [requireHeaders] request headers the source requires (a private link: e.g.
 *   `{ authorization: 'Bearer t' }`); a request without them is 403
 */

/**
 * @typedef {SourceBehaviour & {
 *   name?: string, size?: number, bytes?: Uint8Array, kind?: SourceKind, seed?: number, signed?: boolean
 * }} SourceFileOptions
 * `size` (generated content, default 1 MiB) or `bytes`; `kind` of generated content (default 'wav'; 'html' is a
 * fixed page whatever the size); `seed` of the pattern (default: one per file); `signed: false` gives a plain URL
 * without the presigned query.
 */

/**
 * Extra fields of the request log entries of source files.
 * @typedef {object} SourceLogFields
 * @property {string} [sourceId] id of the source file requested
 * @property {string} [range] the Range request header, as received
 * @property {number} [sourceBytes] content bytes sent in this answer
 * @property {string} [location] Location of a redirect
 */

/** @typedef {import('./http-util').RequestLogEntry & SourceLogFields} SourceLogEntry */
/** @typedef {import('./http-util').RequestContext} RequestContext */

/**
 * Fills `target` (a whole number of 32-bit words, 4-byte aligned) with block `index`'s pattern from word `fromWord`.
 * @param {Buffer} target
 * @param {number} index
 * @param {number} seed
 */
function fillBlock(target, index, seed) {
	const words = new Uint32Array(target.buffer, target.byteOffset, target.length >>> 2);
	let x = (Math.imul(index + 1, 0x9e3779b1) ^ seed) >>> 0;
	if (x === 0) x = 1;
	for (let i = 0; i < words.length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		words[i] = x;
	}
	if (!LITTLE_ENDIAN) target.swap32();
}

/** @param {Buffer} buffer */
function crc32(buffer) {
	let crc = 0xffffffff;
	for (const byte of buffer) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The first bytes of a generated file of this kind and size.
 * @param {SourceKind} kind
 * @param {number} size
 */
function headerOf(kind, size) {
	if (kind === 'wav') {
		const header = Buffer.alloc(44);
		header.write('RIFF', 0, 'latin1');
		header.writeUInt32LE(Math.min(0xffffffff, Math.max(0, size - 8)), 4);
		header.write('WAVE', 8, 'latin1');
		header.write('fmt ', 12, 'latin1');
		header.writeUInt32LE(16, 16);
		header.writeUInt16LE(1, 20); // PCM
		header.writeUInt16LE(2, 22); // stereo
		header.writeUInt32LE(44100, 24);
		header.writeUInt32LE(44100 * 4, 28); // byte rate
		header.writeUInt16LE(4, 32); // block align
		header.writeUInt16LE(16, 34); // bits per sample
		header.write('data', 36, 'latin1');
		header.writeUInt32LE(Math.min(0xffffffff, Math.max(0, size - 44)), 40);
		return header;
	}
	if (kind === 'mp3') {
		// ID3v2.4 tag with one TIT2 frame, then an MPEG-1 Layer III frame header (128 kbit/s, 44.1 kHz, stereo).
		const text = Buffer.from('\x03Emulator source', 'latin1');
		const frame = Buffer.alloc(10);
		frame.write('TIT2', 0, 'latin1');
		frame.writeUInt32BE(text.length, 4); // synchsafe for sizes < 128
		const tag = Buffer.alloc(10);
		tag.write('ID3', 0, 'latin1');
		tag[3] = 4;
		tag.writeUInt32BE(frame.length + text.length, 6);
		return Buffer.concat([tag, frame, text, Buffer.from([0xff, 0xfb, 0x90, 0x04])]);
	}
	if (kind === 'png') {
		const ihdr = Buffer.alloc(17);
		ihdr.write('IHDR', 0, 'latin1');
		ihdr.writeUInt32BE(64, 4); // width
		ihdr.writeUInt32BE(64, 8); // height
		ihdr[12] = 8; // bit depth
		ihdr[13] = 2; // RGB
		const chunk = Buffer.alloc(25);
		chunk.writeUInt32BE(13, 0);
		ihdr.copy(chunk, 4);
		chunk.writeUInt32BE(crc32(ihdr), 21);
		return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk]);
	}
	return Buffer.alloc(0);
}

/** A sharing site's "confirm download" page, as served instead of a large file. */
const HTML_PAGE = Buffer.from(
	[
		'<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/>',
		'<title>Google Drive - Virus scan warning</title></head><body>',
		'<div class="uc-main"><div id="uc-text"><p class="uc-warning-caption">Google Drive can\'t scan this file for viruses.</p>',
		'<p class="uc-warning-subcaption">This file is too large for Google to scan for viruses. Would you still like to download this file?</p>',
		'<form id="download-form" action="https://drive.usercontent.google.com/download" method="get">',
		'<input type="submit" id="uc-download-link" class="goog-inline-block jfk-button jfk-button-action" value="Download anyway"/>',
		'<input type="hidden" name="id" value="1AbCdEfGhIjKlMnOpQrStUvWxYz"><input type="hidden" name="export" value="download">',
		'<input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="00000000-0000-4000-8000-000000000000">',
		'</form></div></div></body></html>',
		'',
	].join('\n'),
	'utf8',
);

const CONTENT_TYPES = /** @type {const} */ ({
	wav: 'audio/wav',
	mp3: 'audio/mpeg',
	html: 'text/html; charset=utf-8',
	png: 'image/png',
});

/**
 * Content-Type of given bytes, by their first bytes.
 * @param {Buffer} bytes
 */
function sniffContentType(bytes) {
	const audio = detectAudioFormat(bytes.subarray(0, 12));
	if (audio) return CONTENT_TYPES[audio];
	if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) return CONTENT_TYPES.png;
	if (/^\s*</.test(bytes.toString('latin1', 0, 64))) return CONTENT_TYPES.html;
	return 'application/octet-stream';
}

/**
 * The content of a source file: any byte range of it, cheaply.
 */
class Content {
	/**
	 * @param {{ bytes?: Buffer, size?: number, kind: SourceKind, seed: number }} options
	 */
	constructor(options) {
		this.bytes = options.bytes;
		this.seed = options.seed;
		this.size = options.bytes ? options.bytes.length : (options.size ?? 0);
		this.header = options.bytes ? Buffer.alloc(0) : headerOf(options.kind, this.size);
		/** @type {Buffer} */
		this.scratch = Buffer.allocUnsafeSlow(BLOCK_SIZE);
		/** @type {string | undefined} */
		this.md5Cache = undefined;
	}

	/**
	 * Bytes [start, end) of the content, in a new buffer.
	 * @param {number} start
	 * @param {number} end
	 */
	read(start, end) {
		if (this.bytes) return Buffer.from(this.bytes.subarray(start, end));
		const out = Buffer.allocUnsafeSlow(end - start);
		for (let pos = start; pos < end; ) {
			const index = Math.floor(pos / BLOCK_SIZE);
			const blockStart = index * BLOCK_SIZE;
			const from = pos - blockStart;
			const to = Math.min(BLOCK_SIZE, end - blockStart);
			const at = pos - start;
			if (from === 0 && to === BLOCK_SIZE && at % 4 === 0) {
				fillBlock(out.subarray(at, at + BLOCK_SIZE), index, this.seed);
			} else {
				fillBlock(this.scratch, index, this.seed);
				this.scratch.copy(out, at, from, to);
			}
			pos = blockStart + to;
		}
		if (start < this.header.length) this.header.copy(out, 0, start, Math.min(this.header.length, end));
		return out;
	}

	/** md5 hex of the whole content (computed once, block by block). */
	md5() {
		if (this.md5Cache === undefined) {
			const hash = createHash('md5');
			for (let pos = 0; pos < this.size; pos += CHUNK_SIZE) hash.update(this.read(pos, Math.min(this.size, pos + CHUNK_SIZE)));
			this.md5Cache = hash.digest('hex');
		}
		return this.md5Cache;
	}
}

/**
 * The request path with the values of secret query parameters (signatures, credentials, tokens) redacted.
 * @param {URL} parsed
 */
function redactedPath(parsed) {
	if (!parsed.search) return parsed.pathname;
	const parts = parsed.search.slice(1).split('&');
	let changed = false;
	const out = parts.map((part) => {
		const eq = part.indexOf('=');
		if (eq < 0) return part;
		let name = part.slice(0, eq);
		try {
			name = decodeURIComponent(name);
		} catch {
			// keep it raw
		}
		if (!SECRET_QUERY.test(name)) return part;
		changed = true;
		return `${part.slice(0, eq)}=${REDACTED}`;
	});
	return parsed.pathname + (changed ? `?${out.join('&')}` : parsed.search);
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves on 'drain' or 'close', whichever first.
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<void>}
 */
function drainOrClose(res) {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

/** S3's error codes and messages by status. */
const S3_ERRORS = /** @type {Record<number, [string, string]>} */ ({
	400: ['InvalidRequest', 'Bad Request'],
	401: ['Unauthorized', 'Unauthorized'],
	403: ['AccessDenied', 'Access Denied'],
	404: ['NoSuchKey', 'The specified key does not exist.'],
	405: ['MethodNotAllowed', 'The specified method is not allowed against this resource.'],
	410: ['Gone', 'The object is no longer available.'],
	429: ['TooManyRequests', 'Please reduce your request rate.'],
	500: ['InternalError', 'We encountered an internal error. Please try again.'],
	502: ['BadGateway', 'Bad Gateway'],
	503: ['SlowDown', 'Please reduce your request rate.'],
	504: ['GatewayTimeout', 'Gateway Timeout'],
});

/** When each connection may next send, for `bytesPerSecond` (connections are reused by keep-alive). */
/** @type {WeakMap<import('node:net').Socket, { readyAt: number }>} */
const paceSchedules = new WeakMap();

/**
 * @typedef {object} SourceRecord
 * @property {string} id
 * @property {string} name
 * @property {string} kind SourceKind, or 'bytes' for given bytes
 * @property {string} signature the X-Amz-Signature value the URL carries
 * @property {boolean} signed
 * @property {Content} content
 * @property {Required<Pick<SourceBehaviour, 'ranges' | 'length' | 'head' | 'redirects' | 'errorFormat'>> & SourceBehaviour} behaviour
 * @property {(SourceFailOptions & { times: number })[]} failures
 * @property {number} served
 */

class SourceService {
	/**
	 * @param {{ getUrl: () => string, requests: SourceLogEntry[] }} options
	 */
	constructor(options) {
		this.getUrl = options.getUrl;
		this.requests = options.requests;
		/** @type {Map<string, SourceRecord>} */
		this.files = new Map();
		this.seq = 0;
	}

	/** @param {string} pathname */
	match(pathname) {
		return pathname.startsWith(PREFIX);
	}

	/**
	 * Registers a file and returns its handle.
	 * @param {SourceFileOptions} [options]
	 */
	add(options = {}) {
		const id = `src${++this.seq}${randomBytes(3).toString('hex')}`;
		if (options.bytes !== undefined && options.size !== undefined) throw new TypeError('source: give size or bytes, not both');
		const kind = options.kind ?? 'wav';
		if (!(kind in CONTENT_TYPES)) throw new TypeError(`source: kind must be one of ${Object.keys(CONTENT_TYPES).join(', ')}`);
		let bytes = options.bytes === undefined ? undefined : Buffer.from(options.bytes);
		if (kind === 'html' && !bytes) bytes = HTML_PAGE;
		const size = options.size ?? 1024 * 1024;
		if (!bytes && !(Number.isSafeInteger(size) && size >= 0)) throw new TypeError('source: size must be a non-negative integer');
		const seed = options.seed ?? (Math.imul(this.seq, 0x85ebca6b) >>> 0);
		const name = options.name ?? `audio-${this.seq}.${options.bytes ? 'bin' : kind}`;
		if (!name || name.includes('/')) throw new TypeError('source: name must be a non-empty file name without "/"');
		/** @type {SourceRecord} */
		const record = {
			id,
			name,
			kind: options.bytes ? 'bytes' : kind,
			signature: randomBytes(32).toString('hex'),
			signed: options.signed ?? true,
			content: new Content({ bytes, size, kind, seed }),
			behaviour: { ranges: true, length: true, head: true, redirects: 0, errorFormat: 'xml' },
			failures: [],
			served: 0,
		};
		this.update(record, options);
		if (!record.behaviour.contentType) {
			record.behaviour.contentType = options.bytes ? sniffContentType(/** @type {Buffer} */ (bytes)) : CONTENT_TYPES[kind];
		}
		this.files.set(id, record);
		return this.handleOf(record);
	}

	/**
	 * @param {SourceRecord} record
	 * @param {SourceBehaviour} changes
	 */
	update(record, changes) {
		const r = changes.redirects;
		if (r !== undefined && r !== 'loop' && !(r === Infinity || (Number.isInteger(r) && r >= 0))) {
			throw new TypeError("source: redirects must be a non-negative integer, Infinity or 'loop'");
		}
		if (changes.status !== undefined && !(Number.isInteger(changes.status) && changes.status >= 400 && changes.status <= 599)) {
			throw new TypeError('source: status must be an HTTP error status (400-599)');
		}
		if (changes.bytesPerSecond !== undefined && !(changes.bytesPerSecond >= 0)) {
			throw new TypeError('source: bytesPerSecond must be >= 0');
		}
		if (changes.delayMs !== undefined && !(changes.delayMs >= 0)) throw new TypeError('source: delayMs must be >= 0');
		for (const key of /** @type {(keyof SourceBehaviour)[]} */ ([
			'ranges',
			'length',
			'head',
			'redirects',
			'status',
			'errorFormat',
			'bytesPerSecond',
			'delayMs',
			'contentType',
			'contentDisposition',
			'requireHeaders',
		])) {
			if (key in changes) Object.assign(record.behaviour, { [key]: changes[key] });
		}
	}

	/**
	 * The public handle of a file.
	 * @param {SourceRecord} record
	 */
	handleOf(record) {
		const service = this;
		const query = record.signed ? `?${this.signedQuery(record, 0)}` : '';
		const file = {
			id: record.id,
			name: record.name,
			/** 'wav' | 'mp3' | 'html' | 'png', or 'bytes' for given bytes */
			kind: record.kind,
			size: record.content.size,
			/** Seed of the generated pattern (see emulator/source.js). */
			seed: record.content.seed,
			/** The bytes the generated content starts with (empty for given bytes). */
			header: Buffer.from(record.content.header),
			/** The X-Amz-Signature value of the URL (a secret: tests check it appears nowhere). */
			signature: record.signature,
			/** The presigned-looking URL (its signature is required, unless added with `signed: false`). */
			url: `${this.getUrl()}${PREFIX}${record.id}/${encodeURIComponent(record.name)}${query}`,
			/** md5 hex of the whole content (a generated file is hashed on first use: about 2 s per GiB). */
			get md5() {
				return record.content.md5();
			},
			/** Content bytes sent so far, all answers together (flushed to the socket; dropped answers count what went). */
			get served() {
				return record.served;
			},
			/** This file's entries of the emulator's request log (redirect hops included), in order. */
			get requests() {
				return service.requests.filter((entry) => entry.sourceId === record.id);
			},
			/**
			 * Bytes [start, end) of the content (as `Buffer.subarray` counts), for comparisons.
			 * @param {number} start
			 * @param {number} [end]
			 */
			slice(start, end = record.content.size) {
				const s = Math.max(0, Math.min(start, record.content.size));
				const e = Math.max(s, Math.min(end, record.content.size));
				return record.content.read(s, e);
			},
			/**
			 * The next `times` GETs of the content fail: with `status` (503 by default, Retry-After on 429/503), or
			 * 'drop' (after `afterBytes` body bytes, or before any answer).
			 * @param {SourceFailOptions} [opts]
			 */
			failNext(opts = {}) {
				const times = opts.times ?? 1;
				if (!(Number.isInteger(times) && times > 0)) throw new TypeError('failNext times must be a positive integer');
				if (opts.afterBytes !== undefined && !(Number.isInteger(opts.afterBytes) && opts.afterBytes >= 0)) {
					throw new TypeError('failNext afterBytes must be a non-negative integer');
				}
				record.failures.push({ ...opts, times });
				return file;
			},
			/**
			 * Changes how later requests are answered.
			 * @param {SourceBehaviour} changes
			 */
			update(changes) {
				service.update(record, changes);
				return file;
			},
		};
		return file;
	}

	/**
	 * The query string of hop `hop` of a signed file's URL (hop 0 is the URL given out).
	 * @param {SourceRecord} record
	 * @param {number} hop
	 */
	signedQuery(record, hop) {
		return [
			...(hop > 0 ? [`X-Emu-Hop=${hop}`] : []),
			'X-Amz-Algorithm=AWS4-HMAC-SHA256',
			'X-Amz-Credential=EMULATORACCESSKEY%2F20260101%2Fus-east-1%2Fs3%2Faws4_request',
			'X-Amz-Date=20260101T000000Z',
			'X-Amz-Expires=300',
			'X-Amz-SignedHeaders=host',
			`X-Amz-Signature=${record.signature}`,
		].join('&');
	}

	/**
	 * @param {SourceRecord} record
	 * @param {number} hop
	 */
	hopUrl(record, hop) {
		const base = `${this.getUrl()}${PREFIX}${record.id}/${encodeURIComponent(record.name)}`;
		if (record.signed) return `${base}?${this.signedQuery(record, hop)}`;
		return hop > 0 ? `${base}?X-Emu-Hop=${hop}` : base;
	}

	/** @param {{ id: string } | string} file */
	remove(file) {
		return this.files.delete(typeof file === 'string' ? file : file.id);
	}

	reset() {
		this.files.clear();
	}

	/**
	 * Answers an S3-like error (no body for HEAD).
	 * @param {RequestContext} ctx
	 * @param {number} status
	 * @param {{ code?: string, message?: string, headers?: Record<string, string>, format?: 'xml' | 'json' }} [opts]
	 */
	async sendError(ctx, status, opts = {}) {
		await drain(ctx.req);
		const { res, log } = ctx;
		if (res.headersSent || res.destroyed) return;
		const [defaultCode, defaultMessage] = S3_ERRORS[status] ?? ['Error', `HTTP ${status}`];
		const code = opts.code ?? defaultCode;
		const message = opts.message ?? defaultMessage;
		const requestId = `EMU${String(log.id).padStart(13, '0')}`;
		const body =
			opts.format === 'json'
				? JSON.stringify({ error: { code: status, status: code, message } })
				: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>emulator</HostId></Error>`;
		log.status = status;
		log.error = `${code}: ${message}`;
		/** @type {Record<string, string>} */
		const headers = {
			'content-type': opts.format === 'json' ? 'application/json; charset=utf-8' : 'application/xml',
			'x-amz-request-id': requestId,
			...(opts.headers ?? {}),
		};
		if (ctx.req.method === 'HEAD') {
			res.writeHead(status, headers);
			res.end();
			return;
		}
		headers['content-length'] = String(Buffer.byteLength(body));
		res.writeHead(status, headers);
		res.end(body);
	}

	/**
	 * Serves GET and HEAD of `/file-source/<id>/<name>`.
	 * @param {RequestContext} ctx
	 */
	async handle(ctx) {
		const { req, res, url: parsed } = ctx;
		const log = /** @type {SourceLogEntry} */ (ctx.log);
		const method = req.method ?? 'GET';
		log.route = ROUTE;
		if (typeof req.headers.range === 'string') log.range = req.headers.range;
		const m = /^\/file-source\/([^/]+)\/([^/]+)$/.exec(parsed.pathname);
		const record = m ? this.files.get(m[1]) : undefined;
		if (m) log.sourceId = m[1];
		let name = '';
		try {
			name = m ? decodeURIComponent(m[2]) : '';
		} catch {
			// an undecodable name matches no file
		}
		if (!record || record.name !== name) {
			await this.sendError(ctx, 404);
			return;
		}
		const b = record.behaviour;
		const format = b.errorFormat;
		if (method !== 'GET' && method !== 'HEAD') {
			await this.sendError(ctx, 405, { format, headers: { allow: 'GET, HEAD' } });
			return;
		}
		if (record.signed) {
			const signature = parsed.searchParams.get('X-Amz-Signature');
			if (signature === null) {
				await this.sendError(ctx, 403, { format });
				return;
			}
			if (signature !== record.signature) {
				await this.sendError(ctx, 403, {
					format,
					code: 'SignatureDoesNotMatch',
					message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
				});
				return;
			}
		}
		for (const [header, value] of Object.entries(b.requireHeaders ?? {})) {
			if (req.headers[header.toLowerCase()] !== value) {
				await this.sendError(ctx, 403, { format, message: `Access Denied (the ${header.toLowerCase()} header is missing or wrong)` });
				return;
			}
		}
		if (b.delayMs) await sleep(b.delayMs);
		if (method === 'HEAD' && !b.head) {
			await this.sendError(ctx, 405, { format, headers: { allow: 'GET' } });
			return;
		}

		const hopParam = parsed.searchParams.get('X-Emu-Hop');
		const hop = hopParam !== null && /^\d+$/.test(hopParam) ? Number(hopParam) : 0;
		const next = b.redirects === 'loop' ? (hop === 0 ? 1 : 0) : hop < b.redirects ? hop + 1 : -1;
		if (next >= 0) {
			await drain(req);
			if (res.destroyed) return;
			const location = this.hopUrl(record, next);
			log.status = 302;
			log.location = redactedPath(new URL(location));
			const body = `<html><body>Found. Redirecting to ${next === 0 ? 'the file' : `hop ${next}`}</body></html>\n`;
			res.writeHead(302, { location, 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) });
			res.end(method === 'HEAD' ? undefined : body);
			return;
		}

		if (b.status !== undefined) {
			/** @type {Record<string, string>} */
			const headers = b.status === 429 || b.status === 503 ? { 'retry-after': '1' } : {};
			await this.sendError(ctx, b.status, { format, headers });
			return;
		}

		/** @type {(SourceFailOptions & { times: number }) | undefined} */
		let failure;
		if (method === 'GET' && record.failures.length > 0) {
			failure = record.failures[0];
			if (--failure.times <= 0) record.failures.shift();
			log.fault = 'failNext';
			const status = failure.status ?? 503;
			if (status !== 'drop') {
				const retry = String(failure.retryAfterSeconds ?? 1);
				await this.sendError(ctx, status, { format, headers: status === 429 || status === 503 ? { 'retry-after': retry } : {} });
				return;
			}
			if (failure.afterBytes === undefined) {
				log.status = 0;
				log.dropped = true;
				req.socket.destroy();
				return;
			}
		}
		await drain(req);
		await this.sendContent(ctx, record, method === 'HEAD', failure?.afterBytes);
	}

	/**
	 * Answers the content: 200, or 206 for a satisfiable single range, or 416.
	 * @param {RequestContext} ctx
	 * @param {SourceRecord} record
	 * @param {boolean} headOnly
	 * @param {number} [dropAfter] destroy the connection after this many body bytes
	 */
	async sendContent(ctx, record, headOnly, dropAfter) {
		const { req, res } = ctx;
		const log = /** @type {SourceLogEntry} */ (ctx.log);
		const b = record.behaviour;
		const size = record.content.size;
		let status = 200;
		let start = 0;
		let end = size; // exclusive
		const range = b.ranges && typeof req.headers.range === 'string' ? parseRange(req.headers.range, size) : undefined;
		if (range === 'unsatisfiable') {
			await this.sendError(ctx, 416, {
				format: b.errorFormat,
				code: 'InvalidRange',
				message: 'The requested range is not satisfiable',
				headers: { 'content-range': `bytes */${size}` },
			});
			return;
		}
		if (range) {
			status = 206;
			[start, end] = range;
		}
		/** @type {Record<string, string>} */
		const headers = {
			'content-type': b.contentType ?? 'application/octet-stream',
			etag: `"${record.id}-${size}"`,
			'last-modified': LAST_MODIFIED,
			'x-amz-request-id': `EMU${String(log.id).padStart(13, '0')}`,
		};
		if (b.ranges) headers['accept-ranges'] = 'bytes';
		if (status === 206) headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
		if (status === 206 || b.length) headers['content-length'] = String(end - start);
		if (b.contentDisposition) {
			const ascii = b.contentDisposition.replace(/[^\x20-\x7e]|["\\]/g, '_');
			headers['content-disposition'] = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(b.contentDisposition)}`;
		}
		log.status = status;
		log.sourceBytes = 0;
		res.writeHead(status, headers);
		if (headOnly) {
			res.end();
			return;
		}

		const stop = dropAfter === undefined ? end : Math.min(end, start + dropAfter);
		const rate = b.bytesPerSecond ?? 0;
		let schedule = rate > 0 ? paceSchedules.get(req.socket) : undefined;
		if (rate > 0 && !schedule) {
			schedule = { readyAt: 0 };
			paceSchedules.set(req.socket, schedule);
		}
		const chunkSize = rate > 0 ? Math.max(1024, Math.min(64 * 1024, Math.floor(rate / 50))) : CHUNK_SIZE;
		/** @type {Promise<void>} */
		let lastFlushed = Promise.resolve();
		/** @type {Promise<void> | undefined} */
		let backpressure;
		for (let pos = start; pos < stop; ) {
			if (res.destroyed) return;
			if (schedule) {
				const now = performance.now();
				schedule.readyAt = Math.max(schedule.readyAt, now);
				const wait = schedule.readyAt - now;
				if (wait >= MIN_PAUSE_MS) {
					await sleep(wait);
					if (res.destroyed) return;
				}
			}
			// Align chunks to blocks, so whole blocks are generated in place.
			const n = Math.min(chunkSize - (pos % chunkSize), stop - pos);
			const chunk = record.content.read(pos, pos + n);
			pos += n;
			if (schedule) schedule.readyAt += (n / rate) * 1000;
			lastFlushed = new Promise((resolve) => {
				const ok = res.write(chunk, (error) => {
					if (!error) {
						record.served += n;
						log.sourceBytes = (log.sourceBytes ?? 0) + n;
					}
					resolve();
				});
				if (!ok) backpressure = drainOrClose(res);
			});
			if (backpressure) {
				await backpressure;
				backpressure = undefined;
			}
		}
		if (dropAfter !== undefined) {
			if (stop === start) res.flushHeaders();
			await lastFlushed;
			await new Promise((resolve) => setImmediate(resolve));
			log.dropped = true;
			req.socket.destroy();
			return;
		}
		res.end();
	}
}

/**
 * A single byte range of `Range`: [start, end) when satisfiable, 'unsatisfiable', or undefined when the header is
 * to be ignored (not bytes, malformed, or several ranges: answered 200 with the whole body, as S3 does).
 * @param {string} header
 * @param {number} size
 * @returns {[number, number] | 'unsatisfiable' | undefined}
 */
function parseRange(header, size) {
	const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
	if (!m || (m[1] === '' && m[2] === '')) return undefined;
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0 || size === 0) return 'unsatisfiable';
		return [Math.max(0, size - suffix), size];
	}
	const first = Number(m[1]);
	if (m[2] !== '' && Number(m[2]) < first) return undefined;
	if (first >= size) return 'unsatisfiable';
	const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
	return [first, last + 1];
}

/** @typedef {ReturnType<SourceService['handleOf']>} SourceFile */

module.exports = { SourceService, redactedPath, parseRange, PREFIX, ROUTE, BLOCK_SIZE };
