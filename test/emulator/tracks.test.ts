/**
 * The emulated chapters, captions and transcoding cost: stored per media and language byte-exactly,
 * validated as the spec says (multipart field `file`, WebVTT content, a language path segment,
 * paging 1–100, one default caption), and `/media/cost` answered before `/media/{id}`.
 */
import { aiozHeaders, aiozRequest, createMedia, md5, type JsonResponse } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 100 });

const VTT = Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nHello\n', 'utf8');

/** Track answers: `data.media_chapter(s)` / `data.media_caption(s)` + `data.total`. */
type TrackJson = { language: string; url: string; is_default?: boolean; status?: string };
function trackData(response: JsonResponse) {
	return response.body.data as unknown as Record<string, TrackJson & TrackJson[]> & {
		total: number;
		price: number;
		is_enough: boolean;
	};
}

/** A multipart request to the AIOZ routes (`path` under the API root). */
async function formRequest(method: string, path: string, form: FormData): Promise<JsonResponse> {
	const response = await fetch(`${emu.aiozBaseUrl}${path}`, {
		method,
		headers: aiozHeaders(emu),
		body: form,
	});
	return {
		status: response.status,
		headers: response.headers,
		body: JSON.parse(await response.text()),
	};
}

async function uploadTrack(
	mediaId: string,
	path: string,
	file: Buffer | undefined,
	options: { field?: string; family?: 'media' | 'videos' } = {},
): Promise<JsonResponse> {
	const form = new FormData();
	if (file)
		form.append(options.field ?? 'file', new Blob([file], { type: 'text/vtt' }), 'track.vtt');
	return await formRequest('POST', `/${options.family ?? 'media'}/${mediaId}/${path}`, form);
}

async function setDefault(mediaId: string, lan: string, value?: string): Promise<JsonResponse> {
	const form = new FormData();
	if (value !== undefined) form.append('is_default', value);
	return await formRequest('PATCH', `/media/${mediaId}/captions/${lan}`, form);
}

describe('chapters and captions', () => {
	it.each(['chapters', 'captions'] as const)(
		'stores %s per language byte-exactly and lists them',
		async (kind) => {
			const mediaId = await createMedia(emu);
			const one = kind === 'chapters' ? 'media_chapter' : 'media_caption';
			const created = await uploadTrack(mediaId, `${kind}/en`, VTT);
			expect(created.status).toBe(201);
			expect(trackData(created)[one]).toMatchObject({ language: 'en' });
			const withBom = Buffer.concat([
				Buffer.from([0xef, 0xbb, 0xbf]),
				Buffer.from('WEBVTT\tKind: captions\n'),
			]);
			expect((await uploadTrack(mediaId, `${kind}/pt-BR`, withBom)).status).toBe(201);
			const stored = emu.aioz.getTracks(mediaId, kind === 'chapters' ? 'chapter' : 'caption');
			expect(stored.map((track) => [track.language, track.md5])).toEqual([
				['en', md5(VTT)],
				['pt-BR', md5(withBom)],
			]);
			const listed = await aiozRequest(emu, 'GET', `/media/${mediaId}/${kind}`);
			expect(listed.status).toBe(200);
			const many = trackData(listed)[`media_${kind}`];
			expect(many.map((track: TrackJson) => track.language)).toEqual(['en', 'pt-BR']);
			expect(trackData(listed).total).toBe(2);
		},
	);

	it('replaces the file of a language uploaded again, keeping its place', async () => {
		const mediaId = await createMedia(emu);
		await uploadTrack(mediaId, 'captions/en', VTT);
		await uploadTrack(mediaId, 'captions/fr', VTT);
		const second = Buffer.from('WEBVTT\n\nNOTE second\n');
		expect((await uploadTrack(mediaId, 'captions/en', second)).status).toBe(201);
		expect(emu.aioz.getTracks(mediaId, 'caption').map((t) => [t.language, t.md5])).toEqual([
			['en', md5(second)],
			['fr', md5(VTT)],
		]);
	});

	it('refuses what the spec does not allow: no file field, not WebVTT, a bad language, an unknown media', async () => {
		const mediaId = await createMedia(emu);
		expect((await uploadTrack(mediaId, 'chapters/en', VTT, { field: 'vtt' })).body.message).toBe(
			'file is required (multipart field "file")',
		);
		const srt = Buffer.from('1\n00:00:00,000 --> 00:00:05,000\nHello\n');
		expect((await uploadTrack(mediaId, 'chapters/en', srt)).body.message).toBe(
			'file must be a WebVTT file (starting with "WEBVTT")',
		);
		expect((await uploadTrack(mediaId, 'chapters/en', Buffer.from('WEBVTTX\n'))).status).toBe(400);
		const badLanguage = await uploadTrack(mediaId, 'chapters/en_US', VTT);
		expect(badLanguage.status).toBe(400);
		expect(badLanguage.body.message).toMatch(/^invalid language "en_US"/);
		expect((await uploadTrack('no-such-media', 'chapters/en', VTT)).status).toBe(404);
		expect(emu.aioz.getTracks(mediaId, 'chapter')).toEqual([]);
	});

	it('pages with offset and limit 1–100 (default 25) and refuses other values', async () => {
		const mediaId = await createMedia(emu);
		for (let i = 0; i < 30; i++) await uploadTrack(mediaId, `chapters/en-${100 + i}`, VTT);
		const first = await aiozRequest(emu, 'GET', `/media/${mediaId}/chapters`);
		expect(trackData(first).media_chapters).toHaveLength(25);
		expect(trackData(first).total).toBe(30);
		const rest = await aiozRequest(emu, 'GET', `/media/${mediaId}/chapters?offset=25&limit=100`);
		expect(trackData(rest).media_chapters.map((t: TrackJson) => t.language)).toEqual(
			[125, 126, 127, 128, 129].map((n) => `en-${n}`),
		);
		for (const query of ['limit=0', 'limit=101', 'limit=x', 'offset=-1']) {
			const refused = await aiozRequest(emu, 'GET', `/media/${mediaId}/chapters?${query}`);
			expect([query, refused.status]).toEqual([query, 400]);
		}
	});

	it('keeps one default caption per media: PATCH is_default=true moves it, false clears it', async () => {
		const mediaId = await createMedia(emu);
		for (const lan of ['en', 'fr', 'de']) await uploadTrack(mediaId, `captions/${lan}`, VTT);
		const defaults = () =>
			emu.aioz
				.getTracks(mediaId, 'caption')
				.filter((t) => t.isDefault)
				.map((t) => t.language);
		expect(defaults()).toEqual([]);
		expect((await setDefault(mediaId, 'fr', 'true')).status).toBe(200);
		expect(defaults()).toEqual(['fr']);
		expect((await setDefault(mediaId, 'de', 'true')).status).toBe(200);
		expect(defaults()).toEqual(['de']);
		const listed = await aiozRequest(emu, 'GET', `/media/${mediaId}/captions`);
		expect(
			trackData(listed).media_captions.map((t: TrackJson) => [t.language, t.is_default]),
		).toEqual([
			['en', false],
			['fr', false],
			['de', true],
		]);
		expect((await setDefault(mediaId, 'de', 'false')).status).toBe(200);
		expect(defaults()).toEqual([]);
		const noField = await setDefault(mediaId, 'en');
		expect(noField.status).toBe(400);
		expect(noField.body.message).toBe(
			'is_default is required (multipart field, "true" or "false"), got none',
		);
		expect((await setDefault(mediaId, 'it', 'true')).status).toBe(404);
	});

	it('deletes a track; a second delete is 404', async () => {
		const mediaId = await createMedia(emu, undefined, 'videos');
		await uploadTrack(mediaId, 'chapters/en', VTT, { family: 'videos' });
		expect((await aiozRequest(emu, 'DELETE', `/videos/${mediaId}/chapters/en`)).status).toBe(200);
		expect(emu.aioz.getTracks(mediaId, 'chapter')).toEqual([]);
		expect((await aiozRequest(emu, 'DELETE', `/videos/${mediaId}/chapters/en`)).status).toBe(404);
	});
});

describe('GET /media/cost', () => {
	it('is matched before /media/{id}, prices duration × qualities and compares with the balance', async () => {
		const cost = await aiozRequest(
			emu,
			'GET',
			'/media/cost?qualities=standard,good&type=audio&duration=120',
		);
		expect(cost.status).toBe(200);
		expect(trackData(cost)).toEqual({ price: 0.06, is_enough: true });
		expect(emu.requests.at(-1)?.route).toBe('cost');
		emu.aioz.setBalance(0.05);
		expect(
			trackData(
				await aiozRequest(
					emu,
					'GET',
					'/videos/cost?qualities=standard,good&type=audio&duration=120',
				),
			),
		).toEqual({
			price: 0.06,
			is_enough: false,
		});
		expect((await aiozRequest(emu, 'GET', '/user/me')).body.data.user).toMatchObject({
			balance: '0.05',
		});
	});

	it('requires qualities, type and duration, and known quality names', async () => {
		const refusals = await Promise.all(
			[
				['type=audio&duration=1', 'qualities is required (query parameter)'],
				['qualities=standard&duration=1', 'type is required (query parameter)'],
				['qualities=standard&type=audio', 'duration is required (query parameter)'],
				[
					'qualities=720p&type=audio&duration=1',
					'invalid quality "720p" for audio: use standard, good, highest, lossless',
				],
				[
					'qualities=standard&type=audio&duration=-3',
					'duration must be a number of seconds above 0, got "-3"',
				],
			].map(async ([query, message]) => {
				const response = await aiozRequest(emu, 'GET', `/media/cost?${query}`);
				return [response.status, response.body.message, message];
			}),
		);
		for (const [status, got, expected] of refusals) expect([status, got]).toEqual([400, expected]);
	});
});
