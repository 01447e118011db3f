/**
 * The shared download (nodes/shared/download.ts) as Upload Reference Audio uses it: an error status
 * names the side that failed and never shows the URL's secrets; 5xx is retried, 4xx is not.
 */
import { useEmulator } from '../useEmulator';
import { minimax, runMinimax } from './engine';
import { startFileServer, type FileServer } from './fileServer';

const emu = useEmulator();
let files: FileServer;

beforeAll(async () => {
	files = await startFileServer();
});
afterAll(async () => {
	await files.stop();
});

const upload = (audioUrl: string) =>
	minimax('Upload', { operation: 'upload', purpose: 'song', inputSource: 'url', audioUrl });

describe('MiniMax Music: downloading the audio of a URL', () => {
	it('a 403 names the source and redacts the signature and the password, without a retry', async () => {
		const path = '/private/song.mp3';
		const url = files.host(`${path}?X-Amz-Signature=s3cr3t`, {
			body: Buffer.from('denied'),
			status: 403,
		});
		const before = files.requests.length;
		const withPassword = url.replace('http://', 'http://user:hunter2@');
		const result = await runMinimax(emu, [upload(withPassword)]);
		expect(result.error?.message).toMatch(
			/^The source answered 403 for http:\/\/127\.0\.0\.1:\d+\/private\/song\.mp3\?X-Amz-Signature=\(redacted\) \[item 0\]$/,
		);
		const shown = `${result.error?.message} ${result.error?.description}`;
		expect(shown).not.toContain('s3cr3t');
		expect(shown).not.toContain('hunter2');
		expect(files.requests.slice(before)).toEqual([path]);
		expect(emu.requests).toHaveLength(0);
	});

	it('a 503 is tried 4 times, then named with the attempts', async () => {
		const url = files.host('/busy.mp3', { body: Buffer.from('busy'), status: 503 });
		const before = files.requests.length;
		const result = await runMinimax(emu, [upload(url)]);
		expect(result.error?.message).toMatch(
			/^The source answered 503 for http:\/\/127\.0\.0\.1:\d+\/busy\.mp3 \[item 0\]$/,
		);
		expect(result.error?.description).toBe(
			'HTTP 503 from the server of the file (after 4 attempts). Check that the URL is public and points to an MP3 or WAV file.',
		);
		expect(files.requests.length - before).toBe(4);
		expect(emu.requests).toHaveLength(0);
	});
});
