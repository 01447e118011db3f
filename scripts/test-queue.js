#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The package in n8n's queue mode: `npm run test:queue` (builds first).
 *
 * Starts from scratch on loopback, and stops again (also on failure and Ctrl+C):
 *  - PostgreSQL (Debian's; n8n's database and, in database mode, its binary data store) and Redis
 *    (the queue), see scripts/lib/queue-services.js;
 *  - the pinned n8n from the same cache as `npm run test:n8n`: `n8n start` (receives the webhooks)
 *    and two `n8n worker` processes (run the executions), EXECUTIONS_MODE=queue, DB_TYPE=postgresdb,
 *    N8N_DEFAULT_BINARY_DATA_MODE=database; each process with its own user folder, as on three
 *    machines: this package packed, installed with `npm install <tarball>` into the main's
 *    ~/.n8n/nodes, and that folder copied to each worker's (what a custom image does);
 *  - the AIOZ Stream emulator in this process.
 *
 * Publishes a copy of examples/01 (Webhook → AIOZ Stream Upload → Respond with the HLS URL), posts
 * several uploads at once, and checks: every reply carries the HLS URL; every file arrived
 * byte-exactly (md5); the input files went through n8n's database; both workers ran executions
 * (n8n's execution table in PostgreSQL against the workers' own "Worker started execution" log
 * lines); each worker's peak memory (sampled from /proc); no key in any log or stored execution.
 *
 * Then a copy of examples/08 (Webhook with a URL in its JSON body → AIOZ Stream Upload from the URL →
 * Respond with the HLS URL) uploads a 1 GiB file from a URL (the emulator's file source, serving byte
 * ranges, behind a presigned-looking URL), and checks: the reply carries the HLS URL; the file arrived
 * byte-exactly (md5), read once in ranged GETs; no row was added to n8n's binary_data table; the peak
 * memory growth of the worker that ran it stays within 200 MiB; the URL's signature is in no log and,
 * in the stored execution, only in the posted body.
 *
 * Last line: "N passed, M failed"; exit code 1 on any failure.
 * Env: KEEP_N8N_TMP=1 keeps the temporary folders; N8N_AUDIO_UPLOAD_CACHE moves the n8n cache.
 */
const fs = require('node:fs');
const path = require('node:path');

const lib = require('./lib/n8n-install');
const { writeMp3 } = require('./lib/audio-fixtures');
const {
	aiozCredential,
	assert,
	countOf,
	createTestRun,
	exampleFile,
	nodeOfType,
	pathsInStoredExecution,
	readExample,
	useCredentials,
	waitForWebhook,
} = require('./lib/e2e');
const { startPostgres, startRedis } = require('./lib/queue-services');

const { log } = lib;
const PKG = 'n8n-nodes-audio-upload';
const AIOZ_TYPE = `${PKG}.aiozStream`;
const MIB = 1024 * 1024;

/** Uploads posted at once, and their sizes: a few MiB each, the bigger ones in two 5 MiB parts. */
const UPLOADS = 8;
const uploadSize = (/** @type {number} */ i) => 2 * MIB + i * (MIB / 2) + i * 1013;
const CHUNK_SIZE_MIB = 5;
/**
 * Jobs a worker runs at once (`n8n worker --concurrency`). Below half the uploads, so that both
 * workers must take some of them while the others are still running.
 */
const WORKER_CONCURRENCY = 3;
const WORKERS = 2;
/** The emulator "transcodes" this long, so every execution lasts while the others are queued. */
const TRANSCODE_DELAY_MS = 2500;
const RSS_SAMPLE_MS = 200;
/** The file uploaded from a URL through example 08, and the most its worker's memory may grow meanwhile. */
const URL_FILE_SIZE = 1024 * MIB;
const URL_RSS_GROWTH_LIMIT = 200 * MIB;

const testRun = createTestRun(`n8n ${lib.N8N_VERSION} queue mode (main + ${WORKERS} workers, PostgreSQL, Redis)`);
const { step, check } = testRun;

/**
 * Resident memory of a process from /proc/<pid>/status: now (VmRSS) and its peak (VmHWM), in bytes.
 * @param {number} pid
 */
function memoryOf(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kib = (/** @type {string} */ field) => Number((status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm')) || [])[1] || 0) * 1024;
		return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}

/**
 * Resets the kernel's peak resident memory (VmHWM) of a process to its current size (writing 5 to
 * /proc/<pid>/clear_refs), so that the peak read later is the peak of the uploads, not of n8n's
 * start-up. False when the kernel refuses (then only the sampled peak counts).
 * @param {number} pid
 */
function resetPeakMemory(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

const mib = (/** @type {number} */ bytes) => `${(bytes / MIB).toFixed(0)} MiB`;

async function main() {
	const work = testRun.prepare('n8n-audio-upload-queue-');

	step('Packing this package, installing the tarball into the main\'s ~/.n8n/nodes and the same folder on each worker');
	const tarball = lib.packPackage(work);
	log(`  ${path.basename(tarball)} (${fs.statSync(tarball).size} bytes)`);
	const roles = ['main', ...Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`)];
	/** @type {Record<string, string>} user folder of each process */
	const home = Object.fromEntries(roles.map((role) => [role, path.join(work, role)]));
	// `npm install <tarball>` once, then the installed folder copied to every worker, as a custom
	// image carries it to every machine (and one npm install instead of three keeps CI fast)
	const { nodesDir } = lib.prepareUserFolder(tarball, home.main);
	for (const role of roles.slice(1)) fs.cpSync(nodesDir, path.join(home[role], '.n8n', 'nodes'), { recursive: true });
	await check(`the package is installed in the ~/.n8n/nodes of the main and of ${WORKERS} workers`, () => {
		for (const role of roles) {
			const pkgFile = path.join(home[role], '.n8n', 'nodes', 'node_modules', PKG, 'package.json');
			assert(fs.existsSync(pkgFile), `${role}: ${pkgFile} is missing`);
		}
	});

	step('Starting PostgreSQL');
	const db = await startPostgres({ user: 'n8n', database: 'n8n' });
	testRun.cleanups.push(() => db.stop());
	log(`  127.0.0.1:${db.port}, database "${db.database}", user "${db.user}"`);

	step('Starting Redis');
	const redis = await startRedis(path.join(work, 'redis'), testRun.own);
	log(`  ${redis.version.split(' ').slice(0, 3).join(' ')} on 127.0.0.1:${redis.port}`);

	step('Starting the emulator (in this process)');
	const { startEmulator } = require('../emulator');
	const emu = await startEmulator({ port: 0, host: '127.0.0.1', transcodeDelayMs: TRANSCODE_DELAY_MS });
	testRun.cleanups.push(() => emu.stop());
	log(`  ${emu.url}  (AIOZ base ${emu.aiozBaseUrl})`);

	/** n8n's queue mode, the same for the main, the workers and the CLI commands. */
	const queueEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: db.host,
		DB_POSTGRESDB_PORT: String(db.port),
		DB_POSTGRESDB_DATABASE: db.database,
		DB_POSTGRESDB_USER: db.user,
		DB_POSTGRESDB_PASSWORD: 'unused-trust-authentication',
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// "Worker started execution …" lines are info
		N8N_LOG_LEVEL: 'info',
	};

	step(`Writing ${UPLOADS} test audio files`);
	const filesDir = path.join(work, 'files');
	fs.mkdirSync(filesDir);
	const audio = Array.from({ length: UPLOADS }, (_, i) => ({
		title: `Queue upload ${i + 1}`,
		...writeMp3(path.join(filesDir, `queue-${i + 1}.mp3`), { kbps: 320, minBytes: uploadSize(i) }),
	}));
	for (const a of audio) log(`  ${path.basename(a.file)}  ${a.size} bytes  md5 ${a.md5}`);

	step('Importing the credential and a copy of examples/01 into PostgreSQL, publishing it');
	const credential = { id: 'queueAiozMedia01', name: 'AIOZ Stream (emulator)' };
	const credentialsFile = path.join(work, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify([aiozCredential(emu, credential)]));
	/** @type {string[]} */
	const cliOutput = [];
	const cli = async (/** @type {string[]} */ args) => {
		const r = await testRun.n8nOk(home.main, args, { env: queueEnv });
		cliOutput.push(r.stdout, r.stderr);
		return r;
	};
	await cli(['import:credentials', `--input=${credentialsFile}`]);
	fs.rmSync(credentialsFile); // it holds the (test) keys in clear text

	const workflow = readExample(exampleFile('01-'));
	workflow.id = 'queueExample01Hk';
	useCredentials(workflow, { aiozStreamApi: credential });
	const uploadNode = nodeOfType(workflow, AIOZ_TYPE);
	uploadNode.parameters.options = { ...uploadNode.parameters.options, chunkSize: CHUNK_SIZE_MIB, pollInterval: 0.5 };
	const webhookPath = nodeOfType(workflow, 'n8n-nodes-base.webhook').parameters.path;
	const workflowFile = path.join(work, 'workflow.json');
	fs.writeFileSync(workflowFile, JSON.stringify(workflow));
	await cli(['import:workflow', `--input=${workflowFile}`]);
	await cli(['publish:workflow', `--id=${workflow.id}`]);
	log(`  "${workflow.name}" (${workflow.id}), ${CHUNK_SIZE_MIB} MiB parts`);

	// examples/08 as it is (the node's default Chunk Size and Parallel Uploads), polling faster
	const urlWorkflow = readExample(exampleFile('08-'));
	urlWorkflow.id = 'queueExample08Ur';
	useCredentials(urlWorkflow, { aiozStreamApi: credential });
	const urlUploadNode = nodeOfType(urlWorkflow, AIOZ_TYPE);
	urlUploadNode.parameters.options = { ...urlUploadNode.parameters.options, pollInterval: 0.5 };
	const urlWebhookNode = nodeOfType(urlWorkflow, 'n8n-nodes-base.webhook');
	const urlWorkflowFile = path.join(work, 'workflow-08.json');
	fs.writeFileSync(urlWorkflowFile, JSON.stringify(urlWorkflow));
	await cli(['import:workflow', `--input=${urlWorkflowFile}`]);
	await cli(['publish:workflow', `--id=${urlWorkflow.id}`]);
	log(`  "${urlWorkflow.name}" (${urlWorkflow.id}), the node's default part size and parallel uploads`);

	step(`Starting n8n: main (n8n start) and ${WORKERS} workers (n8n worker --concurrency=${WORKER_CONCURRENCY})`);
	/** @type {Record<string, Awaited<ReturnType<typeof lib.startN8n>>>} */
	const proc = {};
	const t0 = Date.now();
	await Promise.all(
		roles.map(async (role) => {
			const worker = role !== 'main';
			proc[role] = await lib.startN8n(home[role], {
				command: worker ? 'worker' : 'start',
				args: worker ? [`--concurrency=${WORKER_CONCURRENCY}`] : [],
				env: queueEnv,
				onSpawn: testRun.own,
			});
			log(`  ${role} is ready (${proc[role].url}/healthz/readiness) after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
		}),
	);
	const workers = roles.filter((role) => role !== 'main');

	const webhookUrl = `${proc.main.url}/webhook/${webhookPath}`;
	await check('the main registers the published workflow\'s production webhook (POST)', async () => {
		const t = Date.now();
		await waitForWebhook(webhookUrl, 'POST', 120000);
		log(`  webhook registered after ${((Date.now() - t) / 1000).toFixed(1)}s`);
	});

	step(`Posting ${UPLOADS} uploads at once to ${webhookUrl}`);
	/** @type {Record<string, {rss: number, hwm: number}>} peak per process, sampled */
	const peak = Object.fromEntries(roles.map((role) => [role, { rss: 0, hwm: 0 }]));
	const sample = () => {
		for (const role of roles) {
			const pid = proc[role].child.pid;
			if (!pid) continue;
			const now = memoryOf(pid);
			peak[role].rss = Math.max(peak[role].rss, now.rss);
			peak[role].hwm = Math.max(peak[role].hwm, now.hwm);
		}
	};
	const idle = Object.fromEntries(roles.map((role) => [role, memoryOf(proc[role].child.pid ?? 0).rss]));
	const peakWasReset = roles.every((role) => resetPeakMemory(proc[role].child.pid ?? 0));
	const sampler = setInterval(sample, RSS_SAMPLE_MS);
	const posted = Date.now();
	const replies = await Promise.all(
		audio.map(async (a) => {
			const form = new FormData();
			form.append('title', a.title);
			form.append('file', new Blob([fs.readFileSync(a.file)], { type: 'audio/mpeg' }), path.basename(a.file));
			try {
				const res = await fetch(webhookUrl, { method: 'POST', body: form, signal: AbortSignal.timeout(240000) });
				const text = await res.text();
				return { status: res.status, text };
			} catch (e) {
				return { status: 0, text: e instanceof Error ? e.message : String(e) };
			}
		}),
	);
	sample();
	clearInterval(sampler);
	log(`  all ${UPLOADS} answered after ${((Date.now() - posted) / 1000).toFixed(1)}s`);

	await check(`all ${UPLOADS} webhook replies are HTTP 200 with the HLS URL`, () => {
		const bad = replies
			.map((r, i) => ({ ...r, i }))
			.filter((r) => {
				if (r.status !== 200) return true;
				try {
					return !/^http:\/\/127\.0\.0\.1:\d+\/.+\.m3u8/.test(JSON.parse(r.text).hls_url ?? '');
				} catch {
					return true;
				}
			});
		assert(bad.length === 0, bad.map((r) => `upload ${r.i + 1}: HTTP ${r.status} ${r.text.slice(0, 400)}`).join('\n'));
	});
	await check(`the emulator holds each of the ${UPLOADS} files once, byte-exactly (md5), as the reply says`, async () => {
		const problems = [];
		for (const [i, a] of audio.entries()) {
			const media = emu.aioz.listMedia().filter((/** @type {any} */ m) => m.title === a.title);
			if (media.length !== 1) {
				problems.push(`${a.title}: ${media.length} media`);
				continue;
			}
			const md5 = await emu.aioz.md5(media[0].id);
			if (md5 !== a.md5) problems.push(`${a.title}: md5 ${md5} != ${a.md5}`);
			let replyId;
			try {
				replyId = JSON.parse(replies[i].text).id;
			} catch {
				replyId = undefined;
			}
			if (replyId !== media[0].id) problems.push(`${a.title}: reply id ${replyId} != ${media[0].id}`);
		}
		assert(problems.length === 0, problems.join('\n'));
	});
	await check('the bigger files went up in two parts, the others in one', () => {
		const problems = [];
		for (const a of audio) {
			const media = emu.aioz.listMedia().find((/** @type {any} */ m) => m.title === a.title);
			const expected = Math.ceil(a.size / (CHUNK_SIZE_MIB * MIB));
			if (media?.parts.length !== expected) problems.push(`${a.title}: ${media?.parts.length} parts, expected ${expected}`);
		}
		assert(problems.length === 0, problems.join('\n'));
	});

	// ---- a 1 GiB file from a URL through examples/08, on the same main and workers
	step(`Uploading a ${mib(URL_FILE_SIZE)} file from a URL through examples/08 (a URL in the webhook's JSON body)`);
	const urlWebhookUrl = `${proc.main.url}/webhook/${urlWebhookNode.parameters.path}`;
	const source = emu.source.add({ name: 'queue-1gib-master.wav', size: URL_FILE_SIZE });
	const sourceMd5 = source.md5; // hashed now (about 2 s), not while the upload runs
	log(`  source ${source.url.replace(/\?.*$/, '?…(signed)')}, ${source.size} bytes, md5 ${sourceMd5}, byte ranges served`);
	const urlTitle = 'Queue 1 GiB master from a URL';
	/** @type {{status: number, text: string, seconds: number} | undefined} */
	let urlReply;
	/** @type {Record<string, {before: number, sampled: number, hwm: number}>} memory of each worker around the upload */
	const urlMemory = {};
	const binaryRows = () => {
		const [[rows, bytes]] = db.query('select count(*), coalesce(sum("fileSize"), 0) from binary_data');
		return { rows: Number(rows), bytes: Number(bytes) };
	};
	const binaryBefore = binaryRows();
	await check('the main registers examples/08\'s production webhook (POST)', async () => {
		await waitForWebhook(urlWebhookUrl, 'POST', 120000);
	});
	{
		for (const role of workers) {
			const pid = proc[role].child.pid ?? 0;
			urlMemory[role] = { before: memoryOf(pid).rss, sampled: 0, hwm: 0 };
		}
		const peakReset = workers.every((role) => resetPeakMemory(proc[role].child.pid ?? 0));
		const sampleWorkers = () => {
			for (const role of workers) {
				const now = memoryOf(proc[role].child.pid ?? 0);
				urlMemory[role].sampled = Math.max(urlMemory[role].sampled, now.rss);
				if (peakReset) urlMemory[role].hwm = Math.max(urlMemory[role].hwm, now.hwm);
			}
		};
		const urlSampler = setInterval(sampleWorkers, RSS_SAMPLE_MS);
		const t = Date.now();
		try {
			const res = await fetch(urlWebhookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ url: source.url, title: urlTitle }),
				signal: AbortSignal.timeout(240000),
			});
			urlReply = { status: res.status, text: await res.text(), seconds: (Date.now() - t) / 1000 };
		} catch (e) {
			urlReply = { status: 0, text: e instanceof Error ? e.message : String(e), seconds: (Date.now() - t) / 1000 };
		}
		sampleWorkers();
		clearInterval(urlSampler);
		log(`  HTTP ${urlReply.status} after ${urlReply.seconds.toFixed(1)}s: ${urlReply.text.slice(0, 300)}`);
	}
	const binaryAfter = binaryRows();
	const [urlExecution] = db.query(`select id, status from execution_entity where "workflowId" = '${urlWorkflow.id}' order by id`);
	/** The worker that says it started the execution of the 1 GiB upload. */
	const urlWorker = workers.find((role) =>
		new RegExp(`Worker started execution ${urlExecution?.[0]} \\(job `).test(fs.readFileSync(proc[role].logFile, 'utf8')),
	);
	/** @type {any} */
	let urlMedia;
	await check('examples/08: the 1 GiB upload from a URL is answered (HTTP 200) with the HLS URL', () => {
		assert(urlReply?.status === 200, `HTTP ${urlReply?.status}: ${urlReply?.text.slice(0, 1000)}`);
		const reply = JSON.parse(urlReply.text);
		assert(/^http:\/\/127\.0\.0\.1:\d+\/.+\.m3u8/.test(reply.hls_url ?? ''), `hls_url is ${reply.hls_url}`);
		urlMedia = emu.aioz.getMedia(reply.id);
		assert(urlMedia, `media ${reply.id} is not in the emulator`);
	});
	if (urlMedia) {
		await check('examples/08: the emulator holds the 1 GiB file byte-exactly (md5), read once in ranged GETs', async () => {
			assert(urlMedia.title === urlTitle, `title ${urlMedia.title}`);
			assert(urlMedia.totalSize === source.size, `size ${urlMedia.totalSize} != ${source.size}`);
			const md5 = await emu.aioz.md5(urlMedia.id);
			assert(md5 === sourceMd5, `md5 ${md5} != ${sourceMd5}`);
			const ranged = source.requests.filter((/** @type {any} */ r) => r.range !== undefined).length;
			log(`  ${urlMedia.parts.length} parts; the source answered ${source.requests.length} requests (${ranged} ranged) and sent ${source.served} bytes`);
			assert(ranged === source.requests.length && ranged === urlMedia.parts.length + 1, `${source.requests.length} requests, ${ranged} ranged, ${urlMedia.parts.length} parts`);
			assert(source.served <= source.size + 64 * 1024, `${source.served} bytes sent for a file of ${source.size}`);
		});
	}
	await check('examples/08: no row was added to n8n\'s binary_data table during the upload from a URL', () => {
		log(`  binary_data before: ${binaryBefore.rows} rows (${binaryBefore.bytes} bytes), after: ${binaryAfter.rows} rows (${binaryAfter.bytes} bytes)`);
		assert(binaryAfter.rows === binaryBefore.rows && binaryAfter.bytes === binaryBefore.bytes, 'binary_data changed');
	});
	await check(`examples/08: the peak memory growth of the worker that ran it stays within ${mib(URL_RSS_GROWTH_LIMIT)}`, () => {
		for (const role of workers) {
			const m = urlMemory[role];
			const kernel = m.hwm ? `, kernel's peak ${mib(m.hwm)} (+${mib(m.hwm - m.before)})` : '';
			log(`  ${role}${role === urlWorker ? ' (ran it)' : ''}: before ${mib(m.before)}, peak sampled ${mib(m.sampled)} (+${mib(m.sampled - m.before)})${kernel}`);
		}
		assert(urlWorker, `no worker says it started execution ${urlExecution?.[0]}`);
		const m = urlMemory[urlWorker];
		const growth = Math.max(m.sampled, m.hwm) - m.before;
		if (urlReply?.status === 200) {
			const seconds = urlReply.seconds;
			log(`  ${mib(URL_FILE_SIZE)} from the URL to AIOZ Stream in ${seconds.toFixed(1)}s (${(URL_FILE_SIZE / MIB / seconds).toFixed(0)} MiB/s, transcoding wait of ${TRANSCODE_DELAY_MS / 1000}s included); ${urlWorker}'s peak growth ${mib(growth)}`);
		}
		assert(growth > 0 && growth <= URL_RSS_GROWTH_LIMIT, `${urlWorker} grew by ${mib(growth)}`);
	});

	// What the processes wrote; n8n is stopped first, so that the logs are complete.
	await Promise.all(roles.map((role) => proc[role].stop()));
	const logs = Object.fromEntries(roles.map((role) => [role, fs.readFileSync(proc[role].logFile, 'utf8')]));

	/** The executions of the workflow as n8n stored them. */
	const executions = db.query(`select id, status, mode from execution_entity where "workflowId" = '${workflow.id}' order by id`);
	/** @type {Record<string, string[]>} the execution ids each worker says it started */
	const startedBy = Object.fromEntries(
		workers.map((role) => [role, [...logs[role].matchAll(/Worker started execution (\d+) \(job /g)].map((m) => m[1])]),
	);
	log(`  executions in PostgreSQL: ${executions.map(([id, status, mode]) => `${id} ${status} (${mode})`).join(', ')}`);
	for (const role of workers) log(`  ${role} started executions ${startedBy[role].join(', ') || 'none'}`);

	await check(`PostgreSQL holds ${UPLOADS} successful webhook executions of the workflow`, () => {
		assert(executions.length === UPLOADS, `${executions.length} executions`);
		const bad = executions.filter(([, status, mode]) => status !== 'success' || mode !== 'webhook');
		assert(bad.length === 0, `not successful webhook runs: ${JSON.stringify(bad)}`);
	});
	await check('both workers ran executions, each execution exactly one worker, none on the main', () => {
		for (const role of workers) assert(startedBy[role].length > 0, `${role} ran no execution`);
		const all = workers.flatMap((role) => startedBy[role]).sort((a, b) => Number(a) - Number(b));
		const ids = db.query('select id from execution_entity order by id').map(([id]) => id);
		assert(JSON.stringify(all) === JSON.stringify(ids), `started by the workers: ${all.join(', ')}; stored: ${ids.join(', ')}`);
		assert(!/Worker started execution/.test(logs.main), 'the main ran an execution itself');
	});
	await check('the uploaded files went through n8n\'s database (binary data mode "database")', () => {
		const rows = db.query('select "fileSize" from binary_data');
		const sizes = new Set(rows.map(([size]) => Number(size)));
		const missing = audio.filter((a) => !sizes.has(a.size)).map((a) => a.title);
		assert(missing.length === 0, `no binary_data row of the size of: ${missing.join(', ')} (${rows.length} rows)`);
	});
	await check('each worker loaded the package (no unrecognized node type in any log)', () => {
		for (const role of roles) assert(!/Unrecognized node type|Unknown node type/i.test(logs[role]), `${role}:\n${lib.tail(proc[role].logFile, 2000)}`);
	});

	step(`Memory (resident set size of each n8n process: sampled every ${RSS_SAMPLE_MS} ms from /proc, and the kernel's peak)`);
	for (const role of roles) {
		const kernelPeak = peakWasReset ? `, kernel's peak during the uploads ${mib(peak[role].hwm)}` : '';
		log(`  ${role.padEnd(9)} idle ${mib(idle[role])}, peak sampled ${mib(peak[role].rss)}${kernelPeak}`);
	}
	await check('the peak memory of both workers was measured', () => {
		for (const role of workers) assert(peak[role].rss > idle[role], `${role}: idle ${idle[role]}, peak ${JSON.stringify(peak[role])}`);
	});

	step('Checking that the key leaked nowhere');
	await check('the secret key appears in no log (main, workers, CLI, PostgreSQL, Redis) and no stored execution', () => {
		const secret = emu.keys.aiozSecretKey;
		const texts = { ...logs, cli: cliOutput.join('\n'), postgres: lib.tail(db.logFile, 1e8), redis: lib.tail(redis.logFile, 1e8) };
		for (const [where, text] of Object.entries(texts)) {
			const n = countOf(secret, text);
			assert(n === 0, `${where}: the secret key appears ${n} time(s)`);
		}
		const stored = db.query(`select count(*) from execution_data where data like '%${secret}%'`);
		assert(stored[0][0] === '0', `${stored[0][0]} stored executions contain it`);
	});
	await check('the file URL\'s signature appears in no log and, in the stored execution, only in the posted body', () => {
		const texts = { ...logs, cli: cliOutput.join('\n'), postgres: lib.tail(db.logFile, 1e8), redis: lib.tail(redis.logFile, 1e8) };
		for (const [where, text] of Object.entries(texts)) {
			const n = countOf(source.signature, text);
			assert(n === 0, `${where}: the signature appears ${n} time(s)`);
		}
		const rows = db.query(
			`select d."executionId", d.data from execution_data d join execution_entity e on e.id = d."executionId" where e."workflowId" = '${urlWorkflow.id}'`,
		);
		assert(rows.length === 1, `${rows.length} stored executions of examples/08`);
		const ownOutput = `data.resultData.runData[${JSON.stringify(urlWebhookNode.name)}][`;
		for (const [id, data] of rows) {
			const elsewhere = pathsInStoredExecution(data, source.signature).filter((at) => !at.startsWith(ownOutput));
			assert(elsewhere.length === 0, `execution ${id}: the signature is at ${elsewhere.join(', ')}`);
		}
	});
}

testRun.finish(main);
