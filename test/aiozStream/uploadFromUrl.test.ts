/**
 * Upload and Upload Part from a URL (issue #20), through n8n's engine against the emulator's file
 * source: a source serving byte ranges (each part its own GET), one that does not (read once, in
 * order, read again from the start after a failure), failures of the source before create (nothing
 * created) and after it (the step and media named), inputs refused before any request, private
 * links, Continue On Fail — and no signature or header value anywhere in what a run leaves.
 */
import { sleep, type INode, type INodeExecutionData } from 'n8n-workflow';

import type { RequestLogEntry, SourceFile } from '../../emulator';
import { captureLogs, type LogCapture } from '../minimaxMusic/logCapture';
import { useEmulator } from '../useEmulator';
import { aioz, apiRequests, errorOf, md5, run } from './helpers';

const MIB = 1024 * 1024;
/** 12 MiB and a few bytes: three parts of 5 MiB, the last one short. */
const SIZE = 12 * MIB + 5;
const PROBE = 'bytes=0-65535';

/** Called when the emulator has answered a request (set by a test, cleared before each). */
let onAnswered: ((entry: RequestLogEntry) => void) | undefined;
const emu = useEmulator({ transcodeDelayMs: 100, onRequest: (entry) => onAnswered?.(entry) });

let logs: LogCapture;
beforeEach(() => {
	onAnswered = undefined;
	logs = captureLogs();
});
afterEach(() => logs.restore());

const creates = () => apiRequests(emu).filter((request) => request.route === 'create');
const partRequests = () => apiRequests(emu).filter((request) => request.route === 'part');
/** GETs of a file's content, failed ones included (redirect hops left out). */
const contentGets = (file: SourceFile) => file.requests.filter((request) => request.method === 'GET' && request.status !== 302);

/** Once the source has answered its first GET (the probe), `then` runs: before create. */
function afterProbe(file: SourceFile, then: () => void) {
	let done = false;
	onAnswered = (entry) => {
		if (done || entry.sourceId !== file.id || entry.method !== 'GET') return;
		done = true;
		then();
	};
}

function upload(fileUrl: string, options: Record<string, unknown> = {}, extra: Partial<INode> = {}): INode {
	return aioz(
		'Upload',
		{ operation: 'upload', title: 'From a link', inputSource: 'url', fileUrl, options: { pollInterval: 0.2, ...options } },
		extra,
	);
}

type Run = Awaited<ReturnType<typeof run>>;

/** An error's copy of the node as the workflow defines it: the user's own parameters, not what the node wrote. */
const isNodeDefinition = (key: string, value: unknown) =>
	key === 'node' && typeof value === 'object' && value !== null && 'parameters' in value && 'type' in value;

/**
 * Where `secret` appears in a value: every string, including error properties that are not
 * enumerable (message, description, stack, cause), except n8n's copy of the node's parameters.
 */
function findSecret(value: unknown, secret: string, path = '', seen = new WeakSet<object>()): string[] {
	if (typeof value === 'string') return value.includes(secret) ? [path] : [];
	if (!value || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	if (value instanceof Error && !keys.includes('cause')) keys.push('cause');
	return keys.flatMap((key) => {
		const child = (value as Record<string, unknown>)[key];
		return isNodeDefinition(key, child) ? [] : findSecret(child, secret, `${path}.${key}`, seen);
	});
}

/** The value is nowhere in what a run left (items, errors and their causes) nor in n8n's log. */
function expectNowhere(result: Run, secret: string) {
	expect(findSecret(result.run, secret)).toEqual([]);
	expect(logs.lines.filter((line) => line.includes(secret))).toEqual([]);
}

/** The parts the emulator kept: consecutive ranges from 0 of `chunk` bytes, each md5-checked. */
function expectParts(id: string, file: SourceFile, chunk: number) {
	const media = emu.aioz.getMedia(id)!;
	expect(media.parts.map((part) => part.index)).toEqual([...Array(Math.ceil(file.size / chunk)).keys()]);
	for (const part of media.parts) {
		expect(part.start).toBe(part.index * chunk);
		expect(part.hash).toBe(md5(file.slice(part.start, part.end + 1)));
	}
	expect(media.totalSize).toBe(file.size);
}

/** Content-Range of each part request → the Range header of a GET for the same bytes. */
const asRange = (contentRange: string | undefined) => contentRange?.replace(/^bytes (\d+-\d+)\/\d+$/, 'bytes=$1');

/** How many content GETs each Range header had (probe included). */
function getsPerRange(file: SourceFile) {
	const counts: Record<string, number> = {};
	for (const request of contentGets(file)) counts[request.range ?? 'none'] = (counts[request.range ?? 'none'] ?? 0) + 1;
	return counts;
}

describe('a source serving byte ranges', () => {
	it('Upload: one probe, then one ranged GET per part, each part sent with the range it fetched; md5-exact', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE });
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 3 })]);

		expect(result.status).toBe('success');
		const [item] = result.items('Upload');
		expect(item.json).toMatchObject({ title: 'From a link', type: 'audio', status: 'done' });
		expect((item.json.assets as Record<string, string>).hls_url).toMatch(/^http/);
		expect(item.pairedItem).toEqual({ item: 0 });
		const id = item.json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expectParts(id, file, 5 * MIB);

		const gets = file.requests.filter((request) => request.method === 'GET');
		expect(gets.every((request) => request.status === 206)).toBe(true);
		expect(gets).toHaveLength(1 + 3);
		expect(gets[0].range).toBe(PROBE);
		const parts = partRequests();
		expect(parts).toHaveLength(3);
		expect(gets.slice(1).map((request) => request.range).sort()).toEqual(parts.map((part) => asRange(part.contentRange)).sort());
		// Nothing read twice: the probe's 64 KiB, then each byte once.
		expect(file.served).toBe(64 * 1024 + file.size);
		expect(creates()).toHaveLength(1);
		expect(file.requests.some((request) => request.method === 'HEAD')).toBe(false);
		expectNowhere(result, file.signature);
	});

	it('Upload Part alone: the parts of a media made with Create, from ranged GETs', async () => {
		const file = emu.source.add({ name: 'take 2.mp3', kind: 'mp3', size: SIZE });
		const result = await run(emu, [
			aioz('Create', { operation: 'create', title: 'Chained' }),
			aioz('Upload Part', {
				operation: 'uploadPart',
				mediaId: '={{ $json.id }}',
				inputSource: 'url',
				fileUrl: file.url,
				options: { chunkSize: 5, concurrency: 2 },
			}),
		]);

		expect(result.status).toBe('success');
		const id = result.items('Create')[0].json.id as string;
		expect(result.items('Upload Part')[0].json).toEqual({ id, bytes: file.size, parts: 3 });
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expectParts(id, file, 5 * MIB);
		const ranges = contentGets(file).map((request) => request.range);
		expect(ranges[0]).toBe(PROBE);
		expect(ranges.slice(1).sort()).toEqual(partRequests().map((part) => asRange(part.contentRange)).sort());
		expectNowhere(result, file.signature);
	});

	it.each([
		['503', { status: 503 }],
		['a connection dropped in the middle of the body', { status: 'drop', afterBytes: 1_000_000 }],
	] as const)('a part whose GET fails (%s) is fetched again alone; md5-exact', async (_label, failure) => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE });
		afterProbe(file, () => file.failNext(failure));
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 3 })]);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		const failed = file.requests.filter((request) => request.fault === 'failNext');
		expect(failed).toHaveLength(1);
		const counts = getsPerRange(file);
		const ranges = partRequests().map((part) => asRange(part.contentRange)!);
		expect(Object.keys(counts).sort()).toEqual([PROBE, ...ranges].sort());
		expect(counts[PROBE]).toBe(1);
		for (const range of ranges) expect([range, counts[range]]).toEqual([range, range === failed[0].range ? 2 : 1]);
		// Each part went to AIOZ Stream once.
		expect(partRequests()).toHaveLength(3);
	});

	it('a small file (within one part) goes up from its one ranged GET after the probe', async () => {
		const file = emu.source.add({ name: 'short.wav', size: 300_000 });
		const result = await run(emu, [upload(file.url, {}, {})]);
		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expect(contentGets(file).map((request) => request.range)).toEqual([PROBE, `bytes=0-${file.size - 1}`]);
		expect(partRequests().map((part) => part.contentRange)).toEqual([`bytes 0-${file.size - 1}/${file.size}`]);
	});
});

describe('the first GET (the probe)', () => {
	it.each([
		['a 429', { status: 429 }, true],
		['a connection dropped before the answer', { status: 'drop' }, true],
		['a connection dropped in the middle of its 64 KiB', { status: 'drop', afterBytes: 1000 }, true],
		['a connection dropped before the first byte, without ranges', { status: 'drop', afterBytes: 0 }, false],
	] as const)('is tried again after %s', async (_label, failure, ranges) => {
		const file = emu.source.add({ name: 'ep42.wav', size: 2 * MIB, ranges });
		file.failNext(failure);
		const result = await run(emu, [upload(file.url)]);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		const gets = contentGets(file);
		expect(gets.map((request) => request.range)).toEqual(ranges ? [PROBE, PROBE, `bytes=0-${file.size - 1}`] : [PROBE, PROBE]);
		expect(gets[0].fault).toBe('failNext');
		expect(creates()).toHaveLength(1);
		expectNowhere(result, file.signature);
	});

	it.each([
		['with ranges (its 416 to the first range)', true],
		['without ranges', false],
	])('an empty file is refused as empty, before create, %s', async (_label, ranges) => {
		const file = emu.source.add({ name: 'empty.wav', size: 0, ranges });
		const result = await run(emu, [upload(file.url)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(/^The file at http:\/\/.*empty\.wav\?.*\(redacted\) is empty \(0 bytes\) \[item 0\]$/);
		expect(error?.description).toContain('There is nothing to upload');
		expect(creates()).toHaveLength(0);
		expect(contentGets(file)).toHaveLength(1);
		expectNowhere(result, file.signature);
	});
});

describe('a source without byte ranges', () => {
	it('is read once: the probe answer read on, in order; md5-exact', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, ranges: false });
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 3 })]);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expectParts(id, file, 5 * MIB);
		const gets = file.requests.filter((request) => request.method === 'GET');
		expect(gets.map((request) => [request.range, request.status])).toEqual([[PROBE, 200]]);
		expect(file.served).toBe(file.size);
		expect(partRequests()).toHaveLength(3);
		expectNowhere(result, file.signature);
	});

	it('after a connection dropped in the middle, is read again from the start without a Range, each part sent once', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, ranges: false });
		file.failNext({ status: 'drop', afterBytes: 7 * MIB });
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 3 })]);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expectParts(id, file, 5 * MIB);
		const gets = file.requests.filter((request) => request.method === 'GET');
		expect(gets).toHaveLength(2);
		expect(gets[0]).toMatchObject({ range: PROBE, status: 200, dropped: true });
		expect(gets[1].range).toBeUndefined();
		expect(gets[1].status).toBe(200);
		// The bytes already handed out were skipped, not sent again.
		const parts = partRequests();
		expect(parts.map((part) => part.contentRange).sort()).toEqual(
			[`bytes 0-${5 * MIB - 1}/${SIZE}`, `bytes ${5 * MIB}-${10 * MIB - 1}/${SIZE}`, `bytes ${10 * MIB}-${SIZE - 1}/${SIZE}`].sort(),
		);
		expect(logs.lines.some((line) => line.startsWith('warn:') && line.includes('attempt 1 failed'))).toBe(true);
		expectNowhere(result, file.signature);
	});

	it('that does not say its size is refused before create, saying what to do', async () => {
		const file = emu.source.add({ name: 'live.wav', size: 64 * MIB, ranges: false, length: false });
		const result = await run(emu, [upload(file.url)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(
			/^The source did not say the size of the file at http:\/\/127\.0\.0\.1:\d+\/file-source\/[^/]+\/live\.wav\?X-Amz-Algorithm=\(redacted\)&.*X-Amz-Signature=\(redacted\) \[item 0\]$/,
		);
		expect(error?.description).toContain('Content-Length');
		expect(error?.description).toContain('Input Source to Binary Field');
		expect(creates()).toHaveLength(0);
		expect(apiRequests(emu)).toHaveLength(0);
		// The probe's answer was not read on.
		expect(file.served).toBeLessThan(file.size / 4);
		expectNowhere(result, file.signature);
	});
});

describe('redirects', () => {
	it('are followed (2 hops) on the probe and on every part', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, redirects: 2 });
		const result = await run(emu, [upload(file.url, { chunkSize: 5 })]);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expect(file.requests.filter((request) => request.status === 302)).toHaveLength(2 * 4);
		expect(contentGets(file).map((request) => request.range)[0]).toBe(PROBE);
		expect(contentGets(file)).toHaveLength(4);
		expectNowhere(result, file.signature);
	});

	it('in a loop end with an error naming the source, before create', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, redirects: 'loop' });
		const result = await run(emu, [upload(file.url)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(/^Could not download http:\/\/127\.0\.0\.1:\d+\/file-source\/.*ep42\.wav\?.*: too many redirects/);
		expect(error?.message).toMatch(/\[item 0\]$/);
		expect(creates()).toHaveLength(0);
		// Not retried: a loop stays a loop.
		expect(file.requests.length).toBeLessThanOrEqual(6);
		expectNowhere(result, file.signature);
	});
});

describe('a source that answers an error', () => {
	it.each([404, 403])('%i: "The source answered …" with the URL redacted, before create', async (status) => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, status });
		const result = await run(emu, [upload(file.url)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(
			new RegExp(`^The source answered ${status} for http://127\\.0\\.0\\.1:\\d+/file-source/${file.id}/ep42\\.wav\\?X-Amz-Algorithm=\\(redacted\\)&.*X-Amz-Signature=\\(redacted\\) \\[item 0\\]$`),
		);
		expect(error?.description).toContain(`HTTP ${status} from the server of the file`);
		expect(error?.description).toContain('File URL');
		expect(error?.message).not.toMatch(/AIOZ/);
		expect(creates()).toHaveLength(0);
		expect(apiRequests(emu)).toHaveLength(0);
		// A 4xx is not retried.
		expect(file.requests).toHaveLength(1);
		expectNowhere(result, file.signature);
	});

	it('a file removed from its bucket (404 NoSuchKey) is named the same way', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE });
		emu.source.remove(file);
		const result = await run(emu, [upload(file.url)]);
		expect(errorOf(result, 'Upload')?.message).toMatch(/^The source answered 404 for http:\/\/.*ep42\.wav\?.*\(redacted\) \[item 0\]$/);
		expect(creates()).toHaveLength(0);
		expectNowhere(result, file.signature);
	});
});

describe('a file that is not audio is refused before create, with a hint', () => {
	it("a sharing site's HTML page", async () => {
		const file = emu.source.add({ name: 'ep42.wav', kind: 'html' });
		const result = await run(emu, [upload(file.url)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(/^The file at http:\/\/.*ep42\.wav\?.* is not audio: it is an HTML page \(served as text\/html\) \[item 0\]$/);
		expect(error?.description).toContain('direct download link');
		expect(creates()).toHaveLength(0);
		expectNowhere(result, file.signature);
	});

	it('a PNG image', async () => {
		const file = emu.source.add({ name: 'cover.png', kind: 'png', size: 3 * MIB });
		const result = await run(emu, [upload(file.url)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(/^The file at http:\/\/.*cover\.png\?.* is not audio: it is a PNG image \(served as image\/png\) \[item 0\]$/);
		expect(error?.description).toContain('Point File URL at an audio file');
		expect(creates()).toHaveLength(0);
		// Only the probe's 64 KiB were sent.
		expect(file.served).toBeLessThanOrEqual(64 * 1024);
		expectNowhere(result, file.signature);
	});
});

describe('a slow source', () => {
	it.each([
		['with ranges', true],
		['without ranges', false],
	])('%s: paced at 4 MiB/s per connection, still md5-exact', async (_label, ranges) => {
		const file = emu.source.add({ name: 'slow.wav', size: 2 * MIB, ranges, bytesPerSecond: 4 * MIB });
		const started = performance.now();
		const result = await run(emu, [upload(file.url, {}, {})]);
		const seconds = (performance.now() - started) / 1000;

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		// The pacing applied: 2 MiB at 4 MiB/s take at least half a second.
		expect(seconds).toBeGreaterThan(0.45);
	});
});

describe('the source failing after create', () => {
	it('names the step, the media and the source; Delete Media on Failure deletes the media', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE });
		afterProbe(file, () => file.update({ status: 403 }));
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 2, deleteOnFailure: true })]);

		const id = creates()[0]?.path.split('/').pop();
		const media = apiRequests(emu).find((request) => request.route === 'delete');
		const error = errorOf(result, 'Upload');
		expect(media?.mediaId).toBeDefined();
		expect(error?.message).toMatch(
			new RegExp(`^Upload failed at step "upload parts" for media "${media!.mediaId}": The source answered 403 for http://127\\.0\\.0\\.1:\\d+/file-source/${file.id}/ep42\\.wav\\?.*\\(redacted\\) \\[item 0\\]$`),
		);
		expect(error?.description).toContain(`Media "${media!.mediaId}" was deleted (Delete Media on Failure).`);
		expect(error?.description).toContain('HTTP 403 from the server of the file');
		expect(emu.aioz.getMedia(media!.mediaId!)).toBeUndefined();
		expect(emu.aioz.listMedia()).toHaveLength(0);
		expect(creates()).toHaveLength(1);
		expect(partRequests()).toHaveLength(0);
		expect(id).toBeDefined();
		expectNowhere(result, file.signature);
	});

	it('a part whose GET keeps failing is tried 4 times, then the upload fails in the step form', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE });
		afterProbe(file, () => file.failNext({ status: 500, times: 4 }));
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 1 })]);

		const [media] = emu.aioz.listMedia();
		expect(errorOf(result, 'Upload')?.message).toMatch(
			new RegExp(`^Upload failed at step "upload parts" for media "${media.id}": The source answered 500 for http://.*ep42\\.wav\\?.*\\(redacted\\) \\[item 0\\]$`),
		);
		expect(getsPerRange(file)).toEqual({ [PROBE]: 1, 'bytes=0-5242879': 4 });
		expect(partRequests()).toHaveLength(0);
		expect(logs.lines.filter((line) => line.startsWith('warn:') && line.includes('500'))).toHaveLength(3);
		expectNowhere(result, file.signature);
	});

	it('create failing: the first GET of a source without ranges is closed, not read on', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: 64 * MIB, ranges: false });
		emu.failNext('create', { status: 400, message: 'title contains forbidden words' });
		let closed = false;
		onAnswered = (entry) => {
			if (entry.sourceId === file.id) closed = true;
		};
		const result = await run(emu, [upload(file.url)]);
		await sleep(200);

		expect(errorOf(result, 'Upload')?.message).toBe('title contains forbidden words [item 0]');
		// The source saw its answer end (the node closed the connection).
		expect(closed).toBe(true);
		expect(contentGets(file)).toHaveLength(1);
		expect(file.served).toBeLessThan(file.size / 4);
		expect(emu.aioz.listMedia()).toHaveLength(0);
	});

	it('a source that stops serving ranges after the probe is named, not retried', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE });
		afterProbe(file, () => file.update({ ranges: false }));
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 1 })]);

		const [media] = emu.aioz.listMedia();
		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(
			new RegExp(
				`^Upload failed at step "upload parts" for media "${media.id}": The source stopped serving byte ranges: it answered bytes 0-5242879 of http://.*ep42\\.wav\\?.*\\(redacted\\) with HTTP 200 \\[item 0\\]$`,
			),
		);
		expect(error?.description).toContain('The file may have changed');
		// Not retried: the answer would not change.
		expect(contentGets(file)).toHaveLength(2);
		expect(partRequests()).toHaveLength(0);
		expectNowhere(result, file.signature);
	});

	it('without ranges: a drop, then the read again refused, keeps the step form and leaves the media', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, ranges: false });
		file.failNext({ status: 'drop', afterBytes: 7 * MIB }).failNext({ status: 403 });
		const result = await run(emu, [upload(file.url, { chunkSize: 5, concurrency: 3 })]);

		const [media] = emu.aioz.listMedia();
		const error = errorOf(result, 'Upload');
		expect(error?.message).toMatch(
			new RegExp(`^Upload failed at step "upload parts" for media "${media.id}": The source answered 403 for http://.*ep42\\.wav\\?.*\\(redacted\\) \\[item 0\\]$`),
		);
		expect(error?.description).toMatch(/Reading the file from its start failed after \d+ of 12582917 bytes \(tried 2 times\)/);
		expect(error?.description).toContain(`Media "${media.id}" was left as it is`);
		expect(file.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
		// The part read whole before the drop went up once; nothing went up twice.
		const ranges = partRequests().map((part) => part.contentRange);
		expect(new Set(ranges).size).toBe(ranges.length);
		expectNowhere(result, file.signature);
	});
});

describe('inputs refused before any request', () => {
	const headers = (...header: Array<{ name: string; value: string }>) => ({ fileUrlHeaders: { header } });

	it.each([
		// An expression that gives nothing (an empty field is refused by n8n's own parameter check).
		['an empty File URL', '={{ "" }}', {}, 'File URL is empty [item 0]'],
		['an ftp:// URL', 'ftp://files.example.com/ep42.wav?sig=ftp-secret-1234', {}, 'File URL is not an http(s) URL [item 0]'],
		['not a URL', 'not a url secret-5678', {}, 'File URL is not an http(s) URL [item 0]'],
		[
			'a header with a value but no name',
			'https://example.com/ep42.wav',
			headers({ name: '', value: 'Bearer header-secret-1' }),
			'Options → File URL Headers: header 1 has a value but no name [item 0]',
		],
		[
			'a Range header',
			'https://example.com/ep42.wav',
			headers({ name: 'X-Ok', value: 'fine' }, { name: 'Range', value: 'bytes=0-1' }),
			'Options → File URL Headers: header 2 is Range, which the node sets itself [item 0]',
		],
		[
			'a line break in a header value',
			'https://example.com/ep42.wav',
			headers({ name: 'Authorization', value: 'Bearer header-secret-2\r\nX-Injected: 1' }),
			'Options → File URL Headers: header 1 (Authorization) has a line break in its value [item 0]',
		],
	])('%s', async (_label, fileUrl, options, message) => {
		const result = await run(emu, [upload(fileUrl, options)]);

		const error = errorOf(result, 'Upload');
		expect(error?.message).toBe(message);
		expect(emu.requests).toHaveLength(0);
		for (const secret of ['ftp-secret-1234', 'secret-5678', 'header-secret-1', 'header-secret-2']) expectNowhere(result, secret);
	});
});

describe('File URL Headers (a private link)', () => {
	const token = 'Bearer private-link-token-9f8e7d';

	it('reach the source on every GET, through its redirect: md5-exact, the value nowhere', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, redirects: 1, requireHeaders: { authorization: token } });
		const result = await run(emu, [
			upload(file.url, { chunkSize: 5, fileUrlHeaders: { header: [{ name: 'Authorization', value: token }] } }),
		]);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(file.md5);
		expect(contentGets(file)).toHaveLength(4);
		expectNowhere(result, 'private-link-token-9f8e7d');
		expectNowhere(result, file.signature);
	});

	it("without them, the source's 403 is named, before create", async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: SIZE, requireHeaders: { authorization: token } });
		const wrong = 'Bearer wrong-token-1a2b3c';
		const result = await run(emu, [upload(file.url, { fileUrlHeaders: { header: [{ name: 'Authorization', value: wrong }] } })]);

		expect(errorOf(result, 'Upload')?.message).toMatch(/^The source answered 403 for http:\/\/.*ep42\.wav\?.*\(redacted\) \[item 0\]$/);
		expect(creates()).toHaveLength(0);
		expectNowhere(result, 'wrong-token-1a2b3c');
		expectNowhere(result, file.signature);
	});
});

describe('Continue On Fail', () => {
	it('a bad URL item becomes an error item; the next item uploads from its URL', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: 2 * MIB });
		const missing = emu.source.add({ name: 'gone.wav', size: 2 * MIB, status: 404 });
		const input: INodeExecutionData[] = [
			{ json: { url: 'ftp://files.example.com/ep42.wav' } },
			{ json: { url: missing.url } },
			{ json: { url: file.url } },
		];
		const result = await run(emu, [upload('={{ $json.url }}', { chunkSize: 5 }, { onError: 'continueRegularOutput' })], { input });

		expect(result.status).toBe('success');
		const [bad, gone, good] = result.items('Upload');
		expect(bad).toEqual({
			json: { error: 'File URL is not an http(s) URL [item 0]', description: expect.stringContaining('https://'), httpCode: null },
			pairedItem: { item: 0 },
		});
		expect(gone.json).toEqual({
			error: expect.stringMatching(/^The source answered 404 for http:\/\/.*gone\.wav\?.*\(redacted\) \[item 1\]$/),
			description: expect.stringContaining('HTTP 404 from the server of the file'),
			httpCode: null,
		});
		expect(gone.pairedItem).toEqual({ item: 1 });
		expect(good.json).toMatchObject({ title: 'From a link', status: 'done' });
		expect(good.pairedItem).toEqual({ item: 2 });
		expect(await emu.aioz.md5(good.json.id as string)).toBe(file.md5);
		expect(creates()).toHaveLength(1);
		expectNowhere(result, missing.signature);
		expectNowhere(result, file.signature);
	});
});
