#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Screenshots of the real n8n editor with this package installed: `npm run screenshots` (builds first).
 *
 * Starts the cached n8n 2.41.1 (scripts/lib/n8n-install.js) on 127.0.0.1 with the packed package installed
 * in a fresh ~/.n8n/nodes, sets up the owner account through the REST API, imports examples 1–4, 6 and 10 and a
 * one-node workflow with the AIOZ Stream Polling Trigger with placeholder credentials, opens them in headless
 * Chromium (Debian's /usr/bin/chromium driven by playwright-core from the cache folder) and writes PNGs into docs/:
 *
 *   docs/workflow-webhook-aioz-stream.png        example 1 on the canvas (light)
 *   docs/workflow-webhook-aioz-stream-dark.png   example 1 on the canvas (dark theme)
 *   docs/workflow-minimax-music.png              example 4 on the canvas (light)
 *   docs/workflow-read-file-notify-slack.png     example 2 on the canvas (light)
 *   docs/workflow-four-steps.png                 example 3 on the canvas (light)
 *   docs/aioz-stream-node-custom-config.png      the AIOZ Stream node's parameters, custom configuration expanded
 *   docs/aioz-stream-node-custom-config-dark.png the same panel in the dark theme
 *   docs/workflow-aioz-stream-trigger.png        example 6 (AIOZ Stream Trigger → notification) on the canvas
 *   docs/workflow-aioz-stream-trigger-dark.png   the same in the dark theme
 *   docs/aioz-stream-trigger-node.png            the AIOZ Stream Trigger's parameters (events, audio only)
 *   docs/aioz-stream-trigger-node-dark.png       the same panel in the dark theme
 *   docs/aioz-stream-polling-trigger-node.png    the AIOZ Stream Polling Trigger's parameters (poll times, events,
 *                                                audio only)
 *   docs/aioz-stream-polling-trigger-node-dark.png the same panel in the dark theme
 *   docs/workflow-publish-episode.png            example 10 (publish a podcast episode) on the canvas (light)
 *
 * Options: --keep leaves n8n running until Ctrl+C (for a look in a browser); --out=<dir> writes elsewhere;
 * --only=<names> takes only some pictures, names separated by commas: trigger (the AIOZ Stream Trigger's
 * workflow and panel), poll (the Polling Trigger's panel), podcast (example 10), e.g. --only=podcast,poll.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const lib = require('./lib/n8n-install');

const { REPO_ROOT, log } = lib;
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const outArg = process.argv.find((a) => a.startsWith('--out='));
const OUT = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(REPO_ROOT, 'docs');
const KEEP = process.argv.includes('--keep');
const ONLY_CHOICES = ['trigger', 'poll', 'podcast'];
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').map((x) => x.trim()).filter(Boolean)) : undefined;
/** Whether this run takes the pictures of `name` (every picture without --only). @param {string} name */
const wanted = (name) => !ONLY || ONLY.has(name);

const OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Lovelace', password: 'Screenshots-2026' };
// canvas shots: a compact editor window, so the nodes stay legible when the README scales the picture
const VIEWPORT = { width: 1280, height: 620 };
// node panel shot: narrower and tall enough to show every parameter without scrolling
const NDV_VIEWPORT = { width: 1120, height: 1400 };
// the trigger's panel has three short parameters
const TRIGGER_NDV_VIEWPORT = { width: 1120, height: 640 };
// example 10 is wide (eleven nodes, seven columns) with a tall sticky note above: a bigger window keeps it legible
const PODCAST_VIEWPORT = { width: 1500, height: 960 };

/** @type {Array<() => Promise<void> | void>} */
const cleanups = [];
async function cleanupAll() {
	while (cleanups.length) {
		try {
			await cleanups.pop()?.();
		} catch (e) {
			log(`cleanup: ${e instanceof Error ? e.message : e}`);
		}
	}
}
for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
	process.on(sig, () => void cleanupAll().finally(() => process.exit(130)));
}

/** @param {string} prefix */
function readExample(prefix) {
	const f = fs.readdirSync(EXAMPLES).find((n) => n.startsWith(prefix) && n.endsWith('.json'));
	if (!f) throw new Error(`examples/${prefix}*.json is missing`);
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
}

/** @param {any} workflow @param {Record<string, {id: string, name: string}>} byType */
function useCredentials(workflow, byType) {
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (byType[type]) node.credentials[type] = { ...byType[type] };
		}
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
	const t0 = Date.now();
	const unknown = [...(ONLY ?? [])].filter((x) => !ONLY_CHOICES.includes(x));
	if (unknown.length || ONLY?.size === 0) {
		throw lib.userError(`--only takes ${ONLY_CHOICES.join(', ')} (comma-separated)${unknown.length ? `, not "${unknown.join(',')}"` : ''}`);
	}
	lib.assertNode24();
	const install = lib.ensureN8n();
	log(`n8n ${lib.N8N_VERSION}: ${install.cached ? 'cached' : `installed in ${install.seconds}s`}`);
	const playwrightDir = lib.ensurePlaywrightCore();
	const chromium = lib.ensureChromium();
	/** @type {typeof import('playwright-core')} */
	const pw = require(playwrightDir);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-audio-upload-shots-'));
	cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
	const tarball = lib.packPackage(work);
	const userFolder = path.join(work, 'home');
	lib.prepareUserFolder(tarball, userFolder);
	log(`installed ${path.basename(tarball)} into ${userFolder}/.n8n/nodes`);

	// Credentials with the names the examples use, so the nodes show them as set (values are dummies).
	const creds = {
		aiozStreamApi: { id: 'shotsAiozCred001', name: 'AIOZ Stream account' },
		aimlMinimaxApi: { id: 'shotsAimlCred001', name: 'AI/ML API account' },
		slackApi: { id: 'shotsSlackCred01', name: 'Slack account' },
	};
	const credFile = path.join(work, 'credentials.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([
			{ ...creds.aiozStreamApi, type: 'aiozStreamApi', data: { publicKey: 'public-key', secretKey: 'secret-key', environment: 'production' } },
			{ ...creds.aimlMinimaxApi, type: 'aimlMinimaxApi', data: { apiKey: 'api-key', baseUrl: 'https://api.aimlapi.com' } },
			{ ...creds.slackApi, type: 'slackApi', data: { accessToken: 'xoxb-screenshot' } },
		]),
	);
	lib.n8nCli(userFolder, ['import:credentials', `--input=${credFile}`]);

	const webhook = readExample('01-');
	webhook.id = 'shotsExample0001';
	const notify = readExample('02-');
	notify.id = 'shotsExample0002';
	const steps = readExample('03-');
	steps.id = 'shotsExample0003';
	const minimax = readExample('04-');
	minimax.id = 'shotsExample0004';
	const trigger = readExample('06-');
	trigger.id = 'shotsExample0006';
	const podcast = readExample('10-');
	podcast.id = 'shotsExample0010';
	// The polling trigger is in no example (it swaps in for example 6's webhook trigger): a workflow of that node alone.
	const polling = {
		id: 'shotsPollTrig001',
		name: 'AIOZ Stream Polling Trigger',
		nodes: [
			{
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					events: ['encoding_finished', 'encoding_failed'],
					audioOnly: true,
				},
				id: 'b3f5d8e2-6a41-4c1e-9f0a-2d7c5e8b1a90',
				name: 'When audio is transcoded',
				type: 'n8n-nodes-audio-upload.aiozStreamPollingTrigger',
				typeVersion: 1,
				position: [0, 0],
				credentials: { aiozStreamApi: { id: '', name: '' } },
			},
		],
		connections: {},
		active: false,
		settings: { executionOrder: 'v1' },
	};
	const wfDir = path.join(work, 'workflows');
	fs.mkdirSync(wfDir);
	for (const w of [webhook, notify, steps, minimax, trigger, podcast, polling]) {
		useCredentials(w, creds);
		fs.writeFileSync(path.join(wfDir, `${w.id}.json`), JSON.stringify(w));
	}
	lib.n8nCli(userFolder, ['import:workflow', '--separate', `--input=${wfDir}`]);

	const server = await lib.startN8n(userFolder);
	cleanups.push(() => server.stop());
	log(`n8n is up at ${server.url}`);

	const setup = await fetch(`${server.url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok) throw new Error(`owner setup failed: HTTP ${setup.status} ${await setup.text()}`);

	const browser = await pw.chromium.launch({
		executablePath: chromium,
		headless: true,
		// this script stops the browser itself (cleanups), also on Ctrl+C
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	cleanups.push(() => browser.close());
	fs.mkdirSync(OUT, { recursive: true });

	/** @type {string[]} */
	const written = [];
	for (const theme of /** @type {const} */ (['light', 'dark'])) {
		// example 10 has only a light picture
		if (theme === 'dark' && !wanted('trigger') && !wanted('poll')) continue;
		const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: theme, locale: 'en-US' });
		await context.addInitScript((t) => {
			try {
				window.localStorage.setItem('N8N_THEME', t);
			} catch {
				// storage not ready
			}
		}, theme);
		const page = await context.newPage();
		page.setDefaultTimeout(30000);
		await signIn(page, server.url);

		const suffix = theme === 'dark' ? '-dark' : '';
		if (wanted('trigger')) {
			await openWorkflow(page, server.url, trigger);
			written.push(await shot(page, `workflow-aioz-stream-trigger${suffix}.png`));
			const triggerNode = trigger.nodes.find((/** @type {any} */ n) => n.type === 'n8n-nodes-audio-upload.aiozStreamTrigger');
			await page.setViewportSize(TRIGGER_NDV_VIEWPORT);
			await openNodePanel(page, triggerNode.name);
			await fitNodePanel(page);
			written.push(await shot(page, `aioz-stream-trigger-node${suffix}.png`));
			await page.setViewportSize(VIEWPORT);
		}
		if (wanted('poll')) {
			await openWorkflow(page, server.url, polling);
			await page.setViewportSize(TRIGGER_NDV_VIEWPORT);
			await openNodePanel(page, polling.nodes[0].name);
			await fitNodePanel(page);
			written.push(await shot(page, `aioz-stream-polling-trigger-node${suffix}.png`));
			await page.setViewportSize(VIEWPORT);
		}
		if (wanted('podcast') && theme === 'light') {
			await page.setViewportSize(PODCAST_VIEWPORT);
			await openWorkflow(page, server.url, podcast);
			written.push(await shot(page, 'workflow-publish-episode.png'));
			await page.setViewportSize(VIEWPORT);
		}
		if (ONLY) {
			await context.close();
			continue;
		}
		await openWorkflow(page, server.url, webhook);
		written.push(await shot(page, `workflow-webhook-aioz-stream${suffix}.png`));
		if (theme === 'light') {
			await openWorkflow(page, server.url, minimax);
			written.push(await shot(page, 'workflow-minimax-music.png'));
			await openWorkflow(page, server.url, notify);
			written.push(await shot(page, 'workflow-read-file-notify-slack.png'));
			await openWorkflow(page, server.url, steps);
			written.push(await shot(page, 'workflow-four-steps.png'));
			await openWorkflow(page, server.url, webhook);
		}
		const aiozNode = webhook.nodes.find((/** @type {any} */ n) => n.type === 'n8n-nodes-audio-upload.aiozStream');
		if (aiozNode) {
			await page.setViewportSize(NDV_VIEWPORT);
			await openNodePanel(page, aiozNode.name);
			await expandCustomConfiguration(page);
			await fitNodePanel(page);
			written.push(await shot(page, `aioz-stream-node-custom-config${suffix}.png`));
			await page.setViewportSize(VIEWPORT);
		}
		await context.close();
	}
	log(`\nWrote ${written.length} screenshots in ${((Date.now() - t0) / 1000).toFixed(0)}s:`);
	for (const f of written) log(`  ${path.relative(REPO_ROOT, f)}  (${fs.statSync(f).size} bytes)`);

	if (KEEP) {
		log(`\n--keep: n8n stays up at ${server.url} (owner ${OWNER.email} / ${OWNER.password}); Ctrl+C to stop.`);
		await new Promise(() => {});
	}
}

/** @param {import('playwright-core').Page} page @param {string} url */
async function signIn(page, url) {
	await page.goto(`${url}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first().fill(OWNER.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(OWNER.password);
	await page.locator('[data-test-id="form-submit-button"], button[type="submit"]').first().click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30000 });
	await dismissPopups(page);
}

/** Closes onboarding modals, toasts and banners that would cover the canvas. @param {import('playwright-core').Page} page */
async function dismissPopups(page) {
	await sleep(500);
	for (let i = 0; i < 3; i++) {
		const closers = page.locator(
			[
				'.el-dialog__headerbtn:visible',
				'[data-test-id="personalization-form"] button:visible',
				'.el-notification__closeBtn:visible',
				'[data-test-id="banner-close"]:visible',
				'[data-test-id="banners-close"]:visible',
			].join(', '),
		);
		const n = await closers.count();
		if (!n) break;
		for (let k = 0; k < n; k++) await closers.nth(0).click({ timeout: 2000 }).catch(() => {});
		await sleep(300);
	}
	await page.keyboard.press('Escape').catch(() => {});
}

/** @param {import('playwright-core').Page} page @param {string} url @param {any} workflow */
async function openWorkflow(page, url, workflow) {
	await page.goto(`${url}/workflow/${workflow.id}`);
	const nodes = page.locator('[data-test-id="canvas-node"]');
	await nodes.first().waitFor();
	// Sticky notes are drawn on the canvas too, but not as canvas nodes.
	const nodeCount = workflow.nodes.filter((/** @type {any} */ n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, nodeCount);
	await dismissPopups(page);
	const fit = page.locator('[data-test-id="zoom-to-fit"]');
	if (await fit.count()) await fit.first().click();
	await restMouse(page);
	await sleep(800); // fit-view animation, icons
}

/** @param {import('playwright-core').Page} page @param {string} nodeName */
async function openNodePanel(page, nodeName) {
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.first().dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor();
	// n8n mounts an empty, themed CodeMirror tooltip host (10×32 px) per expression field at the window's
	// top-left corner (#cm-tooltip-container), where it shows as a stray tile over the sidebar. Hide the
	// empty hosts only; tooltips with content are untouched.
	await page.addStyleTag({ content: '#cm-tooltip-container > div:empty { visibility: hidden !important; }' });
	await sleep(800);
}

/** Expands the AIOZ Stream node's custom configuration so its fields are visible. @param {import('playwright-core').Page} page */
async function expandCustomConfiguration(page) {
	const ndv = page.locator('[data-test-id="ndv"]');
	// Collapsed collections / fixed collections show a header toggle; open every section under "Custom ..."
	const toggles = ndv.locator('[data-test-id="parameter-item"]').filter({ hasText: /custom/i });
	const n = await toggles.count();
	for (let i = 0; i < n; i++) {
		const header = toggles.nth(i).locator('.collection-parameter-header, [data-test-id="collection-toggle"], summary').first();
		if (await header.count()) await header.click().catch(() => {});
	}
	await restMouse(page);
	await sleep(600);
}

/** Grows the window until the parameter list fits without scrolling (bounded). @param {import('playwright-core').Page} page */
async function fitNodePanel(page) {
	const needed = await page.evaluate(() => {
		const el = document.querySelector('[data-test-id="node-parameters"]');
		if (!el) return 0;
		// the scrolling container is the parameters element or one of its ancestors
		let box = /** @type {HTMLElement | null} */ (el);
		while (box && box.scrollHeight <= box.clientHeight + 1) box = box.parentElement;
		return box ? box.scrollHeight - box.clientHeight : 0;
	});
	if (needed > 0) {
		const size = page.viewportSize() ?? NDV_VIEWPORT;
		await page.setViewportSize({ width: size.width, height: Math.min(2400, size.height + needed + 16) });
		await sleep(600);
	}
	await restMouse(page);
}

/**
 * Parks the pointer on an empty spot, so no hover toolbar, button or tooltip shows: the lower right of
 * the canvas, or the empty input pane of the node panel.
 * @param {import('playwright-core').Page} page
 */
async function restMouse(page) {
	const size = page.viewportSize() ?? VIEWPORT;
	const ndvOpen = await page.locator('[data-test-id="ndv"]').first().isVisible().catch(() => false);
	if (ndvOpen) await page.mouse.move(Math.round(size.width * 0.12), Math.round(size.height * 0.75));
	else await page.mouse.move(size.width - 160, size.height - 140);
	await sleep(300);
}

/** @param {import('playwright-core').Page} page @param {string} name */
async function shot(page, name) {
	const file = path.join(OUT, name);
	await page.screenshot({ path: file, fullPage: false });
	log(`  ${name}`);
	return file;
}

main()
	.then(
		() => 0,
		(e) => {
			log(`\nFAILED: ${e instanceof Error ? (/** @type {any} */ (e).userFacing ? e.message : e.stack || e.message) : e}`);
			return 1;
		},
	)
	.then(async (code) => {
		await cleanupAll();
		process.exit(code);
	});
