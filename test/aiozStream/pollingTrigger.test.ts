/**
 * AIOZ Stream Polling Trigger through n8n-core's real PollContext (test/harness/poll.js) against the
 * emulator: uploads go through the emulator's HTTP API (as another workflow would), and each poll
 * lists the media back from it.
 */
import { sleep, type INode } from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { PAGE_SIZE } from '../../nodes/AiozStream/constants';
import { AiozStreamPollingTrigger } from '../../nodes/AiozStreamPollingTrigger/AiozStreamPollingTrigger.node';
import { MAX_HANDLED } from '../../nodes/AiozStreamPollingTrigger/changes';
import { aiozRequest, createMedia, fixtureBytes, uploadPart } from '../emulator/helpers';
import { packageNode, PACKAGE_NAME } from '../harness';
import { startPollWorkflow } from '../harness/poll';
import { useEmulator } from '../useEmulator';
import { emulatorCredential, type Family } from './helpers';

const TRANSCODE_DELAY_MS = 20;
const emu = useEmulator({ transcodeDelayMs: TRANSCODE_DELAY_MS });

const NODE_NAME = 'AIOZ Stream Polling Trigger';

function pollingNode(parameters: INode['parameters'] = {}): INode {
	return packageNode('aiozStreamPollingTrigger', NODE_NAME, parameters, {
		credentials: { aiozStreamApi: { id: '1', name: 'AIOZ Stream (emulator)' } },
	});
}

function startPolling(
	parameters: INode['parameters'] = {},
	options: { family?: Family; secretKey?: string } = {},
) {
	return startPollWorkflow({
		nodes: [pollingNode(parameters)],
		// A new node instance per start of n8n: nothing may survive a restart but the static data.
		nodeTypes: () => ({
			[`${PACKAGE_NAME}.aiozStreamPollingTrigger`]: new AiozStreamPollingTrigger(),
		}),
		credentialTypes: { aiozStreamApi: new AiozStreamApi() },
		credentials: { aiozStreamApi: emulatorCredential(emu, options) },
	});
}

interface UploadOptions {
	family?: Family;
	type?: 'audio' | 'video';
	fail?: boolean;
}

/** Create → one part → complete through the emulator's HTTP API; returns once transcoding ended. */
async function upload(title: string, options: UploadOptions = {}): Promise<string> {
	const id = await startUpload(title, options);
	await transcoded([id]);
	return id;
}

async function startUpload(title: string, options: UploadOptions = {}): Promise<string> {
	const family = options.family ?? 'media';
	const data = fixtureBytes(2000, 5);
	if (options.fail) emu.aioz.failNextTranscode();
	const id = await createMedia(emu, { title, type: options.type ?? 'audio' }, family);
	expect((await uploadPart(emu, id, data, 0, data.length, { family })).status).toBe(200);
	expect((await aiozRequest(emu, 'GET', `/${family}/${id}/complete`)).status).toBe(200);
	return id;
}

async function transcoded(ids: string[]): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (ids.some((id) => emu.aioz.getMedia(id)?.status === 'transcoding')) {
		if (Date.now() > deadline) throw new Error('media still transcoding');
		await sleep(10);
	}
}

/** Several uploads side by side (ten at a time), in the order given. */
async function uploadMany(count: number, prefix: string): Promise<string[]> {
	const ids: string[] = [];
	for (let start = 0; start < count; start += 10) {
		const batch = Array.from(
			{ length: Math.min(10, count - start) },
			(_, i) => `${prefix} ${start + i + 1}`,
		);
		ids.push(...(await Promise.all(batch.map(async (title) => await startUpload(title)))));
	}
	await transcoded(ids);
	return ids;
}

function listRequests() {
	return emu.requests.filter((request) => request.route === 'list');
}

const updatedAt = async (id: string) =>
	(await aiozRequest(emu, 'GET', `/media/${id}`)).body.data.updated_at;

describe('AIOZ Stream Polling Trigger: what a poll emits', () => {
	it.each(['media', 'videos'] as const)(
		'publishing emits nothing (not even audio that ended before); a later upload is emitted exactly once over several polls (/%s routes)',
		async (family) => {
			const before = await upload('Ended before publishing', { family });
			const workflow = startPolling({}, { family });
			expect(await workflow.activate()).toEqual([]);
			expect(workflow.staticData()).toEqual({
				cursor: await updatedAt(before),
				handled: [[before, 'done']],
			});
			expect(await workflow.poll()).toEqual([]);

			emu.aioz.setTranscodeDelayMs(400);
			const mediaId = await startUpload('Episode 12', { family });
			// Still transcoding: not news yet.
			expect(await workflow.poll()).toEqual([]);
			await transcoded([mediaId]);
			emu.aioz.setTranscodeDelayMs(TRANSCODE_DELAY_MS);

			const pollStarted = Date.now();
			const items = await workflow.poll();
			expect(items).toEqual([
				{
					event: 'encoding.finished',
					emitted_at: await updatedAt(mediaId),
					received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
					media_id: mediaId,
					media: expect.objectContaining({
						id: mediaId,
						title: 'Episode 12',
						status: 'done',
						type: 'audio',
					}),
				},
			]);
			expect(Date.parse(String(items[0].received_at))).toBeGreaterThanOrEqual(pollStarted - 1000);
			const media = items[0].media as { assets: Record<string, string> };
			expect(media.assets.hls_url).toMatch(/\/hls\/.+\/manifest\.m3u8$/);
			expect(JSON.stringify(items)).not.toContain(emu.keys.aiozSecretKey);

			for (let poll = 0; poll < 3; poll++) expect(await workflow.poll()).toEqual([]);
			expect(
				listRequests().every((request) => request.family === family && request.status === 200),
			).toBe(true);
		},
	);

	it('a failed transcoding is emitted as encoding.failed when selected, and not otherwise', async () => {
		const both = startPolling();
		const finishedOnly = startPolling({ events: ['encoding_finished'] });
		await both.activate();
		await finishedOnly.activate();

		const failed = await upload('Corrupt file', { fail: true });
		const finished = await upload('Good file');
		expect((await both.poll()).map((item) => [item.event, item.media_id])).toEqual([
			['encoding.failed', failed],
			['encoding.finished', finished],
		]);
		expect((await both.poll()).length).toBe(0);
		expect((await finishedOnly.poll()).map((item) => [item.event, item.media_id])).toEqual([
			['encoding.finished', finished],
		]);

		const failedOnly = startPolling({ events: ['encoding_failed'] });
		await failedOnly.activate();
		const failedLater = await upload('Another corrupt file', { fail: true });
		await upload('Another good file');
		const [item] = await failedOnly.poll();
		expect(item).toMatchObject({
			event: 'encoding.failed',
			media_id: failedLater,
			media: { status: 'fail' },
		});
	});

	it('Audio Only (default) leaves videos out; switched off, videos are emitted too', async () => {
		const audioOnly = startPolling();
		const everything = startPolling({ audioOnly: false });
		await audioOnly.activate();
		await everything.activate();
		const video = await upload('A video', { type: 'video' });
		expect(await audioOnly.poll()).toEqual([]);
		expect((await everything.poll()).map((item) => item.media_id)).toEqual([video]);
	});

	it(`pages through more changes than one page (${PAGE_SIZE}) and emits each exactly once, oldest first, reading no further than the last check`, async () => {
		const older = await uploadMany(PAGE_SIZE + 10, 'Back catalogue');
		const workflow = startPolling();
		expect(await workflow.activate()).toEqual([]);

		const ids = await uploadMany(120, 'Batch');
		emu.clearRequests();
		const items = await workflow.poll();
		expect(items).toHaveLength(120);
		expect(new Set(items.map((item) => item.media_id))).toEqual(new Set(ids));
		const times = items.map((item) => Date.parse(String(item.emitted_at)));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		// 120 new, then the back catalogue: the third page reaches the last check, so paging stops there
		// instead of reading the 60 older media to the end.
		expect(listRequests()).toHaveLength(Math.ceil(120 / PAGE_SIZE));
		expect(older).toHaveLength(PAGE_SIZE + 10);

		emu.clearRequests();
		expect(await workflow.poll()).toEqual([]);
		expect(listRequests()).toHaveLength(1);
	});

	it('media that end in the same millisecond: none is lost at the cursor, none emitted twice', async () => {
		// At publishing: two media share the newest timestamp; both count as handled.
		const [first, second] = await uploadMany(2, 'Same millisecond');
		emu.aioz.setUpdatedAt(second, await updatedAt(first));
		const workflow = startPolling();
		await workflow.activate();
		expect(workflow.staticData().handled).toEqual(
			expect.arrayContaining([
				[first, 'done'],
				[second, 'done'],
			]),
		);
		expect(await workflow.poll()).toEqual([]);

		// Later: one media is emitted; another ends in the same millisecond after that poll listed.
		const third = await upload('Third');
		expect((await workflow.poll()).map((item) => item.media_id)).toEqual([third]);
		const fourth = await upload('Fourth');
		emu.aioz.setUpdatedAt(fourth, await updatedAt(third));
		expect((await workflow.poll()).map((item) => item.media_id)).toEqual([fourth]);
		expect(await workflow.poll()).toEqual([]);
	});

	it('an audio edited after it was emitted (its updated_at moves) is not emitted again', async () => {
		const workflow = startPolling();
		await workflow.activate();
		const mediaId = await upload('Before the rename');
		expect((await workflow.poll()).map((item) => item.media_id)).toEqual([mediaId]);

		const before = await updatedAt(mediaId);
		await sleep(5);
		expect(
			(await aiozRequest(emu, 'PATCH', `/media/${mediaId}`, { title: 'Renamed by the workflow' }))
				.status,
		).toBe(200);
		expect(await updatedAt(mediaId)).not.toBe(before);
		expect(await workflow.poll()).toEqual([]);
		expect(workflow.staticData().cursor).toBe(await updatedAt(mediaId));
	});

	it(`remembers at most ${MAX_HANDLED} handled media, keeping the newest`, async () => {
		const workflow = startPolling();
		await workflow.activate();
		const handled = Array.from({ length: MAX_HANDLED }, (_, i) => [`old-${i}`, 'done']);
		Object.assign(workflow.staticData(), { handled });
		const mediaId = await upload('One more');
		expect((await workflow.poll()).map((item) => item.media_id)).toEqual([mediaId]);
		const kept = workflow.staticData().handled as string[][];
		expect(kept).toHaveLength(MAX_HANDLED);
		expect(kept[0]).toEqual(['old-1', 'done']);
		expect(kept.at(-1)).toEqual([mediaId, 'done']);
	});
});

describe('AIOZ Stream Polling Trigger: restarts, the editor, errors', () => {
	it('a restart (new node instance, the saved static data) emits no duplicate and catches up on what ended meanwhile', async () => {
		const workflow = startPolling();
		await workflow.activate();
		const emitted = await upload('Emitted before the restart');
		expect((await workflow.poll()).map((item) => item.media_id)).toEqual([emitted]);

		workflow.restart();
		expect(await workflow.activate()).toEqual([]);
		expect(await workflow.poll()).toEqual([]);

		const whileDown = await upload('Ended while n8n was down');
		workflow.restart();
		expect((await workflow.activate()).map((item) => item.media_id)).toEqual([whileDown]);
		workflow.restart();
		expect(await workflow.activate()).toEqual([]);
	});

	it('Fetch Test Event emits the most recent matching audio and leaves the state alone; none gives a clear error', async () => {
		const workflow = startPolling();
		await expect(workflow.fetchTestEvent()).rejects.toThrow(
			'No audio in this AIOZ Stream account has finished or failed transcoding yet',
		);
		await upload('Older');
		const latest = await upload('Latest');
		const items = await workflow.fetchTestEvent();
		expect(items).toEqual([
			expect.objectContaining({ event: 'encoding.finished', media_id: latest }),
		]);
		expect(workflow.staticData()).toEqual({});

		// Publishing afterwards still starts from "now": the test event was not a check.
		expect(await workflow.activate()).toEqual([]);
	});

	it('wrong API keys fail the poll with the credential message, leaving the state as it was', async () => {
		const workflow = startPolling({}, { secretKey: 'wrong-secret-key' });
		const failure = workflow.activate();
		await expect(failure).rejects.toThrow('Invalid AIOZ Stream API keys');
		const error = await failure.catch((caught: unknown) => caught);
		expect(JSON.stringify(error)).not.toContain(emu.keys.aiozSecretKey);
		expect(workflow.staticData()).toEqual({});
		await expect(workflow.fetchTestEvent()).rejects.toThrow('Invalid AIOZ Stream API keys');
	});

	it('no event selected is refused before any request', async () => {
		const workflow = startPolling({ events: [] });
		await expect(workflow.activate()).rejects.toThrow('Select at least one event in "Events"');
		expect(emu.requests).toHaveLength(0);
	});
});
