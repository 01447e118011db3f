// @ts-check
'use strict';

/**
 * Deterministic fault injection for the emulator.
 *
 * Part uploads are chosen to fail from a seeded hash of (seed, Content-Range start, attempt number for that
 * start on that media), never from arrival order, so the same seed fails the same parts on the same attempts
 * even when parts are sent in parallel and arrive in a different order.
 */

/** @typedef {'500' | '503' | '429' | 'drop'} FaultKind */

/**
 * @typedef {object} FaultOptions
 * @property {number} [seed] Seed of the deterministic choice (default 1).
 * @property {number} [partFailureRate] Share of part upload attempts that fail, 0..1 (default 0).
 * @property {FaultKind[]} [kinds] Failure kinds to choose from (default all four).
 * @property {number} [retryAfterSeconds] `Retry-After` value of 429 answers (default 1).
 * @property {number} [maxFailuresPerPart] Attempts of one part (same media and start) that may fail before it
 *   always succeeds (default: unlimited).
 */

/** @type {FaultKind[]} */
const ALL_KINDS = ['500', '503', '429', 'drop'];

/**
 * mulberry32: a small, fast, well-distributed 32-bit PRNG.
 * @param {number} seed
 * @returns {() => number} a function returning floats in [0, 1)
 */
function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * FNV-1a 32-bit hash of a string (used to turn a key into a PRNG seed).
 * @param {string} text
 * @returns {number}
 */
function hashString(text) {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/**
 * A PRNG seeded from a seed and any number of key parts.
 * @param {number} seed
 * @param {...(string | number)} keys
 */
function keyedRandom(seed, ...keys) {
	return mulberry32(hashString(`${seed}|${keys.join('|')}`));
}

/**
 * Validates fault options and fills in defaults.
 * @param {FaultOptions} options
 * @returns {Required<Omit<FaultOptions, 'maxFailuresPerPart'>> & { maxFailuresPerPart: number }}
 */
function normalizeFaults(options) {
	const seed = options.seed ?? 1;
	const partFailureRate = options.partFailureRate ?? 0;
	const kinds = options.kinds ?? ALL_KINDS;
	const retryAfterSeconds = options.retryAfterSeconds ?? 1;
	const maxFailuresPerPart = options.maxFailuresPerPart ?? Infinity;
	if (!Number.isFinite(seed)) throw new TypeError('faults.seed must be a finite number');
	if (!(partFailureRate >= 0 && partFailureRate <= 1)) {
		throw new TypeError('faults.partFailureRate must be between 0 and 1');
	}
	if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !ALL_KINDS.includes(k))) {
		throw new TypeError(`faults.kinds must be a non-empty array of ${ALL_KINDS.join(', ')}`);
	}
	if (!(retryAfterSeconds >= 0)) throw new TypeError('faults.retryAfterSeconds must be >= 0');
	if (!(maxFailuresPerPart >= 0)) throw new TypeError('faults.maxFailuresPerPart must be >= 0');
	return { seed, partFailureRate, kinds: [...kinds], retryAfterSeconds, maxFailuresPerPart };
}

class FaultPlan {
	/** @param {FaultOptions} options */
	constructor(options) {
		this.options = normalizeFaults(options);
		/** @type {Map<string, number>} attempts per media and start offset */
		this.attempts = new Map();
		/** @type {Map<string, number>} failures per media and start offset */
		this.failures = new Map();
	}

	/**
	 * Decides whether this part upload attempt fails, and how.
	 * @param {string} mediaId
	 * @param {number} start Content-Range start of the part
	 * @returns {FaultKind | undefined}
	 */
	decidePart(mediaId, start) {
		const key = `${mediaId}@${start}`;
		const attempt = (this.attempts.get(key) ?? 0) + 1;
		this.attempts.set(key, attempt);
		const { seed, partFailureRate, kinds, maxFailuresPerPart } = this.options;
		if (partFailureRate <= 0) return undefined;
		const failed = this.failures.get(key) ?? 0;
		if (failed >= maxFailuresPerPart) return undefined;
		const random = keyedRandom(seed, 'part', start, attempt);
		if (random() >= partFailureRate) return undefined;
		this.failures.set(key, failed + 1);
		return kinds[Math.floor(random() * kinds.length)];
	}
}

module.exports = { ALL_KINDS, FaultPlan, hashString, keyedRandom, mulberry32, normalizeFaults };
