// @ts-check
'use strict';

/**
 * Receives the multipart body of a part upload the way a production server does: off the request path.
 *
 * The request thread only gathers the body's pieces into batches of about 1 MiB and hands them to a worker
 * thread without copying them (emulator/part-receiver-worker.js), which parses the multipart form, hashes the
 * `file` field and writes each batch's share of it to a staging file with one `writev`. Receiving, parsing, hashing and writing then run side by side instead of one after the
 * other on one thread, so the emulator is not what limits an upload on loopback. At most `MAX_BATCHES_IN_FLIGHT`
 * batches per upload wait for the worker; beyond that the request is paused (TCP backpressure), so memory stays
 * bounded whatever the part size.
 *
 * It also models the client's network link, when asked: a throughput cap per TCP connection (a long-haul TCP
 * flow rarely goes faster than a few tens of MiB/s, whatever the bandwidth of the two ends), enforced by pausing
 * the request while it is ahead of schedule.
 */

const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const { MultipartError, getBoundary } = require('./multipart');

const BATCH_SIZE = 1024 * 1024;
const MAX_BATCHES_IN_FLIGHT = 8;
/** Pausing for less than this is not worth a timer: the cap is kept on average. */
const MIN_PAUSE_MS = 4;

/**
 * @typedef {object} ReceivedPart
 * @property {Record<string, string>} fields first value of each text field
 * @property {{ size: number, md5: string } | null} file the `file` field (in the staging file), if any
 */

/**
 * @typedef {object} ReceiveOptions
 * @property {string} stagingPath where the `file` field is written (deleted again if the body is refused)
 * @property {number} expectedSize bytes announced by Content-Range: more are counted, not stored
 * @property {number} [linkBytesPerSecond] cap of the connection's upload throughput (0 or absent: none)
 */

/**
 * A worker and the uploads it is serving.
 * @typedef {object} PoolWorker
 * @property {Worker} worker
 * @property {Map<number, (message: any) => void>} jobs
 */

/** @type {PoolWorker[]} */
const pool = [];
let nextJob = 0;

/** The least busy worker, starting one more while there are fewer than CPU cores. */
function pickWorker() {
	const idle = pool.find((w) => w.jobs.size === 0);
	if (idle) return idle;
	if (pool.length < Math.max(1, os.availableParallelism())) {
		const worker = new Worker(path.join(__dirname, 'part-receiver-worker.js'));
		/** @type {PoolWorker} */
		const entry = { worker, jobs: new Map() };
		worker.on('message', (message) => entry.jobs.get(message.job)?.(message));
		worker.on('error', (error) => {
			for (const deliver of entry.jobs.values()) deliver({ type: 'failed', message: error.message });
			entry.jobs.clear();
			pool.splice(pool.indexOf(entry), 1);
		});
		// The emulator's server keeps the process alive while an upload is open; idle workers must not
		// (unref after adding the listeners: adding a 'message' listener refs the worker again).
		worker.unref();
		pool.push(entry);
		return entry;
	}
	return pool.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
}

/**
 * The memory of a piece of the body, to hand over to the worker without copying it. Node.js's HTTP parser
 * gives every piece its own ArrayBuffer, which the request thread does not touch again; a piece sharing its
 * memory (not seen from Node.js 24, but not promised either) is copied.
 * @param {Buffer} piece
 * @returns {ArrayBuffer}
 */
function ownMemory(piece) {
	const memory = piece.buffer;
	if (memory instanceof ArrayBuffer && piece.byteOffset === 0 && piece.byteLength === memory.byteLength) return memory;
	return /** @type {ArrayBuffer} */ (Uint8Array.prototype.slice.call(piece).buffer);
}

/** When each connection may next send, for the throughput cap (connections are reused by keep-alive). */
/** @type {WeakMap<import('node:net').Socket, { readyAt: number }>} */
const linkSchedules = new WeakMap();

/**
 * Receives the multipart body of `req`. Resolves once the whole body was read, parsed and its file stored.
 * Rejects with a MultipartError when the body is malformed (after reading it to the end, so the caller can
 * answer 400 on the same connection), or with an Error whose `code` is 'ECONNABORTED' when the client went
 * away. On rejection the staging file is gone.
 * @param {import('node:http').IncomingMessage} req
 * @param {ReceiveOptions} options
 * @returns {Promise<ReceivedPart>}
 */
function receivePart(req, options) {
	const boundary = getBoundary(req.headers['content-type']);
	if (!boundary) {
		return Promise.reject(new MultipartError('Content-Type must be multipart/form-data with a boundary'));
	}
	const job = ++nextJob;
	const { worker, jobs } = pickWorker();
	const rate = options.linkBytesPerSecond ?? 0;
	let schedule = rate > 0 ? linkSchedules.get(req.socket) : undefined;
	if (rate > 0 && !schedule) {
		schedule = { readyAt: 0 };
		linkSchedules.set(req.socket, schedule);
	}

	return new Promise((resolve, reject) => {
		/** Pieces not yet handed to the worker. @type {ArrayBuffer[]} */
		let batch = [];
		let filled = 0;
		let inFlight = 0;
		/** Reasons the request is paused: the worker is behind, the link cap is ahead of schedule. */
		let holds = 0;
		let ended = false;
		let settled = false;
		/** @type {Error | undefined} */
		let failure;

		const hold = () => {
			if (holds++ === 0) req.pause();
		};
		const release = () => {
			if (--holds === 0 && !settled) req.resume();
		};
		/** @param {() => void} settle */
		const finish = (settle) => {
			if (settled) return;
			settled = true;
			jobs.delete(job);
			settle();
		};
		const flush = () => {
			if (filled === 0) return;
			worker.postMessage({ type: 'data', job, buffers: batch }, batch);
			inFlight++;
			if (inFlight === MAX_BATCHES_IN_FLIGHT) hold();
			batch = [];
			filled = 0;
		};

		jobs.set(job, (message) => {
			switch (message.type) {
				case 'ack':
					if (inFlight-- === MAX_BATCHES_IN_FLIGHT) release();
					break;
				case 'failed':
					failure = message.malformed ? new MultipartError(message.message) : new Error(message.message);
					if (ended) finish(() => reject(failure));
					break;
				case 'done':
					finish(() => resolve({ fields: message.fields, file: message.file }));
					break;
			}
		});
		worker.postMessage({
			type: 'start',
			job,
			boundary,
			stagingPath: options.stagingPath,
			expectedSize: options.expectedSize,
		});

		req.on('data', (/** @type {Buffer} */ chunk) => {
			if (failure) return; // read and discard the rest, to answer 400 on the same connection
			batch.push(ownMemory(chunk));
			filled += chunk.length;
			if (filled >= BATCH_SIZE) flush();
			if (schedule) {
				const now = performance.now();
				schedule.readyAt = Math.max(schedule.readyAt, now) + (chunk.length / rate) * 1000;
				const wait = schedule.readyAt - now;
				if (wait >= MIN_PAUSE_MS) {
					hold();
					setTimeout(release, wait);
				}
			}
		});
		req.on('end', () => {
			ended = true;
			if (failure) {
				worker.postMessage({ type: 'abort', job });
				finish(() => reject(failure));
				return;
			}
			flush();
			worker.postMessage({ type: 'end', job });
		});
		req.on('close', () => {
			if (ended) return;
			worker.postMessage({ type: 'abort', job });
			const error = /** @type {Error & { code?: string }} */ (new Error('client closed the connection'));
			error.code = 'ECONNABORTED';
			finish(() => reject(error));
		});
	});
}

module.exports = { receivePart };
