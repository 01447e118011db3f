/**
 * The emulated AIOZ Stream playlists (emulator/aioz-playlists.js): the spec's routes and validation, items kept in
 * order, and the reorder semantics (`current_id` moved between `previous_id` and `next_id`).
 */
import { randomUUID } from 'node:crypto';

import { aiozHeaders, aiozRequest, createMedia, md5, type JsonResponse } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 100 });

/** The playlist object as the emulator answers it (spec schema `Playlist`). */
interface PlaylistJson {
	id: string;
	user_id: string;
	name: string;
	playlist_type: string;
	tags: string;
	metadata: Record<string, string>;
	item_count: number;
	thumbnail_url: string;
	playlist_url: string;
	items: Array<{
		id: string;
		playlist_id: string;
		video_id: string;
		previous_id: string;
		next_id: string;
		media: { title: string; duration: number };
	}>;
}

function dataOf(response: JsonResponse) {
	return response.body.data as unknown as {
		playlist: PlaylistJson;
		playlists: PlaylistJson[];
		total: number;
	};
}

async function createPlaylist(
	body: Record<string, unknown> = { name: 'Show' },
): Promise<PlaylistJson> {
	const response = await aiozRequest(emu, 'POST', '/playlists/create', body);
	expect(response.status).toBe(201);
	return dataOf(response).playlist;
}

async function getPlaylist(id: string, query = ''): Promise<PlaylistJson> {
	const response = await aiozRequest(emu, 'GET', `/playlists/${id}${query}`);
	expect(response.status).toBe(200);
	return dataOf(response).playlist;
}

/** A playlist holding new audio titled after `titles`, in that order; returns the ids. */
async function playlistWith(titles: string[]) {
	const playlist = await createPlaylist({ name: 'Show' });
	const mediaIds: Record<string, string> = {};
	for (const title of titles) {
		mediaIds[title] = await createMedia(emu, { title, type: 'audio' });
		const added = await aiozRequest(emu, 'POST', `/playlists/${playlist.id}/items`, {
			media_id: mediaIds[title],
		});
		expect(added.status).toBe(200);
	}
	const items = (await getPlaylist(playlist.id)).items;
	const itemIds: Record<string, string> = {};
	for (const item of items) itemIds[titleOf(mediaIds, item.video_id)] = item.id;
	return { id: playlist.id, mediaIds, itemIds };
}

function titleOf(mediaIds: Record<string, string>, mediaId: string): string {
	return Object.keys(mediaIds).find((title) => mediaIds[title] === mediaId) ?? mediaId;
}

async function titles(id: string): Promise<string[]> {
	return (await getPlaylist(id)).items.map((item) => item.media.title);
}

/** An update form: [name, value] text parts and an optional `file`. */
async function patchForm(
	id: string,
	parts: Array<[string, string]>,
	file?: { data: Buffer; name: string; type: string },
) {
	const form = new FormData();
	if (file) form.append('file', new Blob([file.data], { type: file.type }), file.name);
	for (const [name, value] of parts) form.append(name, value);
	const response = await fetch(`${emu.aiozBaseUrl}/playlists/${id}`, {
		method: 'PATCH',
		headers: aiozHeaders(emu),
		body: form,
	});
	return {
		status: response.status,
		body: (await response.json()) as { status: string; message: string },
	};
}

const PNG = Buffer.concat([
	Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
	Buffer.alloc(900, 7),
]);

describe('AIOZ Stream emulator: playlists', () => {
	it('creates a playlist (201): tags answered as a string, metadata as a map, no items', async () => {
		const body = {
			name: '  My Show  ',
			playlist_type: 'podcast',
			tags: ['news', 'daily'],
			metadata: [{ key: 'season', value: '1' }],
		};
		const playlist = await createPlaylist(body);
		expect(playlist).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			user_id: expect.any(String),
			name: 'My Show',
			playlist_type: 'podcast',
			tags: 'news,daily',
			metadata: { season: '1' },
			item_count: 0,
			items: [],
			thumbnail_url: '',
		});
		expect(emu.aioz.playlists.get(playlist.id)).toMatchObject({
			name: 'My Show',
			tags: ['news', 'daily'],
			createBody: body,
		});
		expect(emu.aioz.playlists.requests.map((r) => [r.route, r.body])).toEqual([
			['playlistCreate', body],
		]);
	});

	it.each<[string, unknown, RegExp]>([
		['no name', { tags: ['a'] }, /name is required/],
		['a blank name', { name: '   ' }, /name must be between 1 and 255 characters/],
		['a name that is not a string', { name: 42 }, /name must be a string/],
		['tags that are not an array', { name: 'S', tags: 'a,b' }, /tags must be an array of strings/],
		[
			'metadata that is not pairs',
			{ name: 'S', metadata: { a: 'b' } },
			/metadata must be an array/,
		],
		[
			'a playlist_type that is not a string',
			{ name: 'S', playlist_type: 1 },
			/playlist_type must be a string/,
		],
		['a body that is not an object', ['S'], /must be a JSON object/],
	])('refuses a create with %s (400)', async (_label, body, message) => {
		const response = await aiozRequest(emu, 'POST', '/playlists/create', body);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ status: 'error', message: expect.stringMatching(message) });
		expect(emu.aioz.playlists.list()).toEqual([]);
	});

	it('takes JSON only: a form body or no body is refused', async () => {
		const form = await fetch(`${emu.aiozBaseUrl}/playlists/create`, {
			method: 'POST',
			headers: { ...aiozHeaders(emu), 'content-type': 'application/x-www-form-urlencoded' },
			body: 'name=Show',
		});
		expect(form.status).toBe(400);
		expect(((await form.json()) as { message: string }).message).toMatch(
			/Content-Type: application\/json/,
		);
		expect((await aiozRequest(emu, 'POST', '/playlists/create')).body.message).toBe(
			'a JSON body is required',
		);
	});

	it('needs the API keys, on the same /api/playlists routes whatever the media route family', async () => {
		expect((await aiozRequest(emu, 'POST', '/playlists/create', { name: 'S' }, {})).status).toBe(
			401,
		);
		expect((await aiozRequest(emu, 'POST', '/videos/playlists/create', { name: 'S' })).status).toBe(
			404,
		);
		expect(emu.aioz.playlists.list()).toEqual([]);
	});

	it('lists playlists with JSON filters, limit 1–100 and offset paging (POST /playlists)', async () => {
		for (const [n, tags] of [
			[3, ['b']],
			[1, ['a', 'b']],
			[5, []],
			[2, ['a']],
			[4, ['a']],
		] as Array<[number, string[]]>) {
			await createPlaylist({ name: `Show ${n}`, tags, playlist_type: n % 2 ? 'odd' : 'even' });
		}
		const page = async (body: Record<string, unknown>) => {
			const response = await aiozRequest(emu, 'POST', '/playlists', body);
			expect(response.status).toBe(200);
			return {
				names: dataOf(response).playlists.map((p) => p.name),
				total: dataOf(response).total,
			};
		};
		expect(await page({ limit: 2, offset: 0, sort_by: 'name', order_by: 'asc' })).toEqual({
			names: ['Show 1', 'Show 2'],
			total: 5,
		});
		expect(await page({ limit: 2, offset: 2, sort_by: 'name', order_by: 'asc' })).toEqual({
			names: ['Show 3', 'Show 4'],
			total: 5,
		});
		expect(await page({ limit: 2, offset: 4, sort_by: 'name', order_by: 'asc' })).toEqual({
			names: ['Show 5'],
			total: 5,
		});
		expect(await page({ sort_by: 'name', order_by: 'desc', tags: ['a'] })).toEqual({
			names: ['Show 4', 'Show 2', 'Show 1'],
			total: 3,
		});
		expect(await page({ search: 'show 3' })).toEqual({ names: ['Show 3'], total: 1 });
		expect(await page({ playlist_type: 'odd' })).toEqual({
			names: ['Show 3', 'Show 1', 'Show 5'],
			total: 3,
		});
		// Without a body: the defaults (created_at ascending, 25).
		const all = await fetch(`${emu.aiozBaseUrl}/playlists`, {
			method: 'POST',
			headers: aiozHeaders(emu),
		});
		expect(((await all.json()) as { data: { total: number } }).data.total).toBe(5);

		for (const [body, message] of [
			[{ limit: 0 }, /limit must be an integer between 1 and 100/],
			[{ limit: 101 }, /limit must be an integer between 1 and 100/],
			[{ limit: 2.5 }, /limit must be an integer between 1 and 100/],
			[{ offset: -1 }, /offset must be an integer >= 0/],
			[{ sort_by: 'title' }, /sort_by must be one of created_at, updated_at, name/],
			[{ order_by: 'up' }, /order_by must be one of asc, desc/],
			[{ tags: 'a' }, /tags must be an array of strings/],
		] as Array<[Record<string, unknown>, RegExp]>) {
			const response = await aiozRequest(emu, 'POST', '/playlists', body);
			expect([response.status, response.body.message]).toEqual([
				400,
				expect.stringMatching(message),
			]);
		}
		expect((await aiozRequest(emu, 'GET', '/playlists')).status).toBe(404);
	});

	it('adds audio at the end: items linked in order, naming their media video_id', async () => {
		const { id, mediaIds, itemIds } = await playlistWith(['One', 'Two', 'Three']);
		const playlist = await getPlaylist(id);
		expect(playlist.item_count).toBe(3);
		expect(playlist.items).toEqual([
			expect.objectContaining({
				id: itemIds.One,
				playlist_id: id,
				video_id: mediaIds.One,
				previous_id: '',
				next_id: itemIds.Two,
			}),
			expect.objectContaining({
				id: itemIds.Two,
				video_id: mediaIds.Two,
				previous_id: itemIds.One,
				next_id: itemIds.Three,
			}),
			expect.objectContaining({
				id: itemIds.Three,
				video_id: mediaIds.Three,
				previous_id: itemIds.Two,
				next_id: '',
			}),
		]);
		expect(playlist.items[0].media).toMatchObject({ title: 'One', duration: 0 });
		expect(emu.aioz.playlists.get(id)?.mediaIds).toEqual([
			mediaIds.One,
			mediaIds.Two,
			mediaIds.Three,
		]);
	});

	it('refuses to add a missing media (404), no media_id, or one already there (400)', async () => {
		const { id, mediaIds } = await playlistWith(['One']);
		const missing = randomUUID();
		const cases: Array<[unknown, number, RegExp]> = [
			[{ media_id: missing }, 404, new RegExp(`media not found: ${missing}`)],
			[{}, 400, /media_id is required/],
			[{ media_id: 5 }, 400, /media_id must be a string/],
			[{ media_id: mediaIds.One }, 400, /is already in playlist/],
			[
				{ media_id: mediaIds.One, option_playlists: 'x' },
				400,
				/option_playlists must be an array of strings/,
			],
		];
		for (const [body, status, message] of cases) {
			const response = await aiozRequest(emu, 'POST', `/playlists/${id}/items`, body);
			expect([response.status, response.body.message]).toEqual([
				status,
				expect.stringMatching(message),
			]);
		}
		expect(emu.aioz.playlists.get(id)?.mediaIds).toEqual([mediaIds.One]);
	});

	it('answers 404 for an unknown playlist and 400 for a path id that is not a UUID (every route but get)', async () => {
		const unknown = randomUUID();
		expect((await aiozRequest(emu, 'GET', `/playlists/${unknown}`)).body).toEqual({
			status: 'error',
			message: `playlist not found: ${unknown}`,
		});
		expect((await aiozRequest(emu, 'GET', '/playlists/not-a-uuid')).status).toBe(404);
		for (const [method, path] of [
			['DELETE', '/playlists/not-a-uuid'],
			['POST', '/playlists/not-a-uuid/items'],
			['PUT', '/playlists/not-a-uuid/items'],
			['DELETE', '/playlists/not-a-uuid/thumbnail'],
		]) {
			const response = await aiozRequest(emu, method, path, {});
			expect([response.status, response.body.message]).toEqual([
				400,
				'id must be a UUID (got "not-a-uuid")',
			]);
		}
		for (const [method, path] of [
			['DELETE', `/playlists/${unknown}`],
			['POST', `/playlists/${unknown}/items`],
			['DELETE', `/playlists/${unknown}/thumbnail`],
		]) {
			expect((await aiozRequest(emu, method, path, { media_id: 'x' })).status).toBe(404);
		}
	});

	describe('move (PUT /playlists/{id}/items)', () => {
		it('puts current_id between previous_id and next_id: every item to every place of A B C D', async () => {
			const { id, itemIds } = await playlistWith(['A', 'B', 'C', 'D']);
			const titleOfItem = Object.fromEntries(
				Object.entries(itemIds).map(([title, itemId]) => [itemId, title]),
			);
			for (const moved of ['A', 'B', 'C', 'D']) {
				for (let at = 0; at < 4; at++) {
					const before = await titles(id);
					const others = before.filter((title) => title !== moved);
					const expected = [...others.slice(0, at), moved, ...others.slice(at)];
					const body = {
						current_id: itemIds[moved],
						previous_id: at > 0 ? itemIds[others[at - 1]] : '',
						next_id: at < others.length ? itemIds[others[at]] : '',
					};
					const response = await aiozRequest(emu, 'PUT', `/playlists/${id}/items`, body);
					expect([response.status, response.body.status]).toEqual([200, 'success']);
					expect(await titles(id)).toEqual(expected);
					// The links say the same order.
					const items = (await getPlaylist(id)).items;
					expect(items.map((item) => titleOfItem[item.next_id] ?? '')).toEqual([
						...expected.slice(1),
						'',
					]);
				}
			}
		});

		it('first: previous_id empty; last: next_id empty; one neighbour alone places the item next to it', async () => {
			const { id, itemIds } = await playlistWith(['A', 'B', 'C', 'D']);
			const move = async (body: Record<string, unknown>) => {
				const response = await aiozRequest(emu, 'PUT', `/playlists/${id}/items`, body);
				expect(response.status).toBe(200);
				return await titles(id);
			};
			expect(await move({ current_id: itemIds.D, previous_id: '', next_id: itemIds.A })).toEqual([
				'D',
				'A',
				'B',
				'C',
			]);
			expect(await move({ current_id: itemIds.D, previous_id: itemIds.C, next_id: '' })).toEqual([
				'A',
				'B',
				'C',
				'D',
			]);
			expect(await move({ current_id: itemIds.A, previous_id: itemIds.C })).toEqual([
				'B',
				'C',
				'A',
				'D',
			]);
			expect(await move({ current_id: itemIds.D, next_id: itemIds.B })).toEqual([
				'D',
				'B',
				'C',
				'A',
			]);
			// Where it already is: nothing changes.
			expect(
				await move({ current_id: itemIds.C, previous_id: itemIds.B, next_id: itemIds.A }),
			).toEqual(['D', 'B', 'C', 'A']);
		});

		it('refuses a move without a neighbour, relative to itself, between items that are not neighbours, or of unknown items', async () => {
			const { id, itemIds } = await playlistWith(['A', 'B', 'C', 'D']);
			const stranger = randomUUID();
			const cases: Array<[unknown, RegExp]> = [
				[{ current_id: itemIds.B }, /previous_id or next_id is required/],
				[
					{ current_id: itemIds.B, previous_id: '', next_id: '' },
					/previous_id or next_id is required/,
				],
				[{ current_id: itemIds.B, previous_id: itemIds.B }, /previous_id is the moved item itself/],
				[{ current_id: itemIds.B, next_id: itemIds.B }, /next_id is the moved item itself/],
				[
					{ current_id: itemIds.A, previous_id: itemIds.B, next_id: itemIds.D },
					/must be neighbours/,
				],
				[
					{ current_id: itemIds.A, previous_id: itemIds.C, next_id: itemIds.B },
					/must be neighbours/,
				],
				[
					{ current_id: stranger, next_id: itemIds.A },
					new RegExp(`current_id ${stranger} is not an item`),
				],
				[
					{ current_id: itemIds.A, next_id: stranger },
					new RegExp(`next_id ${stranger} is not an item`),
				],
				[{ previous_id: itemIds.A }, /current_id is required/],
				[{ current_id: 'B', next_id: itemIds.A }, /current_id must be a UUID/],
				[{ current_id: itemIds.A, next_id: 'first' }, /next_id must be a UUID/],
			];
			for (const [body, message] of cases) {
				const response = await aiozRequest(emu, 'PUT', `/playlists/${id}/items`, body);
				expect([response.status, response.body.message]).toEqual([
					400,
					expect.stringMatching(message),
				]);
			}
			expect(await titles(id)).toEqual(['A', 'B', 'C', 'D']);
		});
	});

	it('removes an item by its item id (optional JSON body); unknown item 404, non-UUID 400', async () => {
		const { id, itemIds } = await playlistWith(['A', 'B', 'C']);
		const removed = await aiozRequest(emu, 'DELETE', `/playlists/${id}/items/${itemIds.B}`, {});
		expect(removed.status).toBe(200);
		const playlist = await getPlaylist(id);
		expect(
			playlist.items.map((item) => [item.media.title, item.previous_id, item.next_id]),
		).toEqual([
			['A', '', itemIds.C],
			['C', itemIds.A, ''],
		]);
		expect((await aiozRequest(emu, 'DELETE', `/playlists/${id}/items/${itemIds.A}`)).status).toBe(
			200,
		);
		expect(
			(await aiozRequest(emu, 'DELETE', `/playlists/${id}/items/${itemIds.A}`)).body.message,
		).toBe(`playlist item not found: ${itemIds.A}`);
		expect((await aiozRequest(emu, 'DELETE', `/playlists/${id}/items/C`)).body.message).toBe(
			'item_id must be a UUID (got "C")',
		);
		expect(
			(
				await aiozRequest(emu, 'DELETE', `/playlists/${id}/items/${itemIds.C}`, {
					option_playlists: 1,
				})
			).status,
		).toBe(400);
		expect(await titles(id)).toEqual(['C']);
	});

	it('gets the items sorted (sort_by created_at | title | duration, order_by) and searched, the links still in playlist order', async () => {
		const { id, itemIds } = await playlistWith(['Bravo', 'Alpha', 'Charlie']);
		expect((await getPlaylist(id, '?sort_by=title')).items.map((item) => item.media.title)).toEqual(
			['Alpha', 'Bravo', 'Charlie'],
		);
		const sorted = await getPlaylist(id, '?sort_by=title&order_by=desc');
		expect(sorted.items.map((item) => [item.media.title, item.previous_id])).toEqual([
			['Charlie', itemIds.Alpha],
			['Bravo', ''],
			['Alpha', itemIds.Bravo],
		]);
		expect(
			(await getPlaylist(id, '?sort_by=created_at&order_by=desc')).items.map(
				(item) => item.media.title,
			),
		).toEqual(['Charlie', 'Alpha', 'Bravo']);
		expect((await getPlaylist(id, '?search=ALP')).items.map((item) => item.media.title)).toEqual([
			'Alpha',
		]);
		for (const query of ['?sort_by=name', '?order_by=random']) {
			expect((await aiozRequest(emu, 'GET', `/playlists/${id}${query}`)).status).toBe(400);
		}
	});

	describe('update (PATCH /playlists/{id}, multipart)', () => {
		it('changes name, tags (one part each) and metadata (one JSON part per pair), and sets the cover from "file"', async () => {
			const { id } = await playlistWith([]);
			const parts: Array<[string, string]> = [
				['name', 'Renamed'],
				['tags', 'news'],
				['tags', 'daily'],
				['metadata', '{"key":"season","value":"2"}'],
				['metadata', '{"key":"host","value":"Ann"}'],
			];
			const response = await patchForm(id, parts, {
				data: PNG,
				name: 'cover.png',
				type: 'image/png',
			});
			expect(response).toEqual({
				status: 200,
				body: { status: 'success', message: 'update playlist successfully' },
			});
			const playlist = await getPlaylist(id);
			expect(playlist).toMatchObject({
				name: 'Renamed',
				tags: 'news,daily',
				metadata: { season: '2', host: 'Ann' },
			});
			expect(playlist.thumbnail_url).toMatch(new RegExp(`/playlist-thumbnail/${id}\\.png$`));
			expect(md5(emu.aioz.playlists.getThumbnail(id) ?? Buffer.alloc(0))).toBe(md5(PNG));
			expect(emu.aioz.playlists.get(id)?.updates).toEqual([
				{
					fields: parts,
					file: expect.objectContaining({
						fileName: 'cover.png',
						contentType: 'image/png',
						size: PNG.length,
					}),
				},
			]);
		});

		it('takes a rename alone (no file), and tags the SDK way (one comma-separated part)', async () => {
			const { id } = await playlistWith([]);
			expect((await patchForm(id, [['name', 'Only a name']])).status).toBe(200);
			expect((await patchForm(id, [['tags', 'a, b,c']])).status).toBe(200);
			expect(emu.aioz.playlists.get(id)).toMatchObject({
				name: 'Only a name',
				tags: ['a', 'b', 'c'],
				thumbnail: undefined,
			});
		});

		it.each<
			[
				string,
				Array<[string, string]>,
				{ data: Buffer; name: string; type: string } | undefined,
				RegExp,
			]
		>([
			['nothing to change', [], undefined, /nothing to update/],
			['a blank name', [['name', '  ']], undefined, /name must be between 1 and 255/],
			[
				'metadata that is not JSON',
				[['metadata', 'season=2']],
				undefined,
				/metadata part 1 must be JSON/,
			],
			[
				'metadata without a key',
				[['metadata', '{"key":" ","value":"x"}']],
				undefined,
				/metadata\[0\]\.key must not be empty/,
			],
			['an unknown field', [['title', 'x']], undefined, /unknown field "title"/],
			[
				'a file that is not an image',
				[],
				{ data: Buffer.from('ID3 not an image'), name: 'c.png', type: 'image/png' },
				/file must be an image/,
			],
		])('refuses %s (400), the playlist unchanged', async (_label, parts, file, message) => {
			const { id } = await playlistWith([]);
			const response = await patchForm(id, parts, file);
			expect([response.status, response.body.message]).toEqual([
				400,
				expect.stringMatching(message),
			]);
			expect(emu.aioz.playlists.get(id)).toMatchObject({ name: 'Show', tags: [], updates: [] });
		});

		it('refuses a JSON body: the update is multipart', async () => {
			const { id } = await playlistWith([]);
			const response = await aiozRequest(emu, 'PATCH', `/playlists/${id}`, { name: 'x' });
			expect([response.status, response.body.message]).toEqual([
				400,
				'Content-Type must be multipart/form-data with a boundary',
			]);
		});
	});

	it('removes the cover (DELETE /thumbnail) and deletes a playlist, its audio staying', async () => {
		const { id, mediaIds } = await playlistWith(['One']);
		expect((await patchForm(id, [], { data: PNG, name: 'c.png', type: 'image/png' })).status).toBe(
			200,
		);
		expect((await aiozRequest(emu, 'DELETE', `/playlists/${id}/thumbnail`)).status).toBe(200);
		expect((await getPlaylist(id)).thumbnail_url).toBe('');
		expect(emu.aioz.playlists.getThumbnail(id)).toBeUndefined();

		expect((await aiozRequest(emu, 'DELETE', `/playlists/${id}`)).body).toEqual({
			status: 'success',
			message: 'delete playlist successfully',
		});
		expect((await aiozRequest(emu, 'GET', `/playlists/${id}`)).status).toBe(404);
		expect(emu.aioz.getMedia(mediaIds.One)).toBeDefined();
	});

	it('takes a deleted media out of its playlists; reset() forgets every playlist', async () => {
		const { id, mediaIds } = await playlistWith(['One', 'Two']);
		expect((await aiozRequest(emu, 'DELETE', `/media/${mediaIds.One}`)).status).toBe(200);
		const playlist = await getPlaylist(id);
		expect(
			playlist.items.map((item) => [item.media.title, item.previous_id, item.next_id]),
		).toEqual([['Two', '', '']]);
		expect(playlist.item_count).toBe(1);

		await emu.reset();
		expect(emu.aioz.playlists.list()).toEqual([]);
		expect(emu.aioz.playlists.requests).toEqual([]);
	});

	it('fails a playlist route on demand (failNext)', async () => {
		const { id } = await playlistWith([]);
		emu.failNext('playlistGet', { status: 503, message: 'busy' });
		expect((await aiozRequest(emu, 'GET', `/playlists/${id}`)).status).toBe(503);
		expect((await aiozRequest(emu, 'GET', `/playlists/${id}`)).status).toBe(200);
	});
});
