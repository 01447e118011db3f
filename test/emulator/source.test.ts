import { createHash } from 'node:crypto';

import { fixtureBytes, md5 } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 0 });

const MiB = 1024 * 1024;

/** The generated pattern, written again from its description in emulator/source.js (not by calling it). */
function expectedPattern(seed: number, start: number, end: number, header: Buffer): Buffer {
	const out = Buffer.alloc(end - start);
	const block = Buffer.alloc(65536);
	for (let index = Math.floor(start / 65536); index * 65536 < end; index++) {
		let x = (Math.imul(index + 1, 0x9e3779b1) ^ seed) >>> 0 || 1;
		for (let i = 0; i < 16384; i++) {
			x = (x ^ (x << 13)) >>> 0;
			x = (x ^ (x >>> 17)) >>> 0;
			x = (x ^ (x << 5)) >>> 0;
			block.writeUInt32LE(x, i * 4);
		}
		const blockStart = index * 65536;
		const from = Math.max(start, blockStart);
		const to = Math.min(end, blockStart + 65536);
		block.copy(out, from - start, from - blockStart, to - blockStart);
	}
	if (start < header.length) header.copy(out, 0, start, Math.min(end, header.length));
	return out;
}

async function getBytes(url: string, headers: Record<string, string> = {}): Promise<{ response: Response; body: Buffer }> {
	const response = await fetch(url, { headers });
	return { response, body: Buffer.from(await response.arrayBuffer()) };
}

/** Streams a GET through md5 without keeping it; resolves to the digest and the byte count. */
async function hashGet(url: string): Promise<{ status: number; md5: string; size: number }> {
	const response = await fetch(url);
	const hash = createHash('md5');
	let size = 0;
	for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
		hash.update(chunk);
		size += chunk.length;
	}
	return { status: response.status, md5: hash.digest('hex'), size };
}

/** Reads a GET, counting the body bytes received before the end or an error. */
async function readCounting(url: string): Promise<{ status: number; received: number; error?: string }> {
	const response = await fetch(url);
	let received = 0;
	try {
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
		return { status: response.status, received };
	} catch (error) {
		return { status: response.status, received, error: (error as Error).message };
	}
}

function withoutQuery(url: string): string {
	return url.split('?')[0];
}

function withSignature(url: string, signature: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set('X-Amz-Signature', signature);
	return parsed.toString();
}

describe('file source: content', () => {
	it('serves a generated WAV whose full GET hashes to file.md5, with a presigned-looking URL', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: 3 * MiB + 123 });
		expect(file.url).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/file-source\/[^/]+\/ep42\.wav\?.*X-Amz-Expires=300.*&X-Amz-Signature=[0-9a-f]{64}$/,
		);
		const { response, body } = await getBytes(file.url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('audio/wav');
		expect(response.headers.get('content-length')).toBe(String(3 * MiB + 123));
		expect(response.headers.get('accept-ranges')).toBe('bytes');
		expect(md5(body)).toBe(file.md5);
		expect(body.equals(expectedPattern(file.seed, 0, body.length, file.header))).toBe(true);
		expect(file.served).toBe(body.length);

		// RIFF/WAVE, fmt (PCM, 44.1 kHz, 16-bit stereo), data chunk sized to the file.
		expect(body.toString('latin1', 0, 4)).toBe('RIFF');
		expect(body.readUInt32LE(4)).toBe(body.length - 8);
		expect(body.toString('latin1', 8, 16)).toBe('WAVEfmt ');
		expect([body.readUInt16LE(20), body.readUInt16LE(22), body.readUInt32LE(24), body.readUInt16LE(34)]).toEqual([1, 2, 44100, 16]);
		expect(body.toString('latin1', 36, 40)).toBe('data');
		expect(body.readUInt32LE(40)).toBe(body.length - 44);
	});

	it('serves given bytes as they are, with a Content-Type sniffed from them', async () => {
		const bytes = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), fixtureBytes(70_000, 3)]);
		const file = emu.source.add({ name: 'song.mp3', bytes });
		const { response, body } = await getBytes(file.url);
		expect(response.headers.get('content-type')).toBe('audio/mpeg');
		expect(body.equals(bytes)).toBe(true);
		expect(file.md5).toBe(md5(bytes));
		expect(file.kind).toBe('bytes');
	});

	it('starts each kind with its magic bytes and Content-Type (html is a "confirm download" page)', async () => {
		const expectations = [
			{ kind: 'wav', type: 'audio/wav', check: (b: Buffer) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE' },
			{ kind: 'mp3', type: 'audio/mpeg', check: (b: Buffer) => b.toString('latin1', 0, 3) === 'ID3' },
			{ kind: 'png', type: 'image/png', check: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
			{ kind: 'html', type: 'text/html; charset=utf-8', check: (b: Buffer) => b.toString('utf8').startsWith('<!DOCTYPE html>') && b.toString('utf8').includes("can't scan this file for viruses") },
		] as const;
		for (const { kind, type, check } of expectations) {
			const file = emu.source.add({ kind, size: 100_000 });
			const { response, body } = await getBytes(file.url);
			expect([kind, response.status, response.headers.get('content-type')]).toEqual([kind, 200, type]);
			expect([kind, check(body)]).toEqual([kind, true]);
			expect(md5(body)).toBe(file.md5);
		}
		// The MP3's tag is followed by an MPEG-1 Layer III frame header.
		const mp3 = emu.source.add({ kind: 'mp3', size: 1000 });
		const tagSize = 10 + mp3.header.readUInt32BE(6);
		expect([mp3.header[tagSize], mp3.header[tagSize + 1]]).toEqual([0xff, 0xfb]);
	});

	it('sends contentType and contentDisposition overrides', async () => {
		const file = emu.source.add({ name: 'x.bin', size: 10, contentType: 'binary/octet-stream', contentDisposition: 'Épisode 42.wav' });
		const response = await fetch(file.url);
		await response.arrayBuffer();
		expect(response.headers.get('content-type')).toBe('binary/octet-stream');
		expect(response.headers.get('content-disposition')).toBe(
			`attachment; filename="_pisode 42.wav"; filename*=UTF-8''${encodeURIComponent('Épisode 42.wav')}`,
		);
	});
});

describe('file source: byte ranges', () => {
	it('reassembles md5-exactly from ranged GETs, each one logged with its Range header', async () => {
		const file = emu.source.add({ name: 'ranged.wav', size: 3 * MiB + 4321 });
		const partSize = 700_001;
		const ranges: Array<[number, number]> = [];
		for (let start = 0; start < file.size; start += partSize) ranges.push([start, Math.min(file.size, start + partSize) - 1]);
		const parts = await Promise.all(
			ranges.map(async ([start, end]) => {
				const { response, body } = await getBytes(file.url, { range: `bytes=${start}-${end}` });
				expect(response.status).toBe(206);
				expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${file.size}`);
				expect(response.headers.get('content-length')).toBe(String(end - start + 1));
				return body;
			}),
		);
		expect(md5(Buffer.concat(parts))).toBe(file.md5);
		expect(file.served).toBe(file.size);
		const logged = file.requests.filter((entry) => entry.range !== undefined);
		expect(logged).toHaveLength(ranges.length);
		expect(logged.map((entry) => entry.range).sort()).toEqual(ranges.map(([s, e]) => `bytes=${s}-${e}`).sort());
		expect(logged.every((entry) => entry.route === 'fileSource' && entry.status === 206)).toBe(true);
	});

	it('answers open and suffix ranges, 416 past the end, and the whole body for several ranges', async () => {
		const file = emu.source.add({ size: 10_000 });
		const open = await getBytes(file.url, { range: 'bytes=9990-' });
		expect([open.response.status, open.response.headers.get('content-range')]).toEqual([206, 'bytes 9990-9999/10000']);
		expect(open.body.equals(file.slice(9990))).toBe(true);

		const suffix = await getBytes(file.url, { range: 'bytes=-100' });
		expect([suffix.response.status, suffix.response.headers.get('content-range')]).toEqual([206, 'bytes 9900-9999/10000']);
		expect(suffix.body.equals(file.slice(9900))).toBe(true);

		const past = await getBytes(file.url, { range: 'bytes=10000-' });
		expect(past.response.status).toBe(416);
		expect(past.response.headers.get('content-range')).toBe('bytes */10000');
		expect(past.body.toString()).toContain('<Code>InvalidRange</Code>');

		const clamped = await getBytes(file.url, { range: 'bytes=9000-20000' });
		expect([clamped.response.status, clamped.body.length]).toEqual([206, 1000]);

		const several = await getBytes(file.url, { range: 'bytes=0-1,5-6' });
		expect([several.response.status, several.body.length]).toEqual([200, 10_000]);
	});

	it('ranges: false ignores Range: 200 with the whole body and no Accept-Ranges', async () => {
		const file = emu.source.add({ size: 200_000, ranges: false });
		const { response, body } = await getBytes(file.url, { range: 'bytes=1000-1999' });
		expect(response.status).toBe(200);
		expect(response.headers.get('accept-ranges')).toBeNull();
		expect(response.headers.get('content-range')).toBeNull();
		expect(md5(body)).toBe(file.md5);
		const head = await fetch(file.url, { method: 'HEAD' });
		expect([head.status, head.headers.get('accept-ranges'), head.headers.get('content-length')]).toEqual([200, null, '200000']);
	});
});

describe('file source: what the size is learnt from', () => {
	it('length: false sends no Content-Length (chunked) on GET and HEAD; a ranged answer keeps its length', async () => {
		const file = emu.source.add({ size: 300_000, length: false });
		const { response, body } = await getBytes(file.url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-length')).toBeNull();
		expect(response.headers.get('transfer-encoding')).toBe('chunked');
		expect(md5(body)).toBe(file.md5);
		const head = await fetch(file.url, { method: 'HEAD' });
		expect([head.status, head.headers.get('content-length')]).toEqual([200, null]);
		const ranged = await fetch(file.url, { headers: { range: 'bytes=0-99' } });
		await ranged.arrayBuffer();
		expect([ranged.status, ranged.headers.get('content-length'), ranged.headers.get('content-range')]).toEqual([
			206,
			'100',
			'bytes 0-99/300000',
		]);
	});

	it('head: false answers HEAD 405; the size comes from the first GET', async () => {
		const file = emu.source.add({ size: 50_000, head: false });
		const head = await fetch(file.url, { method: 'HEAD' });
		expect(head.status).toBe(405);
		const first = await fetch(file.url, { headers: { range: 'bytes=0-0' } });
		await first.arrayBuffer();
		expect(first.headers.get('content-range')).toBe('bytes 0-0/50000');
	});

	it('a generated 1 GiB file: HEAD has the size, and its last MiB is right against an independent computation', async () => {
		const file = emu.source.add({ name: 'big.wav', size: 1024 ** 3 });
		const head = await fetch(file.url, { method: 'HEAD' });
		expect([head.status, head.headers.get('content-length'), head.headers.get('accept-ranges')]).toEqual([
			200,
			String(1024 ** 3),
			'bytes',
		]);
		const start = 1024 ** 3 - MiB;
		const { response, body } = await getBytes(file.url, { range: `bytes=${start}-` });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes ${start}-${1024 ** 3 - 1}/${1024 ** 3}`);
		expect(body.equals(expectedPattern(file.seed, start, 1024 ** 3, file.header))).toBe(true);
		// The WAV header says 1 GiB too.
		const first = await getBytes(file.url, { range: 'bytes=0-43' });
		expect(first.body.readUInt32LE(4)).toBe(1024 ** 3 - 8);
		expect(first.body.readUInt32LE(40)).toBe(1024 ** 3 - 44);
		expect(file.served).toBe(MiB + 44);
	});

	it('streams a generated 256 MiB file whose md5, hashed by the client, is file.md5', async () => {
		const file = emu.source.add({ name: 'quarter.wav', size: 256 * MiB });
		const got = await hashGet(file.url);
		expect(got).toEqual({ status: 200, md5: file.md5, size: 256 * MiB });
		expect(file.served).toBe(256 * MiB);
	});
});

describe('file source: redirects', () => {
	it('redirects n times before the content; fetch follows them to it', async () => {
		const file = emu.source.add({ size: 20_000, redirects: 3 });
		const manual = await fetch(file.url, { redirect: 'manual' });
		expect(manual.status).toBe(302);
		expect(manual.headers.get('location')).toContain('X-Emu-Hop=1');

		const { response, body } = await getBytes(file.url);
		expect(response.status).toBe(200);
		expect(response.redirected).toBe(true);
		expect(response.url).toContain('X-Emu-Hop=3');
		expect(md5(body)).toBe(file.md5);
		expect(file.requests.map((entry) => entry.status)).toEqual([302, 302, 302, 302, 200]);
	});

	it.each([['loop' as const], [Infinity]])('redirects: %s never lands: fetch stops at its redirect limit', async (redirects) => {
		const file = emu.source.add({ size: 1000, redirects });
		const error = await fetch(file.url).then(
			() => undefined,
			(e: unknown) => e as Error & { cause?: Error },
		);
		expect(error?.name).toBe('TypeError');
		expect(String(error?.cause?.message)).toMatch(/redirect count exceeded/);
		expect(file.served).toBe(0);
		const locations = new Set(file.requests.map((entry) => entry.location));
		if (redirects === 'loop') expect(locations.size).toBe(2);
		else expect(locations.size).toBeGreaterThan(10);
	});
});

describe('file source: refusals and errors', () => {
	it('403 without the signature or with a wrong one, with S3 XML bodies; signed: false needs none', async () => {
		const file = emu.source.add({ size: 1000 });
		const unsigned = await getBytes(withoutQuery(file.url));
		expect(unsigned.response.status).toBe(403);
		expect(unsigned.response.headers.get('content-type')).toBe('application/xml');
		expect(unsigned.body.toString()).toMatch(/^<\?xml[^>]*>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);

		const wrong = await getBytes(withSignature(file.url, 'f'.repeat(64)));
		expect(wrong.response.status).toBe(403);
		expect(wrong.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
		const wrongHead = await fetch(withSignature(file.url, '0'), { method: 'HEAD' });
		expect(wrongHead.status).toBe(403);
		expect(file.served).toBe(0);

		const open = emu.source.add({ size: 1000, signed: false });
		expect(open.url).not.toContain('?');
		expect((await getBytes(open.url)).response.status).toBe(200);
	});

	it('answers the status asked for, with S3-like bodies (or JSON), Retry-After on 503', async () => {
		const missing = await getBytes(emu.source.add({ size: 10, status: 404 }).url);
		expect(missing.response.status).toBe(404);
		expect(missing.body.toString()).toContain('<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>');

		const denied = await getBytes(emu.source.add({ size: 10, status: 403, redirects: 1 }).url);
		expect(denied.response.status).toBe(403);
		expect(denied.body.toString()).toContain('<Code>AccessDenied</Code>');

		const json = await getBytes(emu.source.add({ size: 10, status: 500, errorFormat: 'json' }).url);
		expect(json.response.status).toBe(500);
		expect(JSON.parse(json.body.toString())).toEqual({ error: { code: 500, status: 'InternalError', message: expect.any(String) } });

		const busy = await getBytes(emu.source.add({ size: 10, status: 503 }).url);
		expect([busy.response.status, busy.response.headers.get('retry-after')]).toEqual([503, '1']);
	});

	it('a removed file, or one cleared by reset(), answers 404 NoSuchKey; so does a wrong name', async () => {
		const file = emu.source.add({ name: 'a.wav', size: 10 });
		expect((await getBytes(file.url.replace('/a.wav?', '/b.wav?'))).response.status).toBe(404);
		emu.source.remove(file);
		const gone = await getBytes(file.url);
		expect([gone.response.status, gone.body.toString().includes('<Code>NoSuchKey</Code>')]).toEqual([404, true]);
		const other = emu.source.add({ size: 10 });
		await emu.reset();
		expect((await getBytes(other.url)).response.status).toBe(404);
	});

	it('requireHeaders: a private link refuses a request without its token', async () => {
		const file = emu.source.add({ size: 100, requireHeaders: { authorization: 'Bearer secret-token' } });
		expect((await getBytes(file.url)).response.status).toBe(403);
		expect((await getBytes(file.url, { authorization: 'Bearer secret-token' })).response.status).toBe(200);
		expect(JSON.stringify(emu.requests)).not.toContain('secret-token');
	});
});

describe('file source: failNext', () => {
	it('fails the next GETs with 503 + Retry-After (HEAD unaffected), then serves again', async () => {
		const file = emu.source.add({ size: 5000 });
		file.failNext({ status: 503, times: 2, retryAfterSeconds: 2 });
		expect((await fetch(file.url, { method: 'HEAD' })).status).toBe(200);
		for (let i = 0; i < 2; i++) {
			const { response, body } = await getBytes(file.url);
			expect([response.status, response.headers.get('retry-after')]).toEqual([503, '2']);
			expect(body.toString()).toContain('<Code>SlowDown</Code>');
		}
		file.failNext({ status: 429 });
		expect((await fetch(file.url)).status).toBe(429);
		const { response, body } = await getBytes(file.url);
		expect(response.status).toBe(200);
		expect(md5(body)).toBe(file.md5);
		expect(file.requests.map((entry) => entry.fault ?? '-')).toEqual(['-', 'failNext', 'failNext', 'failNext', '-']);
	});

	it('drops a GET mid-body after afterBytes: the client gets those bytes, then an error', async () => {
		const file = emu.source.add({ size: 4 * MiB });
		file.failNext({ status: 'drop', afterBytes: 300_000 });
		const dropped = await readCounting(file.url);
		expect(dropped.status).toBe(200);
		expect(dropped.error).toBeDefined();
		expect(dropped.received).toBe(300_000);
		expect(file.served).toBe(300_000);

		// The same with fetch, on a ranged GET: the body read rejects.
		file.failNext({ status: 'drop', afterBytes: 1000 });
		const response = await fetch(file.url, { headers: { range: 'bytes=1000000-' } });
		expect(response.status).toBe(206);
		await expect(response.arrayBuffer()).rejects.toThrow();

		// Without afterBytes: no answer at all (fetch's TypeError comes from another realm: compare by message).
		file.failNext({ status: 'drop' });
		await expect(fetch(file.url)).rejects.toThrow('fetch failed');
		expect(file.requests.slice(-3).map((entry) => [entry.status, entry.dropped])).toEqual([
			[200, true],
			[206, true],
			[0, true],
		]);

		expect(await hashGet(file.url)).toEqual({ status: 200, md5: file.md5, size: file.size });
	});
});

describe('file source: pacing and the request log', () => {
	it('bytesPerSecond paces a GET: 2 MiB at 4 MiB/s takes about 0.5 s', async () => {
		const file = emu.source.add({ size: 2 * MiB, bytesPerSecond: 4 * MiB });
		const started = performance.now();
		const got = await hashGet(file.url);
		const seconds = (performance.now() - started) / 1000;
		expect(got.md5).toBe(file.md5);
		expect(seconds).toBeGreaterThanOrEqual(0.45);
		expect(seconds).toBeLessThan(3);
	});

	it('delayMs waits before the first byte', async () => {
		const file = emu.source.add({ size: 10, delayMs: 200 });
		const started = performance.now();
		expect((await fetch(file.url, { method: 'HEAD' })).status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(195);
	});

	it('logs method, redacted path, Range and bytes sent, and never the signature', async () => {
		const file = emu.source.add({ name: 'log.wav', size: 100_000, redirects: 1 });
		await fetch(file.url, { method: 'HEAD' });
		await getBytes(file.url, { range: 'bytes=0-999' });
		await getBytes(withSignature(file.url, 'bad-signature-value'));
		const entries = file.requests;
		expect(entries.map((entry) => [entry.method, entry.status, entry.range, entry.sourceBytes])).toEqual([
			['HEAD', 302, undefined, undefined],
			['HEAD', 200, undefined, 0],
			['GET', 302, 'bytes=0-999', undefined],
			['GET', 206, 'bytes=0-999', 1000],
			['GET', 403, undefined, undefined],
		]);
		expect(entries.every((entry) => entry.route === 'fileSource' && entry.path.includes('X-Amz-Signature=[redacted]'))).toBe(
			true,
		);
		expect(entries[0].location).toContain('X-Amz-Signature=[redacted]');
		const log = JSON.stringify(emu.requests);
		expect(log).not.toContain(file.signature);
		expect(log).not.toContain('bad-signature-value');
	});
});
