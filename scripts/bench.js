// @ts-check
'use strict';
/**
 * `npm run bench`: speed, CPU and memory of the AIOZ Stream upload where users run it, inside a real n8n
 * (the pinned n8n of `npm run test:n8n`, with this package packed and installed the same way), side by side
 * with the curl recipe in AIOZ's upload guide (`md5sum`, then one `curl -F file=@… -F index=0 -F hash=…`
 * POST with Content-Range) against the same emulator. Details and results: docs/benchmark.md.
 *
 * A benchmark, not a test: it asserts nothing about time, and exits non-zero only when an upload fails or
 * the emulator's md5 of an uploaded file differs from the file's.
 *
 * One published workflow (Webhook → Read/Write Files from Disk → AIOZ Stream Upload → Respond to Webhook)
 * uploads a file named in the webhook's JSON body. The node's time runs from the emulator's answer to
 * "create" to its answer to "complete"; its CPU is the n8n process tree's (/proc) over the same span; its
 * memory is the n8n process's peak RSS (VmHWM, reset before each upload) over its RSS just before.
 * Node and recipe samples alternate, and the figures are medians. On the loopback profile each round also runs
 * the recipe against a minimal server (scripts/lib/minimal-part-server.js: hashes the body while streaming it to a
 * file, or drops it), and the headline ratio uses the fastest server's median (issue #23). The files (test files,
 * n8n's user folder, the emulator's parts) live on /dev/shm when there is one (--work-dir to choose), and every
 * checked media is deleted, so the disk's writeback of earlier samples does not slow down later ones.
 *
 * The URL profiles (url-loopback, url-wan; issue #20) upload a file the emulator serves at a presigned-looking
 * URL (emulator/source.js: generated content, byte ranges) with a second published workflow (Webhook with a
 * JSON body {url, title} → AIOZ Stream Upload, Input Source URL → Respond to Webhook), side by side with the
 * recipe a user writes without that feature: `curl -o file URL`, then the curl recipe above on that file.
 * There the node's time runs from the webhook request to the emulator's answer to "complete" (its checks of
 * the URL, create, the parts' downloads and uploads, complete), and its CPU is the n8n tree's over that span;
 * the recipe's download (curl -o) and upload (md5sum + curl -F) are timed and reported apart.
 *
 *   npm run bench                              all six profiles (loopback, WAN, concurrent, memory, url-loopback, url-wan)
 *   npm run bench -- --profiles loopback,wan --rounds 5
 *   npm run bench -- --profiles url-loopback,url-wan --url-loopback-mib 1024 --url-wan-mib 256
 *   npm run bench -- --profiles url-loopback --rounds 1 --url-loopback-mib 64   a quick check that it works
 *   npm run bench -- --concurrent 8 --concurrent-mib 200 --profiles concurrent
 *   npm run bench -- --sweep --profiles loopback,wan --sweep-chunks 16,32,50 --sweep-parallel 2,4,6   (loopback and wan only)
 *   npm run bench -- --chunk-mib 32 --concurrency 4   other settings than the node's defaults
 *   npm run bench -- --cpu-prof /tmp/prof --profiles loopback --rounds 1   where n8n's CPU goes
 *   npm run bench -- --n8n-node-options=--trace-gc --n8n-log /tmp/n8n.log   n8n's garbage collections
 *   npm run bench -- --work-dir /tmp   the files on the disk instead of /dev/shm
 */
const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const lib = require('./lib/n8n-install');
const { aiozCredential, waitForWebhook } = require('./lib/e2e');
const { startMinimalPartServer } = require('./lib/minimal-part-server');
const { startEmulator } = require('../emulator');

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const CLOCK_TICKS_PER_SECOND = 100;
const PROFILES = ['loopback', 'wan', 'concurrent', 'memory', 'url-loopback', 'url-wan'];

function parseArgs(argv) {
	const args = {
		profiles: PROFILES,
		rounds: 3,
		loopbackMib: 1024,
		wanMib: 256,
		wanMibps: 20,
		wanLatencyMs: 40,
		concurrent: 8,
		concurrentMib: 200,
		smallMib: 16,
		urlLoopbackMib: 1024,
		urlWanMib: 256,
		sweep: false,
		sweepMib: 256,
		sweepChunks: [16, 32, 50, 100],
		sweepParallel: [2, 3, 4, 6, 8],
		/** @type {number | undefined} */ chunkMib: undefined,
		/** @type {number | undefined} */ concurrency: undefined,
		/** @type {string | undefined} */ cpuProf: undefined,
		/** @type {string | undefined} */ n8nNodeOptions: undefined,
		/** @type {string | undefined} */ n8nLog: undefined,
		/** @type {string | undefined} */ workRoot: undefined,
	};
	const numbers = (v) => v.split(',').map(Number);
	for (let i = 0; i < argv.length; i++) {
		const [flag, ...rest] = argv[i].split('=');
		const inline = rest.length ? rest.join('=') : undefined;
		const value = () => inline ?? argv[++i];
		if (flag === '--profiles') args.profiles = value().split(',');
		else if (flag === '--rounds') args.rounds = Number(value());
		else if (flag === '--loopback-mib') args.loopbackMib = Number(value());
		else if (flag === '--wan-mib') args.wanMib = Number(value());
		else if (flag === '--wan-mibps') args.wanMibps = Number(value());
		else if (flag === '--wan-latency-ms') args.wanLatencyMs = Number(value());
		else if (flag === '--concurrent') args.concurrent = Number(value());
		else if (flag === '--concurrent-mib') args.concurrentMib = Number(value());
		else if (flag === '--small-mib') args.smallMib = Number(value());
		else if (flag === '--url-loopback-mib') args.urlLoopbackMib = Number(value());
		else if (flag === '--url-wan-mib') args.urlWanMib = Number(value());
		else if (flag === '--sweep') args.sweep = true;
		else if (flag === '--sweep-mib') args.sweepMib = Number(value());
		else if (flag === '--sweep-chunks') args.sweepChunks = numbers(value());
		else if (flag === '--sweep-parallel') args.sweepParallel = numbers(value());
		else if (flag === '--chunk-mib') args.chunkMib = Number(value());
		else if (flag === '--concurrency') args.concurrency = Number(value());
		else if (flag === '--cpu-prof') args.cpuProf = path.resolve(value());
		else if (flag === '--n8n-node-options') args.n8nNodeOptions = value();
		else if (flag === '--n8n-log') args.n8nLog = path.resolve(value());
		else if (flag === '--work-dir') args.workRoot = path.resolve(value());
		else throw new Error(`Unknown option ${argv[i]} (see the header of scripts/bench.js)`);
	}
	for (const profile of args.profiles) {
		if (!PROFILES.includes(profile)) throw new Error(`Unknown profile "${profile}" (one of ${PROFILES.join(', ')})`);
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

/** Microseconds on the monotonic clock, the clock of V8's CPU profiles too. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** utime + stime (+ waited-for children) of every process, by pid, with its parent. */
function readProcesses() {
	/** @type {Map<number, { ppid: number, cpuS: number }>} */
	const all = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
			// stat fields 4 (ppid) and 14-17 (utime, stime, cutime, cstime), counted from 1 with `pid (comm)` as 1-2
			const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
			all.set(Number(entry), { ppid: Number(fields[1]), cpuS: ticks / CLOCK_TICKS_PER_SECOND });
		} catch {
			// the process ended meanwhile
		}
	}
	return all;
}

/** CPU seconds used so far by a process and all its descendants (n8n and its task runner). */
function treeCpuSeconds(rootPid) {
	const all = readProcesses();
	let total = 0;
	const pending = [rootPid];
	while (pending.length) {
		const pid = /** @type {number} */ (pending.pop());
		total += all.get(pid)?.cpuS ?? 0;
		for (const [child, info] of all) if (info.ppid === pid) pending.push(child);
	}
	return total;
}

/** @param {number} pid @param {'VmRSS' | 'VmHWM'} field */
function memoryMiB(pid, field) {
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

/** Resets the peak RSS (VmHWM) of a process to its current RSS (Linux: clear_refs 5). @param {number} pid */
function resetPeakRss(pid) {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * The benchmark workflows. Binary source: the Webhook's JSON body names the file (`file`) and the media title
 * (`title`); Webhook → Read/Write Files from Disk → AIOZ Stream Upload → Respond to Webhook. URL source: the body
 * carries the file's link (`url`) and the title; Webhook → AIOZ Stream Upload (Input Source URL) → Respond to
 * Webhook. The "custom" variants also take the chunk size and parallel uploads from the body (`chunkMib`,
 * `concurrency`).
 * @param {{ id: string, name: string, webhookPath: string, credential: { id: string, name: string }, custom: boolean, source?: 'binary' | 'url' }} spec
 */
function benchWorkflow(spec) {
	const body = (field) => `={{ $('Webhook').first().json.body.${field} }}`;
	const fromUrl = spec.source === 'url';
	const webhook = {
		parameters: { httpMethod: 'POST', path: spec.webhookPath, responseMode: 'responseNode', options: {} },
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
	};
	const readFile = {
		parameters: { fileSelector: '={{ $json.body.file }}', options: {} },
		id: crypto.randomUUID(),
		name: 'Read file',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		position: [220, 0],
	};
	const upload = {
		parameters: {
			resource: 'audio',
			operation: 'upload',
			title: body('title'),
			...(fromUrl ? { inputSource: 'url', fileUrl: body('url') } : { binaryPropertyName: 'data' }),
			additionalFields: {},
			waitForCompletion: false,
			options: spec.custom ? { chunkSize: body('chunkMib'), concurrency: body('concurrency') } : {},
		},
		id: crypto.randomUUID(),
		name: 'AIOZ Stream',
		type: 'n8n-nodes-audio-upload.aiozStream',
		typeVersion: 1,
		position: [fromUrl ? 220 : 440, 0],
		credentials: { aiozStreamApi: spec.credential },
	};
	const respond = {
		parameters: { respondWith: 'json', responseBody: '={{ { id: $json.id } }}', options: {} },
		id: crypto.randomUUID(),
		name: 'Respond',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		position: [fromUrl ? 440 : 660, 0],
	};
	const chain = fromUrl ? [webhook, upload, respond] : [webhook, readFile, upload, respond];
	/** @type {Record<string, { main: { node: string, type: string, index: number }[][] }>} */
	const connections = {};
	for (let i = 0; i + 1 < chain.length; i++) connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id: spec.id,
		name: spec.name,
		nodes: chain,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * Where the recipe sends its part: the emulator, or the minimal server (scripts/lib/minimal-part-server.js)
 * writing it to a file in the benchmark's folder or dropping it.
 * @typedef {'emulator' | 'file' | 'null'} RecipeServer
 * @typedef {Awaited<ReturnType<typeof startMinimalPartServer>>} MinimalServer
 */

class Bench {
	/**
	 * @param {Awaited<ReturnType<typeof startEmulator>>} emu
	 * @param {string} workDir
	 * @param {ReturnType<typeof parseArgs>} args
	 */
	constructor(emu, workDir, args) {
		this.emu = emu;
		this.workDir = workDir;
		this.args = args;
		/** @type {string[]} */
		this.failures = [];
		/** create/complete answers of the emulator, with the n8n tree's CPU at that moment */
		/** @type {{ route: string, mediaId?: string, atUs: number, cpuS: number, serverCpuS: number }[]} */
		this.events = [];
		/** upload spans (monotonic µs), for the CPU profile summary */
		/** @type {[number, number][]} */
		this.spans = [];
		this.n8nPid = 0;
		this.baseUrl = '';
		/** @type {MinimalServer | undefined} */
		this.minimal = undefined;
	}

	/** Called by the emulator when it has answered a request. @param {{ route?: string, mediaId?: string }} entry */
	onRequest(entry) {
		if (!this.n8nPid || (entry.route !== 'create' && entry.route !== 'complete')) return;
		this.events.push({
			route: entry.route,
			mediaId: entry.mediaId,
			atUs: nowUs(),
			cpuS: treeCpuSeconds(this.n8nPid),
			serverCpuS: serverCpuSeconds(),
		});
	}

	/** @param {string} what @param {string | undefined} actual @param {string} expected */
	check(what, actual, expected) {
		if (actual !== expected) this.failures.push(`${what}: emulator md5 ${actual} != file md5 ${expected}`);
	}

	/**
	 * Runs the workflow for one file through n8n's webhook.
	 * @param {{ file: string, md5: string }} input
	 * @param {{ chunkMib?: number, concurrency?: number }} [settings] absent: the node's defaults
	 */
	async triggerUpload(input, settings = {}) {
		const name = path.basename(input.file);
		return await this.postWebhook('bench-upload', { file: input.file, title: `bench ${name}` }, settings, `node ${name}`, input.md5);
	}

	/**
	 * Runs the URL workflow for one file of the emulator's file source through n8n's webhook.
	 * @param {{ url: string, name: string, md5: string }} source
	 * @param {{ chunkMib?: number, concurrency?: number }} [settings] absent: the node's defaults
	 */
	async triggerUrlUpload(source, settings = {}) {
		return await this.postWebhook('bench-upload-url', { url: source.url, title: `bench url ${source.name}` }, settings, `node url ${source.name}`, source.md5);
	}

	/**
	 * POSTs to a benchmark workflow's webhook (its "-custom" variant when the chunk settings differ from the
	 * node's defaults) and checks the uploaded media's md5 at the emulator.
	 * @param {string} webhookPath
	 * @param {Record<string, unknown>} fields
	 * @param {{ chunkMib?: number, concurrency?: number }} settings
	 * @param {string} what for a failure
	 * @param {string} md5 of the file
	 */
	async postWebhook(webhookPath, fields, settings, what, md5) {
		const body = {
			...fields,
			chunkMib: settings.chunkMib ?? this.args.chunkMib,
			concurrency: settings.concurrency ?? this.args.concurrency,
		};
		const custom = settings.chunkMib !== undefined || settings.concurrency !== undefined || body.chunkMib || body.concurrency;
		if (custom) {
			body.chunkMib ??= nodeDefaults().chunkMib;
			body.concurrency ??= nodeDefaults().concurrency;
		}
		const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}${custom ? '-custom' : ''}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(30 * 60 * 1000),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}: ${text.slice(0, 500)}`);
		const { id } = JSON.parse(text);
		this.check(what, await this.emu.aioz.md5(id), md5);
		const parts = this.emu.aioz.getMedia(id)?.parts.length ?? 0;
		await this.deleteMedia(id);
		return { id: /** @type {string} */ (id), parts };
	}

	/** One upload by the node: time and CPU from create to complete, peak RSS growth of the n8n process. */
	async runNode(input, settings) {
		const from = this.events.length;
		const idleMiB = memoryMiB(this.n8nPid, 'VmRSS');
		resetPeakRss(this.n8nPid);
		const { id, parts } = await this.triggerUpload(input, settings);
		const peakMiB = memoryMiB(this.n8nPid, 'VmHWM');
		const events = this.events.slice(from);
		const created = events.find((e) => e.route === 'create');
		const completed = events.find((e) => e.route === 'complete' && e.mediaId === id);
		if (!created || !completed) throw new Error(`no create/complete seen for media ${id}`);
		this.spans.push([created.atUs, completed.atUs]);
		return {
			ms: (completed.atUs - created.atUs) / 1000,
			cpuS: completed.cpuS - created.cpuS,
			serverCpuS: completed.serverCpuS - created.serverCpuS,
			parts,
			idleMiB,
			peakMiB,
			growthMiB: peakMiB - idleMiB,
		};
	}

	/**
	 * One upload by the node from a URL: time and CPU from the webhook request to the emulator's answer to
	 * complete (the node's look at the URL, create, the parts' downloads and uploads, complete); peak RSS growth
	 * of the n8n process; the source's ranged GETs and the content bytes it served.
	 * @param {import('../emulator').SourceFile} source
	 * @param {{ chunkMib?: number, concurrency?: number }} [settings]
	 */
	async runUrlNode(source, settings) {
		const from = this.events.length;
		const requestsBefore = source.requests.length;
		const servedBefore = source.served;
		const idleMiB = memoryMiB(this.n8nPid, 'VmRSS');
		resetPeakRss(this.n8nPid);
		const cpuBefore = treeCpuSeconds(this.n8nPid);
		const serverCpuBefore = serverCpuSeconds();
		const started = nowUs();
		const { id, parts } = await this.triggerUrlUpload(source, settings);
		const peakMiB = memoryMiB(this.n8nPid, 'VmHWM');
		const events = this.events.slice(from);
		const created = events.find((e) => e.route === 'create');
		const completed = events.find((e) => e.route === 'complete' && e.mediaId === id);
		if (!created || !completed) throw new Error(`no create/complete seen for media ${id}`);
		this.spans.push([started, completed.atUs]);
		const requests = source.requests.slice(requestsBefore);
		return {
			ms: (completed.atUs - started) / 1000,
			beforeCreateMs: (created.atUs - started) / 1000,
			cpuS: completed.cpuS - cpuBefore,
			serverCpuS: completed.serverCpuS - serverCpuBefore,
			parts,
			idleMiB,
			peakMiB,
			growthMiB: peakMiB - idleMiB,
			rangedGets: requests.filter((entry) => entry.range !== undefined).length,
			sourceGets: requests.length,
			servedRatio: (source.served - servedBefore) / source.size,
		};
	}

	/**
	 * The curl recipe in AIOZ's upload guide: md5sum of the file, then one curl -F request with Content-Range.
	 * @param {{ file: string, md5: string }} input
	 * @param {RecipeServer} [server] where the part goes: the emulator, or the minimal server's file or null sink
	 */
	async runRecipe(input, server = 'emulator') {
		return await this.recipeUpload(input.file, input.md5, `recipe ${path.basename(input.file)}`, server);
	}

	/**
	 * The recipe without upload from a URL: `curl -o file URL`, then the curl recipe on that file
	 * (md5sum, curl -F). Download and upload are timed apart; CPU is that of curl, md5sum and curl.
	 * @param {import('../emulator').SourceFile} source
	 */
	async runUrlRecipe(source) {
		const file = path.join(this.workDir, `download-${source.name}`);
		const started = nowUs();
		const cpuBefore = childrenCpuSeconds();
		const serverCpuBefore = serverCpuSeconds();
		await execFileAsync('curl', ['-s', '-f', '-o', file, source.url]);
		const downloadMs = (nowUs() - started) / 1000;
		const downloadCpuS = childrenCpuSeconds() - cpuBefore;
		const downloadServerCpuS = serverCpuSeconds() - serverCpuBefore;
		try {
			const upload = await this.recipeUpload(file, source.md5, `recipe url ${source.name}`);
			return {
				ms: downloadMs + upload.ms,
				downloadMs,
				uploadMs: upload.ms,
				cpuS: downloadCpuS + upload.cpuS,
				downloadCpuS,
				uploadCpuS: upload.cpuS,
				serverCpuS: downloadServerCpuS + upload.serverCpuS,
			};
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * The upload step of the guide's recipe on a file: create, then (timed) md5sum and one curl -F POST of the
	 * whole file as part 0 with its hash and Content-Range, then complete; the emulator's md5 is checked.
	 * Against the minimal server (scripts/lib/minimal-part-server.js) there is no create and no complete, and
	 * only the number of bytes it received is checked.
	 * @param {string} file
	 * @param {string} md5 expected
	 * @param {string} title
	 * @param {RecipeServer} [server]
	 */
	async recipeUpload(file, md5, title, server = 'emulator') {
		const keys = this.emu.keys;
		const headers = { 'stream-public-key': keys.aiozPublicKey, 'stream-secret-key': keys.aiozSecretKey, 'content-type': 'application/json' };
		const size = fs.statSync(file).size;
		let id = '';
		if (server === 'emulator') {
			const created = await fetch(`${this.emu.aiozBaseUrl}/media/create`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ title, type: 'audio' }),
			}).then((response) => response.json());
			id = created.data.id;
		} else if (!this.minimal) throw new Error('the minimal part server is not running');
		const started = nowUs();
		const cpuBefore = childrenCpuSeconds();
		const serverCpuBefore = serverCpuSeconds();
		const { stdout } = await execFileAsync('md5sum', [file]);
		const hash = stdout.split(' ')[0];
		const { stdout: answer } = await execFileAsync('curl', [
			'-s', '-f', '-X', 'POST', server === 'emulator' ? `${this.emu.aiozBaseUrl}/media/${id}/part` : /** @type {MinimalServer} */ (this.minimal).url(server),
			'-H', `stream-public-key: ${keys.aiozPublicKey}`,
			'-H', `stream-secret-key: ${keys.aiozSecretKey}`,
			'-H', `Content-Range: bytes 0-${size - 1}/${size}`,
			'-F', `file=@${file}`, '-F', 'index=0', '-F', `hash=${hash}`,
		]);
		const ms = (nowUs() - started) / 1000;
		const cpuS = childrenCpuSeconds() - cpuBefore;
		const serverCpuS = serverCpuSeconds() - serverCpuBefore;
		if (server !== 'emulator') {
			// the multipart body: the file and a few hundred bytes of framing
			const { bytes } = JSON.parse(answer);
			if (!(bytes > size && bytes < size + 4096)) this.failures.push(`${title} (${server}): the minimal server received ${bytes} bytes`);
			return { ms, cpuS, serverCpuS };
		}
		await fetch(`${this.emu.aiozBaseUrl}/media/${id}/complete`, { headers });
		this.check(title, await this.emu.aioz.md5(id), md5);
		await this.deleteMedia(id);
		return { ms, cpuS, serverCpuS };
	}

	/**
	 * Deletes a checked media at the emulator, so no sample leaves its parts behind (on a disk, they would be
	 * written back while later samples run). @param {string} id
	 */
	async deleteMedia(id) {
		const keys = this.emu.keys;
		await fetch(`${this.emu.aiozBaseUrl}/media/${id}`, {
			method: 'DELETE',
			headers: { 'stream-public-key': keys.aiozPublicKey, 'stream-secret-key': keys.aiozSecretKey },
		});
	}

	async prepareFile(sizeMib, log) {
		const file = path.join(this.workDir, `bench-${sizeMib}MiB.wav`);
		if (!fs.existsSync(file)) log(`generating a ${sizeMib} MiB test file ...`);
		const md5 = fs.existsSync(file) ? await md5OfFile(file) : await makeAudioFile(file, sizeMib * MiB);
		return { file, md5, sizeMib };
	}
}

/**
 * Where the benchmark keeps its files (test files, n8n's user folder and binary store, the emulator's parts,
 * the recipe's downloads): a RAM disk when there is one. On this VM's disk every GiB uploaded left a GiB of
 * dirty pages that the kernel wrote back on the same two cores while later samples ran, and the recipe
 * against the emulator took 3.1–6.0 s where it takes 3.3 s on /dev/shm (docs/benchmark.md).
 */
function defaultWorkRoot() {
	try {
		fs.accessSync('/dev/shm', fs.constants.W_OK);
		return '/dev/shm';
	} catch {
		return os.tmpdir();
	}
}

/**
 * The node's default Chunk Size (MiB) and Parallel Uploads, and the part buffers n8n keeps warm between uploads
 * (MiB), from the built package.
 */
function nodeDefaults() {
	const constants = require('../dist/nodes/AiozStream/constants.js');
	const { PART_BUFFERS_KEPT_WARM_BYTES } = require('../dist/nodes/shared/partBuffers.js');
	return { chunkMib: constants.DEFAULT_CHUNK_SIZE_MIB, concurrency: constants.DEFAULT_CONCURRENCY, keptWarmMiB: PART_BUFFERS_KEPT_WARM_BYTES / MiB };
}

/** CPU seconds of this process (the emulator: its request thread and its part-receiving worker threads). */
function serverCpuSeconds() {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1e6;
}

/** CPU seconds of this process's waited-for children (md5sum, curl). */
function childrenCpuSeconds() {
	const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

async function md5OfFile(file) {
	const hash = crypto.createHash('md5');
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * MiB })) hash.update(chunk);
	return hash.digest('hex');
}

/**
 * Node and recipe samples, alternating, on the emulator's current link model; medians. With `minimal`, each
 * round also runs the recipe against the minimal server (a file, then the null sink), and the ratio is the
 * node's time over the fastest server's median recipe time: the node can only upload to the emulator, so a
 * slow emulator would flatter it (issue #23).
 * @param {Bench} bench
 * @param {{ file: string, md5: string, sizeMib: number }} input
 * @param {string} label
 * @param {(line: string) => void} log
 * @param {{ chunkMib?: number, concurrency?: number }} [settings]
 * @param {{ minimal?: boolean }} [options]
 */
async function compare(bench, input, label, log, settings, options = {}) {
	/** @type {RecipeServer[]} */
	const servers = options.minimal ? ['emulator', 'file', 'null'] : ['emulator'];
	const node = [];
	/** @type {Record<RecipeServer, { ms: number, cpuS: number, serverCpuS: number }[]>} */
	const recipe = { emulator: [], file: [], null: [] };
	for (let round = 1; round <= bench.args.rounds; round++) {
		const a = await bench.runNode(input, settings);
		node.push(a);
		const recipeText = [];
		for (const server of servers) {
			const b = await bench.runRecipe(input, server);
			recipe[server].push(b);
			const where = server === 'emulator' ? 'emulator' : `minimal server, ${server === 'file' ? 'to a file' : 'to /dev/null'}`;
			recipeText.push(`recipe (${where}) ${fmt(b.ms / 1000, 2)} s (md5sum + curl CPU ${fmt(b.cpuS, 2)} s, server CPU ${fmt(b.serverCpuS, 2)} s)`);
		}
		log(
			`  ${label} round ${round}: node ${fmt(a.ms / 1000, 2)} s (${a.parts} parts, n8n CPU ${fmt(a.cpuS, 2)} s, ` +
				`peak RSS ${fmt(a.peakMiB, 0)} MiB = idle ${fmt(a.idleMiB, 0)} + ${fmt(a.growthMiB, 0)}, emulator CPU ${fmt(a.serverCpuS, 2)} s), ` +
				`${recipeText.join(', ')}   [load ${loadAverage()}]`,
		);
	}
	const gib = input.sizeMib / 1024;
	const nodeMs = median(node.map((r) => r.ms));
	/** @type {Partial<Record<RecipeServer, number>>} median recipe time per server, in s */
	const recipeByServer = {};
	for (const server of servers) recipeByServer[server] = median(recipe[server].map((r) => r.ms)) / 1000;
	const fastest = servers.reduce((a, b) => (/** @type {number} */ (recipeByServer[b]) < /** @type {number} */ (recipeByServer[a]) ? b : a));
	const recipeS = /** @type {number} */ (recipeByServer[fastest]);
	const cpuPerGiB = median(node.map((r) => r.cpuS)) / gib;
	const recipeCpuPerGiB = median(servers.flatMap((server) => recipe[server].map((r) => r.cpuS))) / gib;
	return {
		nodeS: nodeMs / 1000,
		recipeS,
		recipeByServer,
		fastest,
		ratio: nodeMs / 1000 / recipeS,
		cpuPerGiB,
		recipeCpuPerGiB,
		cpuRatio: cpuPerGiB / recipeCpuPerGiB,
		peakMiB: Math.max(...node.map((r) => r.peakMiB)),
		growthMiB: median(node.map((r) => r.growthMiB)),
		parts: node[0].parts,
	};
}

/**
 * Upload from a URL: node and download-then-upload recipe samples, alternating, on the emulator's current link
 * model (the source's pacing is the file's own); medians.
 * @param {Bench} bench
 * @param {import('../emulator').SourceFile} source
 * @param {string} label
 * @param {(line: string) => void} log
 */
async function compareUrl(bench, source, label, log) {
	const node = [];
	const recipe = [];
	for (let round = 1; round <= bench.args.rounds; round++) {
		const a = await bench.runUrlNode(source);
		const b = await bench.runUrlRecipe(source);
		node.push(a);
		recipe.push(b);
		log(
			`  ${label} round ${round}: node ${fmt(a.ms / 1000, 2)} s (${fmt(a.beforeCreateMs / 1000, 2)} s of it before create, ${a.parts} parts, ${a.rangedGets} ranged GETs of ${a.sourceGets}, ` +
				`source sent ${fmt(a.servedRatio, 2)}x the file, n8n CPU ${fmt(a.cpuS, 2)} s, ` +
				`peak RSS ${fmt(a.peakMiB, 0)} MiB = idle ${fmt(a.idleMiB, 0)} + ${fmt(a.growthMiB, 0)}, emulator CPU ${fmt(a.serverCpuS, 2)} s), ` +
				`recipe ${fmt(b.ms / 1000, 2)} s = download ${fmt(b.downloadMs / 1000, 2)} s + upload ${fmt(b.uploadMs / 1000, 2)} s ` +
				`(curl -o CPU ${fmt(b.downloadCpuS, 2)} s + md5sum + curl CPU ${fmt(b.uploadCpuS, 2)} s, emulator CPU ${fmt(b.serverCpuS, 2)} s)   [load ${loadAverage()}]`,
		);
	}
	const gib = source.size / GiB;
	const nodeMs = median(node.map((r) => r.ms));
	const recipeMs = median(recipe.map((r) => r.ms));
	return {
		nodeS: nodeMs / 1000,
		recipeS: recipeMs / 1000,
		downloadS: median(recipe.map((r) => r.downloadMs)) / 1000,
		uploadS: median(recipe.map((r) => r.uploadMs)) / 1000,
		ratio: nodeMs / recipeMs,
		cpuS: median(node.map((r) => r.cpuS)),
		cpuPerGiB: median(node.map((r) => r.cpuS)) / gib,
		recipeCpuS: median(recipe.map((r) => r.cpuS)),
		recipeCpuPerGiB: median(recipe.map((r) => r.cpuS)) / gib,
		peakMiB: Math.max(...node.map((r) => r.peakMiB)),
		growthMiB: median(node.map((r) => r.growthMiB)),
		maxGrowthMiB: Math.max(...node.map((r) => r.growthMiB)),
		parts: node[0].parts,
		rangedGets: node[0].rangedGets,
	};
}

/** N uploads at once through the webhook: all byte-exact, peak RSS of the n8n process over idle. */
async function concurrent(bench, input, count, log) {
	const idleMiB = memoryMiB(bench.n8nPid, 'VmRSS');
	resetPeakRss(bench.n8nPid);
	const failuresBefore = bench.failures.length;
	const cpuBefore = treeCpuSeconds(bench.n8nPid);
	const started = nowUs();
	const results = await Promise.allSettled(Array.from({ length: count }, () => bench.triggerUpload(input)));
	const seconds = (nowUs() - started) / 1e6;
	const cpuS = treeCpuSeconds(bench.n8nPid) - cpuBefore;
	const peakMiB = memoryMiB(bench.n8nPid, 'VmHWM');
	for (const r of results) if (r.status === 'rejected') bench.failures.push(`concurrent upload: ${r.reason?.message ?? r.reason}`);
	const exact = results.every((r) => r.status === 'fulfilled') && bench.failures.length === failuresBefore;
	log(
		`  ${count} x ${input.sizeMib} MiB at once: ${fmt(seconds, 1)} s, ${exact ? 'all byte-exact' : 'NOT all byte-exact'}, ` +
			`peak RSS ${fmt(peakMiB, 0)} MiB = idle ${fmt(idleMiB, 0)} + ${fmt(peakMiB - idleMiB, 0)}, n8n CPU ${fmt(cpuS, 1)} s   [load ${loadAverage()}]`,
	);
	return { seconds, exact, idleMiB, peakMiB, growthMiB: peakMiB - idleMiB, cpuPerGiB: cpuS / ((count * input.sizeMib) / 1024) };
}

/** Chunk size × parallel uploads on one profile: node medians against a recipe median over the sweep. */
async function sweep(bench, input, label, log) {
	const rows = [];
	const recipe = [];
	for (const chunkMib of bench.args.sweepChunks) {
		for (const concurrency of bench.args.sweepParallel) {
			const samples = [];
			for (let round = 1; round <= bench.args.rounds; round++) samples.push(await bench.runNode(input, { chunkMib, concurrency }));
			recipe.push(await bench.runRecipe(input));
			const row = {
				chunkMib,
				concurrency,
				s: median(samples.map((x) => x.ms)) / 1000,
				cpuPerGiB: median(samples.map((x) => x.cpuS)) / (input.sizeMib / 1024),
				growthMiB: Math.max(...samples.map((x) => x.growthMiB)),
			};
			rows.push(row);
			log(`  ${label} chunk ${chunkMib} MiB x ${concurrency}: ${fmt(row.s, 2)} s, n8n CPU ${fmt(row.cpuPerGiB, 2)} s/GiB, RSS growth ${fmt(row.growthMiB, 0)} MiB; recipe ${fmt(recipe[recipe.length - 1].ms / 1000, 2)} s   [load ${loadAverage()}]`);
		}
	}
	const recipeS = median(recipe.map((r) => r.ms)) / 1000;
	log('');
	log(`sweep ${label}, ${input.sizeMib} MiB, ${bench.args.rounds} rounds each; recipe median ${fmt(recipeS, 2)} s over ${recipe.length} samples`);
	log('| chunk | parallel | node (median) | node / recipe | n8n CPU per GiB | peak RSS growth |');
	log('| ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const r of rows) {
		log(`| ${r.chunkMib} MiB | ${r.concurrency} | ${fmt(r.s, 2)} s | ${fmt(r.s / recipeS, 2)}x | ${fmt(r.cpuPerGiB, 2)} s | ${fmt(r.growthMiB, 0)} MiB |`);
	}
	log('');
}

/**
 * Where the n8n process spent its CPU while uploading: self time of the V8 CPU profile's samples inside the
 * upload spans, by function and by package.
 * @param {string} dir
 * @param {[number, number][]} spans
 * @param {(line: string) => void} log
 */
function summarizeProfiles(dir, spans, log) {
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
	if (!files.length) {
		log(`no .cpuprofile in ${dir}`);
		return;
	}
	/** @type {Map<string, number>} */
	const byFunction = new Map();
	/** @type {Map<string, number>} */
	const byPackage = new Map();
	let totalUs = 0;
	const packageOf = (url) => {
		if (!url) return '(native / V8)';
		const nm = url.lastIndexOf('node_modules/');
		if (nm >= 0) {
			const rest = url.slice(nm + 'node_modules/'.length).split('/');
			return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
		}
		if (url.startsWith('node:')) return url.split('/').slice(0, 3).join('/');
		return url;
	};
	for (const file of files) {
		const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		/** @type {Map<number, any>} */
		const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
		let t = profile.startTime;
		for (let i = 0; i < profile.samples.length; i++) {
			t += profile.timeDeltas[i];
			const delta = profile.timeDeltas[i + 1] ?? 0;
			if (!spans.some(([a, b]) => t >= a && t <= b)) continue;
			const frame = nodes.get(profile.samples[i]).callFrame;
			if (frame.functionName === '(idle)') continue;
			const key = `${frame.functionName || '(anonymous)'} ${frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : ''}`;
			byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
			const pkg = frame.functionName.startsWith('(') ? frame.functionName : packageOf(frame.url);
			byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
			totalUs += delta;
		}
	}
	const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
	log(`CPU profile of n8n (${files.length} profiles in ${dir}), busy samples inside the upload spans: ${fmt(totalUs / 1e6, 2)} s`);
	log('  by package:');
	for (const [name, us] of top(byPackage, 15)) log(`    ${fmt((100 * us) / totalUs, 1).padStart(5)} %  ${fmt(us / 1e6, 2).padStart(6)} s  ${name}`);
	log('  by function (self time):');
	for (const [name, us] of top(byFunction, 30)) log(`    ${fmt((100 * us) / totalUs, 1).padStart(5)} %  ${fmt(us / 1e6, 2).padStart(6)} s  ${name}`);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const log = lib.log;
	lib.assertNode24();
	lib.ensureN8n();
	const workDir = fs.mkdtempSync(path.join(args.workRoot ?? defaultWorkRoot(), 'n8n-audio-upload-bench-'));
	/** @type {(() => Promise<void>)[]} */
	const cleanups = [() => Promise.resolve(fs.rmSync(workDir, { recursive: true, force: true }))];
	/** @type {Bench | undefined} */
	let bench;
	const emu = await startEmulator({
		port: 0,
		host: '127.0.0.1',
		transcodeDelayMs: 0,
		dataDir: path.join(workDir, 'emulator'),
		onRequest: (entry) => bench?.onRequest(entry),
	});
	cleanups.push(() => emu.stop());
	bench = new Bench(emu, workDir, args);
	const stopAll = async () => {
		while (cleanups.length) await /** @type {() => Promise<void>} */ (cleanups.pop())();
	};
	process.on('SIGINT', () => void stopAll().finally(() => process.exit(130)));

	try {
		const cpu = os.cpus();
		log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / GiB, 0)} GiB RAM, node ${process.version}, n8n ${lib.N8N_VERSION}; load average ${loadAverage()}`);

		log('installing the packed package into a fresh n8n user folder ...');
		const tarball = lib.packPackage(workDir);
		const userFolder = path.join(workDir, 'home');
		lib.prepareUserFolder(tarball, userFolder);
		const credential = { id: 'benchAiozEmulat1', name: 'AIOZ Stream (emulator)' };
		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([aiozCredential(emu, credential)]),
		);
		lib.n8nCli(userFolder, ['import:credentials', `--input=${credentialsFile}`]);
		fs.rmSync(credentialsFile);
		const workflowsDir = path.join(workDir, 'workflows');
		fs.mkdirSync(workflowsDir);
		const workflows = [
			benchWorkflow({ id: 'benchUploadDflt1', name: 'Bench: upload (node defaults)', webhookPath: 'bench-upload', credential, custom: false }),
			benchWorkflow({ id: 'benchUploadCstm1', name: 'Bench: upload (chunk size and parallel uploads from the body)', webhookPath: 'bench-upload-custom', credential, custom: true }),
			benchWorkflow({ id: 'benchUrlDefault1', name: 'Bench: upload from a URL (node defaults)', webhookPath: 'bench-upload-url', credential, custom: false, source: 'url' }),
			benchWorkflow({ id: 'benchUrlCustom01', name: 'Bench: upload from a URL (chunk size and parallel uploads from the body)', webhookPath: 'bench-upload-url-custom', credential, custom: true, source: 'url' }),
		];
		for (const w of workflows) fs.writeFileSync(path.join(workflowsDir, `${w.id}.json`), JSON.stringify(w));
		lib.n8nCli(userFolder, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
		for (const w of workflows) lib.n8nCli(userFolder, ['publish:workflow', `--id=${w.id}`]);

		const env = {
			N8N_RESTRICT_FILE_ACCESS_TO: workDir,
			// keep no execution data: the binary copies of finished executions are deleted at once
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
		};
		if (args.cpuProf) {
			fs.mkdirSync(args.cpuProf, { recursive: true });
			Object.assign(env, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args.cpuProf}` });
		}
		// V8 flags such as --trace-gc are refused in NODE_OPTIONS, so they go on n8n's command line.
		const nodeArgs = args.n8nNodeOptions?.split(/\s+/).filter(Boolean);
		const server = await lib.startN8n(userFolder, { env, nodeArgs, logFile: args.n8nLog });
		cleanups.push(() => server.stop());
		bench.n8nPid = /** @type {number} */ (server.child.pid);
		bench.minimal = await startMinimalPartServer({ dir: workDir });
		cleanups.push(/** @type {MinimalServer} */ (bench.minimal).stop);
		bench.baseUrl = server.url;
		for (const hook of ['bench-upload', 'bench-upload-custom', 'bench-upload-url', 'bench-upload-url-custom']) await waitForWebhook(`${server.url}/webhook/${hook}`, 'POST', 120000);
		log(`n8n is up at ${server.url} (pid ${bench.n8nPid}); load average ${loadAverage()}`);

		// Warm up n8n (first execution loads the nodes), so the first sample is not an outlier. The second upload
		// fills as many part buffers as the samples use (chunk size x parallel uploads): n8n keeps up to
		// keptWarmMiB of them between uploads, so the samples measure back-to-back uploads, not n8n's first one.
		const small = await bench.prepareFile(args.smallMib, log);
		await bench.triggerUpload(small);
		const defaults = nodeDefaults();
		const warmUp = await bench.prepareFile((args.chunkMib ?? defaults.chunkMib) * (args.concurrency ?? defaults.concurrency), log);
		await bench.triggerUpload(warmUp);
		fs.rmSync(warmUp.file);
		const urlProfiles = !args.sweep && args.profiles.some((profile) => profile.startsWith('url-'));
		if (urlProfiles) {
				const warmUpSource = emu.source.add({ name: `bench-url-${args.smallMib}MiB.wav`, size: args.smallMib * MiB, kind: 'wav' });
			await bench.triggerUrlUpload(warmUpSource);
			emu.source.remove(warmUpSource);
		}

		/** @type {Record<string, any>} */
		const results = {};
		const linkOff = () => emu.setLink({});
		const wanLink = () => emu.setLink({ linkMiBps: args.wanMibps, latencyMs: args.wanLatencyMs });
		const wanLabel = `WAN (${args.wanMibps} MiB/s per connection, ${args.wanLatencyMs} ms per request)`;
		if (args.sweep) {
			const input = await bench.prepareFile(args.sweepMib, log);
			if (args.profiles.includes('loopback')) {
				linkOff();
				await sweep(bench, input, 'loopback', log);
			}
			if (args.profiles.includes('wan')) {
				wanLink();
				await sweep(bench, input, wanLabel, log);
			}
		} else {
			if (args.profiles.includes('loopback') || args.profiles.includes('memory')) {
				linkOff();
				const input = await bench.prepareFile(args.loopbackMib, log);
				results.loopback = await compare(bench, input, `loopback ${args.loopbackMib} MiB`, log, undefined, { minimal: true });
				fs.rmSync(input.file);
			}
			if (args.profiles.includes('memory')) {
				linkOff();
				results.small = await compare(bench, small, `loopback ${args.smallMib} MiB`, log);
			}
			if (args.profiles.includes('wan')) {
				wanLink();
				const input = await bench.prepareFile(args.wanMib, log);
				results.wan = await compare(bench, input, `${wanLabel} ${args.wanMib} MiB`, log);
				fs.rmSync(input.file);
				linkOff();
			}
			if (args.profiles.includes('concurrent')) {
				linkOff();
				const input = await bench.prepareFile(args.concurrentMib, log);
				results.concurrent = await concurrent(bench, input, args.concurrent, log);
				fs.rmSync(input.file);
			}
			/** A file of the emulator's source: generated, ranged, its md5 computed before any sample. */
			const urlSource = (sizeMib, bytesPerSecond) => {
				log(`adding a ${sizeMib} MiB file to the emulator's file source (ranges${bytesPerSecond ? `, ${fmt(bytesPerSecond / MiB, 0)} MiB/s per connection` : ''}) and hashing it ...`);
				const source = emu.source.add({ name: `bench-url-${sizeMib}MiB.wav`, size: sizeMib * MiB, kind: 'wav', ranges: true, bytesPerSecond });
				void source.md5;
				return source;
			};
			if (args.profiles.includes('url-loopback')) {
				linkOff();
				const source = urlSource(args.urlLoopbackMib, 0);
				results.urlLoopback = await compareUrl(bench, source, `URL loopback ${args.urlLoopbackMib} MiB`, log);
				emu.source.remove(source);
			}
			if (args.profiles.includes('url-wan')) {
				wanLink();
				const source = urlSource(args.urlWanMib, args.wanMibps * MiB);
				results.urlWan = await compareUrl(bench, source, `URL ${wanLabel} ${args.urlWanMib} MiB`, log);
				emu.source.remove(source);
				linkOff();
			}
			printSummary(results, args, log);
		}
		log(`load average at the end: ${loadAverage()} (${os.cpus().length} cores)`);
		await server.stop();
		if (args.cpuProf) summarizeProfiles(args.cpuProf, bench.spans, log);
	} finally {
		await stopAll();
	}
	if (bench.failures.length) {
		for (const failure of bench.failures) log(`FAIL ${failure}`);
		process.exitCode = 1;
	}
}

function printSummary(results, args, log) {
	const target = (ok) => (ok ? 'target holds' : 'target MISSED');
	const defaults = nodeDefaults();
	const chunkMib = args.chunkMib ?? defaults.chunkMib;
	const concurrency = args.concurrency ?? defaults.concurrency;
	const changed = args.chunkMib || args.concurrency ? '' : "the node's defaults: ";
	const settings = `${changed}chunk size ${chunkMib} MiB, ${concurrency} parallel uploads`;
	log('');
	const urlSpan = args.profiles.some((profile) => profile.startsWith('url-')) ? '; from the webhook request to complete for uploads from a URL' : '';
	log(`Summary (${settings}; medians of ${args.rounds}; node time and n8n CPU (the n8n process tree) from create to complete${urlSpan}):`);
	const { loopback, small, wan, concurrent: together, urlLoopback, urlWan } = results;
	if (loopback) {
		const servers = Object.entries(loopback.recipeByServer)
			.map(([server, seconds]) => `${server === 'emulator' ? 'emulator' : `minimal server ${server === 'file' ? 'to a file' : 'to /dev/null'}`} ${fmt(seconds, 2)} s`)
			.join(', ');
		log(
			`  1. loopback ${args.loopbackMib} MiB: node ${fmt(loopback.nodeS, 2)} s, recipe ${fmt(loopback.recipeS, 2)} s (the fastest server's median; ${servers}) ` +
				`= ${fmt(loopback.ratio, 2)}x the recipe (${target(loopback.ratio <= 0.8)}: <= 0.8x)`,
		);
		log(
			`     CPU: n8n ${fmt(loopback.cpuPerGiB, 2)} s per GiB, recipe (md5sum + curl) ${fmt(loopback.recipeCpuPerGiB, 2)} s per GiB = ` +
				`${fmt(loopback.cpuRatio, 2)}x (${target(loopback.cpuRatio <= 2)}: <= 2x); peak RSS ${fmt(loopback.peakMiB, 0)} MiB`,
		);
	}
	if (wan) {
		log(
			`  2. WAN ${args.wanMibps} MiB/s per connection, ${args.wanMib} MiB: node ${fmt(wan.nodeS, 2)} s, recipe ${fmt(wan.recipeS, 2)} s = ${fmt(wan.ratio, 2)}x ` +
				`(${target(wan.ratio <= 0.25)}: <= 0.25x); n8n CPU ${fmt(wan.cpuPerGiB, 2)} s per GiB (recipe: md5sum + curl ${fmt(wan.recipeCpuPerGiB, 2)} s per GiB); peak RSS ${fmt(wan.peakMiB, 0)} MiB`,
		);
	}
	// The part buffers n8n keeps between uploads are in its idle RSS; they are counted as growth, as if the
	// upload measured were n8n's first.
	const warm = `+ ${fmt(defaults.keptWarmMiB, 0)} MiB of part buffers kept warm between uploads (in the idle RSS)`;
	if (together) {
		const growth = together.growthMiB + defaults.keptWarmMiB;
		log(
			`  3. ${args.concurrent} concurrent uploads of ${args.concurrentMib} MiB: ${together.exact ? 'all byte-exact' : 'NOT all byte-exact'}, ` +
				`peak RSS growth ${fmt(together.growthMiB, 0)} MiB over idle ${fmt(together.idleMiB, 0)} MiB ${warm} = ${fmt(growth, 0)} MiB (${target(together.exact && growth <= 400)}: <= 400 MiB); ` +
				`${fmt(together.seconds, 1)} s; n8n CPU ${fmt(together.cpuPerGiB, 2)} s per GiB`,
		);
	}
	if (loopback && small) {
		const growth = loopback.growthMiB - small.growthMiB + defaults.keptWarmMiB;
		log(
			`  4. one upload, peak RSS growth ${args.smallMib} MiB -> ${args.loopbackMib} MiB: ${fmt(loopback.growthMiB - small.growthMiB, 0)} MiB ` +
				`(${fmt(small.growthMiB, 0)} -> ${fmt(loopback.growthMiB, 0)} MiB over idle) ${warm} = ${fmt(growth, 0)} MiB (${target(growth <= 200)}: <= 200 MiB)`,
		);
	}
	/** @param {string} title @param {any} r @param {number} most */
	const urlLine = (title, r, most) =>
		log(
			`  ${title}: node ${fmt(r.nodeS, 2)} s, recipe ${fmt(r.recipeS, 2)} s (download ${fmt(r.downloadS, 2)} s + upload ${fmt(r.uploadS, 2)} s) ` +
				`= ${fmt(r.ratio, 2)}x the recipe (${target(r.ratio <= most)}: <= ${most}x); ${r.parts} parts, ${r.rangedGets} ranged GETs; ` +
				`n8n CPU ${fmt(r.cpuS, 2)} s = ${fmt(r.cpuPerGiB, 2)} s per GiB (recipe: curl -o + md5sum + curl ${fmt(r.recipeCpuS, 2)} s = ${fmt(r.recipeCpuPerGiB, 2)} s per GiB); ` +
				`peak RSS growth ${fmt(r.growthMiB, 0)} MiB (largest ${fmt(r.maxGrowthMiB, 0)} MiB, peak RSS ${fmt(r.peakMiB, 0)} MiB)`,
		);
	if (urlLoopback) urlLine(`5. upload from a URL, loopback ${args.urlLoopbackMib} MiB (source serves ranges)`, urlLoopback, 0.6);
	if (urlWan) {
		urlLine(
			`6. upload from a URL, source and AIOZ ${args.wanMibps} MiB/s per connection, ${args.wanLatencyMs} ms per request, ${args.urlWanMib} MiB`,
			urlWan,
			0.3,
		);
	}
}

main().catch((error) => {
	process.stderr.write(`${error?.userFacing ? error.message : (error?.stack ?? error)}\n`);
	process.exit(1);
});
