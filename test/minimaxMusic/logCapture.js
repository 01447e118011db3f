// @ts-check
'use strict';
/**
 * Records what n8n's logger receives during a test, so a test can prove a secret never reaches
 * the logs. Nodes log through `this.logger`, which is n8n-core's Logger from its DI container.
 */
require('reflect-metadata');
const fromCore = (/** @type {string} */ name) =>
	require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));

/**
 * @typedef {object} LogCapture
 * @property {string[]} lines every log call since capture started: "level: message {meta}"
 * @property {() => void} restore puts n8n-core's own logger back
 */

/** @returns {LogCapture} */
function captureLogs() {
	const { Container } = fromCore('@n8n/di');
	const { Logger } = fromCore('@n8n/backend-common');
	const original = Container.get(Logger);
	/** @type {string[]} */
	const lines = [];
	/** @param {string} level */
	const record = (level) => (/** @type {string} */ message, /** @type {unknown} */ meta) => {
		lines.push(`${level}: ${message} ${meta === undefined ? '' : safeStringify(meta)}`);
	};
	const fake = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => fake,
	};
	Container.set(Logger, fake);
	return {
		lines,
		restore() {
			Container.set(Logger, original);
		},
	};
}

/** @param {unknown} value */
function safeStringify(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, v) => {
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		return v;
	});
}

module.exports = { captureLogs };
