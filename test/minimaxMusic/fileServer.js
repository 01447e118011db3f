// @ts-check
'use strict';
/**
 * A tiny loopback HTTP server that hosts files for the "download from URL" tests.
 * Plain JavaScript: the community-node lint forbids node:http in .ts files.
 */
const http = require('node:http');

/**
 * @typedef {{ body: Buffer, headers?: Record<string, string>, status?: number }} HostedFile
 */

/**
 * @typedef {object} FileServer
 * @property {string} url
 * @property {string[]} requests paths requested so far, in order
 * @property {(path: string, file: HostedFile) => string} host serves `file` at `path` (any query string is kept
 *   in the URL but ignored when serving) and returns its full URL
 * @property {(path: string, head: Buffer, size: number, options?: { contentLength?: boolean }) => string} hostLarge
 *   serves `size` bytes at `path`: `head`, then zeros made as the client reads them (never held), with a
 *   Content-Length unless `contentLength` is false; returns its full URL
 * @property {() => number} bytesSent bytes of large files written to sockets so far
 * @property {() => Promise<void>} stop
 */

/** @returns {Promise<FileServer>} */
async function startFileServer() {
	/** @type {Map<string, HostedFile>} */
	const files = new Map();
	/** @type {string[]} */
	const requests = [];
	/** @type {Map<string, { head: Buffer, size: number, contentLength: boolean }>} */
	const large = new Map();
	let sent = 0;
	const server = http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		requests.push(path);
		const big = large.get(path);
		if (big) {
			res.writeHead(200, big.contentLength ? { 'content-length': String(big.size) } : {});
			let offset = 0;
			const zeros = Buffer.alloc(64 * 1024);
			const write = () => {
				while (offset < big.size) {
					const piece =
						offset === 0 ? big.head : zeros.subarray(0, Math.min(zeros.length, big.size - offset));
					offset += piece.length;
					sent += piece.length;
					if (!res.write(piece)) return void res.once('drain', write);
				}
				res.end();
			};
			res.on('close', () => (offset = big.size));
			write();
			return;
		}
		const file = files.get(path);
		if (!file) {
			res.writeHead(404, { 'content-type': 'text/plain' });
			res.end('not found');
			return;
		}
		res.writeHead(file.status ?? 200, {
			'content-length': String(file.body.length),
			...(file.headers ?? {}),
		});
		res.end(file.body);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${address.port}`;
	return {
		url,
		requests,
		/** @param {string} path @param {HostedFile} file */
		host(path, file) {
			files.set(path.split('?')[0], file);
			return `${url}${path}`;
		},
		/** @param {string} path @param {Buffer} head @param {number} size @param {{ contentLength?: boolean }} [options] */
		hostLarge(path, head, size, options = {}) {
			large.set(path, { head, size, contentLength: options.contentLength !== false });
			return `${url}${path}`;
		},
		bytesSent: () => sent,
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

/**
 * The 44-byte header of a WAV file of `seconds` of 44.1 kHz 16-bit stereo (176,400 bytes a second).
 * @param {number} seconds
 */
function wavHeader(seconds) {
	const byteRate = 44100 * 2 * 2;
	const dataBytes = Math.round(seconds * byteRate);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVEfmt ', 8, 'latin1');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(2, 22);
	header.writeUInt32LE(44100, 24);
	header.writeUInt32LE(byteRate, 28);
	header.writeUInt16LE(4, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(dataBytes, 40);
	return { header, size: 44 + dataBytes };
}

/**
 * Stores a WAV of `seconds` (header, then zeros) as filesystem-mode binary data, through a sparse
 * temp file: the test process never holds its bytes.
 * @param {number} seconds
 */
async function storeLongWav(seconds) {
	const fs = require('node:fs');
	const os = require('node:os');
	const path = require('node:path');
	const { storeBinaryFile } = require('../harness');
	const { header, size } = wavHeader(seconds);
	const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'long-wav-'));
	const file = path.join(dir, 'long.wav');
	await fs.promises.writeFile(file, header);
	await fs.promises.truncate(file, size);
	try {
		return { binary: await storeBinaryFile(file, { mimeType: 'audio/wav' }), size };
	} finally {
		await fs.promises.rm(dir, { recursive: true, force: true });
	}
}

/**
 * A loopback URL where nothing listens (a port taken and released again): requests to it are
 * refused, as they are when the configured host is down.
 * @returns {Promise<string>}
 */
async function refusingUrl() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return `http://127.0.0.1:${port}`;
}

module.exports = { refusingUrl, startFileServer, storeLongWav, wavHeader };
