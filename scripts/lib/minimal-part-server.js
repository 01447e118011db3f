// @ts-check
'use strict';

/**
 * The least a server can do with the curl recipe's one big part, for `npm run bench` to check that the
 * emulator is not what makes the recipe slow (issue #23): every POST's body is hashed (md5) as it arrives
 * and streamed to a file (`/file`) or dropped (`/null`, as /dev/null would), on the request thread, the
 * write stream's backpressure pausing the socket. No multipart parsing, no checks: the answer is the number
 * of bytes received and their md5.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

/**
 * @param {{ dir: string }} options where the file sink writes (one file per request, deleted after it)
 * @returns {Promise<{ url: (sink: 'file' | 'null') => string, stop: () => Promise<void> }>}
 */
async function startMinimalPartServer({ dir }) {
	let next = 0;
	const server = http.createServer((req, res) => {
		const file = path.join(dir, `minimal-part-${++next}.bin`);
		// A write stream's default 16 KiB high-water mark would pause the socket after every read; with
		// room for a few MiB, reads that arrive while a write is under way go out together (writev).
		const out =
			req.url === '/file'
				? fs.createWriteStream(file, { highWaterMark: 8 * 1024 * 1024 })
				: undefined;
		const md5 = crypto.createHash('md5');
		let bytes = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			md5.update(chunk);
			bytes += chunk.length;
			if (out && !out.write(chunk)) {
				req.pause();
				out.once('drain', () => req.resume());
			}
		});
		req.on('end', () => {
			const answer = () => {
				fs.rmSync(file, { force: true });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ bytes, md5: md5.digest('hex') }));
			};
			if (out) out.end(answer);
			else answer();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: (sink) => `http://127.0.0.1:${port}/${sink}`,
		stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startMinimalPartServer };
