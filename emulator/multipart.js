// @ts-check
'use strict';

/**
 * A streaming multipart/form-data parser (RFC 7578 / RFC 2046).
 *
 * File parts are handed to a sink chunk by chunk as they arrive and are never buffered whole; only small
 * fields are buffered (up to `maxFieldSize`). The boundary is searched with Buffer#indexOf, and a delimiter
 * split across network chunks is handled by keeping back at most `delimiter.length - 1` bytes, and only when
 * they could be the start of a delimiter (so in practice nearly no bytes are ever copied).
 */

const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

class MultipartError extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = 'MultipartError';
	}
}

/**
 * @typedef {object} PartInfo
 * @property {string} name form field name
 * @property {string} [filename] file name from Content-Disposition, if any
 * @property {string} [mimeType] Content-Type of the part, if any
 * @property {Record<string, string>} headers all part headers, lower-cased names
 */

/**
 * Receives the bytes of one streamed part.
 * @typedef {object} PartSink
 * @property {(chunk: Buffer) => void} write called with each piece of the part's body, in order
 * @property {() => void} end called once the part is complete
 * @property {() => void} [abort] called instead of `end` when the body turns out to be broken or aborted
 * @property {() => Promise<void> | undefined} [waitForDrain] a promise when the sink wants the input paused
 */

/**
 * @typedef {object} MultipartHandlers
 * @property {(info: PartInfo) => PartSink | null | undefined} [onPart] return a sink to stream the part; return
 *   nothing to receive it as a buffered field through `onField`
 * @property {(name: string, value: string, info: PartInfo) => void} [onField]
 * @property {number} [maxFieldSize] bytes a buffered field may have (default 64 KiB)
 * @property {number} [maxHeaderSize] bytes the header block of a part may have (default 16 KiB)
 */

/**
 * Extracts the boundary from a Content-Type header, or undefined when it is not multipart/form-data.
 * @param {string | undefined} contentType
 * @returns {string | undefined}
 */
function getBoundary(contentType) {
	if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
	const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	const boundary = match ? (match[1] ?? match[2]) : undefined;
	if (!boundary || boundary.length > 200) return undefined;
	return boundary;
}

/**
 * Parses the parameters of a Content-Disposition header.
 * @param {string} value
 * @returns {{ type: string, params: Record<string, string> }}
 */
function parseContentDisposition(value) {
	const semi = value.indexOf(';');
	const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
	/** @type {Record<string, string>} */
	const params = {};
	const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let match;
	while ((match = re.exec(value)) !== null) {
		const key = match[1].toLowerCase();
		let v = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3].trim();
		if (key.endsWith('*')) {
			// RFC 5987: charset'lang'percent-encoded
			const ext = /^([^']*)'[^']*'(.*)$/.exec(v);
			if (ext) {
				try {
					v = decodeURIComponent(ext[2]);
				} catch {
					v = ext[2];
				}
			}
			params[key.slice(0, -1)] = v;
		} else if (!(key in params)) {
			params[key] = v;
		}
	}
	return { type, params };
}

/**
 * Browsers and undici escape `"`, CR and LF in quoted names as %22, %0D and %0A (WHATWG HTML).
 * @param {string} value
 */
function unescapeQuoted(value) {
	return value.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

/**
 * Index of the first byte of `buf` at or after `from` from which the rest of `buf` is a proper prefix of
 * `delimiter`, or `buf.length` when there is none (i.e. how much of `buf` is certainly not a delimiter).
 * @param {Buffer} buf
 * @param {number} from
 * @param {Buffer} delimiter must start with CR
 */
function partialDelimiterStart(buf, from, delimiter) {
	let k = Math.max(from, buf.length - delimiter.length + 1);
	for (;;) {
		k = buf.indexOf(CR, k);
		if (k < 0) return buf.length;
		if (buf.compare(delimiter, 0, buf.length - k, k, buf.length) === 0) return k;
		k++;
	}
}

class MultipartParser {
	/**
	 * @param {string} boundary
	 * @param {MultipartHandlers} handlers
	 */
	constructor(boundary, handlers) {
		this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
		this.handlers = handlers;
		this.maxFieldSize = handlers.maxFieldSize ?? 64 * 1024;
		this.maxHeaderSize = handlers.maxHeaderSize ?? 16 * 1024;
		/** @type {'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'end'} */
		this.state = 'preamble';
		// A virtual CRLF so that a body starting directly with `--boundary` matches the delimiter.
		this.tail = Buffer.from('\r\n');
		/** @type {PartInfo | undefined} */
		this.info = undefined;
		/** @type {PartSink | null | undefined} */
		this.sink = undefined;
		/** @type {Buffer[]} */
		this.fieldChunks = [];
		this.fieldSize = 0;
		this.partCount = 0;
		this.failed = false;
	}

	/** True once the closing delimiter has been seen. */
	get done() {
		return this.state === 'end';
	}

	/**
	 * Feeds the next chunk of the body. Throws MultipartError on malformed input.
	 * @param {Buffer} chunk
	 */
	write(chunk) {
		if (this.failed) throw new MultipartError('multipart parser already failed');
		try {
			this.process(chunk);
		} catch (error) {
			this.failed = true;
			this.abort();
			throw error;
		}
	}

	/**
	 * @param {Buffer} chunk
	 */
	process(chunk) {
		if (this.state === 'end') return; // epilogue is ignored
		const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
		this.tail = EMPTY;
		let pos = 0;
		const delimiter = this.delimiter;
		while (pos < buf.length) {
			switch (this.state) {
				case 'preamble': {
					const idx = buf.indexOf(delimiter, pos);
					if (idx < 0) {
						const keep = partialDelimiterStart(buf, pos, delimiter);
						this.tail = Buffer.from(buf.subarray(keep));
						return;
					}
					pos = idx + delimiter.length;
					this.state = 'afterDelimiter';
					break;
				}
				case 'afterDelimiter': {
					// After a delimiter: `--` closes the body, otherwise optional whitespace then CRLF.
					if (buf.length - pos < 2) {
						this.tail = Buffer.from(buf.subarray(pos));
						return;
					}
					const a = buf[pos];
					const b = buf[pos + 1];
					if (a === DASH && b === DASH) {
						this.state = 'end';
						return;
					}
					if (a === 0x20 || a === 0x09) {
						pos++;
						break;
					}
					if (a !== CR || b !== LF) throw new MultipartError('malformed multipart body: bad boundary line');
					// Keep pos on the CRLF: the header block is searched as CRLF ... CRLF CRLF.
					this.state = 'headers';
					break;
				}
				case 'headers': {
					const idx = buf.indexOf(HEADER_END, pos);
					if (idx < 0) {
						if (buf.length - pos > this.maxHeaderSize) {
							throw new MultipartError('malformed multipart body: part headers too large');
						}
						this.tail = Buffer.from(buf.subarray(pos));
						return;
					}
					if (idx - pos > this.maxHeaderSize) {
						throw new MultipartError('malformed multipart body: part headers too large');
					}
					const text = idx > pos + 2 ? buf.toString('utf8', pos + 2, idx) : '';
					pos = idx + HEADER_END.length;
					this.startPart(text);
					this.state = 'body';
					break;
				}
				case 'body': {
					const idx = buf.indexOf(delimiter, pos);
					if (idx >= 0) {
						if (idx > pos) this.emit(buf.subarray(pos, idx));
						this.endPart();
						pos = idx + delimiter.length;
						this.state = 'afterDelimiter';
						break;
					}
					const keep = partialDelimiterStart(buf, pos, delimiter);
					if (keep > pos) this.emit(buf.subarray(pos, keep));
					if (keep < buf.length) this.tail = Buffer.from(buf.subarray(keep));
					return;
				}
				default:
					return;
			}
		}
	}

	/** @param {string} text */
	startPart(text) {
		/** @type {Record<string, string>} */
		const headers = {};
		for (const line of text.split('\r\n')) {
			if (line === '') continue;
			const colon = line.indexOf(':');
			if (colon <= 0) throw new MultipartError('malformed multipart body: bad part header line');
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		const disposition = headers['content-disposition'];
		if (!disposition) throw new MultipartError('malformed multipart body: part without Content-Disposition');
		const { type, params } = parseContentDisposition(disposition);
		if (type !== 'form-data' || params.name === undefined) {
			throw new MultipartError('malformed multipart body: Content-Disposition must be form-data with a name');
		}
		/** @type {PartInfo} */
		const info = { name: unescapeQuoted(params.name), headers };
		if (params.filename !== undefined) info.filename = unescapeQuoted(params.filename);
		if (headers['content-type']) info.mimeType = headers['content-type'];
		this.info = info;
		this.partCount++;
		this.sink = this.handlers.onPart ? this.handlers.onPart(info) : undefined;
		this.fieldChunks = [];
		this.fieldSize = 0;
	}

	/** @param {Buffer} data */
	emit(data) {
		if (this.sink) {
			this.sink.write(data);
			return;
		}
		this.fieldSize += data.length;
		if (this.fieldSize > this.maxFieldSize) {
			throw new MultipartError(`form field "${this.info?.name}" is too large (max ${this.maxFieldSize} bytes)`);
		}
		this.fieldChunks.push(Buffer.from(data));
	}

	endPart() {
		const info = /** @type {PartInfo} */ (this.info);
		const sink = this.sink;
		this.sink = undefined;
		this.info = undefined;
		if (sink) {
			sink.end();
		} else if (this.handlers.onField) {
			this.handlers.onField(info.name, Buffer.concat(this.fieldChunks).toString('utf8'), info);
		}
		this.fieldChunks = [];
	}

	/** Call when the input has ended; throws when the closing delimiter was never seen. */
	finish() {
		if (this.state !== 'end') {
			this.failed = true;
			this.abort();
			throw new MultipartError('malformed multipart body: unexpected end of body (no closing boundary)');
		}
	}

	/** Aborts the part being streamed, if any. */
	abort() {
		const sink = this.sink;
		this.sink = undefined;
		if (sink && sink.abort) sink.abort();
	}

	/** @returns {Promise<void> | undefined} */
	waitForDrain() {
		return this.sink && this.sink.waitForDrain ? this.sink.waitForDrain() : undefined;
	}
}

/**
 * Streams a request body through a MultipartParser. Resolves once the body has ended and was well-formed.
 *
 * On a malformed body the rest of the request is still read and discarded, so the caller can answer with a
 * 400 on the same connection; the promise then rejects with a MultipartError. If the client goes away the
 * promise rejects with an Error whose `code` is 'ECONNABORTED'.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {MultipartHandlers} handlers
 * @returns {Promise<{ parts: number }>}
 */
function parseMultipartRequest(req, handlers) {
	const boundary = getBoundary(req.headers['content-type']);
	if (!boundary) {
		return Promise.reject(new MultipartError('Content-Type must be multipart/form-data with a boundary'));
	}
	const parser = new MultipartParser(boundary, handlers);
	return new Promise((resolve, reject) => {
		/** @type {Error | undefined} */
		let failure;
		let settled = false;
		let ended = false;
		let waiting = false;

		/** @param {Error} error */
		const fail = (error) => {
			if (!failure) failure = error;
		};
		const settle = () => {
			if (settled || waiting || !ended) return;
			settled = true;
			if (!failure) {
				try {
					parser.finish();
				} catch (error) {
					fail(/** @type {Error} */ (error));
				}
			}
			if (failure) reject(failure);
			else resolve({ parts: parser.partCount });
		};

		req.on('data', (/** @type {Buffer} */ chunk) => {
			if (failure) return; // drain and discard
			try {
				parser.write(chunk);
			} catch (error) {
				fail(/** @type {Error} */ (error));
				return;
			}
			const drain = parser.waitForDrain();
			if (drain) {
				waiting = true;
				req.pause();
				drain.then(
					() => {
						waiting = false;
						req.resume();
						settle();
					},
					(error) => {
						waiting = false;
						fail(error);
						req.resume();
						settle();
					},
				);
			}
		});
		req.on('end', () => {
			ended = true;
			settle();
		});
		req.on('close', () => {
			if (ended || settled) return;
			settled = true;
			parser.abort();
			const error = /** @type {Error & { code?: string }} */ (new Error('client closed the connection'));
			error.code = 'ECONNABORTED';
			reject(error);
		});
		req.on('error', (error) => {
			if (settled) return;
			settled = true;
			parser.abort();
			reject(error);
		});
	});
}

module.exports = {
	MultipartError,
	MultipartParser,
	getBoundary,
	parseContentDisposition,
	parseMultipartRequest,
	partialDelimiterStart,
};
