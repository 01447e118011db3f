// @ts-check
'use strict';
/**
 * Peak memory growth of a piece of work, for the bounded-memory tests. Plain JavaScript: the
 * community-node lint forbids `process` (and console output) in .ts files.
 */

/** heapUsed + arrayBuffers: JavaScript objects and the Buffers outside the heap. */
function usage() {
	const { heapUsed, arrayBuffers } = process.memoryUsage();
	return heapUsed + arrayBuffers;
}

/**
 * Runs `work` while sampling memory every 5 ms; returns its result and the peak growth in bytes.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<{ result: T, growth: number }>}
 */
async function measurePeakGrowth(work) {
	const baseline = usage();
	let peak = baseline;
	const timer = setInterval(() => {
		peak = Math.max(peak, usage());
	}, 5);
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
