/**
 * AIOZ Stream Trigger through n8n-core's real HookContext / WebhookContext (test/harness/trigger.js)
 * against the emulator: activation registers a webhook in the emulator, the emulator's deliveries
 * reach the node over HTTP, and the node reads the media back from the emulator.
 */
import { sleep, type INode, type INodeExecutionData } from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { AiozStreamTrigger } from '../../nodes/AiozStreamTrigger/AiozStreamTrigger.node';
import { aiozRequest, createMedia, fixtureBytes, uploadPart } from '../emulator/helpers';
import { packageNode, PACKAGE_NAME } from '../harness';
import { startTriggerWorkflow } from '../harness/trigger';
import { useEmulator } from '../useEmulator';
import { emulatorCredential, expectNoSecret, type Family } from './helpers';

const emu = useEmulator({ transcodeDelayMs: 100 });

const WORKFLOW = { workflowId: 'wfTrigger0001', workflowName: 'Notify when audio is ready' };

function triggerNode(parameters: INode['parameters'] = {}): INode {
	return packageNode('aiozStreamTrigger', 'AIOZ Stream Trigger', parameters, {
		credentials: { aiozStreamApi: { id: '1', name: 'AIOZ Stream (emulator)' } },
		webhookId: 'a1b2c3d4-aioz-trigger',
	});
}

type TriggerWorkflow = Awaited<ReturnType<typeof startTriggerWorkflow>>;
let running: TriggerWorkflow[] = [];
afterEach(async () => {
	for (const workflow of running) await workflow.stop();
	running = [];
});

async function startTrigger(parameters: INode['parameters'] = {}, family: Family = 'media') {
	const workflow = await startTriggerWorkflow({
		nodes: [triggerNode(parameters)],
		connections: {},
		nodeTypes: { [`${PACKAGE_NAME}.aiozStreamTrigger`]: new AiozStreamTrigger() },
		credentialTypes: { aiozStreamApi: new AiozStreamApi() },
		credentials: {
			aiozStreamApi: emulatorCredential(emu, { family }),
		},
		...WORKFLOW,
	});
	running.push(workflow);
	return workflow;
}

/** Create → one part → complete through the emulator's HTTP API (as another workflow would). */
async function upload(title: string, options: { family?: Family; type?: 'audio' | 'video' } = {}): Promise<string> {
	const family = options.family ?? 'media';
	const data = fixtureBytes(5000, 3);
	const id = await createMedia(emu, { title, type: options.type ?? 'audio' }, family);
	expect((await uploadPart(emu, id, data, 0, data.length, { family })).status).toBe(200);
	expect((await aiozRequest(emu, 'GET', `/${family}/${id}/complete`)).status).toBe(200);
	return id;
}

/** Waits until the media's transcoding ended and every delivery has been handled by the trigger. */
async function settle(workflow: TriggerWorkflow, mediaId: string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (emu.aioz.getMedia(mediaId)?.status === 'transcoding') {
		if (Date.now() > deadline) throw new Error(`media ${mediaId} is still transcoding`);
		await sleep(20);
	}
	await emu.aioz.deliveriesSettled();
	await workflow.settled();
}

function emitted(workflow: TriggerWorkflow): INodeExecutionData[] {
	return workflow.requests.flatMap((request) => (request.run ? request.run.items('AIOZ Stream Trigger') : []));
}

/** A delivery as AIOZ Stream would send it, posted to a URL of the trigger. */
async function post(url: string, body: unknown) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function registeredUrl(workflow: TriggerWorkflow, kind: 'production' | 'test' = 'production'): string {
	return `${workflow.webhookUrl(kind)}?token=${String(workflow.staticData().token)}`;
}

describe('AIOZ Stream Trigger: webhookMethods', () => {
	it.each(['media', 'videos'] as const)(
		'activation registers one webhook at n8n\'s URL plus a secret token; deactivation deletes it (/%s routes)',
		async (family) => {
			const workflow = await startTrigger({}, family);
			expect(await workflow.runWebhookMethod('checkExists')).toBe(false);
			expect(emu.requests).toHaveLength(0);

			await workflow.activate();
			const [webhook] = emu.aioz.listWebhooks();
			expect(emu.aioz.listWebhooks()).toHaveLength(1);
			const { token, webhookId } = workflow.staticData();
			expect(token).toMatch(/^[0-9a-f]{64}$/);
			expect(webhookId).toBe(webhook.id);
			expect(webhook.url).toBe(`${workflow.webhookUrl()}?token=${String(token)}`);
			expect(webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/a1b2c3d4-aioz-trigger\/webhook\?token=/);
			expect(webhook.name).toBe('n8n workflow "Notify when audio is ready" (id wfTrigger0001): AIOZ Stream Trigger');
			expect(webhook).toMatchObject({
				file_received: false,
				encoding_started: false,
				partial_finished: false,
				encoding_finished: true,
				encoding_failed: true,
			});
			expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
				'POST /api/webhooks 201',
			]);

			// Activating again (n8n restarts) finds it and creates no second one.
			expect(await workflow.activate()).toEqual({ existed: true });
			expect(emu.aioz.listWebhooks()).toHaveLength(1);

			expect(await workflow.deactivate()).toBe(true);
			expect(emu.aioz.listWebhooks()).toHaveLength(0);
			expect(workflow.staticData()).toEqual({});
			expect(await workflow.runWebhookMethod('checkExists')).toBe(false);
		},
	);

	it('checkExists replaces a webhook whose events no longer match, and one deleted on AIOZ\'s side', async () => {
		const workflow = await startTrigger({ events: ['encoding_finished'] });
		await workflow.activate();
		const first = emu.aioz.listWebhooks()[0];

		workflow.workflow.nodes['AIOZ Stream Trigger'].parameters.events = ['encoding_finished', 'file_received'];
		expect(await workflow.activate()).toEqual({ existed: false });
		const [second] = emu.aioz.listWebhooks();
		expect(emu.aioz.listWebhooks()).toHaveLength(1);
		expect(second.id).not.toBe(first.id);
		expect(second).toMatchObject({ encoding_finished: true, file_received: true, encoding_failed: false });

		expect((await aiozRequest(emu, 'DELETE', `/webhooks/${second.id}`)).status).toBe(200);
		expect(await workflow.activate()).toEqual({ existed: false });
		expect(emu.aioz.listWebhooks()).toHaveLength(1);
		expect(emu.aioz.listWebhooks()[0].id).toBe(workflow.staticData().webhookId);
	});

	it('refuses to activate without any event, before any request', async () => {
		const workflow = await startTrigger({ events: [] });
		await expect(workflow.activate()).rejects.toThrow('Select at least one event in "Events"');
		expect(emu.requests).toHaveLength(0);
		expect(emu.aioz.listWebhooks()).toHaveLength(0);
	});

	it('a webhook already deleted on AIOZ\'s side counts as deleted', async () => {
		const workflow = await startTrigger();
		await workflow.activate();
		expect((await aiozRequest(emu, 'DELETE', `/webhooks/${String(workflow.staticData().webhookId)}`)).status).toBe(200);
		expect(await workflow.deactivate()).toBe(true);
		expect(workflow.staticData()).toEqual({});
	});
});

describe('AIOZ Stream Trigger: deliveries from the emulator', () => {
	it.each(['media', 'videos'] as const)(
		'an upload that finishes starts one execution with the media read back from the API (/%s routes)',
		async (family) => {
			const workflow = await startTrigger({}, family);
			await workflow.activate();
			const mediaId = await upload('Episode 7', { family });
			await settle(workflow, mediaId);

			const items = emitted(workflow);
			expect(items).toHaveLength(1);
			const { json } = items[0];
			expect(json).toEqual({
				event: 'encoding.finished',
				emitted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				media_id: mediaId,
				media: expect.objectContaining({ id: mediaId, title: 'Episode 7', status: 'done', type: 'audio' }),
			});
			const media = json.media as { assets: Record<string, string> };
			expect(media.assets.hls_url).toMatch(/\/hls\/.+\/manifest\.m3u8$/);
			expect(media.assets.dash_url).toMatch(/\/dash\/.+\/manifest\.mpd$/);
			expect(media.assets.hls_player_url).toMatch(/\/player\//);
			// The media was read through the credential's route family, authenticated.
			const reads = emu.requests.filter((r) => r.method === 'GET' && r.mediaId === mediaId && r.route === 'get');
			expect(reads.map((r) => [r.family, r.status])).toEqual([[family, 200]]);
			// file.received and encoding.started were not subscribed: only the finish was delivered.
			expect(emu.aioz.webhookDeliveries.map((d) => [d.body.type, d.status])).toEqual([['encoding.finished', 200]]);
			for (const request of workflow.requests) if (request.run) expectNoSecret(request.run, emu.keys.aiozSecretKey);
		},
	);

	it('a failed transcoding arrives as its own encoding.failed event', async () => {
		const workflow = await startTrigger();
		await workflow.activate();
		emu.aioz.failNextTranscode();
		const mediaId = await upload('Corrupt file');
		await settle(workflow, mediaId);

		const items = emitted(workflow);
		expect(items.map((item) => item.json.event)).toEqual(['encoding.failed']);
		expect(items[0].json.media).toMatchObject({ id: mediaId, status: 'fail' });
	});

	it('every selected event of an upload starts its own execution, in order', async () => {
		const workflow = await startTrigger({
			events: ['file_received', 'encoding_started', 'partial_finished', 'encoding_finished', 'encoding_failed'],
		});
		await workflow.activate();
		const mediaId = await upload('All events');
		await settle(workflow, mediaId);
		expect(emitted(workflow).map((item) => item.json.event)).toEqual([
			'file.received',
			'encoding.started',
			'partial.finished',
			'partial.finished',
			'encoding.finished',
		]);
	});

	it('Audio Only (default) ignores videos; switched off, videos start executions too', async () => {
		const audioOnly = await startTrigger();
		await audioOnly.activate();
		const video = await upload('A video', { type: 'video' });
		await settle(audioOnly, video);
		expect(audioOnly.requests.map((r) => [r.status, r.answer])).toEqual([
			[200, { received: true, ignored: `media ${video} is a video, not an audio` }],
		]);
		expect(emitted(audioOnly)).toHaveLength(0);
		await audioOnly.deactivate();

		const everything = await startTrigger({ audioOnly: false });
		await everything.activate();
		const second = await upload('Another video', { type: 'video' });
		await settle(everything, second);
		expect(emitted(everything).map((item) => [item.json.event, item.json.media_id])).toEqual([
			['encoding.finished', second],
		]);
	});

	it('the test URL works the same while listening in the editor', async () => {
		const workflow = await startTrigger();
		await workflow.activate('test');
		const [webhook] = emu.aioz.listWebhooks();
		expect(webhook.url).toBe(registeredUrl(workflow, 'test'));
		expect(webhook.url).toContain('/webhook-test/');

		const mediaId = await upload('Tried in the editor');
		await settle(workflow, mediaId);
		expect(workflow.requests.map((r) => r.kind)).toEqual(['test']);
		expect(emitted(workflow).map((item) => item.json.media_id)).toEqual([mediaId]);

		await workflow.deactivate('test');
		expect(emu.aioz.listWebhooks()).toHaveLength(0);
	});
});

describe('AIOZ Stream Trigger: what a delivery must not do', () => {
	async function activeTrigger() {
		const workflow = await startTrigger();
		await workflow.activate();
		const mediaId = await upload('Real media');
		await settle(workflow, mediaId);
		workflow.requests.length = 0;
		emu.clearRequests();
		return { workflow, mediaId };
	}

	it('a forged delivery (no token, a wrong token) is refused with 401: nothing emitted, no request to AIOZ', async () => {
		const { workflow, mediaId } = await activeTrigger();
		const forged = { type: 'encoding.finished', media_id: mediaId, status: 'done' };
		const token = String(workflow.staticData().token);
		const wrongToken = token.replace(/^./, (c) => (c === '0' ? '1' : '0'));
		for (const url of [
			workflow.webhookUrl(),
			`${workflow.webhookUrl()}?token=`,
			`${workflow.webhookUrl()}?token=${wrongToken}`,
			`${workflow.webhookUrl()}?token=${token.slice(0, 10)}`,
		]) {
			const answer = await post(url, forged);
			expect(answer.status).toBe(401);
			expect(answer.json.message).toMatch(/^Unauthorized/);
		}
		await workflow.settled();
		expect(workflow.requests.map((r) => r.status)).toEqual([401, 401, 401, 401]);
		expect(emitted(workflow)).toHaveLength(0);
		expect(emu.requests).toHaveLength(0);
	});

	it('accepts both spellings of an event type', async () => {
		const { workflow, mediaId } = await activeTrigger();
		for (const type of ['encoding.finished', 'encoding_finished', 'ENCODING.FINISHED']) {
			expect((await post(registeredUrl(workflow), { type, media_id: mediaId })).status).toBe(200);
		}
		await workflow.settled();
		expect(emitted(workflow).map((item) => [item.json.event, item.json.media_id])).toEqual([
			['encoding.finished', mediaId],
			['encoding.finished', mediaId],
			['encoding.finished', mediaId],
		]);
	});

	it('an unknown media id emits nothing and is answered 200 after one read', async () => {
		const { workflow } = await activeTrigger();
		const answer = await post(registeredUrl(workflow), { type: 'encoding.finished', media_id: 'no-such-media' });
		expect(answer).toEqual({ status: 200, json: { received: true, ignored: 'media no-such-media was not found' } });
		await workflow.settled();
		expect(emitted(workflow)).toHaveLength(0);
		expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /api/media/no-such-media 404']);
	});

	it('an event that is not selected emits nothing and is answered 200 without any request', async () => {
		const { workflow, mediaId } = await activeTrigger();
		for (const type of ['file.received', 'encoding_started', 'partial.finished']) {
			const answer = await post(registeredUrl(workflow), { type, media_id: mediaId });
			expect(answer.status).toBe(200);
			expect(answer.json.ignored).toMatch(/is not selected/);
		}
		await workflow.settled();
		expect(emitted(workflow)).toHaveLength(0);
		expect(emu.requests).toHaveLength(0);
	});

	it.each([
		['an empty object', {}],
		['no media_id', { type: 'encoding.finished' }],
		['an unknown type', { type: 'media.deleted', media_id: 'x' }],
		['a type that is not a string', { type: 5, media_id: 'x' }],
		['an array', [1, 2]],
	])('a malformed body (%s) emits nothing and is answered 200 without any request', async (_label, body) => {
		const { workflow } = await activeTrigger();
		const answer = await post(registeredUrl(workflow), body);
		expect(answer.status).toBe(200);
		expect(answer.json.ignored).toMatch(/not an AIOZ Stream event/);
		await workflow.settled();
		expect(emitted(workflow)).toHaveLength(0);
		expect(emu.requests).toHaveLength(0);
	});
});
