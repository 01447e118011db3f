// @ts-check
'use strict';

/**
 * Worker thread of emulator/part-receiver.js: parses the multipart body of part uploads, streams the
 * `file` field to its staging file (one `writev` per batch of pieces) and hashes it (md5), so none of that work runs on the emulator's
 * request thread. One worker serves several uploads at once; every message names its upload (`job`).
 *
 * Messages in (from part-receiver.js):
 *   { type: 'start', job, boundary, stagingPath, expectedSize }
 *   { type: 'data', job, buffers: ArrayBuffer[] (transferred) }        the next pieces of the body, in order
 *   { type: 'end', job }                                                the body ended
 *   { type: 'abort', job }                                              the client went away
 * Messages out:
 *   { type: 'ack', job }            a 'data' message was handled
 *   { type: 'failed', job, message } the body is malformed; later data for the job is ignored
 *   { type: 'done', job, fields, file } after 'end' of a well-formed body; file is { size, md5 } or null
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');

const { MultipartError, MultipartParser } = require('./multipart');

/**
 * @typedef {object} Upload
 * @property {MultipartParser} parser
 * @property {Record<string, string>} fields first value of each text field
 * @property {{ fd: number, md5: import('node:crypto').Hash, size: number } | undefined} file
 * @property {Buffer[]} unwritten the file's bytes parsed from the current batch, written together at its end
 * @property {string} stagingPath
 * @property {boolean} failed
 */

/** @type {Map<number, Upload>} */
const uploads = new Map();

/**
 * Closes the staging file, and deletes it when the upload did not succeed.
 * @param {Upload} upload
 * @param {boolean} keep
 */
function closeFile(upload, keep) {
	if (!upload.file || upload.file.fd < 0) return;
	fs.closeSync(upload.file.fd);
	upload.file.fd = -1;
	if (!keep) fs.rmSync(upload.stagingPath, { force: true });
}

/**
 * @param {number} job
 * @param {string} boundary
 * @param {string} stagingPath
 * @param {number} expectedSize bytes announced by Content-Range: more are counted but not stored
 */
function start(job, boundary, stagingPath, expectedSize) {
	/** @type {Upload} */
	const upload = {
		parser: /** @type {any} */ (undefined),
		fields: {},
		file: undefined,
		unwritten: [],
		stagingPath,
		failed: false,
	};
	upload.parser = new MultipartParser(boundary, {
		onPart(info) {
			if (info.name !== 'file') return null;
			if (upload.file) throw new MultipartError('only one "file" field is allowed');
			const file = { fd: fs.openSync(stagingPath, 'w'), md5: crypto.createHash('md5'), size: 0 };
			upload.file = file;
			return {
				write(chunk) {
					const before = file.size;
					file.size += chunk.length;
					file.md5.update(chunk);
					const keep = Math.min(chunk.length, expectedSize - before);
					if (keep > 0) upload.unwritten.push(keep === chunk.length ? chunk : chunk.subarray(0, keep));
				},
				end() {},
			};
		},
		onField(name, value) {
			if (!(name in upload.fields)) upload.fields[name] = value;
		},
	});
	uploads.set(job, upload);
}

/**
 * Writes the file's bytes of the batch just parsed with one system call (a batch is many socket reads).
 * @param {Upload} upload
 */
function writeUnwritten(upload) {
	if (upload.file && upload.unwritten.length > 0) fs.writevSync(upload.file.fd, upload.unwritten);
	upload.unwritten = [];
}

/**
 * @param {number} job
 * @param {(upload: Upload) => void} step
 */
function withUpload(job, step) {
	const upload = uploads.get(job);
	if (!upload || upload.failed) return;
	try {
		step(upload);
	} catch (error) {
		upload.failed = true;
		closeFile(upload, false);
		const message = error instanceof Error ? error.message : String(error);
		parentPort?.postMessage({ type: 'failed', job, message, malformed: error instanceof MultipartError });
	}
}

parentPort?.on('message', (message) => {
	const { job } = message;
	switch (message.type) {
		case 'start':
			start(job, message.boundary, message.stagingPath, message.expectedSize);
			break;
		case 'data':
			withUpload(job, (upload) => {
				for (const buffer of message.buffers) upload.parser.write(Buffer.from(buffer));
				writeUnwritten(upload);
			});
			parentPort?.postMessage({ type: 'ack', job });
			break;
		case 'end':
			withUpload(job, (upload) => {
				upload.parser.finish();
				writeUnwritten(upload);
				closeFile(upload, true);
				const file = upload.file ? { size: upload.file.size, md5: upload.file.md5.digest('hex') } : null;
				parentPort?.postMessage({ type: 'done', job, fields: upload.fields, file });
			});
			uploads.delete(job);
			break;
		case 'abort': {
			const upload = uploads.get(job);
			if (upload) closeFile(upload, false);
			uploads.delete(job);
			break;
		}
	}
});
