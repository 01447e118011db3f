/**
 * Create (the default and custom bodies of the curl recipe in AIOZ's upload guide, input checks), Get Many, Update and Delete.
 */
import type { INode, INodeParameters } from 'n8n-workflow';

import { aioz, apiRequests, errorOf, expectNoSecret, run } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 100 });

/** The "Custom (with encoding config)" create body of the curl recipe in AIOZ's upload guide, verbatim. */
const GUIDE_CUSTOM_BODY = {
	title: 'AUDIO_TITLE',
	type: 'audio',
	description: 'DESCRIPTION',
	is_public: true,
	tags: ['tag1', 'tag2'],
	metadata: [{ key: 'KEY', value: 'VALUE' }],
	qualities: [
		{
			resolution: 'highest',
			type: 'hls',
			container_type: 'mpegts',
			audio_config: { codec: 'aac', bitrate: 320000, channels: '2', sample_rate: 48000, language: 'en', index: 0 },
		},
		{
			resolution: 'standard',
			type: 'hls',
			container_type: 'mpegts',
			audio_config: { codec: 'aac', bitrate: 128000, channels: '2', sample_rate: 44100, language: 'en', index: 0 },
		},
	],
};

const GUIDE_CUSTOM_PARAMETERS: INode['parameters'] = {
	title: 'AUDIO_TITLE',
	additionalFields: {
		description: 'DESCRIPTION',
		isPublic: true,
		tags: 'tag1, tag2',
		metadata: { metadataValues: [{ key: 'KEY', value: 'VALUE' }] },
		qualities: {
			quality: [
				{ resolution: 'highest', streamingType: 'hls', containerType: 'mpegts', bitrate: 320000, sampleRate: 48000 },
				// Everything else left at the editor's defaults.
				{},
			],
		},
	},
};

describe('create', () => {
	it("sends the upload guide's default body: just the title and type audio", async () => {
		const result = await run(emu, [aioz('Create', { operation: 'create', title: 'AUDIO_TITLE' })]);
		expect(result.status).toBe('success');
		const [item] = result.items('Create');
		expect(item.json).toMatchObject({ title: 'AUDIO_TITLE', type: 'audio', status: 'new' });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(emu.aioz.getMedia(item.json.id as string)?.createBody).toEqual({ title: 'AUDIO_TITLE', type: 'audio' });
	});

	it("sends the upload guide's custom configuration exactly as its JSON", async () => {
		const result = await run(emu, [aioz('Create', { operation: 'create', ...GUIDE_CUSTOM_PARAMETERS })], {
			family: 'videos',
		});
		expect(result.status).toBe('success');
		const body = emu.aioz.getMedia(result.items('Create')[0].json.id as string)?.createBody;
		expect(body).toEqual(GUIDE_CUSTOM_BODY);
		expect(JSON.stringify(body)).toBe(JSON.stringify(GUIDE_CUSTOM_BODY));
		expectNoSecret(result, emu.keys.aiozSecretKey);
	});

	it('offers fmp4 as the DASH container by default', async () => {
		const result = await run(emu, [
			aioz('Create', {
				operation: 'create',
				title: 'Dash',
				additionalFields: { qualities: { quality: [{ streamingType: 'dash', resolution: 'good' }] } },
			}),
		]);
		expect(result.status).toBe('success');
		const body = emu.aioz.getMedia(result.items('Create')[0].json.id as string)?.createBody as typeof GUIDE_CUSTOM_BODY;
		expect(body.qualities[0]).toMatchObject({ resolution: 'good', type: 'dash', container_type: 'fmp4' });
	});

	const quality = (values: INodeParameters): INodeParameters => ({ qualities: { quality: [values] } });
	it.each<[string, INode['parameters'], string]>([
		['an empty title', { title: '  ' }, 'Title is empty: give the audio a title'],
		['a title over 255 characters', { title: 'x'.repeat(256) }, 'Title is too long: 256 characters, the maximum is 255'],
		[
			'more than 50 tags',
			{ title: 'T', additionalFields: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`).join(',') } },
			'Tags: 51 given, the maximum is 50',
		],
		[
			'DASH with mpegts',
			{ title: 'T', additionalFields: quality({ streamingType: 'dash', containerType: 'mpegts' }) },
			'Quality 1: Streaming Segments "mpegts" cannot be used with DASH; DASH uses "fmp4"',
		],
		[
			'a bitrate of 0',
			{ title: 'T', additionalFields: quality({ bitrate: 0 }) },
			'Quality 1: Audio Bitrate must be a positive whole number of bits per second, got 0',
		],
		[
			'a negative bitrate',
			{ title: 'T', additionalFields: quality({ bitrate: -128000 }) },
			'Quality 1: Audio Bitrate must be a positive whole number of bits per second, got -128000',
		],
	])('refuses %s before any request', async (_label, parameters, message) => {
		for (const operation of ['create', 'upload']) {
			const result = await run(emu, [aioz('Node', { operation, ...parameters })], {
				input: [{ json: {}, binary: { data: { data: 'AAAA', mimeType: 'audio/mpeg' } } }],
			});
			expect(result.status).toBe('error');
			expect(errorOf(result, 'Node')?.message).toBe(`${message} [item 0]`);
		}
		expect(apiRequests(emu)).toHaveLength(0);
	});
});

describe('get many', () => {
	async function createTracks(count: number) {
		const result = await run(emu, [aioz('Create', { operation: 'create', title: '={{ "Track " + $json.n }}' })], {
			input: Array.from({ length: count }, (_, n) => ({ json: { n: String(n).padStart(2, '0') } })),
		});
		expect(result.status).toBe('success');
		emu.clearRequests();
	}

	const listRequests = () => apiRequests(emu).filter((request) => request.route === 'list');

	it('returns all audio, paging under the hood', async () => {
		await createTracks(61);
		const result = await run(emu, [aioz('List', { operation: 'getMany', returnAll: true })]);
		const items = result.items('List');
		expect(items).toHaveLength(61);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(61);
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(listRequests()).toHaveLength(2);
	});

	it('stops at the limit, with filters and sort', async () => {
		await createTracks(12);
		const result = await run(emu, [
			aioz('List', {
				operation: 'getMany',
				limit: 3,
				filters: { search: 'track 1', sortBy: 'title', orderBy: 'desc' },
			}),
		]);
		expect(result.items('List').map((item) => item.json.title)).toEqual(['Track 11', 'Track 10']);

		const limited = await run(emu, [aioz('List', { operation: 'getMany', limit: 5, filters: { sortBy: 'title', orderBy: 'asc' } })]);
		expect(limited.items('List').map((item) => item.json.title)).toEqual(['Track 00', 'Track 01', 'Track 02', 'Track 03', 'Track 04']);
		expect(listRequests()).toHaveLength(2);
	});
});

describe('update and delete', () => {
	async function createOne() {
		const result = await run(emu, [aioz('Create', { operation: 'create', title: 'Before' })]);
		return result.items('Create')[0].json.id as string;
	}

	it('updates the fields given', async () => {
		const id = await createOne();
		const result = await run(emu, [
			aioz('Update', {
				operation: 'update',
				mediaId: id,
				updateFields: {
					title: 'After',
					description: 'Now with words',
					isPublic: false,
					tags: 'news, daily',
					metadata: { metadataValues: [{ key: 'episode', value: '42' }] },
					playerId: 'player-1',
				},
			}),
		]);
		expect(result.status).toBe('success');
		expect(result.items('Update')[0].json).toMatchObject({ id, updated: true });
		expect(emu.aioz.getMedia(id)?.updates).toEqual([
			{
				title: 'After',
				description: 'Now with words',
				is_public: false,
				tags: ['news', 'daily'],
				metadata: [{ key: 'episode', value: '42' }],
				player_id: 'player-1',
			},
		]);
		expect(emu.aioz.getMedia(id)).toMatchObject({ title: 'After', isPublic: false, tags: ['news', 'daily'] });
	});

	it('deletes a media', async () => {
		const id = await createOne();
		const result = await run(emu, [aioz('Delete', { operation: 'delete', mediaId: id })]);
		expect(result.items('Delete')).toEqual([{ json: { id, deleted: true }, pairedItem: { item: 0 } }]);
		expect(emu.aioz.getMedia(id)).toBeUndefined();
	});

	it('refuses an empty media id before any request', async () => {
		const result = await run(emu, [aioz('Delete', { operation: 'delete', mediaId: '={{ $json.id }}' })]);
		expect(errorOf(result, 'Delete')?.message).toBe('Media ID is empty [item 0]');
		expect(apiRequests(emu)).toHaveLength(0);
	});
});
