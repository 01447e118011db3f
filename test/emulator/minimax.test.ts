import { md5, minimaxGenerate, minimaxUpload } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 50 });

/** Silent MPEG-1 Layer III frames (128 kbps, 44.1 kHz): 417-byte frames starting with FF FB 90 64. */
function mp3Bytes(size: number): Buffer {
	const out = Buffer.alloc(size);
	for (let offset = 0; offset + 4 <= size; offset += 417) out.set([0xff, 0xfb, 0x90, 0x64], offset);
	return out;
}

function wavBytes(size: number): Buffer {
	const out = Buffer.alloc(size);
	out.write('RIFF', 0, 'latin1');
	out.writeUInt32LE(size - 8, 4);
	out.write('WAVEfmt ', 8, 'latin1');
	return out;
}

const VOICE_ID = /^vocal-\d{16}-[A-Za-z0-9]{8}$/;
const INSTRUMENTAL_ID = /^instrumental-\d{16}-[A-Za-z0-9]{8}$/;

describe('MiniMax emulator: upload', () => {
	it('returns exactly the ids of each purpose and records the upload', async () => {
		const song = mp3Bytes(40_000);
		const songResponse = await minimaxUpload(emu, 'song', song, {
			fileName: 'song.mp3',
			mimeType: 'audio/mpeg',
		});
		expect(songResponse.status).toBe(200);
		expect(songResponse.body).toEqual({
			voice_id: expect.stringMatching(VOICE_ID),
			instrumental_id: expect.stringMatching(INSTRUMENTAL_ID),
			trace_id: expect.any(String),
			base_resp: { status_code: 0, status_msg: 'success' },
		});

		const voice = await minimaxUpload(emu, 'voice', wavBytes(20_000), {
			fileName: 'voice.wav',
			mimeType: 'audio/wav',
		});
		expect(Object.keys(voice.body).sort()).toEqual(['base_resp', 'trace_id', 'voice_id']);
		expect(voice.body.voice_id).toMatch(VOICE_ID);

		const instrumental = await minimaxUpload(emu, 'instrumental', mp3Bytes(16_000));
		expect(Object.keys(instrumental.body).sort()).toEqual([
			'base_resp',
			'instrumental_id',
			'trace_id',
		]);
		expect(instrumental.body.instrumental_id).toMatch(INSTRUMENTAL_ID);

		expect(emu.minimax.uploads).toHaveLength(3);
		expect(emu.minimax.uploads[0]).toMatchObject({
			purpose: 'song',
			fileName: 'song.mp3',
			mimeType: 'audio/mpeg',
			size: 40_000,
			md5: md5(song),
			voice_id: songResponse.body.voice_id,
			instrumental_id: songResponse.body.instrumental_id,
		});
		expect(emu.minimax.uploads[1]).toMatchObject({
			purpose: 'voice',
			fileName: 'voice.wav',
			mimeType: 'audio/wav',
		});
		expect(emu.minimax.uploads[1]).not.toHaveProperty('instrumental_id');
	});

	it('answers a file shorter than 10 s (< 16000 bytes) with base_resp 2037 and no ids', async () => {
		const response = await minimaxUpload(emu, 'song', mp3Bytes(15_999));
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			trace_id: expect.any(String),
			base_resp: { status_code: 2037, status_msg: 'voice duration too short' },
		});
	});

	it('answers a file that is neither MP3 nor WAV with base_resp 2013', async () => {
		const response = await minimaxUpload(emu, 'voice', Buffer.alloc(20_000, 0x41), {
			fileName: 'notes.txt',
		});
		expect(response.status).toBe(200);
		expect(response.body.base_resp.status_code).toBe(2013);
		expect(response.body.base_resp.status_msg).toMatch(/invalid params/);
		expect(response.body).not.toHaveProperty('voice_id');
	});

	it('accepts an MP3 that starts with an ID3 tag', async () => {
		const file = mp3Bytes(20_000);
		file.write('ID3', 0, 'latin1');
		expect((await minimaxUpload(emu, 'voice', file)).body.base_resp.status_code).toBe(0);
	});

	it('refuses a missing or unknown purpose and a missing file with gateway errors', async () => {
		const unknown = await minimaxUpload(emu, 'karaoke', mp3Bytes(20_000));
		expect(unknown.status).toBe(400);
		expect(unknown.body).toEqual({
			message: 'Body validation error!',
			errors: ['purpose must be one of the following values: song, voice, instrumental'],
			path: '/v2/generate/audio/minimax/upload',
			requestId: expect.any(String),
			statusCode: 400,
			timestamp: expect.any(String),
		});
		expect((await minimaxUpload(emu, undefined, mp3Bytes(20_000))).status).toBe(400);
		const noFile = await minimaxUpload(emu, 'song', undefined);
		expect(noFile.status).toBe(400);
		expect(noFile.body.errors?.join('; ')).toMatch(/file/);
	});

	it('refuses a missing or wrong bearer key with a gateway-shaped 401 and keeps it out of the log', async () => {
		const missing = await minimaxUpload(emu, 'song', mp3Bytes(20_000), { authorization: null });
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({
			message: expect.any(String),
			path: '/v2/generate/audio/minimax/upload',
			requestId: expect.any(String),
			statusCode: 401,
			timestamp: expect.any(String),
		});
		const wrong = await minimaxUpload(emu, 'song', mp3Bytes(20_000), {
			authorization: 'Bearer some-other-key',
		});
		expect(wrong.status).toBe(401);
		const balance = await fetch(`${emu.aimlBaseUrl}/v1/billing/balance`, {
			headers: { authorization: `Bearer ${emu.keys.aimlApiKey}` },
		});
		expect(balance.status).toBe(200);
		expect(await balance.json()).toMatchObject({ balance: expect.any(Number), lowBalance: false });
		expect(emu.minimax.uploads).toHaveLength(0);

		const logged = JSON.stringify(emu.requests);
		expect(logged).not.toContain(emu.keys.aimlApiKey);
		expect(logged).not.toContain('some-other-key');
		expect(emu.requests[1].headers.authorization).toBe('Bearer [redacted]');
	});
});

describe('MiniMax emulator: generate', () => {
	async function uploadedIds(): Promise<{ voice: string; instrumental: string }> {
		const response = await minimaxUpload(emu, 'song', mp3Bytes(20_000));
		return {
			voice: response.body.voice_id as string,
			instrumental: response.body.instrumental_id as string,
		};
	}

	it('generates a real WAV, PCM or MP3 as hex for ids it issued', async () => {
		const ids = await uploadedIds();
		const wav = await minimaxGenerate(emu, {
			model: 'music-01',
			lyrics: '##Swift and boundless##',
			refer_voice: ids.voice,
			refer_instrumental: ids.instrumental,
			audio_setting: { sample_rate: 32000, bitrate: 128000, format: 'wav' },
		});
		expect(wav.status).toBe(200);
		expect(wav.body).toMatchObject({
			data: { status: 2, audio: expect.stringMatching(/^[0-9a-f]+$/) },
			extra_info: expect.objectContaining({ audio_sample_rate: 32000 }),
			trace_id: expect.any(String),
			base_resp: { status_code: 0, status_msg: 'success' },
		});
		const wavFile = Buffer.from(wav.body.data.audio, 'hex');
		expect(wavFile.toString('latin1', 0, 4)).toBe('RIFF');
		expect(wavFile.toString('latin1', 8, 12)).toBe('WAVE');
		expect(wavFile.readUInt32LE(24)).toBe(32000);
		expect(wavFile.readUInt32LE(4)).toBe(wavFile.length - 8);

		const pcm = await minimaxGenerate(emu, {
			model: 'music-01',
			lyrics: 'la la la',
			refer_voice: ids.voice,
			audio_setting: { sample_rate: 16000, format: 'pcm' },
		});
		expect(Buffer.from(pcm.body.data.audio, 'hex')).toHaveLength(16000 * 2);

		const mp3 = await minimaxGenerate(emu, {
			model: 'music-01',
			lyrics: 'la la la',
			refer_instrumental: ids.instrumental,
			audio_setting: { sample_rate: 44100, bitrate: 256000, format: 'mp3' },
		});
		const mp3File = Buffer.from(mp3.body.data.audio, 'hex');
		expect(mp3File[0]).toBe(0xff);
		expect(mp3File[1] & 0xe0).toBe(0xe0);
		expect(mp3.body.extra_info.audio_size).toBe(mp3File.length);

		expect(
			emu.minimax.generations.map(
				(g) => (g.body as { audio_setting: { format: string } }).audio_setting.format,
			),
		).toEqual(['wav', 'pcm', 'mp3']);
	});

	it('answers unknown ids, no reference and long lyrics with base_resp 2013', async () => {
		const ids = await uploadedIds();
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ refer_voice: 'vocal-2025010100000000-a0AAAaaa' }, /refer_voice .* not found/],
			[{ refer_instrumental: ids.voice }, /refer_instrumental .* not found/],
			[{}, /at least one of refer_voice or refer_instrumental/],
			[{ refer_voice: ids.voice, lyrics: 'x'.repeat(601) }, /lyrics exceeds 600 characters/],
		];
		for (const [extra, message] of cases) {
			const response = await minimaxGenerate(emu, {
				model: 'music-01',
				lyrics: 'short',
				audio_setting: { format: 'mp3' },
				...extra,
			});
			expect(response.status).toBe(200);
			expect(response.body.base_resp.status_code).toBe(2013);
			expect(response.body.base_resp.status_msg).toMatch(message);
			expect(response.body).not.toHaveProperty('data');
		}
	});

	it('refuses a bad request shape with gateway errors and a missing key with 401', async () => {
		const ids = await uploadedIds();
		const wrongModel = await minimaxGenerate(emu, {
			model: 'music-02',
			lyrics: 'x',
			refer_voice: ids.voice,
		});
		expect(wrongModel.status).toBe(400);
		expect(wrongModel.body.errors).toEqual(['model must be one of the following values: music-01']);
		const noLyrics = await minimaxGenerate(emu, { model: 'music-01', refer_voice: ids.voice });
		expect(noLyrics.status).toBe(400);
		expect(noLyrics.body.errors?.join('; ')).toMatch(/lyrics/);
		const badFormat = await minimaxGenerate(emu, {
			model: 'music-01',
			lyrics: 'x',
			refer_voice: ids.voice,
			audio_setting: { format: 'ogg' },
		});
		expect(badFormat.status).toBe(400);
		expect(badFormat.body.errors?.join('; ')).toMatch(/audio_setting\.format/);
		const unauthorized = await minimaxGenerate(emu, { model: 'music-01', lyrics: 'x' }, null);
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.body.statusCode).toBe(401);
	});

	it('can inject an upstream base_resp error or a gateway error with failNext', async () => {
		const ids = await uploadedIds();
		emu.failNext('minimaxGenerate', { baseResp: { status_code: 1002, status_msg: 'rate limit' } });
		const limited = await minimaxGenerate(emu, {
			model: 'music-01',
			lyrics: 'x',
			refer_voice: ids.voice,
		});
		expect(limited.status).toBe(200);
		expect(limited.body.base_resp).toEqual({ status_code: 1002, status_msg: 'rate limit' });

		emu.failNext('minimaxUpload', { status: 429, retryAfterSeconds: 3 });
		const busy = await minimaxUpload(emu, 'song', mp3Bytes(20_000));
		expect(busy.status).toBe(429);
		expect(busy.headers.get('retry-after')).toBe('3');
		expect(busy.body.statusCode).toBe(429);

		const ok = await minimaxGenerate(emu, {
			model: 'music-01',
			lyrics: 'x',
			refer_voice: ids.voice,
		});
		expect(ok.body.base_resp.status_code).toBe(0);
	});
});

interface GenerationAnswer {
	generation_id: string;
	status: string;
	message?: string;
	errors?: string[];
	audio_file?: { url: string };
	error?: { name: string; message: string };
	meta?: { usage: { credits_used: number } };
}

describe('MiniMax emulator: asynchronous generation (POST/GET /v2/generate/audio)', () => {
	const auth = () => ({
		authorization: `Bearer ${emu.keys.aimlApiKey}`,
		'content-type': 'application/json',
	});
	async function start(body: unknown) {
		const response = await fetch(`${emu.aimlBaseUrl}/v2/generate/audio`, {
			method: 'POST',
			headers: auth(),
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as GenerationAnswer };
	}
	async function status(generationId: string) {
		const response = await fetch(
			`${emu.aimlBaseUrl}/v2/generate/audio?generation_id=${generationId}`,
			{ headers: auth() },
		);
		return { status: response.status, body: (await response.json()) as GenerationAnswer };
	}
	const prompt = 'Dreamy synth pop, warm pads';

	it('moves queued → generating → completed, then serves the file without a credential', async () => {
		const started = await start({
			model: 'minimax/music-2.0',
			prompt,
			lyrics: 'Line one\nLine two',
			audio_setting: { format: 'wav' },
		});
		expect(started).toEqual({
			status: 200,
			body: { generation_id: expect.any(String), status: 'queued' },
		});
		const id = started.body.generation_id as string;
		expect((await status(id)).body.status).toBe('queued');
		expect((await status(id)).body.status).toBe('generating');
		const done = await status(id);
		expect(done.body).toMatchObject({ status: 'completed', meta: { usage: { credits_used: 21 } } });
		const file = await fetch(done.body.audio_file!.url);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('audio/wav');
		expect(md5(Buffer.from(await file.arrayBuffer()))).toBe(
			md5(emu.minimax.audioGenerations[0].audio),
		);
	});

	it('ends in error when planned so, and stays generating when stuck', async () => {
		emu.minimax.planNextGeneration({
			outcome: 'error',
			pollsBeforeDone: 0,
			error: { name: 'Flagged', message: 'no' },
		});
		const failed = await start({ model: 'minimax/music-2.6' });
		expect((await status(failed.body.generation_id)).body).toMatchObject({
			status: 'error',
			error: { name: 'Flagged', message: 'no' },
		});

		emu.minimax.planNextGeneration({ outcome: 'stuck' });
		const stuck = await start({ model: 'minimax/music-2.6' });
		for (let i = 0; i < 4; i++) await status(stuck.body.generation_id);
		expect((await status(stuck.body.generation_id)).body.status).toBe('generating');
	});

	it('checks each model body like the gateway', async () => {
		const cases: Array<[unknown, string]> = [
			[{ model: 'music-01', lyrics: 'x' }, 'model must be one of the following values'],
			[
				{ model: 'minimax/music-1.5', prompt: 'short', lyrics: 'long enough lyrics' },
				'prompt must be longer than or equal to 10 characters',
			],
			[
				{ model: 'minimax/music-2.0', prompt, lyrics: 'l'.repeat(3001) },
				'lyrics must be shorter than or equal to 3000 characters',
			],
			[
				{ model: 'minimax/music-2.0', prompt, lyrics: 'long enough lyrics', is_instrumental: true },
				'property is_instrumental should not exist',
			],
			[{ model: 'minimax/music-cover', prompt }, 'reference_audio_url should not be empty'],
			[
				{ model: 'minimax/music-cover', prompt, reference_audio_url: 'http://example.com/a.mp3' },
				'https URL or Base64 data',
			],
			[
				{
					model: 'minimax/music-cover',
					prompt,
					reference_audio_url: `data:audio/mpeg;base64,${Buffer.from('not audio at all').toString('base64')}`,
				},
				'reference audio must be MP3 or WAV',
			],
			[
				{
					model: 'minimax/music-cover',
					prompt,
					reference_audio_url: mp3Bytes(40_000).toString('base64'),
				},
				'reference audio must be 6 s to 6 min long (got 2.5 s)',
			],
		];
		for (const [body, message] of cases) {
			const response = await start(body);
			expect(response.status).toBe(400);
			expect(response.body.message).toBe('Body validation error!');
			expect(response.body.errors?.join('; ')).toContain(message);
		}
		expect(emu.minimax.audioGenerations).toHaveLength(0);
		const accepted = await start({
			model: 'minimax/music-cover',
			prompt,
			reference_audio_url: mp3Bytes(160_000).toString('base64'),
		});
		expect(accepted.status).toBe(200);
		expect(emu.minimax.audioGenerations[0].reference).toMatchObject({
			kind: 'base64',
			mimeType: 'audio/mpeg',
			size: 160_000,
		});
	});

	it('answers 400 without a generation_id and 404 for an unknown one', async () => {
		const missing = await fetch(`${emu.aimlBaseUrl}/v2/generate/audio`, { headers: auth() });
		expect(missing.status).toBe(400);
		expect((await status('no-such-generation')).status).toBe(404);
	});
});
