/**
 * Chapters and captions through n8n's engine: the WebVTT file reaches the emulator byte-exactly in the
 * multipart field `file` with the language in the path, Get Many pages through them, Set Default leaves
 * exactly one default caption, and a file that is not WebVTT, a language that is not a BCP 47 tag or a
 * Media ID that is not one path segment is refused before any request.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { storeBinary } from '../harness';
import { useEmulator } from '../useEmulator';
import { aiozHeaders, createMedia } from '../emulator/helpers';
import { aioz, apiRequests, errorOf, inMemoryBinary, md5, run } from './helpers';

const emu = useEmulator({ transcodeDelayMs: 100 });

const VTT = Buffer.from(
	'WEBVTT\n\n00:00:00.000 --> 00:01:30.000\nIntro\n\n00:01:30.000 --> 00:20:00.000\nInterview\n',
	'utf8',
);

function vttItem(data: Buffer, json: INodeExecutionData['json'] = {}): INodeExecutionData[] {
	return [
		{
			json,
			binary: {
				data: {
					...inMemoryBinary(data, 'episode.vtt'),
					mimeType: 'text/vtt',
					fileExtension: 'vtt',
				},
			},
		},
	];
}

/** A track uploaded straight to the emulator (set-up, not under test). */
async function seedTrack(
	mediaId: string,
	kind: 'chapters' | 'captions',
	language: string,
): Promise<void> {
	const form = new FormData();
	form.append('file', new Blob([VTT]), `${language}.vtt`);
	const response = await fetch(`${emu.aiozBaseUrl}/media/${mediaId}/${kind}/${language}`, {
		method: 'POST',
		headers: aiozHeaders(emu),
		body: form,
	});
	expect(response.status).toBe(201);
}

const requestLines = () => apiRequests(emu).map((r) => `${r.method} ${r.path} ${r.status}`);

describe.each(['chapter', 'caption'] as const)('%s', (kind) => {
	const plural = `${kind}s` as const;

	it('Upload sends the WebVTT file byte-exactly as the multipart field "file", the language in the path', async () => {
		const mediaId = await createMedia(emu);
		emu.clearRequests();
		const result = await run(
			emu,
			[aioz('Upload', { resource: kind, operation: 'upload', language: 'zh-Hant' })],
			{
				input: vttItem(VTT, { id: mediaId }),
			},
		);
		expect(result.status).toBe('success');
		const [item] = result.items('Upload');
		expect(item.json).toMatchObject({ mediaId, language: 'zh-Hant' });
		expect(item.json.url).toMatch(/^http/);
		expect(item.binary?.data).toBeDefined();
		expect(requestLines()).toEqual([`POST /api/media/${mediaId}/${plural}/zh-Hant 201`]);
		const [stored] = emu.aioz.getTracks(mediaId, kind);
		expect(stored).toMatchObject({
			language: 'zh-Hant',
			md5: md5(VTT),
			fileName: 'episode.vtt',
			declaredType: 'text/vtt',
		});
	});

	it("reads a file kept in n8n's filesystem binary storage, on the /videos routes", async () => {
		const mediaId = await createMedia(emu, undefined, 'videos');
		const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), VTT]);
		const stored = await storeBinary(withBom, { fileName: 'es.vtt', mimeType: 'text/vtt' });
		const result = await run(
			emu,
			[
				aioz('Upload', {
					resource: kind,
					operation: 'upload',
					mediaId,
					language: 'es-419',
					binaryPropertyName: 'subs',
				}),
			],
			{ family: 'videos', input: [{ json: {}, binary: { subs: stored } }] },
		);
		expect(result.status).toBe('success');
		expect(emu.aioz.getTracks(mediaId, kind).map((t) => [t.language, t.md5])).toEqual([
			['es-419', md5(withBom)],
		]);
		expect(requestLines()).toContain(`POST /api/videos/${mediaId}/${plural}/es-419 201`);
	});

	it('Get Many with Return All pages 100 at a time; Limit asks for just that many', async () => {
		const mediaId = await createMedia(emu);
		const languages = Array.from({ length: 103 }, (_, i) => `en-${100 + i}`);
		for (const language of languages) await seedTrack(mediaId, plural, language);
		emu.clearRequests();
		const all = await run(emu, [
			aioz('Get Many', { resource: kind, operation: 'getMany', mediaId, returnAll: true }),
		]);
		expect(all.items('Get Many').map((item) => item.json.language)).toEqual(languages);
		expect(all.items('Get Many')[0].json).toMatchObject({ mediaId, language: 'en-100' });
		expect(requestLines()).toEqual([
			`GET /api/media/${mediaId}/${plural}?offset=0&limit=100 200`,
			`GET /api/media/${mediaId}/${plural}?offset=100&limit=100 200`,
		]);
		emu.clearRequests();
		const some = await run(emu, [
			aioz('Get Many', { resource: kind, operation: 'getMany', mediaId, limit: 3 }),
		]);
		expect(some.items('Get Many').map((item) => item.json.language)).toEqual(languages.slice(0, 3));
		expect(requestLines()).toEqual([`GET /api/media/${mediaId}/${plural}?offset=0&limit=3 200`]);
	});

	it('Delete removes the track of one language; a missing one names the fields to check', async () => {
		const mediaId = await createMedia(emu);
		await seedTrack(mediaId, plural, 'en');
		await seedTrack(mediaId, plural, 'fr');
		const deleted = await run(emu, [
			aioz('Delete', { resource: kind, operation: 'delete', mediaId, language: 'en' }),
		]);
		expect(deleted.items('Delete')[0].json).toEqual({ mediaId, language: 'en', deleted: true });
		expect(emu.aioz.getTracks(mediaId, kind).map((t) => t.language)).toEqual(['fr']);

		const missing = await run(emu, [
			aioz('Delete', { resource: kind, operation: 'delete', mediaId, language: 'en' }),
		]);
		const error = errorOf(missing, 'Delete');
		expect(error?.message).toBe(`AIOZ Stream ${kind} "en" was not found [item 0]`);
		expect(error?.description).toMatch(/^Check the Media ID and the Language\./);
	});

	it('Upload to a media that does not exist names the Media ID', async () => {
		const result = await run(
			emu,
			[aioz('Upload', { resource: kind, operation: 'upload', mediaId: 'nope', language: 'en' })],
			{
				input: vttItem(VTT),
			},
		);
		expect(errorOf(result, 'Upload')?.message).toBe(
			'AIOZ Stream media "nope" was not found [item 0]',
		);
	});
});

describe('Caption → Set Default', () => {
	it('leaves exactly one default caption, sending is_default as the spec says', async () => {
		const mediaId = await createMedia(emu);
		for (const language of ['en', 'fr', 'de']) await seedTrack(mediaId, 'captions', language);
		const defaults = () =>
			emu.aioz
				.getTracks(mediaId, 'caption')
				.filter((t) => t.isDefault)
				.map((t) => t.language);

		const first = await run(emu, [
			aioz('Default', { resource: 'caption', operation: 'setDefault', mediaId, language: 'fr' }),
		]);
		expect(first.items('Default')[0].json).toEqual({ mediaId, language: 'fr', is_default: true });
		expect(defaults()).toEqual(['fr']);

		emu.clearRequests();
		await run(emu, [
			aioz('Default', { resource: 'caption', operation: 'setDefault', mediaId, language: 'de' }),
		]);
		expect(defaults()).toEqual(['de']);
		expect(requestLines()).toEqual([`PATCH /api/media/${mediaId}/captions/de 200`]);

		const listed = await run(emu, [
			aioz('List', { resource: 'caption', operation: 'getMany', mediaId, returnAll: true }),
		]);
		expect(listed.items('List').map((item) => [item.json.language, item.json.is_default])).toEqual([
			['en', false],
			['fr', false],
			['de', true],
		]);
	});
});

describe('checks before any request', () => {
	const upload = (parameters: Record<string, unknown>) =>
		aioz('Upload', {
			resource: 'chapter',
			operation: 'upload',
			mediaId: 'some-media',
			language: 'en',
			...parameters,
		});

	it.each([
		['an SRT file', Buffer.from('1\n00:00:00,000 --> 00:00:05,000\nHello\n')],
		['"WEBVTT" run into other text', Buffer.from('WEBVTTX\n\n')],
		['an MP3', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(100)])],
	])('refuses %s as not WebVTT, naming the field', async (_label, data) => {
		const result = await run(emu, [upload({})], { input: vttItem(data) });
		expect(errorOf(result, 'Upload')?.message).toBe(
			'WebVTT File: the binary field "data" is not a WebVTT file [item 0]',
		);
		expect(errorOf(result, 'Upload')?.description).toMatch(
			/^A WebVTT file starts with the line "WEBVTT"; this one starts with "/,
		);
		expect(emu.requests).toHaveLength(0);
	});

	it('refuses a file over 10 MiB before reading it', async () => {
		const big = Buffer.concat([Buffer.from('WEBVTT\n\n'), Buffer.alloc(10 * 1024 * 1024)]);
		const stored = await storeBinary(big, { fileName: 'huge.vtt', mimeType: 'text/vtt' });
		const result = await run(emu, [upload({})], {
			input: [{ json: {}, binary: { data: stored } }],
		});
		expect(errorOf(result, 'Upload')?.message).toBe(
			`WebVTT File: the binary field "data" holds ${big.length} bytes, more than a WebVTT file of 10 MiB at most [item 0]`,
		);
		expect(emu.requests).toHaveLength(0);
	});

	it.each(['en_US', 'english', 'e', 'en-', 'pt BR'])(
		'refuses the language "%s" as no BCP 47 tag, with examples',
		async (language) => {
			const result = await run(emu, [upload({ language })], { input: vttItem(VTT) });
			const error = errorOf(result, 'Upload');
			expect(error?.message).toBe(`Language "${language}" is not a BCP 47 language tag [item 0]`);
			expect(error?.description).toMatch(
				/^Use a BCP 47 language tag such as en, en-US, pt-BR, zh-Hant or es-419\./,
			);
			expect(emu.requests).toHaveLength(0);
		},
	);

	it.each([
		['caption', 'setDefault'],
		['caption', 'delete'],
		['chapter', 'delete'],
	])('%s %s refuses an empty language', async (resource, operation) => {
		const result = await run(emu, [
			aioz('Node', { resource, operation, mediaId: 'm', language: '  ' }),
		]);
		expect(errorOf(result, 'Node')?.message).toBe('Language is empty [item 0]');
		expect(emu.requests).toHaveLength(0);
	});

	it.each([
		['chapter', 'upload'],
		['chapter', 'getMany'],
		['caption', 'setDefault'],
		['caption', 'delete'],
	])('%s %s refuses a Media ID that is not one path segment', async (resource, operation) => {
		const result = await run(
			emu,
			[aioz('Node', { resource, operation, mediaId: '../x', language: 'en' })],
			{
				input: vttItem(VTT),
			},
		);
		expect(errorOf(result, 'Node')?.message).toBe('Media ID "../x" is not an ID [item 0]');
		expect(emu.requests).toHaveLength(0);
	});
});
