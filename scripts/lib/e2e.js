// @ts-check
'use strict';
/**
 * What the end-to-end scripts in a real n8n share (scripts/test-n8n.js, scripts/test-queue.js):
 *
 * - `createTestRun()`: counted checks that print and never throw, timed steps, the n8n CLI run
 *   asynchronously (the test process keeps serving the emulator meanwhile), everything started
 *   stopped again — also on failure and on Ctrl+C — and the last line "N passed, M failed" with
 *   exit code 1 on any failure;
 * - helpers for the workflows under examples/: read a copy, find its nodes, point its credentials
 *   at the test's, and wait until n8n has registered a published workflow's webhook.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const lib = require('./n8n-install');

const { REPO_ROOT, log } = lib;
const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** @param {unknown} cond @param {string} msg @returns {asserts cond} */
function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}

/** How often `pattern` occurs in `text`. @param {string} pattern @param {string} text */
function countOf(pattern, text) {
	return text.split(pattern).length - 1;
}

/**
 * One end-to-end run: its checks, the processes and clean-ups it owns, and its summary.
 * @param {string} title printed with the duration at the end, e.g. "Real n8n 2.41.1 end-to-end"
 */
function createTestRun(title) {
	const started = Date.now();
	const counts = { passed: 0, failed: 0 };
	/** @type {string[]} */
	const failures = [];
	/** @type {Array<() => Promise<void> | void>} */
	const cleanups = [];
	/** @type {Set<import('node:child_process').ChildProcess>} */
	const children = new Set();
	const state = { stopping: false };

	const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

	/** @param {string} name */
	function step(name) {
		log(`\n[${elapsed()}] ${name}`);
	}

	/**
	 * One assertion: counted, printed, never throws.
	 * @param {string} name
	 * @param {() => unknown | Promise<unknown>} fn throws (or returns a string) to fail
	 */
	async function check(name, fn) {
		try {
			const r = await fn();
			if (typeof r === 'string' && r) throw new Error(r);
			counts.passed++;
			log(`  ok    ${name}`);
		} catch (e) {
			counts.failed++;
			const msg = e instanceof Error ? e.message : String(e);
			failures.push(`${name}: ${msg}`);
			log(`  FAIL  ${name}\n        ${msg.split('\n').join('\n        ')}`);
		}
	}

	/**
	 * The first steps of every run: Node 24, the cached n8n (installed on the first run), and a
	 * temporary folder removed at the end (kept with KEEP_N8N_TMP=1, or after a failure, for a look).
	 * @param {string} prefix start of the temporary folder's name
	 * @returns {string} the temporary folder
	 */
	function prepare(prefix) {
		step('Checking Node');
		lib.assertNode24();
		log(`  node ${process.versions.node} (${process.execPath})`);

		step(`Installing n8n ${lib.N8N_VERSION} (cache: ${lib.n8nDir()})`);
		const install = lib.ensureN8n();
		log(`  ${install.cached ? 'reused the cached install' : `installed in ${install.seconds}s`}`);

		const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
		cleanups.push(() => {
			if (process.env.KEEP_N8N_TMP || (counts.failed > 0 && !state.stopping)) log(`  (kept ${work} for inspection)`);
			else fs.rmSync(work, { recursive: true, force: true });
		});
		return work;
	}

	/** Keeps a started process so that the end of the run (or Ctrl+C) stops it. @param {import('node:child_process').ChildProcess} child */
	function own(child) {
		if (state.stopping) {
			// started while Ctrl+C is being handled: stop it at once rather than leave it behind
			void lib.stopProcess(child);
			return child;
		}
		children.add(child);
		child.once('exit', () => children.delete(child));
		return child;
	}

	/**
	 * Runs an n8n CLI command asynchronously, with its own task-runner broker port.
	 * @param {string} userFolder
	 * @param {string[]} args
	 * @param {{env?: Record<string,string>, timeoutMs?: number}} [opts]
	 * @returns {Promise<{code: number | null, stdout: string, stderr: string}>}
	 */
	async function n8n(userFolder, args, opts = {}) {
		if (state.stopping) throw new Error('stopping: no new n8n command');
		const brokerPort = await lib.freePort();
		const env = lib.n8nEnv(userFolder, {
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...opts.env,
		});
		const timeoutMs = opts.timeoutMs || 300000;
		return await new Promise((resolve, reject) => {
			if (state.stopping) throw new Error('stopping: no new n8n command');
			const child = own(
				spawn(process.execPath, [lib.n8nBin(), ...args], {
					cwd: userFolder,
					env,
					stdio: ['ignore', 'pipe', 'pipe'],
					detached: true,
				}),
			);
			let stdout = '';
			let stderr = '';
			child.stdout?.on('data', (c) => (stdout += c));
			child.stderr?.on('data', (c) => (stderr += c));
			const timer = setTimeout(() => {
				stderr += `\n[${title}] timed out after ${timeoutMs} ms, stopping n8n`;
				void lib.stopProcess(child);
			}, timeoutMs);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr });
			});
		});
	}

	/** Same as n8n(), but throws with the output when the command fails. */
	async function n8nOk(/** @type {string} */ userFolder, /** @type {string[]} */ args, opts = {}) {
		const r = await n8n(userFolder, args, opts);
		if (r.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
		}
		return r;
	}

	/** Stops the processes first (they may use what the clean-ups remove), then runs the clean-ups, last first. */
	async function cleanupAll() {
		// the last started first: n8n before the Redis and PostgreSQL it uses
		for (const child of [...children].reverse()) await lib.stopProcess(child);
		while (cleanups.length) {
			const fn = cleanups.pop();
			try {
				await fn?.();
			} catch (e) {
				log(`cleanup: ${e instanceof Error ? e.message : e}`);
			}
		}
	}

	for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
		process.on(sig, () => {
			if (state.stopping) return;
			state.stopping = true;
			log(`\n${sig}: stopping what this run started ...`);
			void cleanupAll().finally(() => process.exit(130));
		});
	}

	/**
	 * Runs the test, then cleans up and prints the summary; exits 1 on any failure.
	 * @param {() => Promise<void>} main
	 */
	function finish(main) {
		main()
			.catch(async (e) => {
				counts.failed++;
				failures.push(e instanceof Error ? e.message : String(e));
				log(`\nFATAL: ${e instanceof Error ? (/** @type {any} */ (e).userFacing ? e.message : e.stack || e.message) : e}`);
			})
			.finally(async () => {
				await cleanupAll();
				log(`\n${title} finished in ${elapsed()}.`);
				if (failures.length) log(`Failures:\n - ${failures.join('\n - ').split('\n').slice(0, 60).join('\n')}`);
				log(`${counts.passed} passed, ${counts.failed} failed`);
				process.exit(counts.failed > 0 ? 1 : 0);
			});
	}

	return {
		prepare,
		step,
		check,
		elapsed,
		own,
		n8n,
		n8nOk,
		finish,
		/** Clean-ups run at the end, last registered first, after the owned processes are stopped. */
		cleanups,
		get failed() {
			return counts.failed;
		},
		get stopping() {
			return state.stopping;
		},
	};
}

/** @param {string} file */
function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
}

/** Finds examples/NN-*.json. @param {string} prefix */
function exampleFile(prefix) {
	const f = fs.readdirSync(EXAMPLES).find((n) => n.startsWith(prefix) && n.endsWith('.json'));
	if (!f) throw new Error(`examples/${prefix}*.json is missing`);
	return f;
}

/**
 * @param {any} workflow
 * @param {string} type
 * @param {(node: any) => boolean} [where]
 */
function nodesOfType(workflow, type, where = () => true) {
	return workflow.nodes.filter((/** @type {any} */ n) => n.type === type && where(n));
}

/** @param {any} workflow @param {string} type @param {(node: any) => boolean} [where] */
function nodeOfType(workflow, type, where) {
	const found = nodesOfType(workflow, type, where);
	if (found.length !== 1) throw new Error(`expected one ${type} node in "${workflow.name}", found ${found.length}`);
	return found[0];
}

/**
 * Points every credential of a workflow at the imported test credentials (by credential type).
 * @param {any} workflow
 * @param {Record<string, {id: string, name: string}>} byType
 */
function useCredentials(workflow, byType) {
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (byType[type]) node.credentials[type] = { ...byType[type] };
		}
	}
}

/**
 * An AIOZ Stream credential for `n8n import:credentials`, pointed at the emulator (the *Custom*
 * environment) on one route family, with the emulator's keys unless another secret key is given.
 * @param {import('../../emulator').Emulator} emu
 * @param {{id: string, name: string}} credential
 * @param {{apiRoutes?: 'media' | 'videos', secretKey?: string}} [options]
 */
function aiozCredential(emu, credential, options = {}) {
	return {
		...credential,
		type: 'aiozStreamApi',
		data: {
			publicKey: emu.keys.aiozPublicKey,
			secretKey: options.secretKey ?? emu.keys.aiozSecretKey,
			environment: 'custom',
			baseUrl: emu.aiozBaseUrl,
			apiRoutes: options.apiRoutes ?? 'media',
		},
	};
}

/**
 * Waits until n8n has registered a production webhook for the method: a CORS preflight (OPTIONS) lists
 * the registered methods in Access-Control-Allow-Methods, and answers without them before activation.
 * (n8n answers /healthz/readiness before it has activated the published workflows.)
 * @param {string} url
 * @param {string} method
 * @param {number} timeoutMs
 */
async function waitForWebhook(url, method, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (;;) {
		try {
			const res = await fetch(url, {
				method: 'OPTIONS',
				headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
			});
			const allowed = res.headers.get('access-control-allow-methods') ?? '';
			last = `HTTP ${res.status}, allowed methods "${allowed}": ${(await res.text()).slice(0, 200)}`;
			if (allowed.split(',').map((m) => m.trim()).includes(method)) return;
		} catch (e) {
			last = e instanceof Error ? e.message : String(e);
		}
		if (Date.now() > deadline) throw new Error(`the webhook was not registered within ${timeoutMs / 1000}s (${last})`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/**
 * Where a text occurs in an execution as n8n stores it (`execution_data.data`: the run data in the
 * `flatted` format), as paths such as `resultData.runData["Receive file URL"][0].data.main[0][0].json.body.url`.
 * A test that posts a secret (a presigned URL's signature) in a webhook's body finds it in that
 * node's output, the user's own input, and nowhere else.
 * @param {string} stored the stored text of one execution's data
 * @param {string} needle
 * @returns {string[]}
 */
function pathsInStoredExecution(stored, needle) {
	/** @type {{parse: (text: string) => unknown}} */
	const flatted = require(path.join(lib.n8nDir(), 'node_modules', 'flatted'));
	/** @type {string[]} */
	const found = [];
	const seen = new Set();
	/** @param {unknown} value @param {string} at */
	const walk = (value, at) => {
		if (typeof value === 'string') {
			if (value.includes(needle)) found.push(at);
			return;
		}
		if (!value || typeof value !== 'object' || seen.has(value)) return;
		seen.add(value);
		for (const [key, inner] of Object.entries(value)) {
			if (key.includes(needle)) found.push(`${at} (a key)`);
			walk(inner, Array.isArray(value) ? `${at}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`);
		}
	};
	walk(flatted.parse(stored), 'data');
	return found;
}

module.exports = {
	pathsInStoredExecution,
	aiozCredential,
	assert,
	countOf,
	createTestRun,
	readExample,
	exampleFile,
	nodesOfType,
	nodeOfType,
	useCredentials,
	waitForWebhook,
};
