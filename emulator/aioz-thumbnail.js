// @ts-check
'use strict';

/**
 * The emulated media thumbnail (cover image): `POST /{id}/thumbnail` (multipart, one field `file`) keeps the
 * image byte-exactly in memory; `DELETE /{id}/thumbnail` removes it. The spec says only "an image"; the
 * emulator accepts what browsers and players show everywhere (JPEG, PNG, WebP, GIF, recognised by their
 * first bytes) up to 10 MiB, and refuses anything else with 400, as an API that validates uploads would.
 * The chapter and caption uploads (aioz-tracks.js) read their `file` field the same way.
 */

const crypto = require('node:crypto');

const { HttpError } = require('./http-util');
const { MultipartError, parseMultipartRequest } = require('./multipart');

const MAX_THUMBNAIL_BYTES = 10 * 1024 * 1024;

/**
 * @typedef {object} ThumbnailRecord
 * @property {Buffer} bytes as received
 * @property {string} md5 hex
 * @property {number} size
 * @property {'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif'} contentType from the bytes
 * @property {string | undefined} fileName the multipart file name
 * @property {string | undefined} declaredType the multipart Content-Type
 */

/**
 * The image type of a file from its first bytes, or undefined when it is none of the four.
 * @param {Buffer} head
 * @returns {ThumbnailRecord['contentType'] | undefined}
 */
function detectImageType(head) {
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
	if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return 'image/png';
	}
	if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
		return 'image/webp';
	}
	if (head.length >= 6 && /^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return 'image/gif';
	return undefined;
}

/**
 * Reads a multipart form of AIOZ's uploads: the `file` field (kept up to `maxBytes`) and the text fields.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBytes
 */
async function readFileForm(req, maxBytes) {
	/** @type {Buffer[]} */
	const chunks = [];
	let size = 0;
	let files = 0;
	/** @type {import('./multipart').PartInfo | undefined} */
	let info;
	/** @type {Record<string, string>} */
	const fields = {};
	try {
		await parseMultipartRequest(req, {
			onPart(part) {
				if (part.name !== 'file') return null;
				files++;
				info = part;
				return {
					write(chunk) {
						size += chunk.length;
						if (files === 1 && size <= maxBytes) chunks.push(chunk);
					},
					end() {},
				};
			},
			onField(name, value) {
				fields[name] = value;
			},
		});
	} catch (error) {
		if (error instanceof MultipartError) throw new HttpError(400, error.message);
		throw error;
	}
	return { files, size, info, bytes: Buffer.concat(chunks), fields };
}

/**
 * Reads the one `file` field of an upload form (thumbnail, chapters, captions): 400 without it or with two,
 * 413 over `maxBytes`.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBytes
 */
async function receiveFile(req, maxBytes) {
	const form = await readFileForm(req, maxBytes);
	if (form.files === 0 || !form.info) throw new HttpError(400, 'file is required (multipart field "file")');
	if (form.files > 1) throw new HttpError(400, 'only one "file" field is allowed');
	if (form.size > maxBytes) {
		throw new HttpError(413, `file is too large: ${form.size} bytes (at most ${maxBytes})`);
	}
	return { bytes: form.bytes, info: form.info };
}

/**
 * Reads the multipart `file` field of a thumbnail upload and checks it is an image.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<ThumbnailRecord>}
 */
async function receiveThumbnail(req) {
	const { bytes, info } = await receiveFile(req, MAX_THUMBNAIL_BYTES);
	const contentType = detectImageType(bytes);
	if (!contentType) throw new HttpError(400, 'file must be an image (JPEG, PNG, WebP or GIF)');
	return {
		bytes,
		md5: crypto.createHash('md5').update(bytes).digest('hex'),
		size: bytes.length,
		contentType,
		fileName: info.filename,
		declaredType: info.mimeType,
	};
}

module.exports = { receiveThumbnail, receiveFile, readFileForm, detectImageType, MAX_THUMBNAIL_BYTES };
