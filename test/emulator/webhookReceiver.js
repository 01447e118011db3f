// @ts-check
'use strict';
/**
 * A loopback HTTP server that records the webhook deliveries it receives, and answers them with a status
 * the test chooses. Plain JavaScript: the community-node lint forbids node:http in .ts files.
 */
const http = require('node:http');

/**
 * @typedef {object} ReceivedDelivery
 * @property {string} method
 * @property {string} path path and query string
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {string} text the raw body
 * @property {any} json the parsed body (undefined when it is not JSON)
 */

/**
 * Starts the receiver on 127.0.0.1 and a free port.
 * @returns {Promise<{ url: string, received: ReceivedDelivery[], answerWith: (status: number) => void,
 *   stop: () => Promise<void> }>}
 */
async function startWebhookReceiver() {
	/** @type {ReceivedDelivery[]} */
	const received = [];
	let status = 200;
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, text, json });
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end('received');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		received,
		answerWith(value) {
			status = value;
		},
		stop: () =>
			new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			}),
	};
}

module.exports = { startWebhookReceiver };
