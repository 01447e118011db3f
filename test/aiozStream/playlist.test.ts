/**
 * The Playlist resource through n8n's engine against the emulator: every operation's request as the API wants it
 * (JSON bodies, the multipart update, the reorder's item ids), the outputs (the playlist as the API answers it,
 * its items in playlist order after Add / Remove / Move), Get Many's paging, and bad input refused before any
 * request (or before any change).
 */
import { randomUUID } from 'node:crypto';

import type { IBinaryData, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import {
	findEntry,
	inPlaylistOrder,
	playlistEntries,
	plannedMove,
} from '../../nodes/AiozStream/helpers/playlists';
import { aiozToolView } from '../../nodes/AiozStream/helpers/toolView';
import { aiozRequest, createMedia } from '../emulator/helpers';
import { useEmulator } from '../useEmulator';
import {
	aioz,
	apiRequests,
	bytes,
	errorOf,
	expectNoSecret,
	inMemoryBinary,
	md5,
	run,
	type Family,
} from './helpers';

const emu = useEmulator({ transcodeDelayMs: 100 });

function playlistNode(name: string, parameters: INode['parameters']): INode {
	return aioz(name, { resource: 'playlist', ...parameters });
}

/** The playlist requests that reached the emulator, with their bodies as received. */
const received = () =>
	emu.aioz.playlists.requests.map(({ route, id, itemId, query, body }) => ({
		route,
		id,
		itemId,
		query,
		body,
	}));
/** The API requests of a route (refused ones too). */
const sent = (route: string) => apiRequests(emu).filter((request) => request.route === route);

/** Audio titled after `titles` (created in the emulator directly); returns their ids by title. */
async function audio(...titles: string[]): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	for (const title of titles) ids[title] = await createMedia(emu, { title, type: 'audio' });
	return ids;
}

/** A playlist holding `titles` in that order (made in the emulator directly, then the request log cleared). */
async function playlistWith(...titles: string[]) {
	const created = await aiozRequest(emu, 'POST', '/playlists/create', { name: 'My Show' });
	const id = (created.body.data as unknown as { playlist: { id: string } }).playlist.id;
	const mediaIds = await audio(...titles);
	for (const title of titles) {
		expect(
			(await aiozRequest(emu, 'POST', `/playlists/${id}/items`, { media_id: mediaIds[title] }))
				.status,
		).toBe(200);
	}
	const itemIds: Record<string, string> = {};
	for (const { itemId, mediaId } of emu.aioz.playlists.get(id)?.items ?? []) {
		itemIds[Object.keys(mediaIds).find((title) => mediaIds[title] === mediaId) ?? mediaId] = itemId;
	}
	emu.clearRequests();
	return { id, mediaIds, itemIds };
}

interface ItemJson {
	id: string;
	video_id: string;
	media: { title: string };
}

/** The audio titles of a playlist output, in the order given. */
function titlesOf(json: IDataObject): string[] {
	return (json.items as unknown as ItemJson[]).map((item) => item.media.title);
}

/** The audio titles of a playlist in the emulator, in playlist order. */
function storedTitles(id: string, mediaIds: Record<string, string>): string[] {
	const titleOf = (mediaId: string) =>
		Object.keys(mediaIds).find((title) => mediaIds[title] === mediaId) ?? mediaId;
	return (emu.aioz.playlists.get(id)?.mediaIds ?? []).map(titleOf);
}

describe('Create', () => {
	it('sends { name } alone by default and outputs the playlist as the API answers it', async () => {
		const result = await run(emu, [
			playlistNode('Create', { operation: 'create', name: '  My Show  ' }),
		]);
		expect(result.status).toBe('success');
		const [item] = result.items('Create');
		expect(item.json).toMatchObject({
			id: expect.any(String),
			name: 'My Show',
			tags: '',
			metadata: {},
			item_count: 0,
			items: [],
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(received()).toEqual([{ route: 'playlistCreate', query: '', body: { name: 'My Show' } }]);
		expect(sent('playlistCreate').map((request) => request.path)).toEqual([
			'/api/playlists/create',
		]);
	});

	it('sends tags as an array, metadata as [{ key, value }] and the playlist type; on /api/playlists with the /videos routes too', async () => {
		const result = await run(
			emu,
			[
				playlistNode('Create', {
					operation: 'create',
					name: 'Season 1',
					additionalFields: {
						tags: 'podcast, tech',
						metadata: {
							metadataValues: [
								{ key: 'host', value: 'Ann' },
								{ key: '', value: '' },
							],
						},
						playlistType: 'podcast',
					},
				}),
			],
			{ family: 'videos' },
		);
		expect(result.status).toBe('success');
		const body = received()[0].body;
		expect(JSON.stringify(body)).toBe(
			JSON.stringify({
				name: 'Season 1',
				playlist_type: 'podcast',
				tags: ['podcast', 'tech'],
				metadata: [{ key: 'host', value: 'Ann' }],
			}),
		);
		// The answer keeps the API's shapes: tags a string, metadata a map.
		expect(result.items('Create')[0].json).toMatchObject({
			tags: 'podcast,tech',
			metadata: { host: 'Ann' },
			playlist_type: 'podcast',
		});
		expect(sent('playlistCreate').map((request) => request.path)).toEqual([
			'/api/playlists/create',
		]);
		expectNoSecret(result, emu.keys.aiozSecretKey);
	});

	it.each<[string, INode['parameters'], string]>([
		[
			'an empty name from an expression',
			{ name: '={{ $json.missing }}' },
			'Name is empty: give the playlist a name',
		],
		[
			'a blank name from an expression',
			{ name: '={{ "   " }}' },
			'Name is empty: give the playlist a name',
		],
		[
			'a metadata value without a key',
			{ name: 'S', additionalFields: { metadata: { metadataValues: [{ key: '', value: 'x' }] } } },
			'Additional Fields → Metadata: pair 1 has a value but no key',
		],
		[
			'51 tags',
			{
				name: 'S',
				additionalFields: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`).join(',') },
			},
			'Tags: 51 given, the maximum is 50',
		],
	])('refuses %s before any request', async (_label, parameters, message) => {
		const result = await run(emu, [playlistNode('Create', { operation: 'create', ...parameters })]);
		expect(result.status).toBe('error');
		expect(errorOf(result, 'Create')?.message).toBe(`${message} [item 0]`);
		expect(apiRequests(emu)).toHaveLength(0);
	});
});

describe('Get', () => {
	it("reads a playlist by the incoming item's id, items in playlist order", async () => {
		const { id } = await playlistWith('One', 'Two', 'Three');
		const result = await run(emu, [playlistNode('Get', { operation: 'get' })], {
			input: [{ json: { id } }],
		});
		expect(result.status).toBe('success');
		const json = result.items('Get')[0].json;
		expect(json).toMatchObject({ id, name: 'My Show', item_count: 3 });
		expect(titlesOf(json)).toEqual(['One', 'Two', 'Three']);
		expect(received()).toEqual([{ route: 'playlistGet', id, query: '', body: undefined }]);
	});

	it('asks the API to sort the items (sort_by, order_by) and keeps its order', async () => {
		const { id } = await playlistWith('Bravo', 'Alpha', 'Charlie');
		const result = await run(emu, [
			playlistNode('Get', {
				operation: 'get',
				playlistId: id,
				options: { sortBy: 'title', orderBy: 'desc' },
			}),
		]);
		expect(titlesOf(result.items('Get')[0].json)).toEqual(['Charlie', 'Bravo', 'Alpha']);
		expect(received()[0].query).toBe('?sort_by=title&order_by=desc');
	});

	it('names the playlist in a 404, and refuses an id with "/" before any request', async () => {
		const missing = randomUUID();
		const result = await run(emu, [playlistNode('Get', { operation: 'get', playlistId: missing })]);
		const error = errorOf(result, 'Get');
		expect(error?.message).toBe(`AIOZ Stream playlist "${missing}" was not found [item 0]`);
		expect(error?.description).toBe(`Check the Playlist ID. playlist not found: ${missing}`);

		emu.clearRequests();
		for (const operation of [
			'get',
			'update',
			'delete',
			'addAudio',
			'removeAudio',
			'moveAudio',
			'removeCoverImage',
		]) {
			const refused = await run(emu, [
				playlistNode('Node', {
					operation,
					playlistId: 'shows/1',
					mediaId: 'm',
					updateFields: { name: 'x' },
				}),
			]);
			expect(errorOf(refused, 'Node')?.message).toBe('Playlist ID "shows/1" is not an ID [item 0]');
		}
		const empty = await run(emu, [playlistNode('Get', { operation: 'get' })]);
		expect(errorOf(empty, 'Get')?.message).toBe('Playlist ID is empty [item 0]');
		expect(apiRequests(emu)).toHaveLength(0);
	});
});

describe('Get Many', () => {
	async function createPlaylists(count: number) {
		for (let n = 0; n < count; n++) {
			const name = `Show ${String(n).padStart(2, '0')}`;
			expect(
				(await aiozRequest(emu, 'POST', '/playlists/create', { name, tags: n % 2 ? ['odd'] : [] }))
					.status,
			).toBe(201);
		}
		emu.clearRequests();
	}
	const listBodies = () => received().map(({ body }) => body);

	it('Return All pages through everything (limit/offset in the JSON body)', async () => {
		await createPlaylists(61);
		const result = await run(emu, [
			playlistNode('List', { operation: 'getMany', returnAll: true }),
		]);
		const items = result.items('List');
		expect(items).toHaveLength(61);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(61);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(listBodies()).toEqual([
			{ limit: 50, offset: 0 },
			{ limit: 50, offset: 50 },
		]);
		expect(sent('playlistList').map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /api/playlists',
			'POST /api/playlists',
		]);
	});

	it('Limit stops after that many, across pages, with the filters', async () => {
		await createPlaylists(61);
		const result = await run(emu, [
			playlistNode('List', {
				operation: 'getMany',
				limit: 55,
				filters: { sortBy: 'name', orderBy: 'asc' },
			}),
		]);
		expect(result.items('List').map((item) => item.json.name)).toEqual(
			Array.from({ length: 55 }, (_, n) => `Show ${String(n).padStart(2, '0')}`),
		);
		expect(listBodies()).toEqual([
			{ sort_by: 'name', order_by: 'asc', limit: 50, offset: 0 },
			{ sort_by: 'name', order_by: 'asc', limit: 5, offset: 50 },
		]);

		emu.clearRequests();
		const filtered = await run(emu, [
			playlistNode('List', {
				operation: 'getMany',
				limit: 3,
				filters: {
					search: ' show 1 ',
					tags: 'odd',
					playlistType: 'podcast',
					sortBy: 'name',
					orderBy: 'desc',
				},
			}),
		]);
		expect(filtered.items('List')).toEqual([]);
		expect(listBodies()).toEqual([
			{
				search: 'show 1',
				playlist_type: 'podcast',
				tags: ['odd'],
				sort_by: 'name',
				order_by: 'desc',
				limit: 3,
				offset: 0,
			},
		]);
	});

	it('refuses a Limit below 1 before any request', async () => {
		const result = await run(emu, [playlistNode('List', { operation: 'getMany', limit: 0 })]);
		expect(errorOf(result, 'List')?.message).toBe(
			'Limit must be a whole number from 1, got 0 [item 0]',
		);
		expect(apiRequests(emu)).toHaveLength(0);
	});
});

describe('Update and Delete', () => {
	it('sends a multipart PATCH: name, one tags part per tag, one metadata part per pair (no file)', async () => {
		const { id } = await playlistWith();
		const result = await run(emu, [
			playlistNode('Update', {
				operation: 'update',
				playlistId: id,
				updateFields: {
					name: ' Season 2 ',
					tags: 'news, daily',
					metadata: {
						metadataValues: [
							{ key: 'season', value: '2' },
							{ key: 'host', value: 'Ann "A"' },
						],
					},
				},
			}),
		]);
		expect(result.status).toBe('success');
		expect(result.items('Update')[0].json).toEqual({
			id,
			updated: true,
			message: 'update playlist successfully',
		});
		expect(emu.aioz.playlists.get(id)?.updates).toEqual([
			{
				fields: [
					['name', 'Season 2'],
					['tags', 'news'],
					['tags', 'daily'],
					['metadata', '{"key":"season","value":"2"}'],
					['metadata', '{"key":"host","value":"Ann \\"A\\""}'],
				],
				file: undefined,
			},
		]);
		expect(emu.aioz.playlists.get(id)).toMatchObject({
			name: 'Season 2',
			tags: ['news', 'daily'],
			metadata: [
				{ key: 'season', value: '2' },
				{ key: 'host', value: 'Ann "A"' },
			],
		});
		const [patch] = sent('playlistUpdate');
		expect(patch.path).toBe(`/api/playlists/${id}`);
		expect(patch.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	});

	it.each<[string, INode['parameters'], string]>([
		['no field', {}, 'Update Fields is empty: add at least one field to change'],
		['a blank name', { name: '  ' }, 'Update Fields → Name is empty: give the playlist a name'],
		['empty tags', { tags: ' , ' }, 'Update Fields → Tags is empty'],
		[
			'empty metadata',
			{ metadata: { metadataValues: [{ key: '', value: '' }] } },
			'Update Fields → Metadata is empty',
		],
	])('refuses an update with %s before any request', async (_label, updateFields, message) => {
		const result = await run(emu, [
			playlistNode('Update', { operation: 'update', playlistId: randomUUID(), updateFields }),
		]);
		expect(errorOf(result, 'Update')?.message).toBe(`${message} [item 0]`);
		expect(apiRequests(emu)).toHaveLength(0);
	});

	it('deletes a playlist (its audio stay)', async () => {
		const { id, mediaIds } = await playlistWith('One');
		const result = await run(emu, [playlistNode('Delete', { operation: 'delete' })], {
			input: [{ json: { id } }],
		});
		expect(result.items('Delete')).toEqual([
			{ json: { id, deleted: true }, pairedItem: { item: 0 } },
		]);
		expect(emu.aioz.playlists.get(id)).toBeUndefined();
		expect(emu.aioz.getMedia(mediaIds.One)).toBeDefined();
		expect(sent('playlistDelete').map((request) => `${request.method} ${request.path}`)).toEqual([
			`DELETE /api/playlists/${id}`,
		]);
	});
});

describe('Add Audio', () => {
	it('posts { media_id } and outputs the playlist with its items in their new order', async () => {
		const { id } = await playlistWith('One', 'Two');
		const { Three } = await audio('Three');
		emu.clearRequests();
		const result = await run(
			emu,
			[playlistNode('Add', { operation: 'addAudio', playlistId: id })],
			{
				input: [{ json: { id: Three, title: 'Three' } }],
			},
		);
		expect(result.status).toBe('success');
		const json = result.items('Add')[0].json;
		expect(json).toMatchObject({ id, item_count: 3 });
		expect(titlesOf(json)).toEqual(['One', 'Two', 'Three']);
		expect((json.items as unknown as ItemJson[])[2].video_id).toBe(Three);
		expect(received()).toEqual([
			{ route: 'playlistAddItem', id, query: '', body: { media_id: Three } },
			{ route: 'playlistGet', id, query: '', body: undefined },
		]);
	});

	it('says which is missing in a 404: the playlist, or the audio', async () => {
		const { id } = await playlistWith();
		const missingAudio = randomUUID();
		const noAudio = await run(emu, [
			playlistNode('Add', { operation: 'addAudio', playlistId: id, mediaId: missingAudio }),
		]);
		expect(errorOf(noAudio, 'Add')?.message).toBe(
			`AIOZ Stream media "${missingAudio}" was not found [item 0]`,
		);
		expect(errorOf(noAudio, 'Add')?.description).toBe('Check the Media ID.');

		const { One } = await audio('One');
		const missingPlaylist = randomUUID();
		const noPlaylist = await run(emu, [
			playlistNode('Add', { operation: 'addAudio', playlistId: missingPlaylist, mediaId: One }),
		]);
		expect(errorOf(noPlaylist, 'Add')?.message).toBe(
			`AIOZ Stream playlist "${missingPlaylist}" was not found [item 0]`,
		);
		// A create-like request: sent once, never retried.
		expect(sent('playlistAddItem')).toHaveLength(2);
	});

	it("passes the API's refusal of an audio already in the playlist on", async () => {
		const { id, mediaIds } = await playlistWith('One');
		const result = await run(emu, [
			playlistNode('Add', { operation: 'addAudio', playlistId: id, mediaId: mediaIds.One }),
		]);
		expect(errorOf(result, 'Add')?.message).toBe(
			`media ${mediaIds.One} is already in playlist ${id} [item 0]`,
		);
	});
});

describe('Remove Audio', () => {
	it('finds the item holding the audio, deletes it by its item id and outputs the items left', async () => {
		const { id, mediaIds, itemIds } = await playlistWith('One', 'Two', 'Three');
		const result = await run(
			emu,
			[playlistNode('Remove', { operation: 'removeAudio', playlistId: id })],
			{
				input: [{ json: { id: mediaIds.Two } }],
			},
		);
		expect(result.status).toBe('success');
		expect(titlesOf(result.items('Remove')[0].json)).toEqual(['One', 'Three']);
		expect(received()).toEqual([
			{ route: 'playlistGet', id, query: '', body: undefined },
			{ route: 'playlistRemoveItem', id, itemId: itemIds.Two, query: '', body: {} },
			{ route: 'playlistGet', id, query: '', body: undefined },
		]);
		expect(sent('playlistRemoveItem').map((request) => request.path)).toEqual([
			`/api/playlists/${id}/items/${itemIds.Two}`,
		]);
		expect(storedTitles(id, mediaIds)).toEqual(['One', 'Three']);
	});

	it('takes a playlist item ID too', async () => {
		const { id, mediaIds, itemIds } = await playlistWith('One', 'Two');
		const result = await run(emu, [
			playlistNode('Remove', { operation: 'removeAudio', playlistId: id, mediaId: itemIds.One }),
		]);
		expect(result.status).toBe('success');
		expect(storedTitles(id, mediaIds)).toEqual(['Two']);
	});

	it('refuses an audio that is not in the playlist: no DELETE', async () => {
		const { id, mediaIds } = await playlistWith('One', 'Two');
		const { Other } = await audio('Other');
		emu.clearRequests();
		const result = await run(emu, [
			playlistNode('Remove', { operation: 'removeAudio', playlistId: id, mediaId: Other }),
		]);
		const error = errorOf(result, 'Remove');
		expect(error?.message).toBe(`Media ID "${Other}" is not in playlist "${id}" [item 0]`);
		expect(error?.description).toBe(
			`The playlist holds 2 audio (media IDs: ${mediaIds.One}, ${mediaIds.Two}). Check the Media ID, or add the audio first with Add Audio.`,
		);
		expect(sent('playlistRemoveItem')).toHaveLength(0);
		expect(storedTitles(id, mediaIds)).toEqual(['One', 'Two']);
	});
});

describe('Move Audio', () => {
	type Move = [
		label: string,
		moved: string,
		position: string,
		reference: string | undefined,
		order: string[],
		neighbours: [string, string],
	];
	// From A B C D E; neighbours are [previous_id, next_id] as titles ('' for none).
	const moves: Move[] = [
		['E first', 'E', 'first', undefined, ['E', 'A', 'B', 'C', 'D'], ['', 'A']],
		['A last', 'A', 'last', undefined, ['B', 'C', 'D', 'E', 'A'], ['E', '']],
		['A after C', 'A', 'after', 'C', ['B', 'C', 'A', 'D', 'E'], ['C', 'D']],
		['A after E (to the end)', 'A', 'after', 'E', ['B', 'C', 'D', 'E', 'A'], ['E', '']],
		['E before B', 'E', 'before', 'B', ['A', 'E', 'B', 'C', 'D'], ['A', 'B']],
		['D before A (to the start)', 'D', 'before', 'A', ['D', 'A', 'B', 'C', 'E'], ['', 'A']],
		['B after D', 'B', 'after', 'D', ['A', 'C', 'D', 'B', 'E'], ['D', 'E']],
	];

	it.each(moves)(
		'%s: one PUT with the item ids, the output in the new order',
		async (_label, moved, position, reference, order, neighbours) => {
			const { id, mediaIds, itemIds } = await playlistWith('A', 'B', 'C', 'D', 'E');
			const parameters: INode['parameters'] = {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: mediaIds[moved],
				position,
			};
			if (reference) parameters.referenceMediaId = mediaIds[reference];
			const result = await run(emu, [playlistNode('Move', parameters)]);
			expect(result.status).toBe('success');
			expect(titlesOf(result.items('Move')[0].json)).toEqual(order);
			expect(storedTitles(id, mediaIds)).toEqual(order);
			const itemId = (title: string) => (title ? itemIds[title] : '');
			expect(received()).toEqual([
				{ route: 'playlistGet', id, query: '', body: undefined },
				{
					route: 'playlistMoveItem',
					id,
					query: '',
					body: {
						current_id: itemIds[moved],
						previous_id: itemId(neighbours[0]),
						next_id: itemId(neighbours[1]),
					},
				},
				{ route: 'playlistGet', id, query: '', body: undefined },
			]);
		},
	);

	it('moves one after the other through a chain of nodes', async () => {
		const { id, mediaIds } = await playlistWith('A', 'B', 'C');
		const result = await run(emu, [
			playlistNode('Last', {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: mediaIds.A,
				position: 'last',
			}),
			playlistNode('Before', {
				operation: 'moveAudio',
				playlistId: '={{ $json.id }}',
				mediaId: mediaIds.C,
				position: 'before',
				referenceMediaId: mediaIds.B,
			}),
		]);
		expect(titlesOf(result.items('Last')[0].json)).toEqual(['B', 'C', 'A']);
		expect(titlesOf(result.items('Before')[0].json)).toEqual(['C', 'B', 'A']);
	});

	it('sends nothing when the audio is already there', async () => {
		const { id, mediaIds } = await playlistWith('A', 'B', 'C');
		for (const [mediaId, position, referenceMediaId] of [
			[mediaIds.A, 'first', undefined],
			[mediaIds.C, 'last', undefined],
			[mediaIds.B, 'after', mediaIds.A],
			[mediaIds.B, 'before', mediaIds.C],
		]) {
			const result = await run(emu, [
				playlistNode('Move', {
					operation: 'moveAudio',
					playlistId: id,
					mediaId,
					position,
					referenceMediaId,
				}),
			]);
			expect(titlesOf(result.items('Move')[0].json)).toEqual(['A', 'B', 'C']);
		}
		expect(sent('playlistMoveItem')).toHaveLength(0);
	});

	it.each([['after'], ['before']])(
		'refuses to move an audio %s itself: no request at all',
		async (position) => {
			const { id, mediaIds } = await playlistWith('A', 'B');
			const result = await run(emu, [
				playlistNode('Move', {
					operation: 'moveAudio',
					playlistId: id,
					mediaId: mediaIds.A,
					position,
					referenceMediaId: ` ${mediaIds.A} `,
				}),
			]);
			const error = errorOf(result, 'Move');
			expect(error?.message).toBe(
				`Media ID and Reference Media ID are the same audio ("${mediaIds.A}"): an audio cannot be moved ${position} itself [item 0]`,
			);
			expect(error?.description).toBe(
				'Set the Reference Media ID to another audio of the playlist, or use Position First or Last.',
			);
			expect(apiRequests(emu)).toHaveLength(0);
		},
	);

	it('refuses a move relative to itself given as its media ID and its item ID: no PUT', async () => {
		const { id, mediaIds, itemIds } = await playlistWith('A', 'B');
		const result = await run(emu, [
			playlistNode('Move', {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: mediaIds.A,
				position: 'after',
				referenceMediaId: itemIds.A,
			}),
		]);
		expect(errorOf(result, 'Move')?.message).toMatch(
			/are the same playlist item: an audio cannot be moved after itself \[item 0\]$/,
		);
		expect(sent('playlistMoveItem')).toHaveLength(0);
	});

	it('refuses an audio, or a reference, that is not in the playlist: no PUT', async () => {
		const { id, mediaIds } = await playlistWith('A', 'B');
		const { Other } = await audio('Other');
		emu.clearRequests();
		const notThere = await run(emu, [
			playlistNode('Move', {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: Other,
				position: 'first',
			}),
		]);
		expect(errorOf(notThere, 'Move')?.message).toBe(
			`Media ID "${Other}" is not in playlist "${id}" [item 0]`,
		);
		const badReference = await run(emu, [
			playlistNode('Move', {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: mediaIds.B,
				position: 'before',
				referenceMediaId: Other,
			}),
		]);
		expect(errorOf(badReference, 'Move')?.message).toBe(
			`Reference Media ID "${Other}" is not in playlist "${id}" [item 0]`,
		);
		const noReference = await run(emu, [
			playlistNode('Move', {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: mediaIds.B,
				position: 'after',
				referenceMediaId: '={{ $json.missing }}',
			}),
		]);
		expect(errorOf(noReference, 'Move')?.message).toBe('Reference Media ID is empty [item 0]');
		expect(sent('playlistMoveItem')).toHaveLength(0);
		expect(sent('playlistGet')).toHaveLength(2);
		expect(storedTitles(id, mediaIds)).toEqual(['A', 'B']);
	});

	it('names the playlist when it does not exist', async () => {
		const missing = randomUUID();
		const result = await run(emu, [
			playlistNode('Move', {
				operation: 'moveAudio',
				playlistId: missing,
				mediaId: 'x',
				position: 'last',
			}),
		]);
		expect(errorOf(result, 'Move')?.message).toBe(
			`AIOZ Stream playlist "${missing}" was not found [item 0]`,
		);
	});
});

describe('Cover image', () => {
	const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), bytes(3000)]);

	function image(data: Buffer, fileName: string, mimeType: string): IBinaryData {
		return {
			...inMemoryBinary(data, fileName),
			mimeType,
			fileExtension: fileName.split('.').pop(),
		};
	}

	it.each<[Family]>([['media'], ['videos']])(
		'Set Cover Image sends the image byte-exactly as the multipart field "file" of the PATCH (%s routes)',
		async (family) => {
			const { id } = await playlistWith('One');
			const result = await run(
				emu,
				[playlistNode('Cover', { operation: 'setCoverImage', coverImage: 'art' })],
				{
					family,
					input: [{ json: { id }, binary: { art: image(PNG, 'show.png', 'image/png') } }],
				},
			);
			expect(result.status).toBe('success');
			expect(result.items('Cover')[0].json).toEqual({
				id,
				coverImage: { fileName: 'show.png', mimeType: 'image/png', size: PNG.length },
			});
			expect(md5(emu.aioz.playlists.getThumbnail(id) ?? Buffer.alloc(0))).toBe(md5(PNG));
			expect(emu.aioz.playlists.get(id)?.updates).toEqual([
				{
					fields: [],
					file: expect.objectContaining({
						fileName: 'show.png',
						declaredType: 'image/png',
						size: PNG.length,
					}),
				},
			]);
			expect(
				apiRequests(emu).map((request) => `${request.method} ${request.path} ${request.status}`),
			).toEqual([`PATCH /api/playlists/${id} 200`]);
		},
	);

	it('refuses a file that is not an image by its bytes: 0 requests', async () => {
		const { id } = await playlistWith();
		const mp3 = Buffer.concat([Buffer.from('ID3'), bytes(2000)]);
		const result = await run(
			emu,
			[playlistNode('Cover', { operation: 'setCoverImage', playlistId: id })],
			{
				input: [{ json: {}, binary: { data: image(mp3, 'cover.png', 'image/png') } }],
			},
		);
		expect(errorOf(result, 'Cover')?.message).toBe(
			'Cover Image: the binary field "data" is not a JPEG, PNG, WebP or GIF image [item 0]',
		);
		expect(apiRequests(emu)).toHaveLength(0);
	});

	it('Remove Cover Image deletes it (DELETE /playlists/{id}/thumbnail)', async () => {
		const { id } = await playlistWith();
		await run(emu, [playlistNode('Cover', { operation: 'setCoverImage', playlistId: id })], {
			input: [{ json: {}, binary: { data: image(PNG, 'c.png', 'image/png') } }],
		});
		emu.clearRequests();
		const result = await run(emu, [
			playlistNode('Uncover', { operation: 'removeCoverImage', playlistId: id }),
		]);
		expect(result.items('Uncover')[0].json).toEqual({ id, coverImageRemoved: true });
		expect(emu.aioz.playlists.getThumbnail(id)).toBeUndefined();
		expect(apiRequests(emu).map((request) => `${request.method} ${request.path}`)).toEqual([
			`DELETE /api/playlists/${id}/thumbnail`,
		]);
	});
});

describe('Retries', () => {
	it('retries the idempotent move after a 503, never the create', async () => {
		const { id, mediaIds } = await playlistWith('A', 'B');
		emu.failNext('playlistMoveItem', { status: 503, message: 'busy' });
		const moved = await run(emu, [
			playlistNode('Move', {
				operation: 'moveAudio',
				playlistId: id,
				mediaId: mediaIds.B,
				position: 'first',
			}),
		]);
		expect(moved.status).toBe('success');
		expect(sent('playlistMoveItem').map((request) => request.status)).toEqual([503, 200]);
		expect(storedTitles(id, mediaIds)).toEqual(['B', 'A']);

		emu.failNext('playlistCreate', { status: 503, message: 'busy' });
		const created = await run(emu, [playlistNode('Create', { operation: 'create', name: 'Once' })]);
		expect(errorOf(created, 'Create')?.message).toBe(
			'AIOZ Stream server error (HTTP 503): busy [item 0]',
		);
		expect(sent('playlistCreate')).toHaveLength(1);
	});
});

describe('Reading playlists tolerantly', () => {
	const item = (id: string, previous: string, next: string, title: string): IDataObject => ({
		id,
		video_id: `m-${id}`,
		previous_id: previous,
		next_id: next,
		media: { title },
	});

	it('orders the items by their previous_id / next_id links when they chain every item once', () => {
		const shuffled = [item('c', 'b', '', 'C'), item('a', '', 'b', 'A'), item('b', 'a', 'c', 'B')];
		expect(titlesOf(inPlaylistOrder({ id: 'p', items: shuffled }))).toEqual(['A', 'B', 'C']);
		// Broken links (or none): the API's order stays.
		const broken = [item('c', 'b', '', 'C'), item('a', '', 'x', 'A'), item('b', 'a', 'c', 'B')];
		expect(titlesOf(inPlaylistOrder({ id: 'p', items: broken }))).toEqual(['C', 'A', 'B']);
		const unlinked = [
			{ id: 'y', video_id: '1', media: { title: 'Y' } },
			{ id: 'x', video_id: '2', media: { title: 'X' } },
		];
		expect(titlesOf(inPlaylistOrder({ id: 'p', items: unlinked }))).toEqual(['Y', 'X']);
		// An SDK's spelling.
		const sdk = inPlaylistOrder({ id: 'p', video_items: shuffled });
		expect((sdk.video_items as IDataObject[]).map((i) => i.id)).toEqual(['a', 'b', 'c']);
	});

	it('asks for the item ID of an audio that is in a playlist several times; plans moves from the order', () => {
		const ctx = {
			getNode: () => ({ name: 'Move', type: 'aiozStream' }),
		} as unknown as IExecuteFunctions;
		const entries = playlistEntries({
			id: 'p',
			items: [
				item('a', '', 'b', 'A'),
				{ ...item('b', 'a', 'c', 'B'), video_id: 'm-a' },
				item('c', 'b', '', 'C'),
			],
		});
		expect(() => findEntry(ctx, 0, entries, 'm-a', { label: 'Media ID', playlistId: 'p' })).toThrow(
			expect.objectContaining({
				message: 'Media ID "m-a" is in playlist "p" 2 times',
				description:
					"Give the playlist item ID of the one you mean instead (the items' id field): a, b.",
			}),
		);
		const second = findEntry(ctx, 0, entries, 'b', { label: 'Media ID', playlistId: 'p' });
		expect(second.item.id).toBe('b');
		const [a, b, c] = entries;
		expect(plannedMove(entries, a, 'after', c)).toEqual({
			previousId: 'c',
			nextId: '',
			order: [b, c, a],
		});
		expect(plannedMove(entries, c, 'before', b)).toEqual({
			previousId: 'a',
			nextId: 'b',
			order: [a, c, b],
		});
		expect(plannedMove(entries, b, 'first')).toEqual({
			previousId: '',
			nextId: 'a',
			order: [b, a, c],
		});
		expect(plannedMove([a], a, 'last')).toEqual({ previousId: '', nextId: '', order: [a] });
	});

	it('gives an AI agent the playlist in short: id, name, links and the audio in order', () => {
		const view = aiozToolView({
			json: {
				id: 'p',
				name: 'My Show',
				tags: 'a,b',
				item_count: 2,
				playlist_url: 'https://x/p',
				iframe: '<iframe …>',
				items: [item('a', '', 'b', 'A'), { id: 'b', video: { id: 'm-b', title: 'B' } }],
			},
		});
		expect(view).toEqual({
			id: 'p',
			name: 'My Show',
			item_count: 2,
			playlist_url: 'https://x/p',
			items: [
				{ position: 1, media_id: 'm-a', item_id: 'a', title: 'A' },
				{ position: 2, media_id: 'm-b', item_id: 'b', title: 'B' },
			],
		});
	});
});
