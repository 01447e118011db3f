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
 * @property {() => Promise<void>} stop
 */

/** @returns {Promise<FileServer>} */
async function startFileServer() {
	/** @type {Map<string, HostedFile>} */
	const files = new Map();
	/** @type {string[]} */
	const requests = [];
	const server = http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		requests.push(path);
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
			files.set(path.split("?")[0], file);
			return `${url}${path}`;
		},
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
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

module.exports = { refusingUrl, startFileServer };
