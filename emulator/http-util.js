// @ts-check
'use strict';

/**
 * Small HTTP helpers shared by the emulated services.
 */

class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {string} message
	 */
	constructor(status, message) {
		super(message);
		this.name = 'HttpError';
		this.status = status;
	}
}

/**
 * @typedef {object} RequestLogEntry
 * @property {number} id sequence number of the request
 * @property {string} method
 * @property {string} path path and query string
 * @property {number} status HTTP status answered (0 while pending or when the connection was dropped)
 * @property {Record<string, string | string[] | undefined>} headers request headers, secrets redacted
 * @property {string} [contentRange] Content-Range request header, when present
 * @property {string} [route] route name ('create', 'part', 'complete', ...) when recognised
 * @property {'media' | 'videos'} [family] AIOZ route family used
 * @property {string} [mediaId] AIOZ media id in the path
 * @property {import('./faults').FaultKind | 'failNext'} [fault] injected fault: a part upload fault, or one queued
 *   with `failNext`
 * @property {boolean} [dropped] true when the connection was destroyed without an answer
 * @property {string} [error] error message answered, if any
 */

/**
 * Context of one request as the services see it.
 * @typedef {object} RequestContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {URL} url
 * @property {RequestLogEntry} log
 */

const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set([
	'stream-secret-key',
	'authorization',
	'proxy-authorization',
	'cookie',
	'x-api-key',
]);

/**
 * A copy of the request headers with secrets replaced by '[redacted]'.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {Record<string, string | string[] | undefined>}
 */
function redactHeaders(headers) {
	/** @type {Record<string, string | string[] | undefined>} */
	const out = {};
	for (const [name, value] of Object.entries(headers)) {
		if (!SECRET_HEADERS.has(name)) {
			out[name] = value;
		} else if (name === 'authorization' && typeof value === 'string') {
			const scheme = /^(\S+)\s/.exec(value);
			out[name] = scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
		} else {
			out[name] = REDACTED;
		}
	}
	return out;
}

/**
 * Reads and discards the rest of a request body, then resolves (also when the client went away).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<void>}
 */
function drain(req) {
	return new Promise((resolve) => {
		if (req.readableEnded || req.destroyed) {
			resolve();
			return;
		}
		req.on('end', () => resolve());
		req.on('close', () => resolve());
		req.on('error', () => resolve());
		req.resume();
	});
}

/**
 * Sends a JSON answer (after draining any unread request body, so clients always get the answer).
 * @param {RequestContext} ctx
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
async function sendJson(ctx, status, body, headers = {}) {
	await drain(ctx.req);
	const { res, log } = ctx;
	if (res.headersSent || res.destroyed) return;
	const text = JSON.stringify(body);
	log.status = status;
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
		...headers,
	});
	res.end(text);
}

/**
 * Sends a non-JSON answer.
 * @param {RequestContext} ctx
 * @param {number} status
 * @param {string} contentType
 * @param {string | Buffer} body
 */
async function sendText(ctx, status, contentType, body) {
	await drain(ctx.req);
	const { res, log } = ctx;
	if (res.headersSent || res.destroyed) return;
	log.status = status;
	res.writeHead(status, {
		'content-type': contentType,
		'content-length': String(Buffer.byteLength(body)),
		'access-control-allow-origin': '*',
	});
	res.end(body);
}

/**
 * Destroys the connection without any answer (a 'dropped connection' fault).
 * @param {RequestContext} ctx
 */
function dropConnection(ctx) {
	ctx.log.status = 0;
	ctx.log.dropped = true;
	ctx.req.socket.destroy();
}

/**
 * Reads a whole (small) request body.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit] bytes (default 1 MiB)
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit = 1024 * 1024) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			if (!tooLarge) chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooLarge) reject(new HttpError(413, `request body too large (max ${limit} bytes)`));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
}

/**
 * Reads a JSON (or, when the Content-Type says so, urlencoded) object body.
 * An empty body reads as `undefined`.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<unknown>}
 */
async function readJsonBody(req) {
	const raw = await readBody(req);
	const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
	if (raw.length === 0) return undefined;
	if (contentType.startsWith('application/x-www-form-urlencoded')) {
		/** @type {Record<string, string | string[]>} */
		const out = {};
		for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
			const k = key.endsWith('[]') ? key.slice(0, -2) : key;
			const existing = out[k];
			if (key.endsWith('[]')) out[k] = Array.isArray(existing) ? [...existing, value] : [value];
			else out[k] = value;
		}
		return out;
	}
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch (error) {
		throw new HttpError(400, `invalid JSON body: ${/** @type {Error} */ (error).message}`);
	}
}

module.exports = {
	HttpError,
	REDACTED,
	drain,
	dropConnection,
	readBody,
	readJsonBody,
	redactHeaders,
	sendJson,
	sendText,
};
