#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End-to-end test in a real n8n 2.x: `npm run test:n8n` (builds first).
 *
 *  1. installs the pinned n8n into a cache folder outside the repository (once; see scripts/lib/n8n-install.js);
 *  2. packs this package with `npm pack` and installs the tarball with `npm install <tarball>` into a fresh
 *     N8N_USER_FOLDER's .n8n/nodes — the way users install a community node by hand;
 *  3. starts the AIOZ Stream / AI-ML API emulator in this process (emulator/);
 *  4. imports credentials pointed at the emulator and copies of examples/*.json (`n8n import:credentials`,
 *     `n8n import:workflow`), runs examples 2, 3, 4, 7 and 10 headlessly with `n8n execute --id`, and example 1
 *     (a Webhook) through `n8n start` on 127.0.0.1 with a real multipart POST;
 *  5. checks the results: the emulator holds every uploaded file byte-exactly (md5), the outputs carry the
 *     HLS URL and the MiniMax ids, the generated audio lands on disk, and no key leaks into output or logs;
 *  6. on the same `n8n start`, sets up the owner and signs in through n8n's REST API, then runs n8n's own
 *     credential test (POST /rest/credentials/test, what the editor's credential "Test" calls) for both
 *     credential types: right keys pass, a wrong key fails with the credential's own message, unechoed;
 *  7. imports every examples/*.json unchanged, one file at a time (`n8n import:workflow --input=<file>`, the way
 *     self-hosted users import a workflow file), into another fresh N8N_USER_FOLDER with the package installed,
 *     and checks that n8n stored each one under the file's id, with all its nodes;
 *  8. publishes examples 5 (upload without waiting) and 6 (AIOZ Stream Trigger → notification) on the same
 *     `n8n start`: the trigger registers exactly one webhook in the emulator at n8n's production URL plus a token,
 *     an upload through example 5 makes example 6 post the HLS URL, a failed transcoding arrives as
 *     `encoding.failed`, a forged POST without the token starts no execution, and unpublishing deletes the
 *     webhook (examples 5 and 6 run together: --only=5 or --only=6);
 *  9. publishes example 8 (a URL in a webhook's JSON body → Upload from the URL → reply with the HLS URL) on the
 *     same `n8n start`: a file source in the emulator behind a presigned-looking URL (ranged, 12 MiB) arrives
 *     byte-exactly in three ranged GETs of 5 MiB parts, an HTML page's URL is answered with HTTP 422 and creates
 *     no media, and the URL's signature appears in no reply, log or stored execution but the Webhook's own output;
 * 10. runs both nodes as AI Agent tools (--only=9 or --only=agent), with `n8n execute`: a copy of example 9 (its Chat
 *     Trigger replaced by a Manual Trigger and the chat message) whose AI Agent + OpenAI Chat Model talks to the
 *     emulator's scripted chat completions endpoint (emu.openai, no model): the script calls the AIOZ Stream tool with
 *     the link in the user's message, the file arrives md5-exact in ranged GETs, the model's next turn gets the compact
 *     tool result (hls_url, a few hundred bytes, no key or signature) and the agent's answer carries the HLS URL; the
 *     same with the MiniMax Music tool (Generate, music-2.6: generation_id and audio_url); a tool call with a bad
 *     link gives the model the node's message ("File URL is not an http(s) URL" and its fix) and the run still ends
 *     with the agent's answer; and every tool n8n declared to the model has a name, a description and a description
 *     for each parameter.
 * 11. publishes a workflow with the AIOZ Stream Polling Trigger (Poll Times: every minute) → an HTTP Request posting
 *     each item's media id to a local receiver, on the same `n8n start` (--only=poll): an audio that ended before
 *     publishing is never emitted (n8n polls once at activation, which only notes where "now" is), an audio uploaded
 *     afterwards (straight to the emulator's API) is emitted by a scheduled poll, and exactly once: the poll after
 *     that one emits it no more.
 * 12. example 10 (publish an episode; run in step 4): the episode WAV (md5) and its cover arrive byte-exactly, Check
 *     Balance First asks the price once before the create, the chapters and the transcript are stored in English
 *     byte-exactly, the episode goes last in a show (a playlist made through the emulator's API, holding episode 41),
 *     and the announcement carries the title, the HLS URL and the show; with the balance at 0 the same workflow stops
 *     before any create, naming the price and the balance.
 *
 * Last line: "N passed, M failed"; exit code 1 on any failure.
 * Options: --only=1,4 runs only those examples (the credential tests run with example 1, or alone with
 * --only=creds; the import of the unchanged examples alone with --only=import; the polling trigger alone with
 * --only=poll). Env: KEEP_N8N_TMP=1 keeps the
 * temporary user folder; N8N_AUDIO_UPLOAD_CACHE moves the cache.
 */
const fs = require('node:fs');
const path = require('node:path');

const lib = require('./lib/n8n-install');
const { writeMp3, writeWav } = require('./lib/audio-fixtures');
const { startWebhookReceiver } = require('../test/emulator/webhookReceiver');
const {
	aiozCredential,
	assert,
	countOf,
	createTestRun,
	exampleFile,
	nodeOfType,
	nodesOfType,
	pathsInStoredExecution,
	readExample,
	useCredentials,
	waitForWebhook,
} = require('./lib/e2e');

const { log } = lib;
const PKG = 'n8n-nodes-audio-upload';
const AIOZ_TYPE = `${PKG}.aiozStream`;
const MINIMAX_TYPE = `${PKG}.minimaxMusic`;
/** n8n's node types for the two nodes as AI Agent tools (usableAsTool). */
const AIOZ_TOOL_TYPE = `${AIOZ_TYPE}Tool`;
const MINIMAX_TOOL_TYPE = `${MINIMAX_TYPE}Tool`;
const EXAMPLES_DIR = path.join(lib.REPO_ROOT, 'examples');
const MIB = 1024 * 1024;

const testRun = createTestRun(`Real n8n ${lib.N8N_VERSION} end-to-end`);
const { step, check, n8n, n8nOk } = testRun;

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').map((x) => x.trim())) : undefined;
/** @param {number} n */
const selected = (n) => !only || only.has(String(n));
/** n8n's credential test runs on the `n8n start` of example 1 (or alone with --only=creds). */
const credentialTestsSelected = !only || only.has('1') || only.has('creds');
/** Examples 5 (upload without waiting) and 6 (AIOZ Stream Trigger) run together on `n8n start`. */
const triggerSelected = selected(5) || selected(6);
const TRIGGER_TYPE = `${PKG}.aiozStreamTrigger`;
/** The n8n owner account the REST API checks sign in with. */
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Credential-Test-1' };
/** The import of the unchanged examples (or alone with --only=import). */
const importSelected = !only || only.has('import');
/** Both nodes as AI Agent tools (example 9 and a MiniMax agent): --only=9 or --only=agent. */
const agentSelected = !only || only.has('9') || only.has('agent');
/** The AIOZ Stream Polling Trigger on `n8n start` (--only=poll). */
const pollSelected = !only || only.has('poll');
const POLLING_TRIGGER_TYPE = `${PKG}.aiozStreamPollingTrigger`;
/** Only the import: no emulator, no execution. */
const onlyImport = only !== undefined && [...only].every((x) => x === 'import');

/**
 * Polls until `condition` holds, or throws after `timeoutMs` with what `describe` says.
 * @param {() => boolean} condition @param {number} timeoutMs @param {() => string} describe
 */
async function waitFor(condition, timeoutMs, describe) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000}s: ${describe()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * The JSON printed by `n8n execute --rawOutput` (the last top-level JSON object in stdout).
 * @param {string} stdout
 */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	const starts = [];
	for (let i = 0; i < lines.length; i++) if (lines[i] === '{') starts.push(i);
	for (let s = starts.length - 1; s >= 0; s--) {
		for (let e = lines.length - 1; e > starts[s]; e--) {
			if (lines[e] !== '}') continue;
			try {
				return JSON.parse(lines.slice(starts[s], e + 1).join('\n'));
			} catch {
				// keep looking
			}
		}
	}
	throw new Error(`no execution JSON in the output of n8n execute:\n${stdout.slice(-3000)}`);
}

/**
 * Output items (json + binary) of one node in an execution (first run, first output).
 * @param {any} run
 * @param {string} nodeName
 * @returns {Array<{json: any, binary?: any}>}
 */
function nodeOutput(run, nodeName) {
	const runData = run?.data?.resultData?.runData ?? {};
	const tasks = runData[nodeName];
	if (!tasks || !tasks.length) {
		throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ') || 'nothing'})`);
	}
	const task = tasks[tasks.length - 1];
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message} ${task.error.description ?? ''}`);
	return task.data?.main?.[0] ?? [];
}

/**
 * Every examples/*.json, unchanged, imported the way self-hosted users import a workflow file
 * (`n8n import:workflow --input=<file>`) into a fresh n8n home with the package installed. n8n 2.41 stores a
 * single-file import under the file's `id` and stops with "NOT NULL constraint failed: workflow_entity.id"
 * when there is none; success is read back with `n8n export:workflow` rather than trusted to the exit code.
 * @param {string} nodesDir the ~/.n8n/nodes the tarball was installed into; copied, not installed again
 * @param {string} work
 */
async function importUnchangedExamples(nodesDir, work) {
	step('Importing every examples/*.json unchanged into a fresh n8n home (n8n import:workflow --input=<file>)');
	const home = path.join(work, 'import-home');
	fs.cpSync(nodesDir, path.join(home, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
	const files = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
	await check(`examples/ holds workflow files (${files.length})`, () => assert(files.length > 0, 'no examples/*.json'));
	/** @type {Map<string, any>} id → the example as written */
	const imported = new Map();
	for (const file of files) {
		await check(`${file} imports with n8n import:workflow --input=<file>`, async () => {
			const example = readExample(file);
			assert(typeof example.id === 'string' && example.id, 'the file has no "id" (n8n 2.41 then fails: NOT NULL constraint failed: workflow_entity.id)');
			assert(!imported.has(example.id), `id "${example.id}" is used by another example`);
			const r = await n8n(home, ['import:workflow', `--input=${path.join(EXAMPLES_DIR, file)}`], { env: { N8N_LOG_LEVEL: 'info' } });
			const said = `${r.stdout}\n${r.stderr}`;
			assert(r.code === 0 && /Successfully imported 1 workflow/.test(said), `n8n import:workflow (exit ${r.code}):\n${said.slice(-2000)}`);
			imported.set(example.id, { file, example });
		});
	}
	const exportFile = path.join(work, 'exported-examples.json');
	await check('n8n stored each example under its own id and name, with every node', async () => {
		await n8nOk(home, ['export:workflow', '--all', `--output=${exportFile}`]);
		/** @type {any[]} */
		const stored = JSON.parse(fs.readFileSync(exportFile, 'utf8'));
		const nodesOf = (/** @type {any} */ w) => JSON.stringify(w.nodes.map((/** @type {any} */ n) => `${n.name} (${n.type})`).sort());
		assert(stored.length === imported.size, `${stored.length} workflows stored, ${imported.size} imported`);
		for (const [id, { file, example }] of imported) {
			const workflow = stored.find((w) => w.id === id);
			assert(workflow, `${file}: no workflow stored under id "${id}" (stored: ${stored.map((w) => w.id).join(', ')})`);
			assert(workflow.name === example.name, `${file}: stored as "${workflow.name}"`);
			assert(nodesOf(workflow) === nodesOf(example), `${file}: stored nodes ${nodesOf(workflow)}`);
		}
	});
}

/** The notification services an example may post to; none is reachable in the test. */
const NOTIFICATION_TYPES = ['n8n-nodes-base.slack', 'n8n-nodes-base.discord', 'n8n-nodes-base.emailSend', 'n8n-nodes-base.telegram'];

/**
 * Swaps a workflow's notification node (Slack, Discord, Email, Telegram: nothing to reach here) for an
 * "Edit Fields" node that renders the same message expression into `text`, so the test reads the message.
 * @param {any} workflow
 * @param {string} label named in the log
 * @returns {{ node: any, originalType: string }}
 */
function notificationAsEditFields(workflow, label) {
	const node = workflow.nodes.find((/** @type {any} */ n) => NOTIFICATION_TYPES.includes(n.type));
	if (!node) throw new Error(`${label} has no Slack/Discord/Email/Telegram node`);
	const text = node.parameters.text ?? node.parameters.content ?? node.parameters.message;
	const originalType = node.type;
	log(`  ${label}: the ${originalType} node "${node.name}" is replaced by an Edit Fields node rendering the same text`);
	Object.assign(node, {
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: { assignments: [{ id: 'e2e-text', name: 'text', value: text, type: 'string' }] },
			options: {},
		},
	});
	delete node.credentials;
	delete node.webhookId;
	return { node, originalType };
}

async function main() {
	const work = testRun.prepare('n8n-audio-upload-e2e-');

	step('Packing this package and installing the tarball into a fresh ~/.n8n/nodes');
	const tarball = lib.packPackage(work);
	log(`  ${path.basename(tarball)} (${fs.statSync(tarball).size} bytes)`);
	const userFolder = path.join(work, 'home');
	const { nodesDir } = lib.prepareUserFolder(tarball, userFolder);
	const installedPkg = path.join(nodesDir, 'node_modules', PKG);
	await check('npm installed the tarball into ~/.n8n/nodes/node_modules', () => {
		assert(fs.existsSync(path.join(installedPkg, 'package.json')), `${installedPkg}/package.json is missing`);
		const pkg = JSON.parse(fs.readFileSync(path.join(installedPkg, 'package.json'), 'utf8'));
		for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			assert(fs.existsSync(path.join(installedPkg, f)), `${f} is not in the installed package`);
		}
	});

	if (importSelected) await importUnchangedExamples(nodesDir, work);
	if (onlyImport) return;

	step('Starting the emulator (in this process)');
	const { startEmulator } = require('../emulator');
	const emu = await startEmulator({ port: 0, host: '127.0.0.1', transcodeDelayMs: 300 });
	testRun.cleanups.push(() => emu.stop());
	log(`  ${emu.url}  (AIOZ base ${emu.aiozBaseUrl}, AI/ML base ${emu.aimlBaseUrl})`);

	/**
	 * A request to the emulator's AIOZ Stream API with the keys (`route` under `/api`), as the dashboard
	 * or another workflow would make it; resolves with the JSON answer of a 200 or 201.
	 * @param {string} route @param {RequestInit} init
	 */
	async function aiozApi(route, init) {
		const auth = { 'stream-public-key': emu.keys.aiozPublicKey, 'stream-secret-key': emu.keys.aiozSecretKey };
		const res = await fetch(`${emu.aiozBaseUrl}${route}`, { ...init, headers: { ...auth, ...init.headers } });
		const text = await res.text();
		assert(res.status === 200 || res.status === 201, `${init.method ?? 'GET'} ${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return JSON.parse(text);
	}

	/**
	 * Uploads a file straight to the emulator's AIOZ Stream API (create, one part, complete), as another
	 * workflow or the AIOZ Stream dashboard would, and resolves with the media id once transcoding ended.
	 * @param {string} title @param {{ file: string, size: number, md5: string }} file
	 */
	async function emulatorUpload(title, file) {
		const send = async (/** @type {string} */ route, /** @type {RequestInit} */ init) => await aiozApi(`/media${route}`, init);
		const created = await send('/create', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title, type: 'audio' }),
		});
		const id = String(created.data.id);
		const form = new FormData();
		form.append('file', new Blob([fs.readFileSync(file.file)], { type: 'audio/mpeg' }), path.basename(file.file));
		form.append('index', '0');
		form.append('hash', file.md5);
		await send(`/${id}/part`, { method: 'POST', headers: { 'content-range': `bytes 0-${file.size - 1}/${file.size}` }, body: form });
		await send(`/${id}/complete`, { method: 'GET' });
		await waitFor(() => emu.aioz.getMedia(id)?.status !== 'transcoding', 30000, () => `media ${id} is still transcoding`);
		return id;
	}

	step('Writing test audio files');
	const filesDir = path.join(work, 'files');
	const outDir = path.join(work, 'out');
	fs.mkdirSync(filesDir);
	fs.mkdirSync(outDir);
	const audio = {
		webhook: writeMp3(path.join(filesDir, 'e2e-01-webhook-voice-note.mp3'), { seconds: 20 }),
		notify: writeWav(path.join(filesDir, 'e2e-02-podcast-episode.wav'), { seconds: 15 }),
		// bigger than two 5 MiB parts: the four-step chain uploads it in three parts
		steps: writeMp3(path.join(filesDir, 'e2e-03-album-track.mp3'), { kbps: 320, minBytes: 12 * 1024 * 1024 }),
		song: writeMp3(path.join(filesDir, 'e2e-04-reference-song.mp3'), { seconds: 30 }),
		coverReference: writeMp3(path.join(filesDir, 'e2e-07-song-to-cover.mp3'), { seconds: 20 }),
		trigger: writeMp3(path.join(filesDir, 'e2e-05-trigger-episode.mp3'), { seconds: 10 }),
		polled: writeMp3(path.join(filesDir, 'e2e-11-polled-episode.mp3'), { seconds: 5 }),
		// a WAV: Check Balance First reads its duration from the header
		episode: writeWav(path.join(filesDir, 'e2e-10-episode-42.wav'), { seconds: 12 }),
		previousEpisode: writeMp3(path.join(filesDir, 'e2e-10-episode-41.mp3'), { seconds: 5 }),
	};
	for (const a of Object.values(audio)) log(`  ${path.basename(a.file)}  ${a.size} bytes  md5 ${a.md5}`);

	const fileEnv = { N8N_RESTRICT_FILE_ACCESS_TO: `${filesDir};${outDir}` };

	step('Importing credentials pointed at the emulator (n8n import:credentials)');
	const creds = {
		aiozStreamApi: { id: 'e2eAiozMedia0001', name: 'AIOZ Stream (emulator, /media routes)' },
		aiozStreamApiVideos: { id: 'e2eAiozVideos001', name: 'AIOZ Stream (emulator, /videos routes)' },
		aimlMinimaxApi: { id: 'e2eAimlMinimax01', name: 'AI/ML API (emulator)' },
		aiozWrongKeys: { id: 'e2eAiozWrongKey1', name: 'AIOZ Stream (emulator, wrong secret key)' },
		openAiApi: { id: 'e2eOpenAiScript1', name: 'OpenAI (emulator, scripted chat completions)' },
	};
	const WRONG_SECRET = 'e2e-wrong-secret-key';
	const WRONG_AIML_KEY = 'e2e-wrong-aiml-api-key';
	const credentialsFile = path.join(work, 'credentials.json');
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify(
			[
				aiozCredential(emu, creds.aiozStreamApi),
				aiozCredential(emu, creds.aiozStreamApiVideos, { apiRoutes: 'videos' }),
				aiozCredential(emu, creds.aiozWrongKeys, { secretKey: WRONG_SECRET }),
				{
					...creds.aimlMinimaxApi,
					type: 'aimlMinimaxApi',
					data: { apiKey: emu.keys.aimlApiKey, baseUrl: emu.aimlBaseUrl },
				},
				{ ...creds.openAiApi, type: 'openAiApi', data: { apiKey: emu.keys.openAiApiKey, url: emu.openAiBaseUrl } },
			],
			null,
			2,
		),
	);
	const credImport = await n8nOk(userFolder, ['import:credentials', `--input=${credentialsFile}`], { env: { N8N_LOG_LEVEL: 'info' } });
	log(`  ${(credImport.stdout.match(/Successfully imported.*$/m) || ['imported'])[0]}`);
	fs.rmSync(credentialsFile); // it holds the (test) keys in clear text

	step('Preparing copies of examples/*.json pointed at the emulator and the test files');
	/** @type {Record<string, any>} */
	const wf = {};

	// 1. Webhook → AIOZ Stream upload (wait) → Respond to Webhook
	let webhookPath = '';
	if (selected(1)) {
		wf.webhook = readExample(exampleFile('01-'));
		wf.webhook.id = 'e2eExample01Hook';
		useCredentials(wf.webhook, { aiozStreamApi: creds.aiozStreamApi });
		webhookPath = nodeOfType(wf.webhook, 'n8n-nodes-base.webhook').parameters.path;
	}

	// 2. Read file → AIOZ Stream upload → notification. The notification node cannot reach anything here:
	//    the test copy swaps it for an "Edit Fields" node that renders the same message expression.
	/** @type {any} */
	let notifyNode;
	let notifyOriginalType = '';
	if (selected(2)) {
		wf.notify = readExample(exampleFile('02-'));
		wf.notify.id = 'e2eExample02Note';
		useCredentials(wf.notify, { aiozStreamApi: creds.aiozStreamApi });
		nodeOfType(wf.notify, 'n8n-nodes-base.readWriteFile').parameters.fileSelector = audio.notify.file;
		({ node: notifyNode, originalType: notifyOriginalType } = notificationAsEditFields(wf.notify, 'example 2'));
	}

	// 3. The four primitives, on the /videos route family, with 5 MiB parts
	if (selected(3)) {
		wf.steps = readExample(exampleFile('03-'));
		wf.steps.id = 'e2eExample03Step';
		useCredentials(wf.steps, { aiozStreamApi: creds.aiozStreamApiVideos });
		nodeOfType(wf.steps, 'n8n-nodes-base.readWriteFile').parameters.fileSelector = audio.steps.file;
		const uploadPartNode = nodeOfType(wf.steps, AIOZ_TYPE, (n) => n.parameters.operation === 'uploadPart');
		uploadPartNode.parameters.options = { ...(uploadPartNode.parameters.options ?? {}), chunkSize: 5 };
		log('  example 3: uses the /videos route family and 5 MiB parts');
	}

	// 4. MiniMax: upload song → generate → write file
	/** @type {any} */
	let writeNode;
	if (selected(4)) {
		wf.minimax = readExample(exampleFile('04-'));
		wf.minimax.id = 'e2eExample04Mmax';
		useCredentials(wf.minimax, { aimlMinimaxApi: creds.aimlMinimaxApi });
		nodeOfType(wf.minimax, 'n8n-nodes-base.readWriteFile', (n) => n.parameters.operation !== 'write').parameters.fileSelector =
			audio.song.file;
		writeNode = nodeOfType(wf.minimax, 'n8n-nodes-base.readWriteFile', (n) => n.parameters.operation === 'write');
		writeNode.parameters.fileName = `=${outDir}/{{ $binary.data.fileName }}`;
		log('  example 4: reads and writes files in the test folder');
	}

	// 7. MiniMax music-cover: read song → cover (Base64 reference, asynchronous generation) → write file
	/** @type {any} */
	let coverWriteNode;
	if (selected(7)) {
		wf.cover = readExample(exampleFile('07-'));
		assert(wf.cover.id === 'ex07MinimaxCover', `example 7 has id ${wf.cover.id}, expected the stable ex07MinimaxCover`);
		useCredentials(wf.cover, { aimlMinimaxApi: creds.aimlMinimaxApi });
		nodeOfType(wf.cover, 'n8n-nodes-base.readWriteFile', (n) => n.parameters.operation !== 'write').parameters.fileSelector =
			audio.coverReference.file;
		coverWriteNode = nodeOfType(wf.cover, 'n8n-nodes-base.readWriteFile', (n) => n.parameters.operation === 'write');
		coverWriteNode.parameters.fileName = `=${outDir}/{{ $binary.data.fileName }}`;
		const coverNode = nodeOfType(wf.cover, MINIMAX_TYPE);
		coverNode.parameters.options = { ...coverNode.parameters.options, pollInterval: 0.2 };
		log('  example 7: reads and writes files in the test folder; polls every 0.2 s (growing) instead of 5 s');
	}

	// 8. Webhook receives a URL (JSON body) → AIOZ Stream Upload from the URL → reply with the HLS URL. The files
	//    come from the emulator's file source, behind presigned-looking URLs; 5 MiB parts, so that the 12 MiB file
	//    is read in three ranged GETs (plus the first one, which reads its first bytes and size).
	let urlHookPath = '';
	/** @type {{audio: import('../emulator').SourceFile, html: import('../emulator').SourceFile} | undefined} */
	let urlSources;
	if (selected(8)) {
		wf.urlHook = readExample(exampleFile('08-'));
		wf.urlHook.id = 'e2eExample08UrlH';
		useCredentials(wf.urlHook, { aiozStreamApi: creds.aiozStreamApi });
		urlHookPath = nodeOfType(wf.urlHook, 'n8n-nodes-base.webhook').parameters.path;
		const uploadNode = nodeOfType(wf.urlHook, AIOZ_TYPE);
		uploadNode.parameters.options = { ...uploadNode.parameters.options, chunkSize: 5, pollInterval: 0.5 };
		urlSources = {
			audio: emu.source.add({ name: 'e2e-08-episode-42.wav', size: 12 * MIB + 4321 }),
			html: emu.source.add({ name: 'e2e-08-shared-link.wav', kind: 'html', size: 64 * 1024 }),
		};
		log(`  example 8: 5 MiB parts; a 12 MiB WAV and an HTML page at ${urlSources.audio.url.replace(/\?.*$/, '?…')}`);
	}

	// 9. An AI Agent (OpenAI Chat Model → the emulator's scripted chat completions) with the AIOZ Stream tool
	//    (Upload from a URL), and the same agent with the MiniMax Music tool (Generate, music-2.6). The Chat Trigger
	//    of example 9 becomes a Manual Trigger and an Edit Fields node giving the chat message (`chatInput`), which
	//    the agent reads as a Chat Trigger's; the chat model does not retry (a failed script step shows at once).
	/** @type {{source: import('../emulator').SourceFile, message: string, title: string} | undefined} */
	let agentCase;
	if (agentSelected) {
		const source = emu.source.add({ name: 'e2e-09-interview-recording.wav', size: 7 * MIB + 2345 });
		const title = 'E2E agent interview';
		agentCase = { source, title, message: `Please publish the recording at ${source.url} as "${title}" and give me the streaming link.` };
		/** @param {string} id @param {string} chatInput */
		const agentWorkflow = (id, chatInput) => {
			const w = readExample(exampleFile('09-'));
			w.id = id;
			useCredentials(w, { aiozStreamApi: creds.aiozStreamApi, openAiApi: creds.openAiApi });
			const chatTrigger = nodeOfType(w, '@n8n/n8n-nodes-langchain.chatTrigger');
			const agent = nodeOfType(w, '@n8n/n8n-nodes-langchain.agent');
			w.nodes = w.nodes.filter((/** @type {any} */ n) => n !== chatTrigger);
			w.nodes.push(
				{ id: 'e2e-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-200, 0], parameters: {} },
				{
					id: 'e2e-chat-message',
					name: 'Chat message',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [0, 0],
					parameters: {
						assignments: {
							assignments: [
								{ id: 'e2e-chat-input', name: 'chatInput', type: 'string', value: chatInput },
								{ id: 'e2e-session', name: 'sessionId', type: 'string', value: `e2e-${id}` },
							],
						},
						options: {},
					},
				},
			);
			delete w.connections[chatTrigger.name];
			w.connections.Start = { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] };
			w.connections['Chat message'] = { main: [[{ node: agent.name, type: 'main', index: 0 }]] };
			const model = nodeOfType(w, '@n8n/n8n-nodes-langchain.lmChatOpenAi');
			model.parameters.options = { ...model.parameters.options, maxRetries: 0 };
			const tool = nodeOfType(w, AIOZ_TOOL_TYPE);
			tool.parameters.options = { ...tool.parameters.options, chunkSize: 5, pollInterval: 0.5 };
			return w;
		};
		wf.agentAioz = agentWorkflow('e2eExample09Agnt', agentCase.message);
		wf.agentMinimax = agentWorkflow('e2eAgentMinimax1', 'Make a short lo-fi hip hop track for my study playlist and tell me where it is.');
		const agent = nodeOfType(wf.agentMinimax, '@n8n/n8n-nodes-langchain.agent');
		agent.parameters.options = {
			...agent.parameters.options,
			systemMessage: 'You make music for the user with the Generate_music tool, then give its generation id and audio link.',
		};
		const aiozTool = nodeOfType(wf.agentMinimax, AIOZ_TOOL_TYPE);
		const aiozToolName = aiozTool.name;
		Object.assign(aiozTool, {
			name: 'Generate music',
			type: MINIMAX_TOOL_TYPE,
			parameters: {
				resource: 'music',
				operation: 'generate',
				model: 'minimax/music-2.6',
				prompt: "={{ $fromAI('prompt', 'The style, mood, tempo and instruments of the song, in one or two sentences, e.g. calm lo-fi hip hop with soft piano and vinyl crackle', 'string') }}",
				options: { pollInterval: 0.2 },
			},
			credentials: { aimlMinimaxApi: { ...creds.aimlMinimaxApi } },
		});
		wf.agentMinimax.connections = Object.fromEntries(
			Object.entries(wf.agentMinimax.connections).map(([from, out]) => [from === aiozToolName ? aiozTool.name : from, out]),
		);
		wf.agentMinimax.name = 'AI Agent makes music (MiniMax Music as a tool)';
		log(`  example 9: Manual Trigger + chat message; 5 MiB parts; a ${agentCase.source.size}-byte WAV at ${source.url.replace(/\?.*$/, '?…')}`);
		log('  a copy of example 9 with the MiniMax Music tool (Generate, music-2.6) instead of AIOZ Stream');
	}

	// 2b. Example 2 again with a wrong secret key: the node's error must reach n8n's execution as written
	if (selected(2)) {
		wf.wrongKeys = JSON.parse(JSON.stringify(wf.notify));
		wf.wrongKeys.id = 'e2eExample02Keys';
		wf.wrongKeys.name = `${wf.notify.name} (wrong keys)`;
		useCredentials(wf.wrongKeys, { aiozStreamApi: creds.aiozWrongKeys });
		log('  example 2 (copy): uses a credential with a wrong secret key, to see the error in n8n');
	}

	// 5 + 6. Upload without waiting (answer at once), and the AIOZ Stream Trigger workflow that notifies when
	//    transcoding ends. Its Slack nodes cannot reach anything here: the test copy swaps each for an HTTP Request
	//    node posting the same text to a loopback receiver, which records the notifications by node name.
	let noWaitPath = '';
	/** @type {Awaited<ReturnType<typeof startWebhookReceiver>> | undefined} */
	let notifications;
	if (triggerSelected) {
		notifications = await startWebhookReceiver();
		const receiver = notifications;
		testRun.cleanups.push(() => receiver.stop());
		wf.noWait = readExample(exampleFile('05-'));
		wf.noWait.id = 'e2eExample05NoWt';
		useCredentials(wf.noWait, { aiozStreamApi: creds.aiozStreamApi });
		noWaitPath = nodeOfType(wf.noWait, 'n8n-nodes-base.webhook').parameters.path;
		wf.trigger = readExample(exampleFile('06-'));
		wf.trigger.id = 'e2eExample06Trig';
		useCredentials(wf.trigger, { aiozStreamApi: creds.aiozStreamApi });
		for (const slack of nodesOfType(wf.trigger, 'n8n-nodes-base.slack')) {
			Object.assign(slack, {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url: `${receiver.url}/${encodeURIComponent(slack.name)}`,
					sendBody: true,
					bodyParameters: { parameters: [{ name: 'text', value: slack.parameters.text }] },
					options: {},
				},
			});
			delete slack.credentials;
			delete slack.webhookId;
			log(`  example 6: the Slack node "${slack.name}" is replaced by an HTTP Request posting the same text to a local receiver`);
		}
	}

	// 11. AIOZ Stream Polling Trigger (every minute) → an HTTP Request posting the media id and event of each item to
	//     a loopback receiver. An audio that ends before n8n publishes the workflow must never be posted.
	/** @type {Awaited<ReturnType<typeof startWebhookReceiver>> | undefined} */
	let polledReceiver;
	let endedBeforePublishing = '';
	if (pollSelected) {
		polledReceiver = await startWebhookReceiver();
		const receiver = polledReceiver;
		testRun.cleanups.push(() => receiver.stop());
		const triggerName = 'AIOZ Stream Polling Trigger';
		wf.polling = {
			id: 'e2ePollingTrig11',
			name: 'E2E: AIOZ Stream Polling Trigger → receiver',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'e2e-poll-trigger',
					name: triggerName,
					type: POLLING_TRIGGER_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: ['encoding_finished', 'encoding_failed'] },
					credentials: { aiozStreamApi: creds.aiozStreamApi },
				},
				{
					id: 'e2e-poll-post',
					name: 'Post media id',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [240, 0],
					parameters: {
						method: 'POST',
						url: `${receiver.url}/polled`,
						sendBody: true,
						bodyParameters: {
							parameters: [
								{ name: 'media_id', value: '={{ $json.media_id }}' },
								{ name: 'event', value: '={{ $json.event }}' },
							],
						},
						options: {},
					},
				},
			],
			connections: { [triggerName]: { main: [[{ node: 'Post media id', type: 'main', index: 0 }]] } },
		};
		endedBeforePublishing = await emulatorUpload('E2E ended before publishing', audio.polled);
		log(`  polling trigger: media ${endedBeforePublishing} ended before publishing; it must never be posted`);
	}

	// 10. Publish an episode: four files read and merged → Upload (cover, Check Balance First) → Chapter →
	//     Caption → Add to the show → notification. The show is a playlist made through the emulator's API,
	//     holding an earlier episode; the notification node becomes an Edit Fields node as in example 2.
	/** @type {any} */
	let episodeNotifyNode;
	/** @type {{ id: string, previousMediaId: string }} */
	const show = { id: '', previousMediaId: '' };
	const episodeFiles = {
		cover: path.join(filesDir, 'e2e-10-episode-42-cover.png'),
		chapters: path.join(filesDir, 'e2e-10-episode-42-chapters.vtt'),
		transcript: path.join(filesDir, 'e2e-10-episode-42-transcript.vtt'),
	};
	if (selected(10)) {
		fs.writeFileSync(
			episodeFiles.cover,
			Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
		);
		fs.writeFileSync(episodeFiles.chapters, 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nIntro\n\n00:00:05.000 --> 00:00:12.000\nStreaming from n8n\n');
		fs.writeFileSync(episodeFiles.transcript, 'WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nWelcome to episode 42.\n\n00:00:04.000 --> 00:00:12.000\nToday: audio from n8n to AIOZ Stream.\n');
		const created = await aiozApi('/playlists/create', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'E2E Show: Season 1' }),
		});
		show.id = String(created.data.playlist?.id ?? created.data.id);
		show.previousMediaId = await emulatorUpload('E2E Episode 41', audio.previousEpisode);
		await aiozApi(`/playlists/${show.id}/items`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ media_id: show.previousMediaId }),
		});
		wf.publish = readExample(exampleFile('10-'));
		wf.publish.id = 'e2eExample10Show';
		useCredentials(wf.publish, { aiozStreamApi: creds.aiozStreamApi });
		const readNode = (/** @type {string} */ field) =>
			nodeOfType(wf.publish, 'n8n-nodes-base.readWriteFile', (n) => n.parameters.options?.dataPropertyName === field);
		readNode('data').parameters.fileSelector = audio.episode.file;
		readNode('cover').parameters.fileSelector = episodeFiles.cover;
		readNode('chapters').parameters.fileSelector = episodeFiles.chapters;
		readNode('transcript').parameters.fileSelector = episodeFiles.transcript;
		nodeOfType(wf.publish, AIOZ_TYPE, (n) => n.parameters.operation === 'addAudio').parameters.playlistId = show.id;
		({ node: episodeNotifyNode } = notificationAsEditFields(wf.publish, 'example 10'));
		log(`  example 10: the show is playlist ${show.id}, holding media ${show.previousMediaId} (episode 41)`);
		// The same workflow with an account whose balance cannot pay: Check Balance First must stop it before create.
		wf.publishBroke = JSON.parse(JSON.stringify(wf.publish));
		wf.publishBroke.id = 'e2eExample10Poor';
		wf.publishBroke.name = `${wf.publish.name} (balance too low)`;
	}

	const workflowsDir = path.join(work, 'workflows');
	fs.mkdirSync(workflowsDir);
	for (const [key, w] of Object.entries(wf)) {
		fs.writeFileSync(path.join(workflowsDir, `${key}.json`), JSON.stringify(w, null, 2));
	}
	step('Importing the workflows (n8n import:workflow)');
	const wfImport = await n8nOk(userFolder, ['import:workflow', '--separate', `--input=${workflowsDir}`], {
		env: { N8N_LOG_LEVEL: 'info' },
	});
	log(`  ${(wfImport.stdout.match(/Successfully imported.*$/m) || ['imported'])[0]}`);
	const listed = await n8nOk(userFolder, ['list:workflow'], { env: { N8N_LOG_LEVEL: 'info' } });
	await check(`the ${Object.keys(wf).length} imported workflows are listed by n8n`, () => {
		for (const w of Object.values(wf)) assert(listed.stdout.includes(w.id), `${w.id} (${w.name}) not listed:\n${listed.stdout}`);
	});

	/** @type {string[]} */
	const allOutput = [];

	/**
	 * @param {string} key
	 * @param {boolean} [expectFailure] the run must fail; returns its execution data
	 * @returns {Promise<any>} the execution (IRun)
	 */
	async function execute(key, expectFailure = false) {
		const w = wf[key];
		step(`n8n execute --id ${w.id}   (${w.name})`);
		const t = Date.now();
		const r = await n8n(userFolder, ['execute', `--id=${w.id}`, '--rawOutput'], { env: { ...fileEnv, N8N_LOG_LEVEL: 'info' } });
		allOutput.push(r.stdout, r.stderr);
		log(`  exit ${r.code} after ${((Date.now() - t) / 1000).toFixed(1)}s`);
		if (expectFailure) {
			if (r.code === 0) throw new Error('n8n execute succeeded, but it should have failed');
			return parseExecuteOutput(r.stdout);
		}
		if (r.code !== 0) {
			throw new Error(`n8n execute failed (exit ${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`);
		}
		return parseExecuteOutput(r.stdout);
	}

	/** @param {string} title */
	const mediaByTitle = (title) => emu.aioz.listMedia().filter((/** @type {any} */ m) => m.title === title);

	// ---- example 2
	/** @type {any} */
	let run2;
	if (selected(2)) await check('example 2 (read file → AIOZ Stream upload → notification) runs with n8n execute', async () => {
		run2 = await execute('notify');
	});
	if (run2) {
		const aiozNode = nodeOfType(wf.notify, AIOZ_TYPE);
		await check('example 2: the AIOZ Stream node outputs a transcoded media object with an HLS URL', () => {
			const [item] = nodeOutput(run2, aiozNode.name);
			assert(item, 'no output item');
			assert(item.json.status === 'done', `status is ${item.json.status}`);
			assert(/^http:\/\/127\.0\.0\.1:\d+\/.+\.m3u8/.test(item.json.assets?.hls_url ?? ''), `hls_url is ${item.json.assets?.hls_url}`);
		});
		await check('example 2: the emulator holds the file byte-exactly (md5)', async () => {
			const [item] = nodeOutput(run2, aiozNode.name);
			const media = emu.aioz.getMedia(item.json.id);
			assert(media, `media ${item.json.id} is not in the emulator`);
			assert(media.routeFamily === 'media', `route family ${media.routeFamily}`);
			assert(media.totalSize === audio.notify.size, `size ${media.totalSize} != ${audio.notify.size}`);
			const md5 = await emu.aioz.md5(item.json.id);
			assert(md5 === audio.notify.md5, `md5 ${md5} != ${audio.notify.md5}`);
		});
		await check(`example 2: the notification text (${notifyOriginalType} replaced) carries the HLS URL`, () => {
			const [aiozItem] = nodeOutput(run2, aiozNode.name);
			const [item] = nodeOutput(run2, notifyNode.name);
			assert(typeof item?.json.text === 'string', `no text: ${JSON.stringify(item?.json)}`);
			assert(item.json.text.includes(aiozItem.json.assets.hls_url), `text "${item.json.text}" lacks the HLS URL`);
		});
	}

	if (selected(2)) {
		const before = emu.requests.length;
		/** @type {any} */
		let runKeys;
		await check('example 2 with a wrong secret key fails in n8n with the node\'s 401 message, without retries', async () => {
			runKeys = await execute('wrongKeys', true);
			const error = runKeys?.data?.resultData?.error;
			assert(error, 'the execution has no error');
			log(`  n8n shows: ${error.message}`);
			assert(/Invalid AIOZ Stream API keys/.test(error.message), `message: ${error.message}`);
			assert(error.node?.type === AIOZ_TYPE || error.node?.name === nodeOfType(wf.wrongKeys, AIOZ_TYPE).name, `failed node: ${JSON.stringify(error.node?.name)}`);
			const sent = emu.requests.slice(before);
			const unauthorized = sent.filter((/** @type {any} */ r) => r.status === 401);
			assert(unauthorized.length === 1 && sent.length === 1, `requests: ${JSON.stringify(sent.map((/** @type {any} */ r) => `${r.method} ${r.path} ${r.status}`))}`);
		});
	}

	// ---- example 3
	/** @type {any} */
	let run3;
	if (selected(3)) await check('example 3 (Create → Upload Part → Complete → Get Detail) runs with n8n execute', async () => {
		run3 = await execute('steps');
	});
	if (run3) {
		const getNode = nodeOfType(wf.steps, AIOZ_TYPE, (n) => n.parameters.operation === 'get');
		const createNode = nodeOfType(wf.steps, AIOZ_TYPE, (n) => n.parameters.operation === 'create');
		await check('example 3: Get Detail (waiting) ends with status done and an HLS URL', () => {
			const [item] = nodeOutput(run3, getNode.name);
			assert(item?.json.status === 'done', `status is ${item?.json.status}`);
			assert(/\.m3u8/.test(item.json.assets?.hls_url ?? ''), `hls_url is ${item.json.assets?.hls_url}`);
		});
		await check('example 3: 12 MiB went up in three parts on the /videos routes, byte-exactly', async () => {
			const [created] = nodeOutput(run3, createNode.name);
			const media = emu.aioz.getMedia(created.json.id);
			assert(media, `media ${created.json.id} is not in the emulator`);
			assert(media.routeFamily === 'videos', `route family ${media.routeFamily}`);
			assert(media.parts.length === 3, `${media.parts.length} parts: ${JSON.stringify(media.parts.map((/** @type {any} */ p) => p.size))}`);
			assert(media.parts[0].size === 5 * 1024 * 1024, `first part is ${media.parts[0].size} bytes`);
			const md5 = await emu.aioz.md5(created.json.id);
			assert(md5 === audio.steps.md5, `md5 ${md5} != ${audio.steps.md5}`);
		});
	}

	// ---- example 4
	/** @type {any} */
	let run4;
	if (selected(4)) await check('example 4 (MiniMax upload song → generate → write file) runs with n8n execute', async () => {
		run4 = await execute('minimax');
	});
	if (run4) {
		const uploadNode = nodeOfType(wf.minimax, MINIMAX_TYPE, (n) => (n.parameters.operation ?? 'upload') === 'upload');
		const generateNode = nodeOfType(wf.minimax, MINIMAX_TYPE, (n) => n.parameters.operation === 'generate');
		await check('example 4: upload output carries voice_id and instrumental_id; the emulator got the song unchanged', () => {
			const [item] = nodeOutput(run4, uploadNode.name);
			assert(item?.json.voice_id && item.json.instrumental_id, `ids missing: ${JSON.stringify(item?.json)}`);
			const up = emu.minimax.uploads.find((/** @type {any} */ u) => u.voice_id === item.json.voice_id);
			assert(up, 'the emulator has no upload with that voice_id');
			assert(up.purpose === 'song', `purpose ${up.purpose}`);
			assert(up.md5 === audio.song.md5, `md5 ${up.md5} != ${audio.song.md5}`);
			assert(up.fileName === path.basename(audio.song.file), `file name ${up.fileName}`);
			assert(up.mimeType === 'audio/mpeg', `MIME type ${up.mimeType}`);
		});
		await check('example 4: generate sent both ids and returned MP3 audio', () => {
			const [uploaded] = nodeOutput(run4, uploadNode.name);
			const [item] = nodeOutput(run4, generateNode.name);
			const gen = emu.minimax.generations[emu.minimax.generations.length - 1];
			assert(gen, 'the emulator saw no generation');
			const body = /** @type {Record<string, unknown>} */ (gen.body);
			assert(body.refer_voice === uploaded.json.voice_id, `refer_voice ${body.refer_voice}`);
			assert(body.refer_instrumental === uploaded.json.instrumental_id, `refer_instrumental ${body.refer_instrumental}`);
			assert(item?.binary?.data, 'no binary "data" on the generate output');
			assert(item.binary.data.mimeType === 'audio/mpeg', `MIME type ${item.binary.data.mimeType}`);
		});
		await check('example 4: the generated music was written to disk as a playable MP3', () => {
			const [item] = nodeOutput(run4, writeNode.name);
			const file = item?.json.fileName;
			assert(file && fs.existsSync(file), `no file written (${file})`);
			assert(path.dirname(file) === outDir, `written to ${file}`);
			const head = fs.readFileSync(file).subarray(0, 3);
			assert(head.toString('latin1') === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0), `not MP3: ${head.toString('hex')}`);
			assert(fs.statSync(file).size > 1000, `only ${fs.statSync(file).size} bytes`);
		});
	}

	// ---- example 7
	/** @type {any} */
	let run7;
	if (selected(7)) await check('example 7 (read song → MiniMax cover → write file) runs with n8n execute', async () => {
		run7 = await execute('cover');
	});
	if (run7) {
		const coverNode = nodeOfType(wf.cover, MINIMAX_TYPE);
		await check('example 7: one music-cover generation, its reference the song as Base64 (md5), polled to completion', () => {
			const generations = emu.minimax.audioGenerations.filter((g) => g.model === 'minimax/music-cover');
			assert(generations.length === 1, `${generations.length} music-cover generations`);
			const [generation] = generations;
			assert(generation.reference?.kind === 'base64', `reference ${JSON.stringify(generation.reference)}`);
			assert(generation.reference.md5 === audio.coverReference.md5, `reference md5 ${generation.reference.md5} != ${audio.coverReference.md5}`);
			assert(generation.status === 'completed', `status ${generation.status}`);
			const [item] = nodeOutput(run7, coverNode.name);
			assert(item?.json.generation_id === generation.generation_id, `generation_id ${item?.json.generation_id}`);
			assert(typeof item.json.credits_used === 'number', `credits_used ${item.json.credits_used}`);
			assert(item.binary?.data?.mimeType === 'audio/mpeg', `MIME type ${item.binary?.data?.mimeType}`);
		});
		await check('example 7: the cover was written to disk byte-exactly as generated', () => {
			const [item] = nodeOutput(run7, coverWriteNode.name);
			const file = item?.json.fileName;
			assert(file && fs.existsSync(file), `no file written (${file})`);
			assert(path.basename(file) === 'cover.mp3', `written as ${file}`);
			const [generation] = emu.minimax.audioGenerations.filter((g) => g.model === 'minimax/music-cover');
			assert(fs.readFileSync(file).equals(generation.audio), 'the written file differs from the generated audio');
		});
	}


	// ---- example 10
	/** @type {any} */
	let run10;
	const requestsBefore10 = emu.requests.length;
	if (selected(10)) await check('example 10 (publish an episode: audio, cover, chapters, transcript, show) runs with n8n execute', async () => {
		run10 = await execute('publish');
	});
	if (run10) {
		const uploadNode = nodeOfType(wf.publish, AIOZ_TYPE, (n) => n.parameters.resource === 'audio' && n.parameters.operation === 'upload');
		const [uploaded] = nodeOutput(run10, uploadNode.name);
		const mediaId = String(uploaded?.json.id);
		await check('example 10: the episode is transcoded, its audio (md5) and its cover arrived byte-exactly', async () => {
			assert(uploaded?.json.status === 'done', `status is ${uploaded?.json.status}`);
			assert(/\.m3u8/.test(uploaded.json.assets?.hls_url ?? ''), `hls_url is ${uploaded.json.assets?.hls_url}`);
			const md5 = await emu.aioz.md5(mediaId);
			assert(md5 === audio.episode.md5, `md5 ${md5} != ${audio.episode.md5}`);
			const cover = emu.aioz.getThumbnail(mediaId);
			assert(cover?.equals(fs.readFileSync(episodeFiles.cover)), 'the cover differs from the file read');
		});
		await check('example 10: Check Balance First asked the price once, before the create', () => {
			const sent = emu.requests.slice(requestsBefore10).filter((/** @type {any} */ r) => r.route === 'cost' || r.route === 'create');
			const costs = sent.filter((/** @type {any} */ r) => r.route === 'cost');
			assert(costs.length === 1, `${costs.length} cost requests`);
			assert(sent.indexOf(costs[0]) < sent.findIndex((/** @type {any} */ r) => r.route === 'create'), 'the price was asked after the create');
		});
		await check('example 10: the chapters and the transcript are stored in English, byte-exactly', () => {
			const [chapter] = emu.aioz.getTracks(mediaId, 'chapter');
			const [caption] = emu.aioz.getTracks(mediaId, 'caption');
			assert(chapter?.language === 'en' && chapter.bytes.equals(fs.readFileSync(episodeFiles.chapters)), `chapters ${JSON.stringify(chapter && { language: chapter.language, md5: chapter.md5 })}`);
			assert(caption?.language === 'en' && caption.bytes.equals(fs.readFileSync(episodeFiles.transcript)), `caption ${JSON.stringify(caption && { language: caption.language, md5: caption.md5 })}`);
		});
		await check('example 10: the episode is last in the show, after episode 41', () => {
			const playlist = emu.aioz.playlists.get(show.id);
			assert(JSON.stringify(playlist?.mediaIds) === JSON.stringify([show.previousMediaId, mediaId]), `show holds ${JSON.stringify(playlist?.mediaIds)}`);
		});
		await check('example 10: the announcement carries the title, the HLS URL and the show with its 2 episodes', () => {
			const [item] = nodeOutput(run10, episodeNotifyNode.name);
			const text = String(item?.json.text);
			for (const part of [uploaded.json.title, uploaded.json.assets.hls_url, 'E2E Show: Season 1 (2 episodes)']) {
				assert(text.includes(part), `"${text}" lacks "${part}"`);
			}
		});
	}
	if (selected(10)) {
		await check('example 10 with a balance too low stops before create, naming the price and the balance', async () => {
			emu.aioz.setBalance(0);
			const creates = () => emu.requests.filter((/** @type {any} */ r) => r.route === 'create').length;
			const before = creates();
			try {
				const run = await execute('publishBroke', true);
				const error = run?.data?.resultData?.error;
				log(`  n8n shows: ${error?.message}`);
				assert(/balance is not enough.*it costs .* and the balance is 0/.test(error?.message ?? ''), `message: ${error?.message}`);
				assert(creates() === before, `${creates() - before} creates sent`);
			} finally {
				emu.aioz.setBalance(1000);
			}
		});
	}

	// ---- example 9: both nodes as AI Agent tools, the chat model being the emulator's script
	if (agentCase) await agentTests(agentCase);

	/**
	 * The agent runs. Each registers a script with the emulator's chat completions endpoint, runs the workflow with
	 * `n8n execute`, and checks what the model was sent (emu.openai.requests) and what the agent answered.
	 * @param {{source: import('../emulator').SourceFile, message: string, title: string}} agentCase
	 */
	async function agentTests({ source, message, title }) {
		step('Example 9: both nodes as AI Agent tools (OpenAI Chat Model → the emulator\'s scripted chat completions)');
		const secrets = [emu.keys.aiozSecretKey, emu.keys.aimlApiKey, emu.keys.openAiApiKey, source.signature];
		/** @param {any} run */
		const agentAnswer = (run) => String(nodeOutput(run, 'AI Agent')[0]?.json?.output ?? '');
		/** Where this run's chat requests start in emu.openai's log (set before each run). */
		let firstRequest = 0;
		const chatRequests = () => emu.openai.chatRequests().filter((r) => r.seq > firstRequest);
		const newRun = () => {
			firstRequest = emu.openai.requests.at(-1)?.seq ?? 0;
		};
		/** The tool messages n8n sent the model in this run's chat requests. */
		const toolMessages = () =>
			chatRequests()
				.flatMap((r) => /** @type {any[]} */ (r.body?.messages ?? []))
				.filter((m) => m?.role === 'tool');
		/** @param {any[]} toolMessagesSeen */
		const lastToolContent = (toolMessagesSeen) => String(toolMessagesSeen.at(-1)?.content ?? '');
		/** Checks the tools n8n declared to the model in every chat request; returns their names. */
		const declaredTools = () => {
			const names = new Set();
			for (const request of chatRequests()) {
				/** @type {any[]} */
				const tools = request.body?.tools ?? [];
				assert(tools.length > 0, `chat request ${request.seq} declares no tools`);
				for (const { type, function: fn } of tools) {
					assert(type === 'function' && typeof fn?.name === 'string' && fn.name, `a tool without a name: ${JSON.stringify(fn)}`);
					assert(typeof fn.description === 'string' && fn.description.trim(), `tool ${fn.name} has no description`);
					const properties = Object.entries(fn.parameters?.properties ?? {});
					assert(properties.length > 0, `tool ${fn.name} declares no parameters: ${JSON.stringify(fn.parameters)}`);
					for (const [key, schema] of properties) {
						assert(typeof (/** @type {any} */ (schema).description) === 'string' && /** @type {any} */ (schema).description.trim(), `tool ${fn.name}: parameter ${key} has no description`);
					}
					names.add(`${fn.name}(${properties.map(([key]) => key).join(', ')}): "${fn.description.slice(0, 80)}${fn.description.length > 80 ? '…' : ''}"`);
				}
			}
			return [...names];
		};
		/** @param {string} content */
		const holdsNoSecret = (content) => {
			for (const secret of secrets) assert(!content.includes(secret), `the tool result holds a secret (${secret.slice(0, 4)}…)`);
		};

		// a. AIOZ Stream: the model calls the tool with the link from the user's message, then answers with the HLS URL
		newRun();
		/** @type {any} */
		let argumentsSent;
		emu.openai.script([
			(c) => {
				const link = /https?:\/\/\S+?(?=["\s]|$)/.exec(c.lastUserMessage())?.[0];
				if (!link) throw new Error(`no link in the user message: ${c.lastUserMessage()}`);
				argumentsSent = { fileUrl: link, title };
				return { toolCall: { name: c.findTool(/publish|aioz/i).name, arguments: argumentsSent } };
			},
			(c) => {
				const result = /** @type {any} */ (c.lastToolResult()?.json);
				const hls = Array.isArray(result) ? result[0]?.hls_url : undefined;
				if (!hls) throw new Error(`no hls_url in the tool result: ${c.lastToolResult()?.content}`);
				return { content: `Published "${result[0].title}" (${result[0].status}). Streaming link: ${hls}` };
			},
		]);
		/** @type {any} */
		let runAioz;
		await check('example 9 (agent + AIOZ Stream tool) runs with n8n execute', async () => {
			runAioz = await execute('agentAioz');
			assert(runAioz?.status === undefined || runAioz.status === 'success', `status ${runAioz?.status}`);
		});
		if (runAioz) {
			const media = () => mediaByTitle(title);
			await check('example 9: the model called the AIOZ Stream tool with the link; the file arrived md5-exact in ranged GETs', async () => {
				assert(argumentsSent?.fileUrl === source.url, 'the script did not call the tool with the link');
				assert(media().length === 1, `${media().length} media titled "${title}"`);
				const [one] = media();
				const md5 = await emu.aioz.md5(one.id);
				assert(md5 === source.md5, `md5 ${md5} != ${source.md5}`);
				const ranged = source.requests.filter((entry) => entry.range !== undefined).length;
				assert(ranged >= 2, `${ranged} ranged GETs of the source`);
				log(`  ${source.size} bytes in ${ranged} ranged GETs, ${one.parts?.length ?? '?'} parts; md5 ${md5}`);
			});
			await check("example 9: the model's second turn got the tool result: compact JSON with the HLS URL, no secret", () => {
				const requests = chatRequests();
				assert(requests.length === 2, `${requests.length} chat requests (steps answered ${emu.openai.stepsAnswered()})`);
				const seen = toolMessages();
				assert(seen.length === 1, `${seen.length} tool messages`);
				const content = lastToolContent(seen);
				const parsed = JSON.parse(content);
				const [one] = media();
				assert(Array.isArray(parsed) && parsed[0]?.hls_url === one?.assets?.hls_url, `tool result ${content}`);
				assert(parsed[0].id === one.id && parsed[0].status === 'done', `tool result ${content}`);
				assert(Buffer.byteLength(content) < 2048, `the tool result is ${Buffer.byteLength(content)} bytes`);
				holdsNoSecret(content);
				log(`  tool result sent to the model: ${Buffer.byteLength(content)} bytes: ${content}`);
			});
			await check("example 9: the agent's answer carries the HLS URL", () => {
				const answer = agentAnswer(runAioz);
				const hls = media()[0]?.assets?.hls_url;
				assert(hls && answer.includes(hls), `answer "${answer}"`);
				log(`  agent: ${answer}`);
			});
			await check('example 9: n8n declared the tool with a name, a description and a described parameter each', () => {
				const tools = declaredTools();
				assert(tools.some((t) => t.startsWith('Publish_recording(')), `tools ${tools.join('; ')}`);
				log(`  tools: ${tools.join('; ')}`);
			});
		}

		// d. A bad link: the tool's error reaches the model, which answers; the run succeeds
		newRun();
		const mediaBefore = emu.aioz.listMedia().length;
		const refusal = 'File URL is not an http(s) URL';
		emu.openai.script([
			(c) => ({ toolCall: { name: c.findTool(/publish|aioz/i).name, arguments: { fileUrl: 'not a url', title: 'E2E agent bad link' } } }),
			(c) => ({ content: `I could not publish it: ${/** @type {any} */ (c.lastToolResult()?.json)?.[0]?.error ?? c.lastToolResult()?.content}` }),
		]);
		/** @type {any} */
		let runBad;
		await check('example 9 with a bad link: the run ends with the agent\'s answer (n8n execute succeeds)', async () => {
			runBad = await execute('agentAioz');
			assert(runBad?.status === undefined || runBad.status === 'success', `status ${runBad?.status}`);
			assert(!runBad?.data?.resultData?.error, `error ${runBad?.data?.resultData?.error?.message}`);
		});
		if (runBad) {
			await check(`example 9 with a bad link: the model's next turn got the node's message "${refusal}" with its fix`, () => {
				const content = lastToolContent(toolMessages());
				assert(content.includes(refusal), `tool result ${content}`);
				assert(/https:\/\//.test(content), `the fix is not in the tool result: ${content}`);
				assert(!/\[item \d+\]/.test(content), `the tool result names an item: ${content}`);
				holdsNoSecret(content);
				assert(emu.aioz.listMedia().length === mediaBefore, 'a media was created');
				log(`  tool result sent to the model: ${Buffer.byteLength(content)} bytes: ${content}`);
				const answer = agentAnswer(runBad);
				assert(answer.startsWith('I could not publish it:') && answer.includes(refusal), `answer "${answer}"`);
				log(`  agent: ${answer}`);
			});
		}

		// b. MiniMax Music: the model asks for a song; the answer names the generation and its audio URL
		newRun();
		const prompt = 'calm lo-fi hip hop, soft piano, vinyl crackle, 80 bpm';
		emu.openai.script([
			(c) => ({ toolCall: { name: c.findTool(/music|minimax/i).name, arguments: { prompt } } }),
			(c) => {
				const result = /** @type {any} */ (c.lastToolResult()?.json)?.[0];
				if (!result?.generation_id || !result.audio_url) throw new Error(`tool result ${c.lastToolResult()?.content}`);
				return { content: `Your track is ready (generation ${result.generation_id}): ${result.audio_url}` };
			},
		]);
		/** @type {any} */
		let runMusic;
		await check('the agent with the MiniMax Music tool (Generate, music-2.6) runs with n8n execute', async () => {
			runMusic = await execute('agentMinimax');
			assert(runMusic?.status === undefined || runMusic.status === 'success', `status ${runMusic?.status}`);
		});
		if (runMusic) {
			await check('MiniMax tool: one music-2.6 generation from the prompt the model gave', () => {
				const generations = emu.minimax.audioGenerations.filter((g) => g.model === 'minimax/music-2.6');
				assert(generations.length === 1, `${generations.length} music-2.6 generations`);
				assert(generations[0].body.prompt === prompt, `prompt ${JSON.stringify(generations[0].body.prompt)}`);
			});
			await check("MiniMax tool: the model's second turn got generation_id, credits and audio_url, compact, no secret", () => {
				const [generation] = emu.minimax.audioGenerations.filter((g) => g.model === 'minimax/music-2.6');
				const content = lastToolContent(toolMessages());
				const parsed = JSON.parse(content);
				assert(Array.isArray(parsed) && parsed[0]?.generation_id === generation?.generation_id, `tool result ${content}`);
				assert(typeof parsed[0].audio_url === 'string' && parsed[0].audio_url.startsWith('http'), `tool result ${content}`);
				assert('credits_used' in parsed[0] && !('base_resp' in parsed[0]), `tool result ${content}`);
				assert(Buffer.byteLength(content) < 2048, `the tool result is ${Buffer.byteLength(content)} bytes`);
				holdsNoSecret(content);
				log(`  tool result sent to the model: ${Buffer.byteLength(content)} bytes: ${content}`);
			});
			await check("MiniMax tool: the agent's answer names the generation and the audio URL", () => {
				const [generation] = emu.minimax.audioGenerations.filter((g) => g.model === 'minimax/music-2.6');
				const parsed = JSON.parse(lastToolContent(toolMessages()));
				const answer = agentAnswer(runMusic);
				assert(answer.includes(String(generation?.generation_id)) && answer.includes(parsed[0].audio_url), `answer "${answer}"`);
				log(`  agent: ${answer}`);
			});
			await check('MiniMax tool: n8n declared it with a name, a description and a described parameter', () => {
				const tools = declaredTools();
				assert(tools.some((t) => t.startsWith('Generate_music(prompt)')), `tools ${tools.join('; ')}`);
				log(`  tools: ${tools.join('; ')}`);
			});
		}
	}

	/**
	 * n8n's credential test, as the editor's credential modal runs it: the modal loads the saved credential
	 * (GET /rest/credentials/:id?includeData=true, secrets redacted), the user may type a new key, and "Test"
	 * posts {credentials: {id, name, type, data}} to POST /rest/credentials/test; n8n puts the stored secrets
	 * back for redacted fields, sends the credential's `test` request and answers {data: {status, message}}.
	 * @param {string} url
	 */
	async function credentialTests(url) {
		step('n8n\'s credential test through the REST API (owner setup, sign-in, POST /rest/credentials/test)');
		const AIOZ_WRONG_KEYS = 'Invalid AIOZ Stream API keys: check the public and secret key in the credential';
		const AIML_WRONG_KEY =
			'The AI/ML API rejected this API key. Copy the key again from https://aimlapi.com/app/keys (no spaces around it).';
		const secrets = [emu.keys.aiozSecretKey, emu.keys.aimlApiKey, WRONG_SECRET, WRONG_AIML_KEY];
		const t = Date.now();
		/** @type {Awaited<ReturnType<typeof lib.ownerSession>> | undefined} */
		let session;
		await check('n8n REST: the owner is set up (POST /rest/owner/setup) and signs in (POST /rest/login, n8n-auth cookie)', async () => {
			session = await lib.ownerSession(url, OWNER);
			assert(session.user?.email === OWNER.email, `signed in as ${JSON.stringify(session.user?.email)}`);
		});
		if (!session) return;
		const rest = session.request;

		/**
		 * Loads a saved credential as the editor does, optionally types new values over it, runs "Test".
		 * @param {{id: string, name: string}} cred
		 * @param {Record<string, string>} [typed] values the user typed into the form before "Test"
		 */
		async function runTest(cred, typed = {}) {
			const loaded = await rest('GET', `/credentials/${cred.id}?includeData=true`);
			assert(loaded.status === 200 && loaded.json?.data?.data, `GET /rest/credentials/${cred.id}: HTTP ${loaded.status} ${loaded.text.slice(0, 300)}`);
			for (const secret of secrets) assert(!loaded.text.includes(secret), `GET /rest/credentials/${cred.id} shows a secret unredacted`);
			const { id, name, type, data } = loaded.json.data;
			const before = emu.requests.length;
			const res = await rest('POST', '/credentials/test', { credentials: { id, name, type, data: { ...data, ...typed } } });
			assert(res.status === 200 && res.json?.data, `POST /rest/credentials/test: HTTP ${res.status} ${res.text.slice(0, 500)}`);
			for (const secret of secrets) assert(!res.text.includes(secret), `the answer contains the key "${secret}": ${res.text}`);
			const sent = emu.requests.slice(before).map((/** @type {any} */ r) => `${r.method} ${r.path} ${r.status}`);
			log(`  ${cred.name}${Object.keys(typed).length ? ` + typed ${Object.keys(typed).join(', ')}` : ''}: ${JSON.stringify(res.json.data)}  (emulator saw ${sent.join(', ') || 'nothing'})`);
			return { result: res.json.data, sent };
		}

		/** @param {{status: string, message?: string}} result @param {string[]} sent @param {string} expectedRequest */
		const expectOk = (result, sent, expectedRequest) => {
			assert(result.status === 'OK', `status ${result.status}: ${result.message}`);
			assert(sent.length === 1 && sent[0] === expectedRequest, `emulator requests ${JSON.stringify(sent)}, expected ["${expectedRequest}"]`);
		};
		/**
		 * n8n 2.41's httpRequestWithAuthentication (which the credential test goes through) sends a request
		 * once more after a 401, for every credential type (its token-refresh retry): one or two identical
		 * 401s are n8n's doing, anything else is not.
		 * @param {{status: string, message?: string}} result @param {string[]} sent @param {string} expectedRequest @param {string} message
		 */
		const expectRejected = (result, sent, expectedRequest, message) => {
			assert(result.status === 'Error', `status ${result.status}: ${result.message}`);
			assert(result.message === message, `message "${result.message}", expected "${message}"`);
			assert(
				(sent.length === 1 || sent.length === 2) && sent.every((r) => r === expectedRequest),
				`emulator requests ${JSON.stringify(sent)}, expected one or two "${expectedRequest}"`,
			);
		};

		await check('credential test: AIOZ Stream, Custom → emulator /media routes, right keys → OK', async () => {
			const { result, sent } = await runTest(creds.aiozStreamApi);
			expectOk(result, sent, 'POST /api/media 200');
		});
		await check('credential test: AIOZ Stream, Custom → emulator /videos routes, right keys → OK', async () => {
			const { result, sent } = await runTest(creds.aiozStreamApiVideos);
			expectOk(result, sent, 'POST /api/videos 200');
		});
		await check('credential test: AIOZ Stream, wrong secret key typed in → the credential\'s 401 message, key not echoed', async () => {
			const { result, sent } = await runTest(creds.aiozStreamApi, { secretKey: WRONG_SECRET });
			expectRejected(result, sent, 'POST /api/media 401', AIOZ_WRONG_KEYS);
		});
		await check('credential test: AIOZ Stream, saved credential with a wrong secret key → the same message, key not echoed', async () => {
			const { result, sent } = await runTest(creds.aiozWrongKeys);
			expectRejected(result, sent, 'POST /api/media 401', AIOZ_WRONG_KEYS);
		});
		await check('credential test: AI/ML API, emulator base URL, right key → OK', async () => {
			const { result, sent } = await runTest(creds.aimlMinimaxApi);
			expectOk(result, sent, 'GET /v1/billing/balance 200');
		});
		await check('credential test: AI/ML API, wrong API key typed in → the credential\'s 401 message, key not echoed', async () => {
			const { result, sent } = await runTest(creds.aimlMinimaxApi, { apiKey: WRONG_AIML_KEY });
			expectRejected(result, sent, 'GET /v1/billing/balance 401', AIML_WRONG_KEY);
		});
		log(`  credential tests took ${((Date.now() - t) / 1000).toFixed(1)}s`);
	}

	/**
	 * Example 8 on the running n8n: a URL posted in a JSON body is uploaded from its source (ranged GETs), and an
	 * HTML page's URL is refused before any media is created; the URL's signature shows nowhere but in the
	 * Webhook node's output (the posted body itself) of the stored executions.
	 * @param {string} url
	 * @param {{audio: import('../emulator').SourceFile, html: import('../emulator').SourceFile}} sources
	 */
	async function urlUploadTests(url, sources) {
		step('Example 8: a file URL in a webhook\'s JSON body → AIOZ Stream Upload from the URL → reply with the HLS URL');
		const hookUrl = `${url}/webhook/${urlHookPath}`;
		const webhookNode = nodeOfType(wf.urlHook, 'n8n-nodes-base.webhook');
		await check('example 8: n8n registers the production webhook (POST)', async () => {
			const t = Date.now();
			await waitForWebhook(hookUrl, 'POST', 90000);
			log(`  webhook registered after ${((Date.now() - t) / 1000).toFixed(1)}s`);
		});
		/** @param {object} body */
		const post = async (body) => {
			const t = Date.now();
			const res = await fetch(hookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(120000),
			});
			const text = await res.text();
			log(`  HTTP ${res.status} after ${((Date.now() - t) / 1000).toFixed(1)}s: ${text.slice(0, 400)}`);
			return { status: res.status, text };
		};
		const title = 'E2E episode 42 from a URL';
		const { audio, html } = sources;
		/** @type {any} */
		let reply;
		await check('example 8: a JSON POST with the file\'s presigned URL is answered with the HLS URL', async () => {
			const res = await post({ url: audio.url, title });
			assert(res.status === 200, `HTTP ${res.status}: ${res.text.slice(0, 1000)}`);
			reply = JSON.parse(res.text);
			assert(/^http:\/\/127\.0\.0\.1:\d+\/.+\.m3u8/.test(reply.hls_url ?? ''), `hls_url is ${reply.hls_url}`);
			assert(reply.title === title && reply.status === 'done', `title ${reply.title}, status ${reply.status}`);
			assert(!res.text.includes(audio.signature), 'the reply carries the signature');
		});
		if (reply) {
			await check('example 8: the emulator holds the file byte-exactly (md5), read once, in ranged GETs of the 5 MiB parts', async () => {
				const list = mediaByTitle(title);
				assert(list.length === 1, `${list.length} media titled "${title}"`);
				const [media] = list;
				assert(reply.id === media.id, `reply id ${reply.id} != ${media.id}`);
				assert(media.totalSize === audio.size, `size ${media.totalSize} != ${audio.size}`);
				assert(media.parts.length === 3, `${media.parts.length} parts`);
				const md5 = await emu.aioz.md5(media.id);
				assert(md5 === audio.md5, `md5 ${md5} != ${audio.md5}`);
				const ranged = audio.requests.filter((/** @type {any} */ r) => r.range !== undefined);
				log(`  source: ${audio.requests.length} requests (${ranged.map((/** @type {any} */ r) => r.range).join(', ')}), ${audio.served} bytes served for ${audio.size}`);
				assert(ranged.length === 4 && audio.requests.length === 4, `${audio.requests.length} requests, ${ranged.length} ranged`);
				assert(audio.served <= audio.size + 64 * 1024, `${audio.served} bytes served for a file of ${audio.size}`);
			});
		}
		await check('example 8: an HTML page\'s URL is answered with HTTP 422 and the reason, and no media is created', async () => {
			const media = emu.aioz.listMedia().length;
			const creates = emu.requests.filter((/** @type {any} */ r) => r.method === 'POST' && r.path === '/api/media').length;
			const res = await post({ url: html.url, title: 'E2E shared page' });
			assert(res.status === 422, `HTTP ${res.status}: ${res.text.slice(0, 1000)}`);
			const answer = JSON.parse(res.text);
			assert(/is not audio: it is an HTML page/.test(answer.error ?? ''), `error: ${answer.error}`);
			assert(/X-Amz-Signature=/.test(answer.error) && !res.text.includes(html.signature), 'the URL in the error is not redacted');
			assert(emu.aioz.listMedia().length === media, `${emu.aioz.listMedia().length - media} media created`);
			const createsAfter = emu.requests.filter((/** @type {any} */ r) => r.method === 'POST' && r.path === '/api/media').length;
			assert(createsAfter === creates, `${createsAfter - creates} create requests`);
		});
		await check('example 8: in the stored executions, the URLs\' signatures appear only in the Webhook\'s output (the posted body)', async () => {
			const session = await lib.ownerSession(url, OWNER);
			const filter = encodeURIComponent(JSON.stringify({ workflowId: wf.urlHook.id }));
			const list = await session.request('GET', `/executions?filter=${filter}`);
			assert(list.status === 200 && list.json?.data, `GET /rest/executions: HTTP ${list.status} ${list.text.slice(0, 300)}`);
			/** @type {any[]} */
			const runs = list.json.data.results ?? [];
			assert(runs.length === 2, `${runs.length} executions of example 8`);
			const ownOutput = `data.resultData.runData[${JSON.stringify(webhookNode.name)}]`;
			for (const run of runs) {
				const one = await session.request('GET', `/executions/${run.id}`);
				const stored = one.json?.data?.data;
				assert(one.status === 200 && typeof stored === 'string', `GET /rest/executions/${run.id}: HTTP ${one.status} ${one.text.slice(0, 300)}`);
				for (const file of [audio, html]) {
					const elsewhere = pathsInStoredExecution(stored, file.signature).filter((at) => !at.startsWith(`${ownOutput}[`));
					assert(elsewhere.length === 0, `execution ${run.id}: the signature of ${file.name} is at ${elsewhere.join(', ')}`);
				}
			}
			log(`  executions ${runs.map((r) => `${r.id} (${r.status})`).join(', ')}: signatures only under ${ownOutput}`);
		});
	}

	/**
	 * Examples 5 and 6 on the running n8n: the trigger's webhook registration in the emulator, an upload through
	 * example 5 that makes example 6 run when transcoding ends, a failed transcoding, a forged delivery, and the
	 * webhook's removal when example 6 is unpublished.
	 * @param {string} url
	 * @param {Awaited<ReturnType<typeof startWebhookReceiver>>} receiver
	 */
	async function triggerTests(url, receiver) {
		step('Examples 5 and 6: upload without waiting, AIOZ Stream Trigger (webhooks registered with the emulator)');
		const triggerNode = nodeOfType(wf.trigger, TRIGGER_TYPE);
		const ifNode = nodeOfType(wf.trigger, 'n8n-nodes-base.if');
		const [readyNode, failedNode] = wf.trigger.connections[ifNode.name].main.map((/** @type {any} */ out) => out[0].node);
		const productionPrefix = `${url}/webhook/${triggerNode.webhookId}/webhook?token=`;
		const uploadUrl = `${url}/webhook/${noWaitPath}`;
		/**
		 * Notifications a node of example 6 sent about one media (example 1's upload may have caused one too).
		 * @param {string} nodeName @param {string} mentions text the notification must contain
		 */
		const notified = (nodeName, mentions) =>
			receiver.received.filter((r) => r.path === `/${encodeURIComponent(nodeName)}` && String(r.json?.text ?? '').includes(mentions));
		const describeNotifications = () => JSON.stringify(receiver.received.map((r) => `${r.path}: ${r.json?.text}`));

		const webhooks = () => emu.aioz.listWebhooks();
		const describeWebhooks = () => JSON.stringify(webhooks().map((/** @type {any} */ w) => ({ name: w.name, url: w.url })));

		await check('example 6: publishing registers exactly one webhook in the emulator, at n8n\'s production URL with a secret token', async () => {
			const t = Date.now();
			await waitFor(() => webhooks().length > 0, 90000, () => `webhooks ${describeWebhooks()}`);
			await waitForWebhook(uploadUrl, 'POST', 90000);
			log(`  registered after ${((Date.now() - t) / 1000).toFixed(1)}s: ${webhooks()[0]?.name}`);
			assert(webhooks().length === 1, `webhooks ${describeWebhooks()}`);
			const [webhook] = webhooks();
			assert(webhook.url.startsWith(productionPrefix), `url ${webhook.url} does not start with ${productionPrefix}`);
			assert(/\?token=[0-9a-f]{64}$/.test(webhook.url), `url ${webhook.url} has no 64-hex token`);
			assert(webhook.name.includes(wf.trigger.name) && webhook.name.includes(wf.trigger.id), `name "${webhook.name}"`);
			const flags = ['file_received', 'encoding_started', 'partial_finished', 'encoding_finished', 'encoding_failed']
				.filter((flag) => /** @type {any} */ (webhook)[flag]);
			assert(JSON.stringify(flags) === JSON.stringify(['encoding_finished', 'encoding_failed']), `events ${flags}`);
		});

		/** @param {string} title @param {ReturnType<typeof writeMp3>} file */
		async function postUpload(title, file) {
			const form = new FormData();
			form.append('title', title);
			form.append('file', new Blob([fs.readFileSync(file.file)], { type: 'audio/mpeg' }), path.basename(file.file));
			const res = await fetch(uploadUrl, { method: 'POST', body: form, signal: AbortSignal.timeout(120000) });
			const text = await res.text();
			log(`  POST ${uploadUrl}: HTTP ${res.status}: ${text.slice(0, 300)}`);
			assert(res.status === 202, `HTTP ${res.status}: ${text.slice(0, 1000)}`);
			return JSON.parse(text);
		}

		/** @type {any} */
		let reply;
		await check('example 5 answers at once (HTTP 202) with the media id, before transcoding ended', async () => {
			reply = await postUpload('E2E trigger episode', audio.trigger);
			assert(typeof reply.id === 'string' && reply.id, `no id: ${JSON.stringify(reply)}`);
			assert(reply.status !== 'done', `status is already ${reply.status}`);
			const md5 = await emu.aioz.md5(reply.id);
			assert(md5 === audio.trigger.md5, `md5 ${md5} != ${audio.trigger.md5}`);
		});
		if (reply) {
			await check('example 6 runs when transcoding ends and posts the HLS URL the API gives', async () => {
				const title = 'E2E trigger episode';
				await waitFor(() => notified(readyNode, title).length > 0, 90000, () => `notifications ${describeNotifications()}`);
				const media = emu.aioz.getMedia(reply.id);
				assert(media?.status === 'done', `media status ${media?.status}`);
				const [note] = notified(readyNode, title);
				log(`  notification: ${JSON.stringify(note.json)}`);
				const text = String(note.json?.text ?? '');
				assert(media.assets.hls_url && text.includes(media.assets.hls_url), `text "${text}" lacks ${media.assets.hls_url}`);
				assert(
					notified(readyNode, title).length === 1 && notified(failedNode, title).length === 0,
					`notifications ${describeNotifications()}`,
				);
			});
		}

		await check('a failed transcoding arrives as its own encoding.failed event (the failure branch runs)', async () => {
			emu.aioz.failNextTranscode();
			const failed = await postUpload('E2E broken episode', audio.trigger);
			await waitFor(() => notified(failedNode, failed.id).length > 0, 90000, () => `notifications ${describeNotifications()}`);
			const [note] = notified(failedNode, failed.id);
			log(`  notification: ${JSON.stringify(note.json)}`);
			const text = String(note.json?.text ?? '');
			assert(text.includes('E2E broken episode') && text.includes('status fail'), `text "${text}"`);
			assert(notified(readyNode, 'E2E broken episode').length === 0, `notifications ${describeNotifications()}`);
		});

		const session = await lib.ownerSession(url, OWNER);
		const executionCount = async () => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId: wf.trigger.id }));
			const res = await session.request('GET', `/executions?filter=${filter}`);
			assert(res.status === 200 && res.json?.data, `GET /rest/executions: HTTP ${res.status} ${res.text.slice(0, 300)}`);
			return Number(res.json.data.count ?? res.json.data.results?.length);
		};
		await check('a forged POST without the token (or with a wrong one) is refused with 401 and starts no execution', async () => {
			const [webhook] = webhooks();
			assert(webhook, 'no webhook registered');
			const before = await executionCount();
			const received = receiver.received.length;
			const mediaId = reply?.id ?? 'unknown';
			for (const forgedUrl of [webhook.url.replace(/\?token=.*$/, ''), webhook.url.replace(/token=./, 'token=x')]) {
				const res = await fetch(forgedUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ type: 'encoding.finished', media_id: mediaId, status: 'done' }),
				});
				const text = await res.text();
				log(`  forged POST ${forgedUrl.replace(/token=.*$/, 'token=…')}: HTTP ${res.status} ${text.slice(0, 200)}`);
				assert(res.status === 401, `HTTP ${res.status}: ${text.slice(0, 300)}`);
			}
			await new Promise((r) => setTimeout(r, 3000));
			const after = await executionCount();
			assert(after === before, `executions of example 6: ${before} before, ${after} after`);
			assert(receiver.received.length === received, 'a notification was sent');
			log(`  executions of example 6: ${before} before and after`);
		});

		await check('unpublishing example 6 (REST deactivate) deletes its webhook from the emulator', async () => {
			const [webhook] = webhooks();
			const res = await session.request('POST', `/workflows/${wf.trigger.id}/deactivate`, {});
			assert(res.status === 200, `POST /rest/workflows/${wf.trigger.id}/deactivate: HTTP ${res.status} ${res.text.slice(0, 300)}`);
			await waitFor(() => webhooks().length === 0, 30000, () => `webhooks ${describeWebhooks()}`);
			const deleted = emu.requests.filter((/** @type {any} */ r) => r.method === 'DELETE' && r.path === `/api/webhooks/${webhook?.id}`);
			assert(deleted.length === 1 && deleted[0].status === 200, `DELETE requests ${JSON.stringify(deleted)}`);
		});
	}

	/**
	 * The AIOZ Stream Polling Trigger on the running n8n: the audio that ended before publishing is never posted,
	 * an audio uploaded now is posted by a scheduled poll, and the poll after that one posts it no more.
	 * @param {Awaited<ReturnType<typeof startWebhookReceiver>>} receiver
	 */
	async function pollingTests(receiver) {
		step('AIOZ Stream Polling Trigger: published with a one-minute Poll Time (n8n asks the emulator; no webhook)');
		const posted = (/** @type {string} */ mediaId) => receiver.received.filter((r) => r.json?.media_id === mediaId);
		const describePosts = () => JSON.stringify(receiver.received.map((r) => r.json));
		const lists = () => emu.requests.filter((/** @type {any} */ r) => r.route === 'list' && r.status === 200).length;

		await check('polling trigger: the poll n8n runs at activation emits nothing (the audio that ended before is not posted)', async () => {
			const t = Date.now();
			await waitFor(() => lists() > 0, 90000, () => 'n8n never listed the media: no poll ran');
			log(`  first poll seen after waiting ${((Date.now() - t) / 1000).toFixed(1)}s (n8n polls once as it activates the workflow, then at each Poll Time)`);
			await new Promise((r) => setTimeout(r, 2000));
			assert(posted(endedBeforePublishing).length === 0, `posted: ${describePosts()}`);
		});

		/** @type {string | undefined} */
		let mediaId;
		let listsAtEmission = 0;
		await check('polling trigger: an audio uploaded after publishing is posted by a scheduled poll (within about a minute)', async () => {
			mediaId = await emulatorUpload('E2E polled episode', audio.polled);
			const t = Date.now();
			await waitFor(() => posted(String(mediaId)).length > 0, 100000, () => `posted: ${describePosts()}`);
			listsAtEmission = lists();
			log(`  media ${mediaId} posted ${((Date.now() - t) / 1000).toFixed(1)}s after it was transcoded: ${JSON.stringify(posted(String(mediaId))[0].json)}`);
			assert(posted(String(mediaId))[0].json?.event === 'encoding.finished', `posted: ${describePosts()}`);
		});
		if (mediaId === undefined) return;
		const polledId = mediaId;
		await check('polling trigger: the next poll does not post it again (exactly one execution for it), nor the older audio', async () => {
			await waitFor(() => lists() > listsAtEmission, 70000, () => 'no poll after the one that emitted');
			await new Promise((r) => setTimeout(r, 3000));
			assert(posted(polledId).length === 1, `posted ${posted(polledId).length} times: ${describePosts()}`);
			assert(posted(endedBeforePublishing).length === 0, `posted: ${describePosts()}`);
		});
	}

	// ---- example 1 (webhook) through a running n8n
	/** @type {Awaited<ReturnType<typeof lib.startN8n>> | undefined} */
	let server;
	if (selected(1) || credentialTestsSelected || triggerSelected || selected(8) || pollSelected) {
		if (selected(1) || triggerSelected || selected(8) || pollSelected) {
			const published = [
				selected(1) && 'webhook',
				triggerSelected && 'noWait',
				triggerSelected && 'trigger',
				selected(8) && 'urlHook',
				pollSelected && 'polling',
			].filter(
				(key) => typeof key === 'string',
			);
			step(`Publishing examples ${published.map((key) => wf[key].id).join(', ')} and starting n8n on 127.0.0.1 (n8n publish:workflow, n8n start)`);
			for (const key of published) {
				const label = key === 'webhook' ? 'example 1' : key === 'urlHook' ? 'example 8' : `"${wf[key].name}"`;
				await check(`${label} is published (activated) for production webhooks`, async () => {
					await n8nOk(userFolder, ['publish:workflow', `--id=${wf[key].id}`]);
				});
			}
		} else {
			step('Starting n8n on 127.0.0.1 (n8n start)');
		}
		try {
			const t = Date.now();
			if (testRun.stopping) throw new Error('stopping');
			server = await lib.startN8n(userFolder, { env: fileEnv, onSpawn: testRun.own });
			log(`  n8n is up at ${server.url} after ${((Date.now() - t) / 1000).toFixed(1)}s`);
		} catch (e) {
			await check('n8n start comes up on loopback', () => {
				throw e;
			});
		}
	}
	// n8n registers example 6's AIOZ Stream webhook while it activates the published workflows: let that happen
	// before the credential tests count the requests the emulator sees (the trigger checks report a failure)
	if (server && triggerSelected) {
		await waitFor(() => emu.aioz.listWebhooks().length > 0, 90000, () => 'no AIOZ Stream webhook was registered').catch(
			(e) => log(`  ${e.message}`),
		);
	}
	// n8n's own credential test, while n8n activates example 1's webhook
	if (server && credentialTestsSelected) {
		await credentialTests(server.url);
	}
	if (server && selected(1)) {
		const webhookUrl = `${server.url}/webhook/${webhookPath}`;
		// n8n answers /healthz/readiness before it has activated the published workflows: wait for the webhook
		await check('example 1: n8n registers the production webhook (POST)', async () => {
			const t = Date.now();
			await waitForWebhook(webhookUrl, 'POST', 90000);
			log(`  webhook registered after ${((Date.now() - t) / 1000).toFixed(1)}s`);
		});
		log(`  POST ${webhookUrl}  (multipart: file=${path.basename(audio.webhook.file)}, title)`);
		const title = 'E2E webhook voice note';
		/** @type {any} */
		let reply;
		await check('example 1: a multipart POST to the webhook is answered with the HLS URL', async () => {
			const form = new FormData();
			form.append('title', title);
			form.append('file', new Blob([fs.readFileSync(audio.webhook.file)], { type: 'audio/mpeg' }), path.basename(audio.webhook.file));
			const t = Date.now();
			const res = await fetch(webhookUrl, { method: 'POST', body: form, signal: AbortSignal.timeout(120000) });
			const text = await res.text();
			log(`  HTTP ${res.status} after ${((Date.now() - t) / 1000).toFixed(1)}s: ${text.slice(0, 300)}`);
			assert(res.status === 200, `HTTP ${res.status}: ${text.slice(0, 1000)}`);
			reply = JSON.parse(text);
			assert(/^http:\/\/127\.0\.0\.1:\d+\/.+\.m3u8/.test(reply.hls_url ?? ''), `hls_url is ${reply.hls_url}`);
		});
		if (reply) {
			await check('example 1: the emulator holds the posted file byte-exactly, titled from the form field', async () => {
				const list = mediaByTitle(title);
				assert(list.length === 1, `${list.length} media titled "${title}"`);
				const media = list[0];
				assert(reply.id === undefined || reply.id === media.id, `reply id ${reply.id} != ${media.id}`);
				assert(media.totalSize === audio.webhook.size, `size ${media.totalSize} != ${audio.webhook.size}`);
				const md5 = await emu.aioz.md5(media.id);
				assert(md5 === audio.webhook.md5, `md5 ${md5} != ${audio.webhook.md5}`);
			});
			await check('example 1: the custom configuration arrived as configured (tags, metadata, quality)', () => {
				const media = mediaByTitle(title)[0];
				const body = /** @type {any} */ (media?.createBody);
				assert(body, 'no create body recorded');
				assert(body.type === 'audio', `type ${body.type}`);
				assert(JSON.stringify(body.tags) === JSON.stringify(['webhook', 'voice-note']), `tags ${JSON.stringify(body.tags)}`);
				assert(JSON.stringify(body.metadata) === JSON.stringify([{ key: 'source', value: 'n8n-webhook' }]), `metadata ${JSON.stringify(body.metadata)}`);
				const q = body.qualities?.[0];
				assert(q && q.resolution === 'good' && q.type === 'hls' && q.container_type === 'mpegts', `qualities ${JSON.stringify(body.qualities)}`);
				assert(q.audio_config?.bitrate === 128000 && q.audio_config?.sample_rate === 44100 && q.audio_config?.codec === 'aac', `audio_config ${JSON.stringify(q.audio_config)}`);
			});
			await check('example 1: the HLS URL in the reply serves a playlist', async () => {
				const res = await fetch(reply.hls_url);
				const body = await res.text();
				assert(res.ok && body.startsWith('#EXTM3U'), `HTTP ${res.status}: ${body.slice(0, 200)}`);
			});
		}
	}
	if (server && urlSources) {
		await urlUploadTests(server.url, urlSources);
	}
	if (server && triggerSelected && notifications) {
		await triggerTests(server.url, notifications);
	}
	if (server && polledReceiver) {
		await pollingTests(polledReceiver);
	}
	if (server) {
		await server.stop();
		allOutput.push(lib.tail(server.logFile, 1e7));
	}

	step('Checking that no key leaked into n8n output or logs');
	await check('no API key appears in any n8n output or log', () => {
		const text = allOutput.join('\n');
		for (const key of [emu.keys.aiozSecretKey, emu.keys.aimlApiKey, emu.keys.openAiApiKey, WRONG_SECRET, WRONG_AIML_KEY]) {
			const n = countOf(key, text);
			assert(n === 0, `"${key}" appears ${n} time(s)`);
		}
	});
	if (urlSources) {
		const sources = urlSources;
		await check("no signature of example 8's file URLs appears in any n8n output or log", () => {
			const text = allOutput.join('\n');
			for (const file of [sources.audio, sources.html]) {
				const n = countOf(file.signature, text);
				assert(n === 0, `the signature of ${file.name} appears ${n} time(s)`);
			}
		});
	}
}

testRun.finish(main);
