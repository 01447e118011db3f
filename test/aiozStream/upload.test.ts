/**
 * Byte-exact delivery: the one-step Upload and the four-step chain (Create → Upload Part →
 * Complete → Get with waiting), small and multi-part files, both route families.
 */
import type { IBinaryData } from 'n8n-workflow';

import { readBinary, storeBinary } from '../harness';
import { aioz, apiRequests, bytes, expectNoSecret, inMemoryBinary, md5, run, type Family } from './helpers';
import { useEmulator } from '../useEmulator';

const MIB = 1024 * 1024;
const SMALL = 300 * 1024 + 7;
const LARGE = 12 * MIB;

const emu = useEmulator({ transcodeDelayMs: 100 });

const fast = { chunkSize: 5, pollInterval: 0.2 };

async function fileItem(data: Buffer) {
	const binary: IBinaryData = await storeBinary(data, { fileName: 'episode.mp3', mimeType: 'audio/mpeg' });
	expect(binary.id).toBeDefined();
	return [{ json: { source: 'test' }, binary: { data: binary } }];
}

/** The parts the emulator accepted: consecutive ranges from 0, each with its own md5. */
function expectParts(id: string, data: Buffer, chunk: number) {
	const media = emu.aioz.getMedia(id)!;
	const expected = Math.ceil(data.length / chunk);
	expect(media.parts.map((part) => part.index)).toEqual([...Array(expected).keys()]);
	for (const part of media.parts) {
		expect(part.start).toBe(part.index * chunk);
		expect(part.hash).toBe(md5(data.subarray(part.start, part.end + 1)));
	}
	expect(media.totalSize).toBe(data.length);
}

describe.each<Family>(['media', 'videos'])('route family %s', (family) => {
	it.each([
		['a small file', SMALL],
		['a 12 MiB file in 5 MiB parts', LARGE],
	])('one-step upload delivers %s byte-exactly', async (_label, size) => {
		const data = bytes(size);
		const result = await run(emu, [aioz('Upload', { operation: 'upload', title: 'Episode 1', options: fast })], {
			family,
			input: await fileItem(data),
		});

		expect(result.status).toBe('success');
		const [item] = result.items('Upload');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ title: 'Episode 1', type: 'audio', status: 'done' });
		const assets = item.json.assets as Record<string, string>;
		expect(assets.hls_url).toMatch(/^http/);
		expect(assets.dash_url).toMatch(/^http/);
		expect(assets.mp4_url).toBeUndefined();

		const id = item.json.id as string;
		expect(emu.aioz.getMedia(id)?.routeFamily).toBe(family);
		expect(await emu.aioz.md5(id)).toBe(md5(data));
		expectParts(id, data, 5 * MIB);
		expect(emu.aioz.getMedia(id)?.createBody).toEqual({ title: 'Episode 1', type: 'audio' });
		expect(apiRequests(emu).every((request) => request.path.startsWith(`/api/${family}/`))).toBe(true);
		expectNoSecret(result, emu.keys.aiozSecretKey);
	});

	it.each([
		['a small file', SMALL],
		['a 12 MiB file in 5 MiB parts', LARGE],
	])('the chain Create → Upload Part → Complete → Get delivers %s byte-exactly', async (_label, size) => {
		const data = bytes(size);
		const result = await run(
			emu,
			[
				aioz('Create', { operation: 'create', title: 'Chained' }),
				aioz('Upload Part', { operation: 'uploadPart', mediaId: '={{ $json.id }}', options: { chunkSize: 5 } }),
				aioz('Complete', { operation: 'complete', mediaId: '={{ $json.id }}' }),
				aioz('Get', { operation: 'get', mediaId: '={{ $json.id }}', waitForCompletion: true, options: { pollInterval: 0.2 } }),
			],
			{ family, input: await fileItem(data) },
		);

		expect(result.status).toBe('success');
		const [created] = result.items('Create');
		const id = created.json.id as string;
		// Create and Upload Part keep the file on the item, so the chain needs no Merge node.
		expect(created.binary?.data).toBeDefined();
		const [uploaded] = result.items('Upload Part');
		expect(uploaded.json).toEqual({ id, bytes: size, parts: Math.ceil(size / (5 * MIB)) });
		expect(uploaded.binary?.data).toBeDefined();
		expect(result.items('Complete')[0].json).toMatchObject({ id });
		const [got] = result.items('Get');
		expect(got.json).toMatchObject({ id, status: 'done' });
		expect((got.json.assets as Record<string, string>).hls_url).toMatch(/^http/);
		for (const name of ['Create', 'Upload Part', 'Complete', 'Get']) {
			expect(result.items(name)[0].pairedItem).toEqual({ item: 0 });
		}

		expect(await emu.aioz.md5(id)).toBe(md5(data));
		expectParts(id, data, 5 * MIB);
		expect(emu.aioz.getMedia(id)?.routeFamily).toBe(family);
	});
});

it('one-step upload keeps the file on its output item, so the next node can upload it again', async () => {
	const data = bytes(SMALL);
	const input = await fileItem(data);
	const result = await run(
		emu,
		[
			aioz('Upload', { operation: 'upload', title: 'First', waitForCompletion: false }),
			aioz('Upload Again', { operation: 'upload', title: 'Second', waitForCompletion: false }),
		],
		{ input },
	);

	expect(result.status).toBe('success');
	const [first] = result.items('Upload');
	const [second] = result.items('Upload Again');
	expect(first.binary).toEqual(input[0].binary);
	expect(second.binary).toEqual(input[0].binary);
	expect(await readBinary(second.binary!.data)).toEqual(data);
	expect(first.json.id).not.toBe(second.json.id);
	expect(await emu.aioz.md5(first.json.id as string)).toBe(md5(data));
	expect(await emu.aioz.md5(second.json.id as string)).toBe(md5(data));
});

it.each([
	['filesystem', true],
	['in-memory', false],
])('cuts %s binary data into parts that do not line up with its 1 MiB reads', async (_mode, stored) => {
	const data = bytes(LARGE + 3);
	const chunk = Math.floor(5.3 * MIB);
	const input = stored
		? await fileItem(data)
		: [{ json: {}, binary: { data: inMemoryBinary(data) } }];
	const result = await run(
		emu,
		[aioz('Upload', { operation: 'upload', title: 'Odd parts', waitForCompletion: false, options: { chunkSize: 5.3, concurrency: 2 } })],
		{ input },
	);

	expect(result.status).toBe('success');
	const id = result.items('Upload')[0].json.id as string;
	expect(await emu.aioz.md5(id)).toBe(md5(data));
	expectParts(id, data, chunk);
});

it('uploads binary data held in memory (no binary id), sliced without copies', async () => {
	const data = bytes(LARGE);
	const result = await run(
		emu,
		[aioz('Upload', { operation: 'upload', title: 'From memory', waitForCompletion: false, options: fast })],
		{ input: [{ json: {}, binary: { data: inMemoryBinary(data) } }] },
	);

	expect(result.status).toBe('success');
	const [item] = result.items('Upload');
	expect(item.json.status).toMatch(/transcoding|done/);
	const id = item.json.id as string;
	expect(await emu.aioz.md5(id)).toBe(md5(data));
	expectParts(id, data, 5 * MIB);
});

it("sends each part as the upload guide's curl recipe does: file, index and md5 hash, Content-Range with an inclusive end", async () => {
	const data = bytes(SMALL);
	const result = await run(emu, [aioz('Upload', { operation: 'upload', title: 'One part', waitForCompletion: false })], {
		input: await fileItem(data),
	});
	expect(result.status).toBe('success');
	const parts = apiRequests(emu).filter((request) => request.route === 'part');
	expect(parts).toHaveLength(1);
	expect(parts[0].contentRange).toBe(`bytes 0-${SMALL - 1}/${SMALL}`);
	const [part] = emu.aioz.getMedia(result.items('Upload')[0].json.id as string)!.parts;
	expect(part).toMatchObject({ index: 0, start: 0, end: SMALL - 1, size: SMALL, hash: md5(data) });
	expect(apiRequests(emu).map((request) => request.route)).toEqual(['create', 'part', 'complete', 'get']);
});
