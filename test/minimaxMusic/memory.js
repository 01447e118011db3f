// @ts-check
'use strict';
/**
 * Peak memory growth of a piece of work, for the bounded-memory tests. Plain JavaScript: the
 * community-node lint forbids `process` (and console output) in .ts files.
 *
 * Each sample is taken after a full garbage collection, so it counts what the work holds, not
 * what it has let go and V8 has not collected yet (read buffers are garbage as soon as they are
 * sent, but may wait for a collection long after that).
 */
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
/** @type {() => void} */
const collectGarbage = vm.runInNewContext('gc');

/** heapUsed + arrayBuffers: JavaScript objects and the Buffers outside the heap. */
function reading() {
	const { heapUsed, arrayBuffers } = process.memoryUsage();
	return heapUsed + arrayBuffers;
}

/**
 * The same after a full garbage collection. Twice: V8 frees the memory of dead ArrayBuffers (the
 * Buffers of a download's pieces) on a background thread after a collection, and the next
 * collection first waits for that to finish; after one alone, the reading still counts some of
 * them, the more so on a busy machine.
 */
function usage() {
	collectGarbage();
	collectGarbage();
	return reading();
}

/** When the next collection may run: a slow collection (a big heap) is not repeated at once. */
let nextCollectionAt = 0;

/**
 * A sample after a full collection, when it can raise `peak`: a collection only lowers the reading,
 * so a reading at or below the peak without one cannot raise it either. Same peak, far fewer
 * collections (each one walks the whole heap: 20 ms apart, they would slow a long run tenfold). A
 * collection that took t ms is followed by none for 4t ms, so they take at most a fifth of the time
 * in a process with a big heap (e.g. at the end of a whole test run).
 * @param {number} peak
 */
function sample(peak) {
	const now = performance.now();
	if (reading() <= peak || now < nextCollectionAt) return peak;
	const value = usage();
	nextCollectionAt = performance.now() + 4 * (performance.now() - now);
	return Math.max(peak, value);
}

/**
 * Runs `work` while sampling memory every 20 ms; returns its result and the peak growth in bytes.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<{ result: T, growth: number }>}
 */
async function measurePeakGrowth(work) {
	const baseline = usage();
	let peak = baseline;
	const timer = setInterval(() => {
		peak = sample(peak);
	}, 20);
	try {
		const result = await work();
		peak = Math.max(peak, usage());
		return { result, growth: peak - baseline };
	} finally {
		clearInterval(timer);
	}
}

/** Prints a measured figure into the test output. @param {string} line */
function report(line) {
	process.stdout.write(`${line}\n`);
}

module.exports = { measurePeakGrowth, report };
