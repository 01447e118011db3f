/**
 * The buffers n8n's binary stream hands out are freed as soon as the upload has copied and hashed
 * them (`releaseReadBuffer`), so a large upload does not make n8n collect its whole heap again and
 * again; and only those: pieces other code may still hold are never touched.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { STREAM_READ_SIZE } from '../../nodes/shared/binary';
import { releaseReadBuffer } from '../../nodes/shared/parts';
import { aioz, apiRequests, bytes, md5, run } from '../aiozStream/helpers';
import { storeBinary, watchBinaryStreams } from '../harness';
import { useEmulator } from '../useEmulator';

const MIB = 1024 * 1024;

describe('releaseReadBuffer', () => {
	it('frees a piece that is the whole of its own buffer, no larger than the read size', () => {
		const piece = Buffer.allocUnsafeSlow(MIB).fill(7);
		releaseReadBuffer(piece, MIB);
		expect(piece.byteLength).toBe(0);
		expect(piece.buffer.byteLength).toBe(0);
	});

	it('leaves a view into a larger buffer alone, and the buffer under it intact', () => {
		const whole = Buffer.alloc(2 * MIB, 5);
		const view = whole.subarray(0, MIB);
		releaseReadBuffer(view, MIB);
		expect(view.byteLength).toBe(MIB);
		expect(whole.byteLength).toBe(2 * MIB);
		expect(whole.every((byte) => byte === 5)).toBe(true);
	});

	it("leaves a small pooled buffer (Node.js's shared allocation pool) alone", () => {
		const pooled = Buffer.from('RIFF....WAVE');
		releaseReadBuffer(pooled, MIB);
		expect(pooled.toString()).toBe('RIFF....WAVE');
	});

	it('leaves a piece larger than the read size alone (a whole file a store hands over at once)', () => {
		const wholeFile = Buffer.alloc(3 * MIB, 1);
		releaseReadBuffer(wholeFile, MIB);
		expect(wholeFile.byteLength).toBe(3 * MIB);
	});
});

describe('AIOZ Stream Upload reading from the filesystem store', () => {
	const emu = useEmulator({ transcodeDelayMs: 50 });

	let watch: Awaited<ReturnType<typeof watchBinaryStreams>> | undefined;
	afterEach(() => {
		watch?.restore();
		watch = undefined;
	});

	async function fileItem(
		data: Buffer,
		fileName: string,
		mimeType: string,
	): Promise<INodeExecutionData[]> {
		const binary: IBinaryData = await storeBinary(data, { fileName, mimeType });
		return [{ json: {}, binary: { data: binary } }];
	}

	it('frees every piece it read once copied into a part, and the file still arrives byte-exactly', async () => {
		const data = bytes(12 * MIB + 3);
		const input = await fileItem(data, 'episode.mp3', 'audio/mpeg');
		watch = await watchBinaryStreams();

		const result = await run(
			emu,
			[
				aioz('Upload', {
					operation: 'upload',
					title: 'Freed as read',
					options: { chunkSize: 5, pollInterval: 0.2 },
				}),
			],
			{ input },
		);

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(md5(data));
		// 12 MiB + 3 bytes in reads of at most 1 MiB: 13 pieces, each freed (0 bytes left)
		expect(watch.chunks).toHaveLength(Math.ceil(data.length / STREAM_READ_SIZE));
		expect(watch.chunks.map((chunk) => chunk.byteLength)).toEqual(watch.chunks.map(() => 0));
		expect(apiRequests(emu).filter((request) => /\/part$/.test(request.path))).toHaveLength(3);
	});

	it('keeps the pieces of a cover image it gathers whole: they are sent as read, and stay intact', async () => {
		const png = Buffer.concat([
			Buffer.from('89504e470d0a1a0a', 'hex'),
			bytes(2 * MIB + 5).subarray(8),
		]);
		const created = await run(emu, [
			aioz('Create', { operation: 'create', title: 'Needs a cover' }),
		]);
		const mediaId = created.items('Create')[0].json.id as string;
		const input = await fileItem(png, 'cover.png', 'image/png');
		input[0].json = { id: mediaId };
		watch = await watchBinaryStreams();

		const result = await run(
			emu,
			[
				aioz('Set Cover', {
					operation: 'setCoverImage',
					mediaId: '={{ $json.id }}',
					coverImage: 'data',
				}),
			],
			{ input },
		);

		expect(result.status).toBe('success');
		expect(md5(emu.aioz.getThumbnail(mediaId) ?? Buffer.alloc(0))).toBe(md5(png));
		expect(watch.chunks.length).toBeGreaterThan(0);
		expect(watch.chunks.every((chunk) => chunk.byteLength > 0)).toBe(true);
	});
});
