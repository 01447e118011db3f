// @ts-check
'use strict';
/**
 * The emulator in a child process, for memory measurements of the process n8n runs in alone: in the
 * test's own process, the emulator's buffers (the file source's chunks, the parts it receives)
 * would count as the node's. Plain JavaScript (the lint forbids child processes in .ts files).
 *
 *   const emu = await startEmulatorProcess({ transcodeDelayMs: 100 });
 *   const file = await emu.addSource({ name: 'master.wav', size: 256 * 1024 ** 2 });
 *   await emu.mediaMd5(id); await emu.sourceRequests(file.id); await emu.stop();
 */
const { fork } = require('node:child_process');

if (require.main === module) {
	const { startEmulator } = require('../../emulator');
	/** @type {import('../../emulator').Emulator | undefined} */
	let emu;
	/** @type {Map<string, import('../../emulator').SourceFile>} */
	const files = new Map();
	/** @type {Record<string, (args: any) => Promise<unknown> | unknown>} */
	const operations = {
		async start(args) {
			emu = await startEmulator({ port: 0, host: '127.0.0.1', ...args });
			return { aiozBaseUrl: emu.aiozBaseUrl, keys: emu.keys };
		},
		addSource(args) {
			const file = /** @type {import('../../emulator').Emulator} */ (emu).source.add(args);
			files.set(file.id, file);
			return { id: file.id, url: file.url, signature: file.signature, size: file.size, md5: file.md5 };
		},
		source: (id) => {
			const file = /** @type {import('../../emulator').SourceFile} */ (files.get(id));
			return { served: file.served, requests: file.requests };
		},
		mediaMd5: async (id) => await /** @type {import('../../emulator').Emulator} */ (emu).aioz.md5(id),
		requests: () => /** @type {import('../../emulator').Emulator} */ (emu).requests,
		async stop() {
			await emu?.stop();
			return true;
		},
	};
	process.on('message', (/** @type {{ id: number, op: string, args: unknown }} */ message) => {
		Promise.resolve()
			.then(() => operations[message.op](message.args))
			.then(
				(value) => process.send?.({ id: message.id, value }),
				(error) => process.send?.({ id: message.id, error: String(error?.stack ?? error) }),
			)
			.finally(() => {
				if (message.op === 'stop') process.disconnect();
			});
	});
}

/**
 * @typedef {object} ChildSourceFile
 * @property {string} id
 * @property {string} url
 * @property {string} signature
 * @property {number} size
 * @property {string} md5
 */

/**
 * Starts the emulator in a child process; its methods ask the child.
 * @param {import('../../emulator').EmulatorOptions} [options]
 */
async function startEmulatorProcess(options = {}) {
	const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let seq = 0;
	/** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
	const pending = new Map();
	child.on('message', (/** @type {{ id: number, value?: unknown, error?: string }} */ message) => {
		const waiting = pending.get(message.id);
		pending.delete(message.id);
		if (message.error !== undefined) waiting?.reject(new Error(message.error));
		else waiting?.resolve(message.value);
	});
	child.on('exit', () => {
		for (const waiting of pending.values()) waiting.reject(new Error('the emulator process exited'));
		pending.clear();
	});
	/** @param {string} op @param {unknown} [args] @returns {Promise<any>} */
	const ask = (op, args) =>
		new Promise((resolve, reject) => {
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.send({ id, op, args });
		});
	/** @type {{ aiozBaseUrl: string, keys: import('../../emulator').Emulator['keys'] }} */
	const started = await ask('start', options);
	return {
		...started,
		/** @param {import('../../emulator').SourceFileOptions} options @returns {Promise<ChildSourceFile>} */
		addSource: (options) => ask('addSource', options),
		/** @param {string} id @returns {Promise<{ served: number, requests: import('../../emulator').RequestLogEntry[] }>} */
		source: (id) => ask('source', id),
		/** @param {string} id @returns {Promise<string>} */
		mediaMd5: (id) => ask('mediaMd5', id),
		/** @returns {Promise<import('../../emulator').RequestLogEntry[]>} */
		requests: () => ask('requests'),
		async stop() {
			await ask('stop');
		},
	};
}

module.exports = { startEmulatorProcess };
