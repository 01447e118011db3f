/**
 * Generate Music with the asynchronous models (music-2.6, 2.0, 1.5, cover) through n8n's engine
 * against the emulator: the bodies as sent, the polling, the downloaded file, timeouts, errors,
 * retries that never submit a generation twice, and bad input refused with 0 requests.
 */
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { pcmTone, wavFile } from '../../emulator/audio';
import { readBinary, storeBinary } from '../harness';
import { useEmulator } from '../useEmulator';
import { minimax, runMinimax } from './engine';
import { md5, shortWav, songMp3 } from './fixtures';

const emu = useEmulator();
const lyrics = '[Verse]\nSwift and boundless\nWe sing along\n[Chorus]\nUntil the dawn';
const prompt = 'Indie folk, melancholic, acoustic guitar and soft piano';
/** Quick polling for tests: 10 ms, then 15, 22, … */
const fastPolling = { pollInterval: 0.01 };

const starts = () =>
	emu.requests.filter((r) => r.method === 'POST' && r.path === '/v2/generate/audio');
const polls = () =>
	emu.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/generate/audio?'));
const fileDownloads = () => emu.requests.filter((r) => r.path.startsWith('/files/minimax/'));

function generate(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return minimax('Generate', { operation: 'generate', options: fastPolling, ...parameters }, extra);
}

async function run(node: INode, input?: INodeExecutionData[]) {
	return await runMinimax(emu, [node], input);
}

describe('MiniMax Music: asynchronous models', () => {
	it.each([
		[
			'minimax/music-2.6',
			{ prompt, lyrics, format: 'wav', audioSettings: { sampleRate: 32000 } },
			{
				model: 'minimax/music-2.6',
				prompt,
				lyrics,
				is_instrumental: false,
				lyrics_optimizer: false,
				audio_setting: { format: 'wav', sample_rate: 32000 },
			},
			'audio/wav',
		],
		[
			'minimax/music-2.0',
			{ prompt, lyrics, format: 'mp3', audioSettings: { bitrate: 128000 } },
			{
				model: 'minimax/music-2.0',
				prompt,
				lyrics,
				audio_setting: { format: 'mp3', bitrate: 128000 },
			},
			'audio/mpeg',
		],
		[
			'minimax/music-1.5',
			{ prompt, lyrics },
			{ model: 'minimax/music-1.5', prompt, lyrics, audio_setting: { format: 'mp3' } },
			'audio/mpeg',
		],
	])(
		'%s: sends the body, polls until completed, downloads the file',
		async (model, parameters, expectedBody, mimeType) => {
			const result = await run(generate({ model, ...parameters }));

			expect(result.error?.message).toBeUndefined();
			const [generation] = emu.minimax.audioGenerations;
			expect(generation.body).toEqual(expectedBody);
			expect(starts()).toHaveLength(1);
			// queued, generating, completed: the emulator's default plan.
			expect(polls().map((r) => r.path)).toEqual(
				Array(3).fill(`/v2/generate/audio?generation_id=${generation.generation_id}`),
			);
			expect(fileDownloads()).toHaveLength(1);

			const [item] = result.items('Generate');
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toEqual({
				model,
				generation_id: generation.generation_id,
				status: 'completed',
				credits_used: 21,
				audio_url: expect.stringContaining(`/files/minimax/${generation.generation_id}.`),
			});
			const extension = mimeType === 'audio/wav' ? 'wav' : 'mp3';
			expect(item.binary!.data).toMatchObject({
				mimeType,
				fileName: `minimax-music-${generation.generation_id}.${extension}`,
				fileExtension: extension,
			});
			const bytes = await readBinary(item.binary!.data);
			expect(md5(bytes)).toBe(md5(generation.audio));
		},
	);

	it('music-2.6: an instrumental needs neither prompt nor lyrics', async () => {
		const result = await run(generate({ model: 'minimax/music-2.6', isInstrumental: true }));
		expect(result.status).toBe('success');
		expect(emu.minimax.audioGenerations[0].body).toEqual({
			model: 'minimax/music-2.6',
			is_instrumental: true,
			lyrics_optimizer: false,
			audio_setting: { format: 'mp3' },
		});
	});

	it('music-cover: sends a filesystem-mode binary as Base64 data', async () => {
		const song = songMp3();
		const binary = await storeBinary(song, { fileName: 'reference.mp3', mimeType: 'audio/mpeg' });
		expect(binary.id).toBeDefined();
		const result = await run(
			generate({
				model: 'minimax/music-cover',
				prompt,
				lyrics,
				referenceAudioSource: 'binary',
				referenceBinaryPropertyName: 'song',
				options: { ...fastPolling, fileName: 'cover', binaryPropertyName: 'cover' },
			}),
			[{ json: {}, binary: { song: binary } }],
		);

		expect(result.error?.message).toBeUndefined();
		const [generation] = emu.minimax.audioGenerations;
		expect(generation.body).toEqual({
			model: 'minimax/music-cover',
			prompt,
			lyrics,
			reference_audio_url: `data:audio/mpeg;base64,${song.toString('base64')}`,
		});
		expect(generation.reference).toMatchObject({
			kind: 'base64',
			mimeType: 'audio/mpeg',
			size: song.length,
			md5: md5(song),
		});
		const [item] = result.items('Generate');
		expect(item.binary!.cover).toMatchObject({ mimeType: 'audio/mpeg', fileName: 'cover.mp3' });
		expect(md5(await readBinary(item.binary!.cover))).toBe(md5(generation.audio));
	});

	it('music-cover: passes a reference URL through without downloading it', async () => {
		const url = 'https://cdn.example.com/songs/reference.mp3?token=abc';
		const result = await run(
			generate({
				model: 'minimax/music-cover',
				prompt,
				referenceAudioSource: 'url',
				referenceAudioUrl: url,
			}),
		);
		expect(result.status).toBe('success');
		expect(emu.minimax.audioGenerations[0].body).toEqual({
			model: 'minimax/music-cover',
			prompt,
			reference_audio_url: url,
		});
	});

	it('a failed generation is an error naming the generation, and Continue On Fail keeps the usual keys', async () => {
		emu.minimax.planNextGeneration({
			outcome: 'error',
			pollsBeforeDone: 1,
			error: { name: 'ContentPolicy', message: 'lyrics were flagged' },
		});
		const failed = await run(generate({ model: 'minimax/music-2.0', prompt, lyrics }));
		const generationId = emu.minimax.audioGenerations[0].generation_id;
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe(
			'MiniMax could not generate music: lyrics were flagged [item 0]',
		);
		expect(failed.error?.description).toContain(
			`Generation ${generationId} ended with status "error" (ContentPolicy)`,
		);
		expect(polls()).toHaveLength(2);
		expect(fileDownloads()).toHaveLength(0);

		emu.minimax.planNextGeneration({ outcome: 'error', pollsBeforeDone: 0 });
		const continued = await run(
			generate(
				{ model: 'minimax/music-2.0', prompt, lyrics },
				{ onError: 'continueRegularOutput' },
			),
		);
		const [item] = continued.items('Generate');
		expect(Object.keys(item.json).sort()).toEqual(['description', 'error', 'httpCode']);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('gives up after Wait Timeout with the generation_id, without starting another generation', async () => {
		emu.minimax.planNextGeneration({ outcome: 'stuck' });
		const result = await run(
			generate({
				model: 'minimax/music-1.5',
				prompt,
				lyrics,
				options: { pollInterval: 0.05, waitTimeout: 1 },
			}),
		);
		const generationId = emu.minimax.audioGenerations[0].generation_id;
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`Generation ${generationId} did not finish within 1 s (last status: generating) [item 0]`,
		);
		expect(result.error?.description).toContain(
			`GET /v2/generate/audio?generation_id=${generationId}`,
		);
		expect(starts()).toHaveLength(1);
		expect(polls().length).toBeGreaterThan(1);
		expect(fileDownloads()).toHaveLength(0);
	});
});

describe('MiniMax Music: a generation is never submitted twice', () => {
	it.each([
		[503, 'The AI/ML API failed with HTTP 503 [item 0]'],
		['drop' as const, 'Could not reach the AI/ML API: connection reset [item 0]'],
	])('a start request answered %s is not sent again', async (status, message) => {
		emu.failNext('aimlGenerateAudio', { status, times: 1 });
		const result = await run(generate({ model: 'minimax/music-2.0', prompt, lyrics }));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(starts()).toHaveLength(1);
		expect(emu.minimax.audioGenerations).toHaveLength(0);
	});

	it('a 429 on the start request (nothing was started) is retried', async () => {
		emu.failNext('aimlGenerateAudio', { status: 429, times: 1, retryAfterSeconds: 0 });
		const result = await run(generate({ model: 'minimax/music-2.0', prompt, lyrics }));
		expect(result.status).toBe('success');
		expect(starts().map((r) => r.status)).toEqual([429, 200]);
		expect(emu.minimax.audioGenerations).toHaveLength(1);
	});

	it('a failed status request is retried: it only reads', async () => {
		emu.failNext('aimlGenerationStatus', { status: 502, times: 1 });
		const result = await run(generate({ model: 'minimax/music-2.0', prompt, lyrics }));
		expect(result.status).toBe('success');
		expect(polls().map((r) => r.status)).toEqual([502, 200, 200, 200]);
		expect(starts()).toHaveLength(1);
	});
});

describe('MiniMax Music: bad input for the asynchronous models is refused with 0 requests', () => {
	const notAudio = Buffer.from('These are my lyrics, not a song.\n'.repeat(500));

	it.each([
		[
			'a prompt too short',
			{ model: 'minimax/music-1.5', prompt: 'sad', lyrics },
			'"Prompt" is 3 characters long; it needs at least 10 [item 0]',
			'Add 7 characters or more.',
		],
		[
			'a prompt too long',
			{ model: 'minimax/music-2.0', prompt: 'p'.repeat(2001), lyrics },
			'"Prompt" is 2001 characters long; MiniMax accepts at most 2000 [item 0]',
			'Shorten it by 1 character.',
		],
		[
			'no prompt',
			{
				model: 'minimax/music-cover',
				prompt: ' ',
				referenceAudioSource: 'url',
				referenceAudioUrl: 'https://example.com/a.mp3',
			},
			'"Prompt" is empty [item 0]',
			'Write 10 to 300 characters.',
		],
		[
			'lyrics too long',
			{ model: 'minimax/music-1.5', prompt, lyrics: 'l'.repeat(601) },
			'"Lyrics" is 601 characters long; MiniMax accepts at most 600 [item 0]',
			'Shorten it by 1 character.',
		],
		[
			'lyrics with Instrumental Only',
			{ model: 'minimax/music-2.6', lyrics, isInstrumental: true },
			'"Lyrics" are set while "Instrumental Only" is on [item 0]',
			'The model would ignore the lyrics. Clear Lyrics, or turn off Instrumental Only.',
		],
		[
			'no reference URL',
			{ model: 'minimax/music-cover', prompt, referenceAudioSource: 'url', referenceAudioUrl: '' },
			'Music Cover needs reference audio: "Reference Audio URL" is empty [item 0]',
			expect.stringContaining('https address'),
		],
		[
			'an http reference URL',
			{
				model: 'minimax/music-cover',
				prompt,
				referenceAudioSource: 'url',
				referenceAudioUrl: 'http://example.com/a.mp3',
			},
			'"Reference Audio URL" is not an https URL [item 0]',
			expect.stringContaining('https://example.com/song.mp3'),
		],
		[
			'a Wait Timeout of 0',
			{ model: 'minimax/music-2.0', prompt, lyrics, options: { waitTimeout: 0 } },
			'Options → Wait Timeout (Seconds) must be a number of seconds above 0, got 0 [item 0]',
			'Set it to e.g. 600, or remove the option to use the default (600 s).',
		],
	])('%s', async (_case, parameters, message, fix) => {
		const result = await run(generate(parameters as INode['parameters']));
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toEqual(fix);
		expect(emu.requests).toHaveLength(0);
	});

	it('no reference binary for cover names the field and what the item has', async () => {
		const other = await storeBinary(songMp3(), { fileName: 'a.mp3', mimeType: 'audio/mpeg' });
		const result = await run(
			generate({ model: 'minimax/music-cover', prompt, referenceAudioSource: 'binary' }),
			[{ json: {}, binary: { song: other } }],
		);
		expect(result.error?.message).toBe(
			'No binary data in property "data" (Reference Audio Field) [item 0]',
		);
		expect(result.error?.description).toBe('The item has binary properties: "song".');
		expect(emu.requests).toHaveLength(0);
	});

	it.each([
		[
			'not audio',
			notAudio,
			'notes.mp3',
			/^The file \("notes.mp3", audio\/mpeg\) is not MP3 or WAV audio \[item 0\]$/,
		],
		[
			'shorter than 6 s',
			shortWav(),
			'short.wav',
			/^The audio in "Reference Audio Field" \(binary property "data"\) plays 0\.3 s; Music Cover takes 6 s to 6 min \[item 0\]$/,
		],
		[
			'longer than 6 min',
			wavFile(pcmTone(8000, 361, 220), 8000),
			'long.wav',
			/plays 361\.0 s; Music Cover takes 6 s to 6 min \[item 0\]$/,
		],
	])('a reference that is %s', async (_case, data, fileName, message) => {
		const binary = await storeBinary(data, { fileName, mimeType: 'audio/mpeg' });
		const result = await run(
			generate({ model: 'minimax/music-cover', prompt, referenceAudioSource: 'binary' }),
			[{ json: {}, binary: { data: binary } }],
		);
		expect(result.error?.message).toMatch(message);
		expect(emu.requests).toHaveLength(0);
	});

	it('a reference over 50 MB is refused from its size, before it is read', async () => {
		const big = wavFile(Buffer.alloc(50_000_000), 44100);
		const binary = await storeBinary(big, { fileName: 'big.wav', mimeType: 'audio/wav' });
		const result = await run(
			generate({ model: 'minimax/music-cover', prompt, referenceAudioSource: 'binary' }),
			[{ json: {}, binary: { data: binary } }],
		);
		expect(result.error?.message).toBe(
			'The file in "Reference Audio Field" is 50.0 MB; MiniMax accepts at most 50.0 MB [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});
});
