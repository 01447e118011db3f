// @ts-check
/**
 * `npm run bench`: upload speed and memory of the AIOZ Stream one-step upload, side by side
 * with the seed's curl recipe (md5sum, then one curl -F request), against the emulator on
 * loopback. A benchmark, not a test: it asserts nothing about time, and exits non-zero only
 * when an upload fails or the emulator's md5 of the assembled file does not match.
 *
 * Each node sample is a fresh worker process (scripts/bench-worker.js, loads dist/: build first),
 * so its peak RSS is that upload's alone. CPU columns add the emulator's CPU (this process) to the
 * worker's, or to md5sum's and curl's (from /proc/self/stat): on a small shared machine the two
 * sides compete for the same cores, and CPU explains most of the wall time.
 *
 *   npm run bench                               sizes 16, 256, 1024 MiB, 3 rounds (A B A B ...)
 *   npm run bench -- --sizes 16,256 --rounds 5
 *   npm run bench -- --sweep [--sweep-size 256]  chunk sizes 5,16,32,50,128 MiB x concurrency 1-4
 *   npm run bench -- --chunk-mib 32 --concurrency 2   override the node's defaults
 */
const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { startEmulator } = require('../emulator');

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;

function parseArgs(argv) {
	const args = { sizes: [16, 256, 1024], rounds: 3, sweep: false, sweepSize: 256 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => inline ?? argv[++i];
		if (flag === '--sizes') args.sizes = value().split(',').map(Number);
		else if (flag === '--rounds') args.rounds = Number(value());
		else if (flag === '--sweep') args.sweep = true;
		else if (flag === '--sweep-size') args.sweepSize = Number(value());
		else if (flag === '--chunk-mib') args.chunkMib = Number(value());
		else if (flag === '--concurrency') args.concurrency = Number(value());
		else if (flag === '--keep-files') args.keepFiles = true;
		else throw new Error(`Unknown option ${argv[i]} (see the header of scripts/bench.js)`);
	}
	return args;
}

/** Writes a WAV file of the given size (a valid header, then noise) and returns its md5. */
async function makeAudioFile(filePath, bytes) {
	const hash = crypto.createHash('md5');
	const out = fs.createWriteStream(filePath);
	const write = (buffer) =>
		new Promise((resolve, reject) => {
			hash.update(buffer);
			out.write(buffer, (error) => (error ? reject(error) : resolve(undefined)));
		});
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(bytes - 8, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(2, 22); // stereo
	header.writeUInt32LE(48000, 24);
	header.writeUInt32LE(48000 * 4, 28);
	header.writeUInt16LE(4, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36);
	header.writeUInt32LE(bytes - 44, 40);
	await write(header);
	for (let written = 44; written < bytes; ) {
		const block = crypto.randomBytes(Math.min(4 * MiB, bytes - written));
		await write(block);
		written += block.length;
	}
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve(undefined))));
	return hash.digest('hex');
}

/**
 * CPU seconds used so far by this process (the emulator) and by its waited-for children (the
 * node's worker processes, md5sum, curl), from /proc/self/stat; undefined off Linux.
 */
function cpuNow() {
	const own = process.cpuUsage();
	let children;
	try {
		const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
		// Fields 16 and 17 of stat (cutime, cstime), in clock ticks of (almost always) 1/100 s.
		children = (Number(fields[13]) + Number(fields[14])) / 100;
	} catch {
		children = undefined;
	}
	return { emulator: (own.user + own.system) / 1e6, children };
}

function cpuSince(before) {
	const now = cpuNow();
	return {
		emulator: now.emulator - before.emulator,
		children: before.children === undefined || now.children === undefined ? undefined : now.children - before.children,
	};
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

class Bench {
	constructor(emulator, args) {
		this.emu = emulator;
		this.args = args;
		this.failures = [];
		this.credentials = {
			publicKey: emulator.keys.aiozPublicKey,
			secretKey: emulator.keys.aiozSecretKey,
			environment: 'custom',
			baseUrl: emulator.aiozBaseUrl,
			apiRoutes: 'media',
		};
	}

	/** The node: one fresh process per sample, so peak RSS belongs to that upload alone. */
	async runNode(file, expectedMd5, { chunkMib, concurrency } = {}) {
		/** @type {Record<string, number>} */
		const options = {};
		if (chunkMib) options.chunkSize = chunkMib;
		if (concurrency) options.concurrency = concurrency;
		const before = cpuNow();
		const job = {
			file,
			credentials: this.credentials,
			parameters: {
				resource: 'audio',
				operation: 'upload',
				title: `bench ${path.basename(file)}`,
				binaryPropertyName: 'data',
				waitForCompletion: false,
				options,
			},
		};
		const { stdout } = await execFileAsync(
			process.execPath,
			[path.join(__dirname, 'bench-worker.js'), JSON.stringify(job)],
			{ maxBuffer: 16 * MiB },
		);
		const result = JSON.parse(stdout.trim().split('\n').pop());
		// The emulator's CPU while the worker ran (the worker's own CPU is timed inside it).
		const emulatorCpu = cpuSince(before).emulator;
		const media = this.emu.aioz.getMedia(result.mediaId);
		const md5 = await this.emu.aioz.md5(result.mediaId);
		this.check(`node ${path.basename(file)}`, md5, expectedMd5);
		return { ...result, parts: media.parts.length, cpuS: result.cpuMs / 1000 + emulatorCpu };
	}

	/** The seed's recipe: md5sum of the file, then one curl -F request with Content-Range. */
	async runRecipe(file, expectedMd5) {
		const headers = {
			'stream-public-key': this.emu.keys.aiozPublicKey,
			'stream-secret-key': this.emu.keys.aiozSecretKey,
			'content-type': 'application/json',
		};
		const created = await fetch(`${this.emu.aiozBaseUrl}/media/create`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ title: `recipe ${path.basename(file)}`, type: 'audio' }),
		}).then((response) => response.json());
		const id = created.data.id;
		const size = fs.statSync(file).size;

		const started = process.hrtime.bigint();
		const before = cpuNow();
		const { stdout: md5sumOut } = await execFileAsync('md5sum', [file]);
		const hash = md5sumOut.split(' ')[0];
		await execFileAsync('curl', [
			'-s', '-f', '-X', 'POST', `${this.emu.aiozBaseUrl}/media/${id}/part`,
			'-H', `stream-public-key: ${this.emu.keys.aiozPublicKey}`,
			'-H', `stream-secret-key: ${this.emu.keys.aiozSecretKey}`,
			'-H', `Content-Range: bytes 0-${size - 1}/${size}`,
			'-F', `file=@${file}`, '-F', 'index=0', '-F', `hash=${hash}`,
		]);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const cpu = cpuSince(before);

		await fetch(`${this.emu.aiozBaseUrl}/media/${id}/complete`, { headers });
		this.check(`recipe ${path.basename(file)}`, await this.emu.aioz.md5(id), expectedMd5);
		return { ms, cpuS: cpu.children === undefined ? undefined : cpu.children + cpu.emulator };
	}

	check(what, actual, expected) {
		if (actual !== expected) {
			this.failures.push(`${what}: emulator md5 ${actual} != file md5 ${expected}`);
		}
	}
}

const fmt = (n, digits = 1) => n.toFixed(digits);
const fmtCpu = (seconds) => (seconds === undefined ? 'n/a' : `${fmt(seconds, 2)} s`);
const medianOrUndefined = (values) => (values.some((v) => v === undefined) ? undefined : median(values));

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-audio-upload-bench-'));
	const emu = await startEmulator({ port: 0, host: '127.0.0.1', transcodeDelayMs: 0 });
	const bench = new Bench(emu, args);
	const log = (line) => process.stdout.write(`${line}\n`);

	try {
		log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB RAM, node ${process.version}`);
		if (args.sweep) {
			await sweep(bench, workDir, args, log);
		} else {
			await compare(bench, workDir, args, log);
		}
	} finally {
		await emu.stop();
		if (!args.keepFiles) fs.rmSync(workDir, { recursive: true, force: true });
	}

	if (bench.failures.length) {
		for (const failure of bench.failures) log(`FAIL ${failure}`);
		process.exitCode = 1;
	}
}

async function prepareFile(workDir, sizeMib, log) {
	const file = path.join(workDir, `bench-${sizeMib}MiB.wav`);
	log(`generating ${sizeMib} MiB test file ...`);
	const md5 = await makeAudioFile(file, sizeMib * MiB);
	return { file, md5 };
}

async function compare(bench, workDir, args, log) {
	const overrides = { chunkMib: args.chunkMib, concurrency: args.concurrency };
	const rows = [];
	for (const sizeMib of args.sizes) {
		const { file, md5 } = await prepareFile(workDir, sizeMib, log);
		const node = [];
		const recipe = [];
		for (let round = 1; round <= args.rounds; round++) {
			const a = await bench.runNode(file, md5, overrides);
			const b = await bench.runRecipe(file, md5);
			node.push(a);
			recipe.push(b);
			log(`  ${sizeMib} MiB round ${round}: node ${fmt(a.ms, 0)} ms (${a.parts} parts, peak RSS ${fmt(a.maxRssMiB, 0)} MiB, CPU ${fmtCpu(a.cpuS)}), recipe ${fmt(b.ms, 0)} ms (CPU ${fmtCpu(b.cpuS)})`);
		}
		fs.rmSync(file);
		const nodeMs = median(node.map((r) => r.ms));
		const recipeMs = median(recipe.map((r) => r.ms));
		rows.push({
			sizeMib,
			nodeMs,
			nodeMBs: (sizeMib * MiB) / 1e6 / (nodeMs / 1000),
			recipeMs,
			recipeMBs: (sizeMib * MiB) / 1e6 / (recipeMs / 1000),
			ratio: nodeMs / recipeMs,
			rssMiB: Math.max(...node.map((r) => r.maxRssMiB)),
			nodeCpuS: median(node.map((r) => r.cpuS)),
			recipeCpuS: medianOrUndefined(recipe.map((r) => r.cpuS)),
			parts: node[0].parts,
			md5: bench.failures.length ? 'MISMATCH' : 'ok',
		});
	}

	log('');
	log(`| size | node (median) | node MB/s | recipe (median) | recipe MB/s | node / recipe | node peak RSS | parts | CPU node / recipe | md5 |`);
	log(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`);
	for (const r of rows) {
		log(`| ${r.sizeMib} MiB | ${fmt(r.nodeMs / 1000, 2)} s | ${fmt(r.nodeMBs)} | ${fmt(r.recipeMs / 1000, 2)} s | ${fmt(r.recipeMBs)} | ${fmt(r.ratio, 2)}x | ${fmt(r.rssMiB, 0)} MiB | ${r.parts} | ${fmtCpu(r.nodeCpuS)} / ${fmtCpu(r.recipeCpuS)} | ${r.md5} |`);
	}
	log('');
	log('times: median wall time of the upload (node: create, parts, complete through the engine; recipe: md5sum + curl part request)');
	log('CPU: node = worker process + emulator; recipe = md5sum + curl + emulator (both sides share the 2-core machine with the emulator)');
	const smallest = rows[0];
	const largest = rows[rows.length - 1];
	if (rows.length > 1) {
		log('');
		log(`memory growth ${smallest.sizeMib} MiB -> ${largest.sizeMib} MiB: ${fmt(largest.rssMiB - smallest.rssMiB, 0)} MiB of peak RSS`);
	}
}

async function sweep(bench, workDir, args, log) {
	const { file, md5 } = await prepareFile(workDir, args.sweepSize, log);
	const rows = [];
	// One recipe sample after each configuration, so the recipe's median spans the whole sweep.
	const recipe = [];
	for (const chunkMib of [5, 16, 32, 50, 128]) {
		for (const concurrency of [1, 2, 3, 4]) {
			const samples = [];
			for (let round = 1; round <= args.rounds; round++) {
				samples.push(await bench.runNode(file, md5, { chunkMib, concurrency }));
			}
			recipe.push(await bench.runRecipe(file, md5));
			const ms = median(samples.map((s) => s.ms));
			const row = {
				chunkMib,
				concurrency,
				ms,
				mbs: (args.sweepSize * MiB) / 1e6 / (ms / 1000),
				rssMiB: Math.max(...samples.map((s) => s.maxRssMiB)),
				cpuS: median(samples.map((s) => s.cpuS)),
				parts: samples[0].parts,
			};
			rows.push(row);
			log(`  chunk ${chunkMib} MiB x ${concurrency}: ${fmt(ms, 0)} ms, ${fmt(row.mbs)} MB/s, peak RSS ${fmt(row.rssMiB, 0)} MiB, CPU ${fmtCpu(row.cpuS)}; recipe ${fmt(recipe[recipe.length - 1].ms, 0)} ms`);
		}
	}
	const recipeMs = median(recipe.map((r) => r.ms));
	log('');
	log(`sweep on ${args.sweepSize} MiB, ${args.rounds} rounds each; seed recipe median ${fmt(recipeMs, 0)} ms over ${recipe.length} samples spread over the sweep (CPU ${fmtCpu(medianOrUndefined(recipe.map((r) => r.cpuS)))})`);
	log(`| chunk | concurrency | parts | node (median) | MB/s | node / recipe | peak RSS | CPU |`);
	log(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
	for (const r of rows) {
		log(`| ${r.chunkMib} MiB | ${r.concurrency} | ${r.parts} | ${fmt(r.ms / 1000, 2)} s | ${fmt(r.mbs)} | ${fmt(r.ms / recipeMs, 2)}x | ${fmt(r.rssMiB, 0)} MiB | ${fmtCpu(r.cpuS)} |`);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
