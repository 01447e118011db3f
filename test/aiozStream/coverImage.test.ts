/**
 * Cover images: Set Cover Image / Remove Cover Image, and "Additional Fields → Cover Image" of Create
 * and Upload. Images reach the emulator byte-exactly (multipart field `file`); anything that is not
 * a JPEG, PNG, WebP or GIF is refused before any request.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { storeBinary } from '../harness';
import { useEmulator } from '../useEmulator';
import { aioz, apiRequests, bytes, errorOf, inMemoryBinary, md5, run, type Family } from './helpers';

const emu = useEmulator({ transcodeDelayMs: 100 });

/** Real-looking images: the format's signature, then bytes that make each file distinct. */
const IMAGES = {
	png: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), bytes(3000)]),
	jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), bytes(2500)]),
	webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0xe4, 0x0b, 0, 0]), Buffer.from('WEBPVP8 '), bytes(2000)]),
	gif: Buffer.concat([Buffer.from('GIF89a'), bytes(1500)]),
};
const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' } as const;

/** MP3 bytes under an image's name and type: the check reads the bytes, not the label. */
const NOT_AN_IMAGE = Buffer.concat([Buffer.from('ID3'), bytes(4000)]);

function image(data: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { ...inMemoryBinary(data, fileName), mimeType, fileExtension: fileName.split('.').pop() };
}

async function createdMedia(family: Family = 'media'): Promise<string> {
	const result = await run(emu, [aioz('Create', { operation: 'create', title: 'Needs a cover' })], { family });
	return String(result.items('Create')[0].json.id);
}

function setCover(parameters: Record<string, unknown> = {}) {
	return aioz('Set Cover', { operation: 'setCoverImage', mediaId: '={{ $json.id }}', ...parameters });
}

describe('Set Cover Image', () => {
	it.each(Object.keys(IMAGES) as Array<keyof typeof IMAGES>)(
		'sends a %s byte-exactly as the multipart field "file"',
		async (kind) => {
			const mediaId = await createdMedia();
			emu.clearRequests();
			const input: INodeExecutionData[] = [
				{ json: { id: mediaId }, binary: { data: image(IMAGES[kind], `cover.${kind}`, MIME[kind]) } },
			];
			const result = await run(emu, [setCover()], { input });
			expect(result.status).toBe('success');
			expect(result.items('Set Cover')[0].json).toEqual({
				id: mediaId,
				coverImage: { fileName: `cover.${kind}`, mimeType: MIME[kind], size: IMAGES[kind].length },
			});
			expect(md5(emu.aioz.getThumbnail(mediaId) ?? Buffer.alloc(0))).toBe(md5(IMAGES[kind]));
			expect(emu.aioz.getMedia(mediaId)?.thumbnail).toMatchObject({ contentType: MIME[kind], fileName: `cover.${kind}` });
			expect(apiRequests(emu).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
				`POST /api/media/${mediaId}/thumbnail 200`,
			]);
		},
	);

	it('reads an image kept in n8n\'s filesystem binary storage, on the /videos routes', async () => {
		const mediaId = await createdMedia('videos');
		const stored = await storeBinary(IMAGES.png, { fileName: 'art.png', mimeType: 'image/png' });
		expect(stored.id).toBeDefined();
		const result = await run(emu, [setCover({ coverImage: 'artwork' })], {
			family: 'videos',
			input: [{ json: { id: mediaId }, binary: { artwork: stored } }],
		});
		expect(result.status).toBe('success');
		expect(md5(emu.aioz.getThumbnail(mediaId) ?? Buffer.alloc(0))).toBe(md5(IMAGES.png));
		expect(emu.requests.filter((r) => r.route === 'setThumbnail').map((r) => r.family)).toEqual(['videos']);
	});

	it('refuses a file that is not an image by its bytes, naming the field and the property: 0 requests', async () => {
		const mediaId = await createdMedia();
		emu.clearRequests();
		const result = await run(emu, [setCover({ coverImage: 'artwork' })], {
			input: [{ json: { id: mediaId }, binary: { artwork: image(NOT_AN_IMAGE, 'cover.png', 'image/png') } }],
		});
		expect(result.status).toBe('error');
		const error = errorOf(result, 'Set Cover');
		expect(error?.message).toBe('Cover Image: the binary field "artwork" is not a JPEG, PNG, WebP or GIF image [item 0]');
		expect(error?.description).toMatch(/^Its first bytes are 494433.* \(file "cover\.png", type image\/png\)/);
		expect(emu.requests).toHaveLength(0);
		expect(emu.aioz.getThumbnail(mediaId)).toBeUndefined();
	});

	it('refuses a missing binary field, naming the field: 0 requests', async () => {
		const result = await run(emu, [setCover({ mediaId: 'some-media', coverImage: 'cover' })], {
			input: [{ json: {}, binary: { data: image(IMAGES.gif, 'a.gif', 'image/gif') } }],
		});
		expect(errorOf(result, 'Set Cover')?.message).toBe('No binary data in property "cover" (Cover Image) [item 0]');
		expect(emu.requests).toHaveLength(0);
	});
});

describe('Remove Cover Image', () => {
	it('deletes the cover of a media', async () => {
		const mediaId = await createdMedia();
		await run(emu, [setCover()], {
			input: [{ json: { id: mediaId }, binary: { data: image(IMAGES.jpeg, 'c.jpg', 'image/jpeg') } }],
		});
		expect(emu.aioz.getThumbnail(mediaId)).toBeDefined();

		const result = await run(emu, [aioz('Remove Cover', { operation: 'removeCoverImage', mediaId })]);
		expect(result.items('Remove Cover')[0].json).toEqual({ id: mediaId, coverImageRemoved: true });
		expect(emu.aioz.getThumbnail(mediaId)).toBeUndefined();
	});
});

describe('Create and Upload with Additional Fields → Cover Image', () => {
	const audio = Buffer.concat([Buffer.from('ID3'), bytes(70_000)]);

	it('Create sets the cover right after creating the media', async () => {
		const result = await run(
			emu,
			[aioz('Create', { operation: 'create', title: 'With art', additionalFields: { coverImage: 'cover' } })],
			{ input: [{ json: {}, binary: { cover: image(IMAGES.webp, 'art.webp', 'image/webp') } }] },
		);
		expect(result.status).toBe('success');
		const mediaId = String(result.items('Create')[0].json.id);
		expect(md5(emu.aioz.getThumbnail(mediaId) ?? Buffer.alloc(0))).toBe(md5(IMAGES.webp));
		// The cover is not part of the create body.
		expect(emu.aioz.getMedia(mediaId)?.createBody).toEqual({ title: 'With art', type: 'audio' });
	});

	it('Upload sends the cover and the audio, both byte-exactly', async () => {
		const result = await run(
			emu,
			[
				aioz('Upload', {
					operation: 'upload',
					title: 'Episode with art',
					additionalFields: { coverImage: 'cover' },
					waitForCompletion: false,
				}),
			],
			{ input: [{ json: {}, binary: { data: inMemoryBinary(audio), cover: image(IMAGES.png, 'art.png', 'image/png') } }] },
		);
		expect(result.status).toBe('success');
		const mediaId = String(result.items('Upload')[0].json.id);
		expect(md5(emu.aioz.getThumbnail(mediaId) ?? Buffer.alloc(0))).toBe(md5(IMAGES.png));
		expect(await emu.aioz.md5(mediaId)).toBe(md5(audio));
	});

	it.each(['create', 'upload'])('%s refuses a non-image cover before creating anything: 0 requests', async (operation) => {
		const result = await run(
			emu,
			[aioz('Node', { operation, title: 'No', additionalFields: { coverImage: 'cover' } })],
			{ input: [{ json: {}, binary: { data: inMemoryBinary(audio), cover: image(NOT_AN_IMAGE, 'x.jpg', 'image/jpeg') } }] },
		);
		expect(errorOf(result, 'Node')?.message).toBe(
			'Additional Fields → Cover Image: the binary field "cover" is not a JPEG, PNG, WebP or GIF image [item 0]',
		);
		expect(emu.requests).toHaveLength(0);
		expect(emu.aioz.listMedia()).toHaveLength(0);
	});

	it('Create names the media it made when setting the cover fails', async () => {
		emu.failNext('setThumbnail', { status: 400, message: 'thumbnail rejected' });
		const result = await run(
			emu,
			[aioz('Create', { operation: 'create', title: 'Half made', additionalFields: { coverImage: 'cover' } })],
			{ input: [{ json: {}, binary: { cover: image(IMAGES.gif, 'a.gif', 'image/gif') } }] },
		);
		const [media] = emu.aioz.listMedia();
		expect(errorOf(result, 'Create')?.message).toBe(
			`Media "${media.id}" was created, but setting its cover image failed: thumbnail rejected [item 0]`,
		);
	});

	it('Upload reports the step and the media when setting the cover fails', async () => {
		emu.failNext('setThumbnail', { status: 400, message: 'thumbnail rejected' });
		const result = await run(
			emu,
			[aioz('Upload', { operation: 'upload', title: 'Half made', additionalFields: { coverImage: 'cover' } })],
			{ input: [{ json: {}, binary: { data: inMemoryBinary(audio), cover: image(IMAGES.gif, 'a.gif', 'image/gif') } }] },
		);
		const [media] = emu.aioz.listMedia();
		expect(errorOf(result, 'Upload')?.message).toBe(
			`Upload failed at step "set cover image" for media "${media.id}": thumbnail rejected [item 0]`,
		);
		expect(emu.requests.filter((r) => r.route === 'part')).toHaveLength(0);
	});
});
