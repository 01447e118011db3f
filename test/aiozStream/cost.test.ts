/**
 * Audio → Estimate Cost (GET /media/cost with the qualities as Upload builds them) and Upload's
 * "Check Balance First": the price asked before create, the duration from a WAV or MP3 header or
 * from Options → Audio Duration, and a refusal naming the price and the shortfall with 0 creates.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../useEmulator';
import { aioz, apiRequests, bytes, errorOf, inMemoryBinary, run } from './helpers';

const emu = useEmulator({ transcodeDelayMs: 100 });

/** A PCM WAV of `seconds` at 8000 bytes per second (8 kHz, 8-bit, mono). */
function wav(seconds: number): Buffer {
	const dataBytes = 8000 * seconds;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVEfmt ', 8, 'latin1');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(8000, 24); // sample rate
	header.writeUInt32LE(8000, 28); // byte rate
	header.writeUInt16LE(1, 32); // block align
	header.writeUInt16LE(8, 34); // bits per sample
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(dataBytes, 40);
	return Buffer.concat([header, bytes(dataBytes)]);
}

/** An MP3 of `seconds` at a constant 128 kbps (16000 bytes per second): a frame header, then bytes. */
function mp3(seconds: number): Buffer {
	return Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x00]), bytes(16000 * seconds - 4)]);
}

function fileItem(data: Buffer, fileName = 'episode.wav'): INodeExecutionData[] {
	return [
		{ json: {}, binary: { data: { ...inMemoryBinary(data, fileName), mimeType: 'audio/wav' } } },
	];
}

const costPaths = () =>
	apiRequests(emu)
		.filter((r) => r.route === 'cost')
		.map((r) => r.path);
const routes = () => apiRequests(emu).map((r) => r.route);

describe('Audio → Estimate Cost', () => {
	it('prices the default quality when none is set', async () => {
		const result = await run(emu, [aioz('Cost', { operation: 'estimateCost', duration: 600 })]);
		expect(result.items('Cost')[0].json).toEqual({
			price: 0.1,
			is_enough: true,
			duration: 600,
			qualities: ['standard'],
			type: 'audio',
		});
		expect(costPaths()).toEqual(['/api/media/cost?qualities=standard&type=audio&duration=600']);
	});

	it('names each Quality Preset of the Qualities field once, and says when the balance is short', async () => {
		emu.aioz.setBalance(0.05);
		const qualities = {
			quality: [
				{ resolution: 'good', streamingType: 'hls' },
				{ resolution: 'good', streamingType: 'dash', containerType: 'fmp4' },
				{ resolution: 'highest', streamingType: 'hls' },
			],
		};
		const result = await run(
			emu,
			[aioz('Cost', { operation: 'estimateCost', duration: 90, qualities })],
			{
				family: 'videos',
			},
		);
		expect(result.items('Cost')[0].json).toEqual({
			price: 0.075,
			is_enough: false,
			duration: 90,
			qualities: ['good', 'highest'],
			type: 'audio',
		});
		expect(costPaths()).toEqual([
			'/api/videos/cost?qualities=good%2Chighest&type=audio&duration=90',
		]);
	});

	it.each([0, -5, 'abc'])('refuses the duration %p before any request', async (duration) => {
		const result = await run(emu, [aioz('Cost', { operation: 'estimateCost', duration })]);
		expect(errorOf(result, 'Cost')?.message).toBe(
			`Duration (Seconds) must be a number of seconds above 0, got ${JSON.stringify(duration)} [item 0]`,
		);
		expect(emu.requests).toHaveLength(0);
	});

	it('checks the qualities as Upload does, before any request', async () => {
		const qualities = { quality: [{ resolution: 'standard', bitrate: 0 }] };
		const result = await run(emu, [
			aioz('Cost', { operation: 'estimateCost', duration: 60, qualities }),
		]);
		expect(errorOf(result, 'Cost')?.message).toBe(
			'Quality 1: Audio Bitrate must be a positive whole number of bits per second, got 0 [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});
});

describe('Upload → Options → Check Balance First', () => {
	const upload = (options: INodeParameters = {}, additionalFields: INodeParameters = {}) =>
		aioz('Upload', {
			operation: 'upload',
			title: 'Episode 7',
			waitForCompletion: false,
			additionalFields,
			options: { checkBalanceFirst: true, ...options },
		});

	it('refuses when the balance is short, naming the price and the shortfall: 0 creates', async () => {
		emu.aioz.setBalance(0.01);
		const result = await run(emu, [upload()], { input: fileItem(wav(120)) });
		const error = errorOf(result, 'Upload');
		expect(error?.message).toBe(
			'The AIOZ Stream balance is not enough to transcode this audio: it costs 0.02 and the balance is 0.01, 0.01 short [item 0]',
		);
		expect(error?.description).toMatch(
			/^Priced for 120 s in standard \(amounts in AIOZ Stream's units, which its API does not state\)\. Nothing was created\./,
		);
		expect(routes()).toEqual(['cost', 'user']);
		expect(costPaths()).toEqual(['/api/media/cost?qualities=standard&type=audio&duration=120']);
		expect(emu.aioz.listMedia()).toEqual([]);
	});

	it('uploads when the balance covers the price (exactly, here), asking before create', async () => {
		emu.aioz.setBalance(0.03);
		const result = await run(
			emu,
			[upload({}, { qualities: { quality: [{ resolution: 'highest' }] } })],
			{
				input: fileItem(mp3(60), 'episode.mp3'),
			},
		);
		expect(result.status).toBe('success');
		expect(routes().slice(0, 2)).toEqual(['cost', 'create']);
		expect(costPaths()).toEqual(['/api/media/cost?qualities=highest&type=audio&duration=60']);
		expect(emu.aioz.listMedia()).toHaveLength(1);
	});

	it('takes Options → Audio Duration (Seconds) over the file', async () => {
		const result = await run(emu, [upload({ audioDuration: 3600 })], { input: fileItem(wav(2)) });
		expect(result.status).toBe('success');
		expect(costPaths()).toEqual(['/api/media/cost?qualities=standard&type=audio&duration=3600']);
	});

	it('refuses a file whose header gives no duration, saying what to set: 0 requests', async () => {
		const flac = Buffer.concat([Buffer.from('fLaC'), bytes(5000)]);
		const result = await run(emu, [upload()], { input: fileItem(flac, 'episode.flac') });
		const error = errorOf(result, 'Upload');
		expect(error?.message).toBe(
			'Check Balance First needs the duration of the audio, and this file is not a WAV or MP3 whose header gives it [item 0]',
		);
		expect(error?.description).toBe(
			'Set Options → Audio Duration (Seconds) to how long the audio plays, or turn Check Balance First off.',
		);
		expect(emu.requests).toHaveLength(0);
	});

	it('needs Audio Duration for a file at a URL: 0 requests to AIOZ Stream', async () => {
		const file = emu.source.add({ name: 'ep42.wav', size: 300_000 });
		const node = aioz('Upload', {
			operation: 'upload',
			title: 'From a link',
			inputSource: 'url',
			fileUrl: file.url,
			options: { checkBalanceFirst: true },
		});
		const result = await run(emu, [node]);
		expect(errorOf(result, 'Upload')?.message).toBe(
			'Check Balance First needs the duration of the audio, and the file at File URL is only read while it is uploaded [item 0]',
		);
		expect(apiRequests(emu)).toEqual([]);
	});

	it('refuses a negative Audio Duration: 0 requests', async () => {
		const result = await run(emu, [upload({ audioDuration: -1 })], { input: fileItem(wav(2)) });
		expect(errorOf(result, 'Upload')?.message).toBe(
			'Options → Audio Duration (Seconds) must be a number of seconds above 0, got -1 [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
	});

	it('is off by default: no cost request', async () => {
		const result = await run(
			emu,
			[aioz('Upload', { operation: 'upload', title: 'Episode 8', waitForCompletion: false })],
			{ input: fileItem(wav(2)) },
		);
		expect(result.status).toBe('success');
		expect(routes()).not.toContain('cost');
	});
});
