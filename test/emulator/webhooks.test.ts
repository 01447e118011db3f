import { sleep } from 'n8n-workflow';

import type { EmulatorWebhook } from '../../emulator';

import { aiozHeaders, aiozRequest, createMedia, fixtureBytes, md5, uploadPart } from './helpers';
import { startWebhookReceiver } from './webhookReceiver';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 100 });

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
	receiver = await startWebhookReceiver();
});
afterAll(async () => {
	await receiver.stop();
});
beforeEach(() => {
	receiver.received.length = 0;
	receiver.answerWith(200);
});

const ALL_EVENTS = {
	file_received: true,
	encoding_started: true,
	partial_finished: true,
	encoding_finished: true,
	encoding_failed: true,
};

/** Webhook answers: `data.webhook` (create, get) or `data.webhooks` + `data.total` (list). */
async function webhookRequest(method: string, path: string, body?: unknown) {
	const response = await aiozRequest(emu, method, path, body);
	const data = response.body.data as unknown as { webhook: EmulatorWebhook; webhooks: EmulatorWebhook[]; total: number };
	return { status: response.status, body: response.body, data };
}

async function createWebhook(body: Record<string, unknown>): Promise<EmulatorWebhook> {
	const response = await webhookRequest('POST', '/webhooks', body);
	expect(response.status).toBe(201);
	return response.data.webhook;
}

/** Create → one part → complete, on the given route family. */
async function uploadMedia(title: string, family: 'media' | 'videos' = 'media'): Promise<string> {
	const data = fixtureBytes(4000, 7);
	const id = await createMedia(emu, { title, type: 'audio' }, family);
	expect((await uploadPart(emu, id, data, 0, data.length, { family })).status).toBe(200);
	expect((await aiozRequest(emu, 'GET', `/${family}/${id}/complete`)).status).toBe(200);
	return id;
}

/** Waits until the media left `transcoding` and every delivery it caused has been answered. */
async function settle(id: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (emu.aioz.getMedia(id)?.status === 'transcoding') {
		if (Date.now() > deadline) throw new Error(`media ${id} is still transcoding`);
		await sleep(20);
	}
	// The last events were queued in the same step that changed the status.
	await emu.aioz.deliveriesSettled();
}

describe('AIOZ Stream emulator: webhook management', () => {
	it('creates a webhook from JSON (201, the Webhook object) and from a form, with the default name', async () => {
		const url = `${receiver.url}/hook?token=abc`;
		const response = await webhookRequest('POST', '/webhooks', { name: 'n8n', url, encoding_finished: true });
		expect(response.status).toBe(201);
		expect(response.body.status).toBe('success');
		expect(response.data.webhook).toEqual({
			id: expect.any(String),
			user_id: expect.any(String),
			name: 'n8n',
			url,
			file_received: false,
			encoding_started: false,
			partial_finished: false,
			encoding_finished: true,
			encoding_failed: false,
			created_at: expect.any(String),
			updated_at: expect.any(String),
			last_triggered_at: '',
		});

		const form = await fetch(`${emu.aiozBaseUrl}/webhooks`, {
			method: 'POST',
			headers: { ...aiozHeaders(emu), 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ url, encoding_failed: 'true', file_received: 'false' }).toString(),
		});
		expect(form.status).toBe(201);
		const created = ((await form.json()) as { data: { webhook: EmulatorWebhook } }).data.webhook;
		expect(created).toMatchObject({ name: 'default_name_webhook', encoding_failed: true, file_received: false });
		expect(emu.aioz.listWebhooks()).toHaveLength(2);
	});

	it.each([
		[{ url: 'http://127.0.0.1/x' }, /at least one event/],
		[{ url: 'http://127.0.0.1/x', encoding_finished: false }, /at least one event/],
		[{ encoding_finished: true }, /url is required/],
		[{ url: 'not a url', encoding_finished: true }, /url is invalid/],
		[{ url: 'ftp://127.0.0.1/x', encoding_finished: true }, /url is invalid/],
		[{ url: 'http://127.0.0.1/x', encoding_finished: 'yes' }, /encoding_finished must be a boolean/],
		[{ url: 'http://127.0.0.1/x', encoding_finished: true, name: 5 }, /name must be a string/],
	])('refuses the create body %j with 400', async (body, message) => {
		const response = await webhookRequest('POST', '/webhooks', body);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ status: 'error', message: expect.stringMatching(message) });
		expect(emu.aioz.listWebhooks()).toHaveLength(0);
	});

	it('needs the API keys like every other route', async () => {
		const response = await aiozRequest(emu, 'POST', '/webhooks', { url: 'http://127.0.0.1/x', ...ALL_EVENTS }, {});
		expect(response.status).toBe(401);
		expect(emu.aioz.listWebhooks()).toHaveLength(0);
	});

	it('gets, updates, checks and deletes a webhook; 404 for an unknown id', async () => {
		const webhook = await createWebhook({ name: 'first', url: 'http://127.0.0.1:1/a', file_received: true });

		const got = await webhookRequest('GET', `/webhooks/${webhook.id}`);
		expect(got.status).toBe(200);
		expect(got.data.webhook).toEqual(webhook);

		for (const body of [{}, { name: 'only a name' }]) {
			const refused = await webhookRequest('PATCH', `/webhooks/${webhook.id}`, body);
			expect(refused.status).toBe(400);
			expect(refused.body.message).toMatch(/nothing to update/);
		}
		const noEventLeft = await webhookRequest('PATCH', `/webhooks/${webhook.id}`, { file_received: false });
		expect(noEventLeft.status).toBe(400);
		expect(noEventLeft.body.message).toMatch(/at least one event/);

		const updated = await webhookRequest('PATCH', `/webhooks/${webhook.id}`, {
			name: 'renamed',
			url: 'http://127.0.0.1:1/b',
			encoding_failed: true,
		});
		expect(updated.status).toBe(200);
		expect(updated.body).toEqual({ status: 'success', message: expect.any(String) });
		expect((await webhookRequest('GET', `/webhooks/${webhook.id}`)).data.webhook).toMatchObject({
			name: 'renamed',
			url: 'http://127.0.0.1:1/b',
			file_received: true,
			encoding_failed: true,
		});

		expect((await webhookRequest('POST', `/webhooks/check/${webhook.id}`)).status).toBe(200);
		expect((await webhookRequest('DELETE', `/webhooks/${webhook.id}`)).status).toBe(200);
		for (const [method, path] of [
			['GET', `/webhooks/${webhook.id}`],
			['PATCH', `/webhooks/${webhook.id}`],
			['DELETE', `/webhooks/${webhook.id}`],
			['POST', `/webhooks/check/${webhook.id}`],
		]) {
			const missing = await webhookRequest(method, path, method === 'PATCH' ? { file_received: true } : undefined);
			expect(missing.status).toBe(404);
			expect(missing.body.message).toMatch(/webhook not found/);
		}
	});

	it('lists with search, sort, order, offset, limit and event filters, and validates them', async () => {
		await createWebhook({ name: 'Bravo', url: 'http://127.0.0.1:1/b', encoding_finished: true });
		await createWebhook({ name: 'alpha', url: 'http://127.0.0.1:1/a', file_received: true });
		await createWebhook({ name: 'Charlie n8n', url: 'http://127.0.0.1:1/c', encoding_started: true });

		const all = await webhookRequest('GET', '/webhooks?sort_by=name&order_by=desc');
		expect(all.status).toBe(200);
		expect(all.data.total).toBe(3);
		expect(all.data.webhooks.map((w) => w.name)).toEqual(['Charlie n8n', 'Bravo', 'alpha']);

		const page = await webhookRequest('GET', '/webhooks?sort_by=name&offset=1&limit=1');
		expect(page.data).toMatchObject({ total: 3, webhooks: [{ name: 'Bravo' }] });

		expect((await webhookRequest('GET', '/webhooks?search=N8N')).data.webhooks.map((w) => w.name)).toEqual([
			'Charlie n8n',
		]);
		expect((await webhookRequest('GET', '/webhooks?file_received=true')).data.webhooks.map((w) => w.name)).toEqual([
			'alpha',
		]);
		expect((await webhookRequest('GET', '/webhooks?encoding_finished=false')).data.total).toBe(2);

		for (const query of ['limit=0', 'limit=101', 'offset=-1', 'sort_by=url', 'order_by=up', 'file_received=1']) {
			const refused = await webhookRequest('GET', `/webhooks?${query}`);
			expect(refused.status).toBe(400);
		}
	});
});

describe('AIOZ Stream emulator: event deliveries', () => {
	it('posts every state of an upload, in order, as JSON, to a webhook subscribed to all events', async () => {
		const webhook = await createWebhook({ name: 'all', url: `${receiver.url}/all?token=t1`, ...ALL_EVENTS });
		const id = await uploadMedia('Delivered episode', 'videos');
		await settle(id);

		expect(emu.aioz.getMedia(id)?.status).toBe('done');
		expect(receiver.received.map((r) => r.json?.type)).toEqual([
			'file.received',
			'encoding.started',
			'partial.finished',
			'partial.finished',
			'encoding.finished',
		]);
		for (const delivery of receiver.received) {
			expect(delivery.method).toBe('POST');
			expect(delivery.path).toBe('/all?token=t1');
			expect(delivery.headers['content-type']).toBe('application/json');
			expect(delivery.json).toEqual({
				type: expect.any(String),
				emitted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				media_id: id,
				media_type: 'audio',
				qualities: ['standard'],
				title: 'Delivered episode',
				status: expect.any(String),
				user_id: expect.any(String),
			});
		}
		expect(receiver.received.map((r) => r.json?.status)).toEqual([
			'transcoding',
			'transcoding',
			'transcoding',
			'transcoding',
			'done',
		]);
		expect(emu.aioz.webhookDeliveries.map((d) => [d.webhookId, d.status])).toEqual(
			Array.from({ length: 5 }, () => [webhook.id, 200]),
		);
		expect(emu.aioz.listWebhooks()[0].last_triggered_at).not.toBe('');
	});

	it('delivers encoding.failed (and no finish) when the transcoding fails, by failNextTranscode or the title marker', async () => {
		await createWebhook({ url: `${receiver.url}/failed`, ...ALL_EVENTS });
		emu.aioz.failNextTranscode();
		const first = await uploadMedia('Broken upload');
		await settle(first);
		const second = await uploadMedia('Also broken [emulator:fail-transcode]');
		await settle(second);

		expect(emu.aioz.getMedia(first)?.status).toBe('fail');
		expect(emu.aioz.getMedia(second)?.status).toBe('fail');
		for (const id of [first, second]) {
			const events = receiver.received.filter((r) => r.json?.media_id === id).map((r) => [r.json.type, r.json.status]);
			expect(events).toEqual([
				['file.received', 'transcoding'],
				['encoding.started', 'transcoding'],
				['encoding.failed', 'fail'],
			]);
		}
	});

	it('sends only the subscribed events, to every subscribed webhook, and nothing to a deleted one', async () => {
		await createWebhook({ url: `${receiver.url}/finished`, encoding_finished: true });
		await createWebhook({ url: `${receiver.url}/received`, file_received: true });
		const deleted = await createWebhook({ url: `${receiver.url}/deleted`, ...ALL_EVENTS });
		expect((await webhookRequest('DELETE', `/webhooks/${deleted.id}`)).status).toBe(200);

		const id = await uploadMedia('Selective');
		await settle(id);

		expect(receiver.received.map((r) => `${r.path} ${r.json?.type}`).sort()).toEqual([
			'/finished encoding.finished',
			'/received file.received',
		]);
	});

	it('records a receiver that fails or cannot be reached, and goes on', async () => {
		await createWebhook({ url: `${receiver.url}/refuses`, encoding_finished: true });
		await createWebhook({ url: 'http://127.0.0.1:1/closed-port', encoding_finished: true });
		receiver.answerWith(500);
		const id = await uploadMedia('Unlucky receivers');
		await settle(id);

		const deliveries = emu.aioz.webhookDeliveries;
		expect(deliveries).toHaveLength(2);
		expect(deliveries.find((d) => d.url.endsWith('/refuses'))?.status).toBe(500);
		const closed = deliveries.find((d) => d.url.includes(':1/'));
		expect(closed?.status).toBe(0);
		expect(closed?.error).toEqual(expect.any(String));
	});
});

describe('AIOZ Stream emulator: thumbnail (cover image)', () => {
	const PNG = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		fixtureBytes(3000, 11),
	]);

	async function postThumbnail(id: string, data: Buffer, family = 'media', field = 'file') {
		const form = new FormData();
		form.append(field, new Blob([data], { type: 'image/png' }), 'cover.png');
		const response = await fetch(`${emu.aiozBaseUrl}/${family}/${id}/thumbnail`, {
			method: 'POST',
			headers: aiozHeaders(emu),
			body: form,
		});
		return { status: response.status, body: (await response.json()) as { status: string; message: string } };
	}

	it.each(['media', 'videos'] as const)('stores the image byte-exactly and serves it (/%s routes); DELETE removes it', async (family) => {
		const id = await uploadMedia('With a cover', family);
		await settle(id);

		const set = await postThumbnail(id, PNG, family);
		expect(set).toEqual({ status: 200, body: { status: 'success', message: expect.any(String) } });
		expect(md5(emu.aioz.getThumbnail(id) ?? Buffer.alloc(0))).toBe(md5(PNG));
		expect(emu.aioz.getMedia(id)?.thumbnail).toEqual({
			md5: md5(PNG),
			size: PNG.length,
			contentType: 'image/png',
			fileName: 'cover.png',
			declaredType: 'image/png',
		});
		const served = await fetch(emu.aioz.getMedia(id)?.assets.thumbnail_url ?? '');
		expect(served.headers.get('content-type')).toBe('image/png');
		expect(md5(Buffer.from(await served.arrayBuffer()))).toBe(md5(PNG));

		const removed = await aiozRequest(emu, 'DELETE', `/${family}/${id}/thumbnail`);
		expect(removed.status).toBe(200);
		expect(emu.aioz.getThumbnail(id)).toBeUndefined();
		expect(emu.aioz.getMedia(id)?.thumbnail).toBeUndefined();
	});

	it('refuses a non-image, a missing file field and an unknown media', async () => {
		const id = await createMedia(emu);
		const notImage = await postThumbnail(id, Buffer.from('ID3 this is an mp3, not an image'));
		expect(notImage).toEqual({ status: 400, body: { status: 'error', message: expect.stringMatching(/must be an image/) } });
		const noFile = await postThumbnail(id, PNG, 'media', 'image');
		expect(noFile.status).toBe(400);
		expect(noFile.body.message).toMatch(/file is required/);
		expect(emu.aioz.getThumbnail(id)).toBeUndefined();

		const unknown = await postThumbnail('no-such-media', PNG);
		expect(unknown.status).toBe(404);
		expect((await aiozRequest(emu, 'DELETE', '/media/no-such-media/thumbnail')).status).toBe(404);
	});
});
