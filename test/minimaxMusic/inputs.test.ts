/**
 * MiniMax Music: bad input refused before any request (the emulator counts 0), one message for a
 * refused connection whatever the operation, and one Continue On Fail item shape for every failure.
 */
import type { IBinaryData } from 'n8n-workflow';

import { storeBinary } from '../harness';
import { useEmulator } from '../useEmulator';
import { minimax, runMinimax } from './engine';
import { refusingUrl } from './fileServer';
import { songMp3 } from './fixtures';

const emu = useEmulator();
const lyrics = '##\nSwift and boundless\nWe sing along\n##';
const continueOnFail = { onError: 'continueRegularOutput' as const };

/** Filesystem-mode binary whose stored file does not exist: reading it fails. */
const unreadableBinary: IBinaryData = {
	id: 'filesystem-v2:workflows/harness/executions/input/binary_data/never-stored',
	data: 'filesystem-v2',
	mimeType: 'audio/mpeg',
	fileName: 'song.mp3',
	fileExtension: 'mp3',
};

describe('MiniMax Music: bad input is refused before any request', () => {
	it('an empty API key fails before the file is read, naming the credential field', async () => {
		for (const apiKey of ['', '   ']) {
			const result = await runMinimax(
				emu,
				[minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'binary' })],
				[{ json: {}, binary: { data: unreadableBinary } }],
				{ apiKey },
			);
			expect(result.status).toBe('error');
			// Had the file been read first, the error would be about the missing stored file.
			expect(result.error?.message).toBe(
				'The API Key of the AI/ML API credential is empty [item 0]',
			);
			expect(result.error?.description).toMatch(
				/paste your key from https:\/\/aimlapi\.com\/app\/keys/,
			);
		}
		const generate = await runMinimax(
			emu,
			[minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' })],
			undefined,
			{ apiKey: '' },
		);
		expect(generate.error?.message).toBe(
			'The API Key of the AI/ML API credential is empty [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});

	it('a Base URL that is not a URL is named', async () => {
		const result = await runMinimax(
			emu,
			[minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' })],
			undefined,
			{ baseUrl: 'api.aimlapi.com' },
		);
		expect(result.error?.message).toBe(
			'The Base URL of the AI/ML API credential is not an http(s) URL: "api.aimlapi.com" [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});

	it.each([
		[
			'one character over',
			'x'.repeat(601),
			'"Lyrics" is 601 characters long; MiniMax accepts at most 600',
			'Shorten it by 1 character.',
		],
		[
			'many characters over',
			'x'.repeat(650),
			'"Lyrics" is 650 characters long; MiniMax accepts at most 600',
			'Shorten it by 50 characters.',
		],
		['empty', '  \n ', '"Lyrics" is empty', 'Write at most 600 characters.'],
	])('Lyrics %s', async (_case, text, message, fix) => {
		const result = await runMinimax(emu, [
			minimax('Generate', { operation: 'generate', lyrics: text, referVoice: 'vocal-1' }),
		]);
		expect(result.error?.message).toBe(`${message} [item 0]`);
		expect(result.error?.description).toBe(fix);
		expect(emu.requests).toHaveLength(0);
	});

	it('swapped reference ids are named with the fix', async () => {
		const swappedVoice = await runMinimax(emu, [
			minimax('Generate', { operation: 'generate', lyrics, referVoice: 'instrumental-2025-abc' }),
		]);
		expect(swappedVoice.error?.message).toBe('"Refer Voice" holds an instrumental_id [item 0]');
		expect(swappedVoice.error?.description).toMatch(
			/Put "instrumental-2025-abc" in Refer Instrumental/,
		);

		const swappedInstrumental = await runMinimax(emu, [
			minimax('Generate', { operation: 'generate', lyrics, referInstrumental: 'vocal-2025-abc' }),
		]);
		expect(swappedInstrumental.error?.message).toBe(
			'"Refer Instrumental" holds a voice_id [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});

	it('a choice given by an expression must be one of the choices', async () => {
		const format = await runMinimax(emu, [
			minimax('Generate', {
				operation: 'generate',
				lyrics,
				referVoice: 'vocal-1',
				format: '={{ "ogg" }}',
			}),
		]);
		expect(format.error?.message).toBe(
			'"Audio Format" is "ogg", which is not one of its choices [item 0]',
		);
		expect(format.error?.description).toMatch(/^Pick one of: MP3, WAV, PCM\./);

		const rate = await runMinimax(emu, [
			minimax('Generate', {
				operation: 'generate',
				lyrics,
				referVoice: 'vocal-1',
				audioSettings: { sampleRate: '={{ 48000 }}' },
			}),
		]);
		expect(rate.error?.message).toBe(
			'"Sample Rate" is 48000, which is not one of its choices [item 0]',
		);

		const purpose = await runMinimax(emu, [
			minimax('Upload', {
				operation: 'upload',
				purpose: '={{ "vocals" }}',
				inputSource: 'url',
				audioUrl: 'https://example.com/a.mp3',
			}),
		]);
		expect(purpose.error?.message).toBe(
			'"Purpose" is "vocals", which is not one of its choices [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});
});

describe('MiniMax Music: failures', () => {
	it('a refused connection gives one message for every operation', async () => {
		const baseUrl = await refusingUrl();
		const binary = await storeBinary(songMp3(), { fileName: 'song.mp3', mimeType: 'audio/mpeg' });
		const upload = await runMinimax(
			emu,
			[minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'binary' })],
			[{ json: {}, binary: { data: binary } }],
			{ baseUrl },
		);
		const generate = await runMinimax(
			emu,
			[minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' })],
			undefined,
			{ baseUrl },
		);
		const expected =
			'Could not reach the AI/ML API: connection refused (nothing listens at that address and port) [item 0]';
		expect(upload.error?.message).toBe(expected);
		expect(generate.error?.message).toBe(expected);
		expect(upload.error?.description).toBe(
			`Connection refused (nothing listens at that address and port) [ECONNREFUSED] after 4 attempts, trying to upload the audio (POST ${baseUrl}/v2/generate/audio/minimax/upload). Check the Base URL of the AI/ML API credential and the network.`,
		);
		expect(generate.error?.description).toContain(
			`trying to generate music (POST ${baseUrl}/v2/generate/audio/minimax/generate)`,
		);
		expect((upload.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
	});

	it('Continue On Fail items have the same keys for validation, API and network errors', async () => {
		const validation = await runMinimax(emu, [
			minimax('Generate', { operation: 'generate', lyrics: '   ' }, continueOnFail),
		]);
		emu.failNext('minimaxGenerate', { status: 403, message: 'Insufficient credits' });
		const api = await runMinimax(emu, [
			minimax('Generate', { operation: 'generate', lyrics, referVoice: 'vocal-1' }, continueOnFail),
		]);
		const upstream = await runMinimax(emu, [
			minimax(
				'Generate',
				{ operation: 'generate', lyrics, referVoice: 'vocal-unknown' },
				continueOnFail,
			),
		]);
		const network = await runMinimax(
			emu,
			[
				minimax(
					'Generate',
					{ operation: 'generate', lyrics, referVoice: 'vocal-1' },
					continueOnFail,
				),
			],
			undefined,
			{ baseUrl: await refusingUrl() },
		);

		const items = [validation, api, upstream, network].map((run) => {
			expect(run.status).toBe('success');
			const [item] = run.items('Generate');
			expect(item.pairedItem).toEqual({ item: 0 });
			return item.json;
		});
		for (const json of items)
			expect(Object.keys(json).sort()).toEqual(['description', 'error', 'httpCode']);
		expect(items.map((json) => json.httpCode)).toEqual([null, '403', '2013', null]);
		expect(items.map((json) => json.error)).toEqual([
			'"Lyrics" is empty [item 0]',
			'AI/ML API: out of credits or access denied [item 0]',
			expect.stringMatching(/^MiniMax could not generate music: .*\(code 2013\) \[item 0\]$/),
			'Could not reach the AI/ML API: connection refused (nothing listens at that address and port) [item 0]',
		]);
	});
});
