/**
 * MiniMax Music (AI/ML API) through n8n's engine (WorkflowExecute) against the in-process emulator.
 */
import { randomUUID } from 'node:crypto';
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { AimlMinimaxApi } from '../../credentials/AimlMinimaxApi.credentials';
import { readBinary, storeBinary } from '../harness';
import { testCredential as runCredentialTest } from '../harness/credentials';
import { minimax, runMinimax } from './engine';
import { startFileServer, type FileServer } from './fileServer';
import { md5, shortWav, songMp3, songWav } from './fixtures';
import { captureLogs, type LogCapture } from './logCapture';
import { useEmulator } from '../useEmulator';

const UPLOAD_PATH = '/v2/generate/audio/minimax/upload';
const GENERATE_PATH = '/v2/generate/audio/minimax/generate';

const emu = useEmulator();
let files: FileServer;
let logs: LogCapture;
const mp3 = songMp3();
const wav = songWav();

beforeAll(async () => {
	files = await startFileServer();
});

afterAll(async () => {
	await files?.stop();
});

beforeEach(() => {
	logs = captureLogs();
});

afterEach(() => logs.restore());

async function run(
	nodes: INode[],
	input: INodeExecutionData[] = [{ json: {} }],
	apiKey: string = emu.keys.aimlApiKey,
) {
	return await runMinimax(emu, nodes, input, { apiKey });
}

const uploadRequests = () => emu.requests.filter((r) => r.path.startsWith(UPLOAD_PATH));
const generateRequests = () => emu.requests.filter((r) => r.path.startsWith(GENERATE_PATH));

/** The whole run, as it would be stored or shown: the key must not be anywhere in it. */
function expectNoKeyAnywhere(runResult: unknown, key: string) {
	const serialized = JSON.stringify(runResult, (_k, v) =>
		v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
	);
	expect(serialized).not.toContain(key);
	expect(logs.lines.join('\n')).not.toContain(key);
}

describe('MiniMax Music: upload', () => {
	it.each([
		['song', ['voice_id', 'instrumental_id']],
		['voice', ['voice_id']],
		['instrumental', ['instrumental_id']],
	])(
		'uploads filesystem-mode binary with purpose %s and returns exactly %j',
		async (purpose, ids) => {
			const binary = await storeBinary(mp3, { fileName: 'song.mp3', mimeType: 'audio/mpeg' });
			expect(binary.id).toBeDefined();

			const result = await run(
				[
					minimax('Upload', {
						operation: 'upload',
						purpose,
						inputSource: 'binary',
						binaryPropertyName: 'data',
					}),
				],
				[{ json: {}, binary: { data: binary } }],
			);

			expect(result.status).toBe('success');
			const [item] = result.items('Upload');
			expect(item.pairedItem).toEqual({ item: 0 });
			const idKeys = Object.keys(item.json).filter(
				(key) => key.endsWith('_id') && key !== 'trace_id',
			);
			expect(idKeys.sort()).toEqual([...ids].sort());
			for (const key of ids) expect(item.json[key]).toEqual(expect.any(String));
			expect(item.json.base_resp).toMatchObject({ status_code: 0 });
			expect(item.binary).toBeUndefined();

			expect(emu.minimax.uploads).toHaveLength(1);
			const [upload] = emu.minimax.uploads;
			expect(upload).toMatchObject({
				purpose,
				fileName: 'song.mp3',
				mimeType: 'audio/mpeg',
				size: mp3.length,
				md5: md5(mp3),
			});
			for (const key of ids)
				expect(item.json[key]).toBe(upload[key as 'voice_id' | 'instrumental_id']);
			expectNoKeyAnywhere(result.run, emu.keys.aimlApiKey);
		},
	);

	it('downloads from a URL, naming the file from Content-Disposition', async () => {
		const url = files.host('/download/7f3a?token=secret', {
			body: wav,
			headers: {
				'content-type': 'audio/wav',
				'content-disposition': `attachment; filename="take 1.wav"; filename*=UTF-8''Take%20%C3%A9.wav`,
			},
		});
		const result = await run([
			minimax('Upload', {
				operation: 'upload',
				purpose: 'instrumental',
				inputSource: 'url',
				audioUrl: url,
			}),
		]);

		expect(result.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		expect(Object.keys(result.items('Upload')[0].json).sort()).toEqual(
			expect.arrayContaining(['instrumental_id', 'base_resp']),
		);
		expect(result.items('Upload')[0].json.voice_id).toBeUndefined();
		expect(emu.minimax.uploads).toEqual([
			expect.objectContaining({
				purpose: 'instrumental',
				fileName: 'Take é.wav',
				mimeType: 'audio/wav',
				size: wav.length,
				md5: md5(wav),
			}),
		]);
	});

	it('downloads from a URL, naming the file from the path and typing it from its bytes', async () => {
		const url = files.host('/media/My%20Song.mp3', {
			body: mp3,
			headers: { 'content-type': 'application/octet-stream' },
		});
		const result = await run([
			minimax('Upload', {
				operation: 'upload',
				purpose: 'song',
				inputSource: 'url',
				audioUrl: url,
			}),
		]);

		expect(result.status).toBe('success');
		expect(emu.minimax.uploads).toEqual([
			expect.objectContaining({
				purpose: 'song',
				fileName: 'My Song.mp3',
				mimeType: 'audio/mpeg',
				md5: md5(mp3),
			}),
		]);
	});

	it('refuses a file shorter than 10 s from its header, before sending, and Continue On Fail keeps going', async () => {
		const short = await storeBinary(shortWav(), { fileName: 'short.wav', mimeType: 'audio/wav' });
		const good = await storeBinary(wav, { fileName: 'long.wav', mimeType: 'audio/wav' });

		const failing = await run(
			[minimax('Upload', { operation: 'upload', purpose: 'voice', inputSource: 'binary' })],
			[{ json: {}, binary: { data: short } }],
		);
		expect(failing.status).toBe('error');
		expect(failing.error?.message).toBe(
			'The audio in "Input Binary Field" (binary property "data") plays 0.3 s; MiniMax takes 10 s to 10 min [item 0]',
		);
		expect(failing.error?.description).toMatch(/at least 10 seconds/);
		expect(emu.requests.filter((request) => request.route === 'minimaxUpload')).toHaveLength(0);
		expect((failing.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);

		const continuing = await run(
			[
				minimax(
					'Upload',
					{ operation: 'upload', purpose: 'voice', inputSource: 'binary' },
					{ onError: 'continueRegularOutput' },
				),
			],
			[
				{ json: {}, binary: { data: good } },
				{ json: {}, binary: { data: short } },
			],
		);
		expect(continuing.status).toBe('success');
		const [first, second] = continuing.items('Upload');
		expect(first.json.voice_id).toEqual(expect.any(String));
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second).toEqual({
			json: {
				error: expect.stringContaining('plays 0.3 s'),
				description: expect.stringMatching(/at least 10 seconds/),
				httpCode: null,
			},
			pairedItem: { item: 1 },
		});
	});

	it('says the API key is invalid on a 401, without leaking the key', async () => {
		// Built at run time: a literal would look like a hard-coded secret to the lint.
		const wrongKey = ['rejected', randomUUID()].join('-');
		const binary = await storeBinary(mp3, { fileName: 'song.mp3', mimeType: 'audio/mpeg' });
		const result = await run(
			[minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'binary' })],
			[{ json: {}, binary: { data: binary } }],
			wrongKey,
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Invalid AI/ML API key [item 0]');
		expect(result.error?.description).toMatch(/HTTP 401/);
		expect(emu.minimax.uploads).toHaveLength(0);
		expectNoKeyAnywhere(result.run, wrongKey);

		const continuing = await run(
			[
				minimax(
					'Upload',
					{ operation: 'upload', purpose: 'song', inputSource: 'binary' },
					{ onError: 'continueRegularOutput' },
				),
			],
			[{ json: {}, binary: { data: binary } }],
			wrongKey,
		);
		expect(continuing.items('Upload')).toEqual([
			{
				json: {
					error: 'Invalid AI/ML API key [item 0]',
					description: expect.stringMatching(/HTTP 401/),
					httpCode: '401',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a file that is not MP3 or WAV before sending anything', async () => {
		const text = Buffer.from('These are my lyrics, not a song.\n'.repeat(1000));
		const fake = await storeBinary(text, { fileName: 'notes.mp3', mimeType: 'audio/mpeg' });
		const result = await run(
			[minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'binary' })],
			[{ json: {}, binary: { data: fake } }],
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'The file ("notes.mp3", audio/mpeg) is not MP3 or WAV audio [item 0]',
		);
		expect(result.error?.description).toMatch(/labelled MP3 but its content is not/);

		const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(20000)]);
		const url = files.host('/cover.png', { body: png, headers: { 'content-type': 'image/png' } });
		const fromUrl = await run([
			minimax('Upload', {
				operation: 'upload',
				purpose: 'song',
				inputSource: 'url',
				audioUrl: url,
			}),
		]);
		expect(fromUrl.status).toBe('error');
		expect(fromUrl.error?.message).toBe(
			'The file ("cover.png", image/png) is not MP3 or WAV audio [item 0]',
		);

		expect(uploadRequests()).toHaveLength(0);
	});

	it('names the item and the available fields when the binary property is missing', async () => {
		const binary = await storeBinary(mp3, { fileName: 'song.mp3', mimeType: 'audio/mpeg' });
		const result = await run(
			[
				minimax(
					'Upload',
					{
						operation: 'upload',
						purpose: 'song',
						inputSource: 'binary',
						binaryPropertyName: 'audio',
					},
					{ onError: 'continueRegularOutput' },
				),
			],
			[{ json: {}, binary: { file: binary } }],
		);
		const [item] = result.items('Upload');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json.error).toMatch(/"audio"/);
		expect(uploadRequests()).toHaveLength(0);
	});

	it('retries a 429 and a 503 on upload, then succeeds', async () => {
		emu.failNext('minimaxUpload', { status: 429, times: 1 });
		emu.failNext('minimaxUpload', { status: 503, times: 1 });
		const binary = await storeBinary(mp3, { fileName: 'song.mp3', mimeType: 'audio/mpeg' });
		const result = await run(
			[minimax('Upload', { operation: 'upload', purpose: 'voice', inputSource: 'binary' })],
			[{ json: {}, binary: { data: binary } }],
		);
		expect(result.status).toBe('success');
		expect(uploadRequests().map((r) => r.status)).toEqual([429, 503, 200]);
		expect(emu.minimax.uploads).toEqual([
			expect.objectContaining({ md5: md5(mp3), purpose: 'voice' }),
		]);
	});

	it('sends the file again after a dropped connection', async () => {
		emu.failNext('minimaxUpload', { status: 'drop', times: 1 });
		const binary = await storeBinary(wav, { fileName: 'take.wav', mimeType: 'audio/wav' });
		const result = await run(
			[minimax('Upload', { operation: 'upload', purpose: 'instrumental', inputSource: 'binary' })],
			[{ json: {}, binary: { data: binary } }],
		);
		expect(result.error?.message).toBeUndefined();
		expect(uploadRequests()).toHaveLength(2);
		expect(emu.minimax.uploads).toEqual([
			expect.objectContaining({ md5: md5(wav), fileName: 'take.wav', mimeType: 'audio/wav' }),
		]);
	});
});

/** Uploads the MP3 fixture as a song and returns its voice_id and instrumental_id. */
async function uploadSong(): Promise<{ voiceId: string; instrumentalId: string }> {
	const binary = await storeBinary(mp3, { fileName: 'song.mp3', mimeType: 'audio/mpeg' });
	const result = await run(
		[minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'binary' })],
		[{ json: {}, binary: { data: binary } }],
	);
	const [{ json }] = result.items('Upload');
	return { voiceId: json.voice_id as string, instrumentalId: json.instrumental_id as string };
}

describe('MiniMax Music: generate', () => {
	const lyrics = '##\nSwift and boundless\nWe sing along\n\nUntil the dawn\n##';

	it.each([
		[
			'wav',
			'audio/wav',
			(b: Buffer) =>
				b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE',
		],
		[
			'mp3',
			'audio/mpeg',
			(b: Buffer) =>
				b.toString('latin1', 0, 3) === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
		],
	])(
		'returns %s audio as binary and passes the reference ids through',
		async (format, mimeType, isFormat) => {
			const { voiceId, instrumentalId } = await uploadSong();
			const result = await run([
				minimax('Generate', {
					operation: 'generate',
					lyrics,
					referVoice: voiceId,
					referInstrumental: instrumentalId,
					format,
					audioSettings: { sampleRate: 24000, bitrate: 128000 },
					options: { fileName: 'my song', binaryPropertyName: 'song' },
				}),
			]);

			expect(result.status).toBe('success');
			const [item] = result.items('Generate');
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json.extra_info).toEqual(expect.any(Object));
			expect(item.json.trace_id).toEqual(expect.any(String));
			expect(item.json.base_resp).toMatchObject({ status_code: 0 });
			const binary = item.binary!.song;
			expect(binary).toMatchObject({
				mimeType,
				fileName: `my song.${format}`,
				fileExtension: format,
			});
			const bytes = await readBinary(binary);
			expect(bytes.length).toBeGreaterThan(1000);
			expect(isFormat(bytes)).toBe(true);

			expect(emu.minimax.generations).toHaveLength(1);
			expect(emu.minimax.generations[0].body).toEqual({
				model: 'music-01',
				lyrics,
				refer_voice: voiceId,
				refer_instrumental: instrumentalId,
				audio_setting: { format, sample_rate: 24000, bitrate: 128000 },
			});
		},
	);

	it('chains upload → generate through the default expressions', async () => {
		const binary = await storeBinary(wav, { fileName: 'a-cappella.wav', mimeType: 'audio/wav' });
		const result = await run(
			[
				minimax('Upload', { operation: 'upload', purpose: 'voice', inputSource: 'binary' }),
				// referVoice / referInstrumental left at their defaults: {{ $json.voice_id }} / {{ $json.instrumental_id }}
				minimax('Generate', { operation: 'generate', lyrics }),
			],
			[{ json: {}, binary: { data: binary } }],
		);

		expect(result.status).toBe('success');
		const voiceId = result.items('Upload')[0].json.voice_id;
		expect(voiceId).toEqual(expect.any(String));
		const [generated] = result.items('Generate');
		expect(generated.pairedItem).toEqual({ item: 0 });
		expect(generated.binary!.data.mimeType).toBe('audio/mpeg');
		const body = emu.minimax.generations[0].body as Record<string, unknown>;
		expect(body.refer_voice).toBe(voiceId);
		expect(body).not.toHaveProperty('refer_instrumental');
		expect(body.audio_setting).toEqual({ format: 'mp3' });
	});

	it('validates lyrics and reference ids before sending', async () => {
		const tooLong = await run([
			minimax('Generate', {
				operation: 'generate',
				lyrics: 'la '.repeat(201),
				referVoice: 'vocal-1',
			}),
		]);
		expect(tooLong.error?.message).toBe(
			'"Lyrics" is 603 characters long; MiniMax accepts at most 600 [item 0]',
		);
		expect(tooLong.error?.description).toBe('Shorten it by 3 characters.');

		const noRefs = await run(
			[
				minimax(
					'Generate',
					{ operation: 'generate', lyrics },
					{ onError: 'continueRegularOutput' },
				),
			],
			[{ json: { unrelated: true } }],
		);
		expect(noRefs.items('Generate')).toEqual([
			{
				json: {
					error: 'Set Refer Voice or Refer Instrumental (or both) [item 0]',
					description: expect.stringContaining('Run Upload Reference Audio first'),
					httpCode: null,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(generateRequests()).toHaveLength(0);
	});

	it('retries 5xx with backoff, then gives a clear message', async () => {
		const { instrumentalId } = await uploadSong();
		emu.failNext('minimaxGenerate', { status: 502, times: 2 });
		const recovered = await run([
			minimax('Generate', { operation: 'generate', lyrics, referInstrumental: instrumentalId }),
		]);
		expect(recovered.status).toBe('success');
		expect(generateRequests().map((r) => r.status)).toEqual([502, 502, 200]);

		emu.failNext('minimaxGenerate', { status: 500, times: 10 });
		const before = generateRequests().length;
		const failed = await run([
			minimax('Generate', { operation: 'generate', lyrics, referInstrumental: instrumentalId }),
		]);
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe(
			'The AI/ML API failed with HTTP 500 4 times in a row [item 0]',
		);
		expect(generateRequests().length - before).toBe(4);
	});

	it('maps 403 to out of credits and 400 to the validation message', async () => {
		emu.failNext('minimaxGenerate', { status: 403, message: 'Insufficient credits', times: 1 });
		const noCredits = await run([
			minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' }),
		]);
		expect(noCredits.error?.message).toBe('AI/ML API: out of credits or access denied [item 0]');
		expect(noCredits.error?.description).toContain('Insufficient credits');

		emu.failNext('minimaxGenerate', {
			status: 400,
			message: 'refer_voice must be a valid voice id',
			times: 1,
		});
		const invalid = await run([
			minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' }),
		]);
		expect(invalid.error?.message).toBe(
			'AI/ML API rejected the request: Body validation error: refer_voice must be a valid voice id [item 0]',
		);

		emu.failNext('minimaxGenerate', {
			baseResp: { status_code: 1008, status_msg: 'insufficient balance' },
		});
		const broke = await run([
			minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' }),
		]);
		expect(broke.error?.message).toBe(
			'MiniMax could not generate music: insufficient balance (code 1008) [item 0]',
		);
		expect(broke.error?.description).toMatch(/top up/i);
	});

	it('gives up on a persistent 429 with a clear message', async () => {
		emu.failNext('minimaxGenerate', { status: 429, times: 10, retryAfterSeconds: 0 });
		const limited = await run([
			minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' }),
		]);
		expect(limited.error?.message).toBe(
			'The AI/ML API is rate limiting requests (HTTP 429) — gave up after 4 attempts [item 0]',
		);
		expect(generateRequests()).toHaveLength(4);
		expect(logs.lines.filter((line) => line.includes('HTTP 429'))).toHaveLength(3);
	});
});

describe('AI/ML API credential test, run as n8n runs it', () => {
	const testCredential = async (apiKey: string) =>
		await runCredentialTest(new AimlMinimaxApi(), { apiKey, baseUrl: emu.aimlBaseUrl });

	it('passes with the right key, sent as a Bearer token', async () => {
		expect(await testCredential(` ${emu.keys.aimlApiKey} `)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(emu.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/v1/billing/balance', 200]]);
	});

	it("explains a wrong key with the credential's own 401 message", async () => {
		const wrong = await testCredential(['rejected', randomUUID()].join('-'));
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/rejected this API key/);
		expect(emu.requests.every((r) => r.path === '/v1/billing/balance' && r.status === 401)).toBe(true);
	});
});
