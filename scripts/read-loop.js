// @ts-check
'use strict';
/**
 * The upload's read loop outside n8n, to see what n8n's heap does to it (docs/benchmark.md, "Where the
 * CPU goes"): reads a file with a `fs.ReadStream` made the way n8n's filesystem binary store makes it
 * (`FileHandle.createReadStream` with a high-water mark), hashes and copies every piece into 8 reused
 * 16 MiB part buffers, in a process that first fills its heap with live objects as n8n's holds.
 * Prints the CPU time and the number of full garbage collections.
 *
 *   node scripts/read-loop.js <file> [--heap-mib 190] [--read-mib 1] [--free]
 *
 * `--free` frees each piece once it is copied, as the node does (ArrayBuffer.prototype.transfer(0)).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const MiB = 1024 * 1024;
const PART_SIZE = 16 * MiB;

function parseArgs(argv) {
	const args = { file: '', heapMib: 190, readMib: 1, free: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--heap-mib') args.heapMib = Number(argv[++i]);
		else if (argv[i] === '--read-mib') args.readMib = Number(argv[++i]);
		else if (argv[i] === '--free') args.free = true;
		else args.file = argv[i];
	}
	if (!args.file) throw new Error('usage: node scripts/read-loop.js <file> [--heap-mib 190] [--read-mib 1] [--free]');
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	// Live objects standing in for n8n's heap: a full collection has to mark all of them.
	const live = Array.from({ length: args.heapMib * 1024 * 16 }, (_, i) => ({ i, name: `object ${i}`, list: [i] }));
	let fullCollections = 0;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = /** @type {{ kind?: number }} */ (entry.detail)?.kind;
			if (kind === constants.NODE_PERFORMANCE_GC_MAJOR || kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) fullCollections++;
		}
	}).observe({ entryTypes: ['gc'] });

	const parts = Array.from({ length: 8 }, () => Buffer.allocUnsafeSlow(PART_SIZE).fill(0));
	const started = process.cpuUsage();
	const handle = await fs.promises.open(args.file);
	let filled = 0;
	let part = 0;
	let hash = crypto.createHash('md5');
	for await (const piece of handle.createReadStream({ highWaterMark: args.readMib * MiB })) {
		for (let data = /** @type {Buffer} */ (piece); data.length > 0; ) {
			const take = Math.min(PART_SIZE - filled, data.length);
			data.copy(parts[part % parts.length], filled, 0, take);
			hash.update(data.subarray(0, take));
			filled += take;
			data = data.subarray(take);
			if (filled === PART_SIZE) {
				hash.digest('hex');
				hash = crypto.createHash('md5');
				filled = 0;
				part++;
			}
		}
		if (args.free && piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength) {
			/** @type {ArrayBuffer & { transfer: (length: number) => ArrayBuffer }} */ (piece.buffer).transfer(0);
		}
	}
	const cpu = process.cpuUsage(started);
	// let the last collections report before printing
	await new Promise((resolve) => setTimeout(resolve, 100));
	console.log(
		`heap ${args.heapMib} MiB of live objects (${live.length} kept), reads of ${args.readMib} MiB${args.free ? ', pieces freed' : ''}: ` +
			`CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, full collections ${fullCollections}`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
