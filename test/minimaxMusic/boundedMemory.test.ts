/**
 * Upload Reference Audio refuses audio longer than MiniMax takes (10 min) from its header, before
 * its body is read: a 12-minute WAV in n8n's binary store and a 300 MB WAV behind a URL. Peak heap
 * growth (heapUsed + arrayBuffers, sampled during the run) is measured and must stay far below the
 * file size. Also: an Audio Format the model does not write is refused before sending, and a 400's
 * field-level reasons reach the node's message.
 */
import { sleep, type IBinaryData } from 'n8n-workflow';

import { useEmulator } from '../useEmulator';
import { minimax, runMinimax } from './engine';
import { startFileServer, storeLongWav, wavHeader } from './fileServer';
import { measurePeakGrowth, report } from './memory';
import { silentMp3 } from '../../emulator/audio';

const emu = useEmulator();
const MB = 1_000_000;

const uploads = () => emu.requests.filter((request) => request.route === 'minimaxUpload');

/** Upload Reference Audio of a stored file, with the peak memory growth while it runs. */
async function uploadMeasured(binary: IBinaryData) {
	return await measurePeakGrowth(
		async () =>
			await runMinimax(
				emu,
				[minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'binary' })],
				[{ json: {}, binary: { data: binary } }],
			),
	);
}

describe('MiniMax Music: audio over 10 minutes is refused before its body is read', () => {
	it('a 12-minute WAV in the binary store', async () => {
		const { binary, size } = await storeLongWav(12 * 60);
		const { result, growth } = await uploadMeasured(binary);
		report(
			`12-minute WAV (${(size / MB).toFixed(0)} MB): peak heap growth ${(growth / MB).toFixed(1)} MB`,
		);
		expect(result.error?.message).toBe(
			'The audio in "Input Binary Field" (binary property "data") plays 720.0 s; MiniMax takes 10 s to 10 min [item 0]',
		);
		expect(result.error?.description).toMatch(/Trim it to at most 10 minutes/);
		expect(uploads()).toHaveLength(0);
		expect(growth).toBeLessThan(size / 8);
	});

	it('a URL serving 300 MB', async () => {
		const server = await startFileServer();
		try {
			const seconds = (300 * MB) / 176_400;
			const { header, size } = wavHeader(seconds);
			const url = server.hostLarge('/long.wav', header, size);
			const { result, growth } = await measurePeakGrowth(
				async () =>
					await runMinimax(emu, [
						minimax('Upload', {
							operation: 'upload',
							purpose: 'song',
							inputSource: 'url',
							audioUrl: `${url}?X-Amz-Signature=secret`,
						}),
					]),
			);
			await sleep(50);
			report(
				`URL serving ${(size / MB).toFixed(0)} MB: ${(server.bytesSent() / MB).toFixed(2)} MB sent, peak heap growth ${(growth / MB).toFixed(1)} MB`,
			);
			expect(result.error?.message).toMatch(
				/^The audio in "Audio URL" \(http:\/\/127\.0\.0\.1:\d+\/long\.wav\?X-Amz-Signature=\(redacted\)\) plays 1700\.7 s; MiniMax takes 10 s to 10 min \[item 0\]$/,
			);
			expect(uploads()).toHaveLength(0);
			expect(server.bytesSent()).toBeLessThan(size / 20);
			expect(growth).toBeLessThan(size / 8);
		} finally {
			await server.stop();
		}
	});
	it('a URL serving 300 MB of MP3 without a Content-Length stops at what 10 minutes take', async () => {
		const server = await startFileServer();
		try {
			// 128 kbps: 10 minutes are 9.6 MB.
			const head = silentMp3(44100, 128000, 5).data;
			const size = 300 * MB;
			const url = server.hostLarge('/endless.mp3', head, size, { contentLength: false });
			const { result, growth } = await measurePeakGrowth(
				async () =>
					await runMinimax(emu, [
						minimax('Upload', {
							operation: 'upload',
							purpose: 'song',
							inputSource: 'url',
							audioUrl: url,
						}),
					]),
			);
			await sleep(50);
			report(
				`URL serving 300 MB of MP3 without Content-Length: ${(server.bytesSent() / MB).toFixed(2)} MB sent, peak heap growth ${(growth / MB).toFixed(1)} MB`,
			);
			expect(result.error?.message).toMatch(
				/^The audio in "Audio URL" \(http:\/\/127\.0\.0\.1:\d+\/endless\.mp3\) plays longer than 10 minutes; MiniMax takes 10 s to 10 min \[item 0\]$/,
			);
			expect(result.error?.description).toContain('stopped after 9600000 bytes');
			expect(uploads()).toHaveLength(0);
			expect(server.bytesSent()).toBeLessThan(size / 20);
			expect(growth).toBeLessThan(size / 8);
		} finally {
			await server.stop();
		}
	});
});

describe('MiniMax Music: an accepted file is streamed to the API, not held', () => {
	it('a 9-minute WAV goes out whole with a heap growth far below its size, and again on a retry', async () => {
		const { binary, size } = await storeLongWav(9 * 60);
		emu.failNext('minimaxUpload', { status: 503 });
		const { result, growth } = await uploadMeasured(binary);
		report(
			`9-minute WAV (${(size / MB).toFixed(0)} MB) uploaded twice (a 503, then success): peak heap growth ${(growth / MB).toFixed(1)} MB`,
		);
		expect(result.error).toBeUndefined();
		expect(result.items('Upload')[0].json).toEqual({
			voice_id: expect.any(String),
			instrumental_id: expect.any(String),
			trace_id: expect.any(String),
			base_resp: { status_code: 0, status_msg: 'success' },
		});
		expect(uploads()).toHaveLength(2);
		expect(emu.minimax.uploads).toEqual([
			expect.objectContaining({ fileName: 'long.wav', mimeType: 'audio/wav', size }),
		]);
		expect(growth).toBeLessThan(size / 4);
	});
});

describe('MiniMax Music: formats and reasons', () => {
	const prompt = 'Indie folk, melancholic, acoustic guitar';

	it('Audio Format PCM with an asynchronous model is refused with 0 requests', async () => {
		const result = await runMinimax(emu, [
			minimax('Generate', {
				operation: 'generate',
				model: 'minimax/music-2.6',
				prompt,
				format: 'pcm',
			}),
		]);
		expect(result.error?.message).toBe('"Audio Format" PCM is not made by this model [item 0]');
		expect(result.error?.description).toBe(
			'Set Audio Format to MP3 or WAV, or use the model Music-01 for PCM.',
		);
		expect(emu.requests).toHaveLength(0);
	});

	it("a 400's field-level reasons are shown in the node's message", async () => {
		// The node checks every field it sends, so the emulator is told to refuse the next start
		// request the way the gateway refuses a field (HTTP 400, reasons under `errors`).
		const reason = 'audio_setting.format must be one of the following values: mp3, wav';
		emu.failNext('aimlGenerateAudio', { status: 400, message: reason });
		const result = await runMinimax(emu, [
			minimax('Generate', { operation: 'generate', model: 'minimax/music-2.6', prompt }),
		]);
		expect(result.error?.message).toBe(
			`AI/ML API rejected the request: Body validation error: ${reason} [item 0]`,
		);
		expect(emu.requests).toHaveLength(1);
	});
});
