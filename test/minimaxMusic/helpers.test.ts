import type { IAuthenticateGeneric } from 'n8n-workflow';

import { AimlMinimaxApi } from '../../credentials/AimlMinimaxApi.credentials';
import {
	bytesForDuration,
	decodeHexAudio,
	declaredUploadFormat,
	estimateDurationSeconds,
	sniffUploadFormat,
	withExtension,
} from '../../nodes/MinimaxMusic/helpers/audio';
import {
	fileNameFromContentDisposition,
	fileNameFromUrl,
} from '../../nodes/shared/naming';
import { redactUrl } from '../../nodes/shared/url';
import { MinimaxMusic } from '../../nodes/MinimaxMusic/MinimaxMusic.node';
import { evaluateCredentialExpression } from '../harness/credentials';
import { wavHeader } from './fileServer';
import { songMp3, songWav } from './fixtures';

describe('audio format helpers', () => {
	it('reads the playing time from the header and size, and the size a playing time takes', () => {
		const { header, size } = wavHeader(720);
		expect(estimateDurationSeconds(header, size)).toBe(720);
		// The header's data size wins over a longer file (trailing chunks are not audio).
		expect(estimateDurationSeconds(header, size * 2)).toBe(720);
		expect(bytesForDuration(header, 600)).toBe(44 + 176_400 * 600);
		const mp3 = songMp3();
		expect(estimateDurationSeconds(mp3.subarray(0, 64 * 1024), mp3.length)).toBeCloseTo(11, 0);
		// 128 kbps: 16,000 bytes a second.
		expect(bytesForDuration(mp3, 600)).toBe(16_000 * 600);
		expect(bytesForDuration(Buffer.from('not audio'), 600)).toBeUndefined();
	});

	it('recognises MP3 and WAV by their bytes only', () => {
		expect(sniffUploadFormat(songMp3().subarray(0, 16))).toBe('mp3');
		expect(sniffUploadFormat(songWav().subarray(0, 16))).toBe('wav');
		expect(sniffUploadFormat(Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'))).toBe('mp3');
		expect(
			sniffUploadFormat(Buffer.from('OggS\x00\x02\x00\x00\x00\x00\x00\x00', 'latin1')),
		).toBeUndefined();
		expect(
			sniffUploadFormat(Buffer.from('fLaC\x00\x00\x00\x22\x00\x00\x00\x00', 'latin1')),
		).toBeUndefined();
		// MPEG Layer II (MP2) is not MP3.
		expect(sniffUploadFormat(Buffer.from([0xff, 0xfd, 0x90, 0x00]))).toBeUndefined();
		expect(sniffUploadFormat(Buffer.alloc(0))).toBeUndefined();
	});

	it('reads declared formats from MIME type or extension', () => {
		expect(declaredUploadFormat('audio/x-wav; charset=binary')).toBe('wav');
		expect(declaredUploadFormat(undefined, 'Song.MP3')).toBe('mp3');
		expect(declaredUploadFormat('audio/ogg', 'song.ogg')).toBeUndefined();
	});

	it('fixes extensions to match the bytes', () => {
		expect(withExtension('song.mp3', 'mp3')).toBe('song.mp3');
		expect(withExtension('song.mp3', 'wav')).toBe('song.wav');
		expect(withExtension('my song', 'pcm')).toBe('my song.pcm');
		expect(withExtension('take.wave', 'wav')).toBe('take.wave');
	});

	it('decodes hex audio and rejects anything else', () => {
		expect(decodeHexAudio('52494646')).toEqual(Buffer.from('RIFF'));
		expect(decodeHexAudio('5249464')).toBeUndefined();
		expect(decodeHexAudio('https://cdn.example.com/a.mp3')).toBeUndefined();
		expect(decodeHexAudio('')).toBeUndefined();
	});
});

describe('file name helpers', () => {
	it('prefers filename* over filename in Content-Disposition', () => {
		expect(
			fileNameFromContentDisposition(
				`attachment; filename="a.mp3"; filename*=UTF-8''b%20%C3%A9.mp3`,
			),
		).toBe('b é.mp3');
		expect(fileNameFromContentDisposition('inline; filename="../../etc/x.wav"')).toBe('x.wav');
		expect(fileNameFromContentDisposition('attachment; filename=plain.mp3')).toBe('plain.mp3');
		expect(fileNameFromContentDisposition('inline')).toBeUndefined();
	});

	it('takes the last path segment of a URL and hides query strings in messages', () => {
		expect(fileNameFromUrl('https://x.test/a/My%20Song.mp3?sig=1')).toBe('My Song.mp3');
		expect(fileNameFromUrl('https://x.test/')).toBeUndefined();
		expect(redactUrl('https://user:pw@x.test/a.mp3?token=secret#t')).toBe(
			'https://x.test/a.mp3?token=(redacted)',
		);
	});
});

describe('descriptions', () => {
	it('keeps the public parameter names and defaults of the issue', () => {
		const node = new MinimaxMusic();
		const byName = (name: string) => node.description.properties.filter((p) => p.name === name);
		expect(node.description.name).toBe('minimaxMusic');
		expect(node.description.displayName).toBe('MiniMax Music (AI/ML API)');
		expect(node.description.usableAsTool).toBe(true);
		expect(byName('operation')[0].options?.map((o) => (o as { value: string }).value)).toEqual([
			'upload',
			'generate',
		]);
		expect(byName('purpose')[0].options?.map((o) => (o as { value: string }).value)).toEqual([
			'song',
			'voice',
			'instrumental',
		]);
		expect(byName('inputSource')[0].options?.map((o) => (o as { value: string }).value)).toEqual([
			'binary',
			'url',
		]);
		expect(byName('binaryPropertyName')[0].default).toBe('data');
		expect(byName('audioUrl')).toHaveLength(1);
		expect(byName('lyrics')[0].required).toBe(true);
		expect(byName('referVoice')[0].default).toBe('={{ $json.voice_id }}');
		expect(byName('referInstrumental')[0].default).toBe('={{ $json.instrumental_id }}');
		for (const name of ['binaryPropertyName', 'audioUrl']) {
			expect(byName(name)[0].hint).toMatch(/longer than 10 seconds and at most 10 minutes/);
			expect(byName(name)[0].hint).toMatch(/speech is not supported/);
		}
		expect(byName('lyrics')[0].hint).toMatch(/600 characters.*empty line.*##/);
	});

	it('declares the credential the issue names', () => {
		const credential = new AimlMinimaxApi();
		expect(credential.name).toBe('aimlMinimaxApi');
		expect(credential.displayName).toBe('AI/ML API');
		const apiKey = credential.properties.find((p) => p.name === 'apiKey');
		expect(apiKey?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((p) => p.name === 'baseUrl')?.default).toBe(
			'https://api.aimlapi.com',
		);
		expect(credential.authenticate).toMatchObject({ type: 'generic' });
		expect(credential.test.rules?.[0]).toMatchObject({
			type: 'responseCode',
			properties: { value: 401 },
		});
	});

	it('resolves the Bearer header and the balance URL of the credential test with n8n expressions', () => {
		const credential = new AimlMinimaxApi();
		const resolve = (expression: string, credentials: Record<string, string>) =>
			evaluateCredentialExpression(expression, credentials);

		const authorization = (credential.authenticate as IAuthenticateGeneric).properties.headers
			?.Authorization as string;
		expect(resolve(authorization, { apiKey: '  key-123 \n' })).toBe('Bearer key-123');

		const baseURL = credential.test.request.baseURL as string;
		expect(credential.test.request.url).toBe('/v1/billing/balance');
		expect(resolve(baseURL, { baseUrl: 'https://api.aimlapi.com' })).toBe(
			'https://billing.aimlapi.com',
		);
		expect(resolve(baseURL, { baseUrl: 'https://api.aimlapi.com/' })).toBe(
			'https://billing.aimlapi.com',
		);
		expect(resolve(baseURL, { baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
		// An emptied Base URL tests the public API, as the node's requests do.
		expect(resolve(baseURL, { baseUrl: '' })).toBe('https://billing.aimlapi.com');
		expect(resolve(baseURL, { baseUrl: ' http://127.0.0.1:4010 ' })).toBe('http://127.0.0.1:4010');
	});
});
