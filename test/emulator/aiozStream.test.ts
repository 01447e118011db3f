import { sleep } from 'n8n-workflow';

import {
	aiozHeaders,
	aiozRequest,
	createMedia,
	fixtureBytes,
	md5,
	splitParts,
	uploadPart,
	type MediaJson,
} from './helpers';
import { useEmulator } from '../useEmulator';

const TRANSCODE_MS = 150;

const emu = useEmulator({ transcodeDelayMs: TRANSCODE_MS });

async function waitForStatus(id: string, wanted: string, timeoutMs = 5_000): Promise<MediaJson> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await aiozRequest(emu, 'GET', `/media/${id}`);
		expect(response.status).toBe(200);
		const media = response.body.data;
		if (media.status === wanted) return media;
		if (Date.now() > deadline) throw new Error(`media ${id} stayed ${media.status}, wanted ${wanted}`);
		await sleep(25);
	}
}

async function uploadWhole(id: string, data: Buffer, partSize: number): Promise<void> {
	for (const part of splitParts(data.length, partSize)) {
		const response = await uploadPart(emu, id, data.subarray(part.start, part.end + 1), part.start, data.length, {
			index: part.index,
		});
		expect(response.status).toBe(200);
	}
}

describe('AIOZ Stream emulator: authentication', () => {
	it('refuses missing or wrong keys with 401 and an invalid API keys message', async () => {
		const missing = await aiozRequest(emu, 'POST', '/media/create', { title: 'x' }, {});
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({ status: 'error', message: expect.stringMatching(/invalid API keys/i) });

		const wrongSecret = await aiozRequest(
			emu,
			'GET',
			'/videos/anything',
			undefined,
			{ 'stream-public-key': emu.keys.aiozPublicKey, 'stream-secret-key': 'not-the-secret' },
		);
		expect(wrongSecret.status).toBe(401);
		expect(wrongSecret.body.message).toMatch(/invalid API keys/i);

		const onlyPublic = await aiozRequest(emu, 'POST', '/media', {}, { 'stream-public-key': emu.keys.aiozPublicKey });
		expect(onlyPublic.status).toBe(401);
		expect(emu.aioz.listMedia()).toHaveLength(0);
	});

	it('answers the credential test endpoints with the test keys', async () => {
		const me = await aiozRequest(emu, 'GET', '/user/me');
		expect(me.status).toBe(200);
		expect(me.body.status).toBe('success');
		expect(me.body.data.user.id).toEqual(expect.any(String));

		const list = await aiozRequest(emu, 'POST', '/media', { limit: 1, offset: 0 });
		expect(list.status).toBe(200);
		expect(list.body).toEqual({ status: 'success', data: { media: [], total: 0 } });
	});

	it('keeps secrets out of the request log', async () => {
		await aiozRequest(emu, 'GET', '/user/me');
		await aiozRequest(emu, 'GET', '/user/me', undefined, {
			'stream-public-key': emu.keys.aiozPublicKey,
			'stream-secret-key': 'leaked-secret-value',
		});
		expect(emu.requests).toHaveLength(2);
		expect(emu.requests.map((r) => r.status)).toEqual([200, 401]);
		for (const entry of emu.requests) {
			expect(entry.headers['stream-secret-key']).toBe('[redacted]');
			expect(entry.headers['stream-public-key']).toBe(emu.keys.aiozPublicKey);
		}
		const serialized = JSON.stringify(emu.requests);
		expect(serialized).not.toContain(emu.keys.aiozSecretKey);
		expect(serialized).not.toContain('leaked-secret-value');
	});
});

describe('AIOZ Stream emulator: create', () => {
	const customBody = {
		title: 'My Podcast',
		type: 'audio',
		description: 'Episode 1',
		is_public: true,
		tags: ['podcast', 'tech'],
		metadata: [{ key: 'episode', value: '1' }],
		qualities: [
			{
				resolution: 'highest',
				type: 'hls',
				container_type: 'mpegts',
				audio_config: { codec: 'aac', bitrate: 320000, channels: '2', sample_rate: 48000, language: 'en', index: 0 },
			},
			{
				resolution: 'standard',
				type: 'dash',
				container_type: 'fmp4',
				audio_config: { codec: 'aac', bitrate: 128000, channels: '2', sample_rate: 44100, language: 'en', index: 0 },
			},
		],
	};

	it('creates an audio media object and keeps the body exactly as received', async () => {
		const response = await aiozRequest(emu, 'POST', '/media/create', customBody);
		expect(response.status).toBe(200);
		expect(response.body.status).toBe('success');
		const media = response.body.data;
		expect(media).toMatchObject({
			id: expect.any(String),
			title: 'My Podcast',
			type: 'audio',
			status: 'new',
			tags: ['podcast', 'tech'],
			metadata: [{ key: 'episode', value: '1' }],
		});
		expect(media.assets.hls_url).toBe('');
		expect(media.assets).not.toHaveProperty('mp4_url');

		const stored = emu.aioz.getMedia(media.id);
		expect(stored?.createBody).toEqual(customBody);
		expect(stored?.routeFamily).toBe('media');
		expect(stored?.status).toBe('new');
	});

	it('defaults the type to video as the spec says', async () => {
		const response = await aiozRequest(emu, 'POST', '/media/create', { title: 'no type' });
		expect(response.status).toBe(200);
		expect(response.body.data.type).toBe('video');
	});

	const refused: Array<[string, Record<string, unknown>, RegExp]> = [
		['a missing title', { type: 'audio' }, /title is required/],
		['an empty title', { title: '   ', type: 'audio' }, /title must be between 1 and 255/],
		['a title of 256 characters', { title: 'x'.repeat(256), type: 'audio' }, /title must be between 1 and 255/],
		['an unknown type', { title: 't', type: 'podcast' }, /type must be one of audio, video/],
		['51 tags', { title: 't', type: 'audio', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /tags must have at most 50/],
		['a non-string tag', { title: 't', type: 'audio', tags: ['ok', 3] }, /tags\[1\] must be a string/],
		['metadata without value', { title: 't', type: 'audio', metadata: [{ key: 'k' }] }, /metadata\[0\]\.value must be a string/],
		['a string is_public', { title: 't', type: 'audio', is_public: 'true' }, /is_public must be a boolean/],
		[
			'dash with mpegts',
			{ title: 't', type: 'audio', qualities: [{ resolution: 'standard', type: 'dash', container_type: 'mpegts' }] },
			/qualities\[0\]\.container_type must be fmp4 for type dash/,
		],
		[
			'hls with fmp4',
			{ title: 't', type: 'audio', qualities: [{ resolution: 'good', type: 'hls', container_type: 'fmp4' }] },
			/qualities\[0\]\.container_type must be mpegts or mp4 for type hls/,
		],
		[
			'a video resolution for audio',
			{ title: 't', type: 'audio', qualities: [{ resolution: '1080p', type: 'hls', container_type: 'mpegts' }] },
			/qualities\[0\]\.resolution must be one of standard, good, highest, lossless/,
		],
		[
			'an unknown stream type',
			{ title: 't', type: 'audio', qualities: [{ resolution: 'good', type: 'rtmp' }] },
			/qualities\[0\]\.type must be one of hls, dash/,
		],
		[
			'a bad sample rate',
			{
				title: 't',
				type: 'audio',
				qualities: [
					{ resolution: 'good', type: 'hls', container_type: 'mpegts' },
					{ resolution: 'lossless', type: 'hls', container_type: 'mp4', audio_config: { codec: 'aac', sample_rate: 44000 } },
				],
			},
			/qualities\[1\]\.audio_config\.sample_rate must be one of 8000, 11025/,
		],
		[
			'a codec other than aac',
			{ title: 't', type: 'audio', qualities: [{ resolution: 'good', type: 'hls', audio_config: { codec: 'mp3' } }] },
			/audio_config\.codec must be one of aac/,
		],
		[
			'a non-integer bitrate',
			{ title: 't', type: 'audio', qualities: [{ resolution: 'good', type: 'hls', audio_config: { bitrate: '128k' } }] },
			/audio_config\.bitrate must be a positive integer/,
		],
		[
			'a negative audio index',
			{ title: 't', type: 'audio', qualities: [{ resolution: 'good', type: 'hls', audio_config: { index: -1 } }] },
			/audio_config\.index must be an integer >= 0/,
		],
	];

	it.each(refused)('refuses %s with a 400 naming the field', async (_label, body, message) => {
		const response = await aiozRequest(emu, 'POST', '/media/create', body);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ status: 'error', message: expect.stringMatching(message) });
		expect(emu.aioz.listMedia()).toHaveLength(0);
	});

	it('accepts a title of exactly 255 characters and 50 tags', async () => {
		const response = await aiozRequest(emu, 'POST', '/media/create', {
			title: 'é'.repeat(255),
			type: 'audio',
			tags: Array.from({ length: 50 }, (_, i) => `tag${i}`),
		});
		expect(response.status).toBe(200);
	});

	it('refuses a body that is not JSON', async () => {
		const response = await fetch(`${emu.aiozBaseUrl}/media/create`, {
			method: 'POST',
			headers: { ...aiozHeaders(emu), 'content-type': 'application/json' },
			body: '{"title": ',
		});
		expect(response.status).toBe(400);
		expect(((await response.json()) as { message: string }).message).toMatch(/invalid JSON body/);
	});
});

describe('AIOZ Stream emulator: part upload', () => {
	it('reassembles parallel, out-of-order parts byte-exactly', async () => {
		const data = fixtureBytes(5 * 256 * 1024 + 12345, 7);
		const id = await createMedia(emu);
		const parts = splitParts(data.length, 256 * 1024).reverse();
		const responses = await Promise.all(
			parts.map((p) =>
				uploadPart(emu, id, data.subarray(p.start, p.end + 1), p.start, data.length, { index: p.index }),
			),
		);
		for (const response of responses) {
			expect(response.status).toBe(200);
			expect(response.body).toEqual({ status: 'success', message: expect.any(String) });
		}
		const media = emu.aioz.getMedia(id);
		expect(media?.totalSize).toBe(data.length);
		expect(media?.bytesReceived).toBe(data.length);
		expect(media?.parts.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(media?.parts[5]).toEqual({
			index: 5,
			start: 5 * 256 * 1024,
			end: data.length - 1,
			size: 12345,
			hash: md5(data.subarray(5 * 256 * 1024)),
		});
		expect(await emu.aioz.md5(id)).toBe(md5(data));
	});

	it('receives parts larger than its 1 MiB batches byte-exactly, many at once and one after the other', async () => {
		// Each part spans several of the receiver's batches (pieces handed to a worker, written with one writev).
		const partSize = 3 * 1024 * 1024 + 17;
		for (const round of [1, 2]) {
			const files = [fixtureBytes(4 * partSize - 5, round), fixtureBytes(3 * partSize + 1, round + 10)];
			const ids = await Promise.all(files.map(async () => await createMedia(emu)));
			const responses = await Promise.all(
				files.flatMap((data, f) =>
					splitParts(data.length, partSize).map((p) =>
						uploadPart(emu, ids[f], data.subarray(p.start, p.end + 1), p.start, data.length, { index: p.index }),
					),
				),
			);
			expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
			for (const [f, data] of files.entries()) expect(await emu.aioz.md5(ids[f])).toBe(md5(data));
		}
	});

	it('accepts the file field before or after index and hash', async () => {
		const data = fixtureBytes(200_000, 3);
		const id = await createMedia(emu);
		const first = await uploadPart(emu, id, data.subarray(0, 100_000), 0, data.length, { index: 0, fileFirst: true });
		const second = await uploadPart(emu, id, data.subarray(100_000), 100_000, data.length, {
			index: 1,
			fileFirst: false,
		});
		expect([first.status, second.status]).toEqual([200, 200]);
		expect(await emu.aioz.md5(id)).toBe(md5(data));
	});

	it('refuses a wrong hash and keeps no trace of the part', async () => {
		const data = fixtureBytes(50_000, 4);
		const id = await createMedia(emu);
		const response = await uploadPart(emu, id, data, 0, data.length, { hash: md5(Buffer.from('something else')) });
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ status: 'error', message: expect.stringMatching(/hash mismatch/) });
		const media = emu.aioz.getMedia(id);
		expect(media?.parts).toEqual([]);
		expect(media?.totalSize).toBeNull();
		expect(media?.bytesReceived).toBe(0);
	});

	it('accepts an upper-case hash', async () => {
		const data = fixtureBytes(1000, 5);
		const id = await createMedia(emu);
		const response = await uploadPart(emu, id, data, 0, data.length, { hash: md5(data).toUpperCase() });
		expect(response.status).toBe(200);
	});

	it('refuses a Content-Range that does not match the bytes received', async () => {
		const data = fixtureBytes(10_000, 6);
		const id = await createMedia(emu);
		const tooLong = await uploadPart(emu, id, data, 0, 20_000, { contentRange: 'bytes 0-10999/20000' });
		expect(tooLong.status).toBe(400);
		expect(tooLong.body.message).toMatch(/Content-Range bytes 0-10999\/20000 announces 11000 bytes but the file field has 10000 bytes/);
		const tooShort = await uploadPart(emu, id, data, 0, 20_000, { contentRange: 'bytes 0-8999/20000' });
		expect(tooShort.status).toBe(400);
		expect(tooShort.body.message).toMatch(/announces 9000 bytes but the file field has 10000 bytes/);
		expect(emu.aioz.getMedia(id)?.parts).toEqual([]);
	});

	const badRanges: Array<[string, string | null, RegExp]> = [
		['a missing header', null, /Content-Range header is required/],
		['a malformed header', 'bytes=0-9/10', /invalid Content-Range header/],
		['an exclusive end', 'bytes 0-10/10', /end must be < total/],
		['an end before the start', 'bytes 5-2/10', /end is before start/],
	];

	it.each(badRanges)('refuses %s', async (_label, contentRange, message) => {
		const id = await createMedia(emu);
		const response = await uploadPart(emu, id, fixtureBytes(10), 0, 10, { contentRange });
		expect(response.status).toBe(400);
		expect(response.body.message).toMatch(message);
	});

	it('refuses a total that differs from the earlier parts', async () => {
		const data = fixtureBytes(2000, 8);
		const id = await createMedia(emu);
		expect((await uploadPart(emu, id, data.subarray(0, 1000), 0, 2000, { index: 0 })).status).toBe(200);
		const response = await uploadPart(emu, id, data.subarray(1000), 1000, 3000, { index: 1 });
		expect(response.status).toBe(400);
		expect(response.body.message).toMatch(/total 3000 does not match the total size 2000/);
	});

	it('refuses missing or invalid index and hash fields', async () => {
		const data = fixtureBytes(100, 9);
		const id = await createMedia(emu);
		const noIndex = await uploadPart(emu, id, data, 0, 100, { omit: ['index'] });
		expect(noIndex.body.message).toMatch(/index is required/);
		const negative = await uploadPart(emu, id, data, 0, 100, { index: -1 });
		expect(negative.body.message).toMatch(/index must be an integer >= 0/);
		const text = await uploadPart(emu, id, data, 0, 100, { index: 'first' });
		expect(text.body.message).toMatch(/index must be an integer >= 0/);
		const noHash = await uploadPart(emu, id, data, 0, 100, { omit: ['hash'] });
		expect(noHash.body.message).toMatch(/hash is required/);
		const noFile = await uploadPart(emu, id, data, 0, 100, { omit: ['file'] });
		expect(noFile.body.message).toMatch(/file is required/);
		for (const r of [noIndex, negative, text, noHash, noFile]) expect(r.status).toBe(400);
		expect(emu.aioz.getMedia(id)?.parts).toEqual([]);
	});

	it('answers 404 for an unknown media id', async () => {
		const response = await uploadPart(emu, 'no-such-media', fixtureBytes(10), 0, 10);
		expect(response.status).toBe(404);
		expect(response.body).toEqual({ status: 'error', message: expect.stringMatching(/media not found/) });
	});

	it('lets a re-sent part replace the earlier one, and a refused re-send change nothing', async () => {
		const first = fixtureBytes(4096, 10);
		const second = fixtureBytes(4096, 11);
		const id = await createMedia(emu);
		expect((await uploadPart(emu, id, first, 0, 4096, { index: 0 })).status).toBe(200);
		expect(await emu.aioz.md5(id)).toBe(md5(first));

		const corrupt = await uploadPart(emu, id, second, 0, 4096, { index: 0, hash: md5(first) });
		expect(corrupt.status).toBe(400);
		expect(await emu.aioz.md5(id)).toBe(md5(first));

		expect((await uploadPart(emu, id, second, 0, 4096, { index: 0 })).status).toBe(200);
		const media = emu.aioz.getMedia(id);
		expect(media?.parts).toHaveLength(1);
		expect(media?.parts[0].hash).toBe(md5(second));
		expect(await emu.aioz.md5(id)).toBe(md5(second));
	});
});

describe('AIOZ Stream emulator: complete and transcoding', () => {
	it('refuses complete without bytes or with a gap', async () => {
		const id = await createMedia(emu);
		const empty = await aiozRequest(emu, 'GET', `/media/${id}/complete`);
		expect(empty.status).toBe(400);
		expect(empty.body).toEqual({ status: 'error', message: expect.stringMatching(/^missing bytes/) });

		const data = fixtureBytes(3000, 12);
		await uploadPart(emu, id, data.subarray(0, 1000), 0, 3000, { index: 0 });
		await uploadPart(emu, id, data.subarray(2000), 2000, 3000, { index: 2 });
		const gap = await aiozRequest(emu, 'GET', `/media/${id}/complete`);
		expect(gap.status).toBe(400);
		expect(gap.body.message).toMatch(/^missing bytes: 1000 of 3000 bytes have not been uploaded \(ranges 1000-1999\)/);
		expect(emu.aioz.getMedia(id)?.status).toBe('new');

		await uploadPart(emu, id, data.subarray(1000, 2000), 1000, 3000, { index: 1 });
		const done = await aiozRequest(emu, 'POST', `/media/${id}/complete`);
		expect(done.status).toBe(200);
		expect(await emu.aioz.md5(id)).toBe(md5(data));
	});

	it('goes new -> transcoding -> done and serves the HLS playlist (audio: no mp4_url)', async () => {
		const data = fixtureBytes(70_000, 13);
		const id = await createMedia(emu, { title: 'Tone', type: 'audio' });
		expect((await aiozRequest(emu, 'GET', `/media/${id}`)).body.data.status).toBe('new');
		await uploadWhole(id, data, 32_768);

		const complete = await aiozRequest(emu, 'GET', `/media/${id}/complete`);
		expect(complete.status).toBe(200);
		expect(complete.body.status).toBe('success');
		const transcoding = (await aiozRequest(emu, 'GET', `/media/${id}`)).body.data;
		expect(transcoding.status).toBe('transcoding');
		expect(transcoding.assets.hls_url).toBe('');

		const done = await waitForStatus(id, 'done');
		expect(done.size).toBe(data.length);
		expect(done.assets).toEqual({
			hls_url: `${emu.url}/hls/${id}/manifest.m3u8`,
			hls_player_url: expect.stringContaining(`/player/${id}`),
			hls_iframe: expect.stringContaining('<iframe'),
			dash_url: `${emu.url}/dash/${id}/manifest.mpd`,
			dash_player_url: expect.stringContaining(`/player/${id}`),
			dash_iframe: expect.stringContaining('<iframe'),
			thumbnail_url: expect.stringContaining(`/thumbnail/${id}`),
			source_url: `${emu.url}/source/${id}`,
		});
		expect(done.assets).not.toHaveProperty('mp4_url');

		const master = await fetch(done.assets.hls_url);
		expect(master.status).toBe(200);
		expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
		const masterText = await master.text();
		expect(masterText.startsWith('#EXTM3U\n')).toBe(true);
		const variant = masterText.split('\n').find((line) => line.endsWith('.m3u8'));
		const playlist = await fetch(new URL(variant as string, done.assets.hls_url));
		const playlistText = await playlist.text();
		expect(playlistText).toContain('#EXT-X-ENDLIST');
		const segment = playlistText.split('\n').find((line) => line.startsWith('segment_'));
		const segmentBytes = Buffer.from(await (await fetch(new URL(segment as string, playlist.url))).arrayBuffer());
		expect(md5(segmentBytes)).toBe(md5(data));

		const mpd = await fetch(done.assets.dash_url);
		expect(mpd.status).toBe(200);
		expect(await mpd.text()).toContain('<MPD');
	});

	it('only gives URLs for the stream types asked for, and video has mp4_url', async () => {
		const id = await createMedia(emu, {
			title: 'dash only',
			type: 'audio',
			qualities: [{ resolution: 'good', type: 'dash', container_type: 'fmp4' }],
		});
		await uploadWhole(id, fixtureBytes(1000), 1000);
		await aiozRequest(emu, 'GET', `/media/${id}/complete`);
		const done = await waitForStatus(id, 'done');
		expect(done.assets.hls_url).toBe('');
		expect(done.assets.dash_url).toContain('/manifest.mpd');

		const videoId = await createMedia(emu, { title: 'video', type: 'video' });
		await uploadWhole(videoId, fixtureBytes(1000), 1000);
		await aiozRequest(emu, 'GET', `/media/${videoId}/complete`);
		expect((await waitForStatus(videoId, 'done')).assets.mp4_url).toContain(videoId);
	});

	it('answers a repeated complete with success and refuses parts after complete', async () => {
		const data = fixtureBytes(500);
		const id = await createMedia(emu);
		await uploadWhole(id, data, 500);
		expect((await aiozRequest(emu, 'GET', `/media/${id}/complete`)).status).toBe(200);
		const again = await aiozRequest(emu, 'GET', `/media/${id}/complete`);
		expect(again.status).toBe(200);
		expect(emu.aioz.getMedia(id)?.completeCount).toBe(2);
		const late = await uploadPart(emu, id, data, 0, 500);
		expect(late.status).toBe(400);
		expect(late.body.message).toMatch(/already completed/);
	});

	it('can make a transcode fail', async () => {
		emu.aioz.failNextTranscode();
		const id = await createMedia(emu);
		await uploadWhole(id, fixtureBytes(100), 100);
		await aiozRequest(emu, 'GET', `/media/${id}/complete`);
		const failed = await waitForStatus(id, 'fail');
		expect(failed.assets.hls_url).toBe('');
		const manifest = await fetch(`${emu.url}/hls/${id}/manifest.m3u8`);
		expect(manifest.status).toBe(404);
	});
});

describe('AIOZ Stream emulator: route families', () => {
	it('serves the same media under /api/videos and /api/media and records the family used', async () => {
		const data = fixtureBytes(3000, 14);
		const id = await createMedia(emu, { title: 'via videos', type: 'audio' }, 'videos');
		expect(emu.aioz.getMedia(id)?.routeFamily).toBe('videos');
		expect(
			(await uploadPart(emu, id, data.subarray(0, 1500), 0, 3000, { index: 0, family: 'videos' })).status,
		).toBe(200);
		expect((await uploadPart(emu, id, data.subarray(1500), 1500, 3000, { index: 1, family: 'media' })).status).toBe(
			200,
		);
		expect((await aiozRequest(emu, 'GET', `/videos/${id}/complete`)).status).toBe(200);
		const viaMedia = await aiozRequest(emu, 'GET', `/media/${id}`);
		const viaVideos = await aiozRequest(emu, 'GET', `/videos/${id}`);
		expect(viaMedia.body.data.id).toBe(id);
		expect(viaVideos.body.data.id).toBe(id);
		const families = emu.requests.filter((r) => r.mediaId === id).map((r) => `${r.route}:${r.family}`);
		expect(families).toEqual(['part:videos', 'part:media', 'complete:videos', 'get:media', 'get:videos']);
		expect(emu.requests[0]).toMatchObject({ route: 'create', family: 'videos', status: 200 });
	});
});

describe('AIOZ Stream emulator: list, update, delete', () => {
	it('lists with filters, sorting and paging (POST /media as the spec says)', async () => {
		const a = await createMedia(emu, { title: 'Alpha talk', type: 'audio', tags: ['talk', 'en'] });
		const b = await createMedia(emu, { title: 'Beta music', type: 'audio', tags: ['music'] });
		const c = await createMedia(emu, { title: 'Gamma talk', type: 'video', tags: ['talk'] }, 'videos');

		const all = await aiozRequest(emu, 'POST', '/media', {});
		expect(all.body.data.total).toBe(3);
		expect(all.body.data.media.map((m: { id: string }) => m.id)).toEqual([a, b, c]);

		const talks = await aiozRequest(emu, 'POST', '/videos', { search: 'TALK', sort_by: 'title', order_by: 'desc' });
		expect(talks.body.data.media.map((m: { id: string }) => m.id)).toEqual([c, a]);

		const tagged = await aiozRequest(emu, 'POST', '/media', { tags: ['talk', 'en'] });
		expect(tagged.body.data.media.map((m: { id: string }) => m.id)).toEqual([a]);

		const audio = await aiozRequest(emu, 'POST', '/media', { type: 'audio', status: ['new'], limit: 1, offset: 1 });
		expect(audio.body.data).toEqual({ total: 2, media: [expect.objectContaining({ id: b })] });

		const badLimit = await aiozRequest(emu, 'POST', '/media', { limit: 101 });
		expect(badLimit.status).toBe(400);
		expect(badLimit.body.message).toMatch(/limit must be an integer between 1 and 100/);
		const badSort = await aiozRequest(emu, 'POST', '/media', { sort_by: 'name' });
		expect(badSort.body.message).toMatch(/sort_by must be one of/);

		const getList = await aiozRequest(emu, 'GET', '/media?limit=1');
		expect(getList.status).toBe(404);
		expect(getList.body.message).toMatch(/list is POST/);
	});

	it('updates with PATCH and deletes', async () => {
		const id = await createMedia(emu);
		const update = { title: 'Renamed', description: 'new text', is_public: false, tags: ['x'], player_id: 'player-1' };
		const patched = await aiozRequest(emu, 'PATCH', `/media/${id}`, update);
		expect(patched.status).toBe(200);
		expect(patched.body).toEqual({ status: 'success', message: expect.any(String) });
		const media = (await aiozRequest(emu, 'GET', `/media/${id}`)).body.data;
		expect(media).toMatchObject({
			title: 'Renamed',
			description: 'new text',
			is_public: false,
			tags: ['x'],
			player_theme_id: 'player-1',
		});
		expect(emu.aioz.getMedia(id)?.updates).toEqual([update]);

		const bad = await aiozRequest(emu, 'PATCH', `/media/${id}`, { title: '' });
		expect(bad.status).toBe(400);
		expect(bad.body.message).toMatch(/title must be between 1 and 255/);
		const put = await aiozRequest(emu, 'PUT', `/media/${id}`, { title: 'x' });
		expect(put.status).toBe(404);

		const deleted = await aiozRequest(emu, 'DELETE', `/videos/${id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body.status).toBe('success');
		expect((await aiozRequest(emu, 'GET', `/media/${id}`)).status).toBe(404);
		expect((await aiozRequest(emu, 'DELETE', `/media/${id}`)).status).toBe(404);
		expect(emu.aioz.getMedia(id)).toBeUndefined();
	});
});

describe('AIOZ Stream emulator: failNext', () => {
	it('fails the next requests of a route with the given status, then recovers', async () => {
		emu.failNext('create', { status: 503, message: 'maintenance', times: 2 });
		const first = await aiozRequest(emu, 'POST', '/media/create', { title: 'a', type: 'audio' });
		const second = await aiozRequest(emu, 'POST', '/media/create', { title: 'a', type: 'audio' });
		const third = await aiozRequest(emu, 'POST', '/media/create', { title: 'a', type: 'audio' });
		expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
		expect(first.body).toEqual({ status: 'error', message: 'maintenance' });
		expect(emu.aioz.listMedia()).toHaveLength(1);

		emu.failNext('complete', { status: 429, retryAfterSeconds: 2 });
		const limited = await aiozRequest(emu, 'GET', `/media/${third.body.data.id}/complete`);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(emu.requests.filter((r) => r.fault === 'failNext')).toHaveLength(3);
	});

	it('can drop the connection', async () => {
		emu.failNext('get', { status: 'drop' });
		await expect(fetch(`${emu.aiozBaseUrl}/media/x`, { headers: aiozHeaders(emu) })).rejects.toThrow();
		expect(emu.requests[0]).toMatchObject({ dropped: true, status: 0 });
		expect((await aiozRequest(emu, 'GET', '/media/x')).status).toBe(404);
	});
});
