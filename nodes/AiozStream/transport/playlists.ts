/**
 * Every playlist call of the AIOZ Stream node, each one through `aiozRequest` (request.ts: one error
 * mapping, one retry policy), with its route in `PLAYLIST_ROUTES`. Operations call these and shape
 * the output; reading a playlist's items (their order, their media) is helpers/playlists.ts.
 *
 * Routes are relative to the API root (`root: 'api'`): `/api/playlists/...`. AIOZ's OpenAPI file puts
 * them there, beside `/api/media` (the production host); for the W3Stream host, whose media routes are
 * `/api/videos`, nothing is published: like the webhooks, playlists are assumed to be `/api/playlists`
 * on both hosts.
 *
 * Which calls are idempotent (retried on 5xx and dropped connections as well as on 429):
 * - create: no, a re-sent create makes a second playlist;
 * - add an audio: no, a re-sent add could put the audio in twice (or fail because it is there);
 * - get, list: yes, they only read (list is a POST carrying the filters);
 * - update (name, tags, metadata, and the cover, which is set through the same PATCH): yes, the same
 *   fields set twice leave the same playlist;
 * - delete: yes, once gone it stays gone (a retry that finds it gone counts as deleted);
 * - remove an audio: yes, a removed item stays removed (a retry that finds it gone counts as removed);
 * - move an audio: yes, the request says where the item goes by its neighbours (between
 *   `previous_id` and `next_id`), not by how far to shift it: sent twice, the second finds it there;
 * - remove the cover: yes, removed twice leaves no cover.
 *
 * Where the API's spec is loose (aioz-webhooks.md in the reference notes), what is assumed here:
 * - the update is `multipart/form-data` as the spec says, its `file` (the cover) sent only when a
 *   cover is set (the spec marks it required; the official SDKs make it a mandatory argument, yet
 *   a name-only update must be possible to rename a playlist);
 * - in that form, `tags` is one part per tag and `metadata` one part per pair holding its JSON
 *   `{"key": …, "value": …}` (OpenAPI 3's encoding of arrays in a form; the SDKs join values with
 *   commas, which loses metadata objects);
 * - removing an item sends the JSON body the spec declares, empty: `{}` (as the official Node SDK
 *   does; its options are not used);
 * - a 404 of "add an audio" may be about the playlist or about the audio: the playlist is read to
 *   tell which.
 */
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import {
	deleteRequest,
	fileFormData,
	listByFilters,
	mediaSubject,
	objectFromResponse,
	routeUrl,
	textFormData,
	type CoverImage,
} from './api';
import { aiozApiError, type AiozSubject } from './errors';
import { aiozRequest, type AiozContext, type AiozRequest, type AiozResponseBody } from './request';

/** Playlist routes, relative to the API root; `{id}` is the playlist id, `{itemId}` a playlist item's. */
export const PLAYLIST_ROUTES = {
	create: '/playlists/create',
	list: '/playlists',
	playlist: '/playlists/{id}',
	items: '/playlists/{id}/items',
	item: '/playlists/{id}/items/{itemId}',
	thumbnail: '/playlists/{id}/thumbnail',
} as const;

/** The subject of a request about one playlist, for its 404 message. */
export function playlistSubject(playlistId: string): AiozSubject {
	return { kind: 'playlist', id: playlistId, field: 'Playlist ID' };
}

/** What update can change (the cover aside): each one sent only when set. */
export interface PlaylistChanges {
	name?: string;
	tags?: string[];
	metadata?: Array<{ key: string; value: string }>;
}

/** Sort of a playlist's items when it is read (`GET /playlists/{id}?sort_by=…&order_by=…`). */
export interface PlaylistItemSort {
	sortBy?: string;
	orderBy?: string;
}

/** Where a request about one playlist goes: `route` with the playlist id (and `values`) filled in. */
function playlistAddress(
	itemIndex: number,
	playlistId: string,
	route: string,
	values: Record<string, string> = {},
	query?: Record<string, string>,
): Pick<AiozRequest, 'url' | 'root' | 'itemIndex' | 'subject'> {
	const search = query ? new URLSearchParams(query).toString() : '';
	return {
		url: `${routeUrl(route, { ...values, id: playlistId })}${search ? `?${search}` : ''}`,
		root: 'api',
		itemIndex,
		subject: playlistSubject(playlistId),
	};
}

/**
 * A request about one playlist: `route` with the playlist id (and `values`) filled in, under the
 * API root, the playlist named in a 404.
 */
async function playlistRequest(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
	route: string,
	request: Omit<AiozRequest, 'url' | 'itemIndex' | 'subject' | 'root'> & {
		values?: Record<string, string>;
		query?: Record<string, string>;
	},
): Promise<AiozResponseBody> {
	const { values, query, ...rest } = request;
	return await aiozRequest(ctx, {
		...rest,
		...playlistAddress(itemIndex, playlistId, route, values, query),
	});
}

/** POST /playlists/create: makes a playlist (`name`, `playlist_type`, `tags`, `metadata`) and returns it. */
export async function createPlaylist(
	ctx: AiozContext,
	itemIndex: number,
	requestBody: IDataObject,
): Promise<IDataObject> {
	const responseBody = await aiozRequest(ctx, {
		method: 'POST',
		url: PLAYLIST_ROUTES.create,
		root: 'api',
		body: requestBody,
		itemIndex,
		idempotent: false,
	});
	return objectFromResponse(ctx, responseBody, 'playlist', itemIndex);
}

/** GET /playlists/{id}: the playlist with its items, sorted by the API when `sort` says so. */
export async function getPlaylist(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
	sort: PlaylistItemSort = {},
): Promise<IDataObject> {
	const query: Record<string, string> = {};
	if (sort.sortBy) query.sort_by = sort.sortBy;
	if (sort.orderBy) query.order_by = sort.orderBy;
	const responseBody = await playlistRequest(ctx, itemIndex, playlistId, PLAYLIST_ROUTES.playlist, {
		method: 'GET',
		query,
		idempotent: true,
	});
	return objectFromResponse(ctx, responseBody, 'playlist', itemIndex);
}

/**
 * POST /playlists: the playlists matching `filters` (the request body without `limit` and
 * `offset`), page by page, until `maxResults` playlists (all when undefined) or the end.
 */
export async function listPlaylists(
	ctx: AiozContext,
	itemIndex: number,
	filters: IDataObject,
	maxResults: number | undefined,
): Promise<IDataObject[]> {
	const list = { url: PLAYLIST_ROUTES.list, root: 'api' as const, key: 'playlists' };
	return await listByFilters(ctx, itemIndex, list, filters, maxResults);
}

/** The text parts of an update form, in the order name, tags, metadata (see the header). */
function changeFields(changes: PlaylistChanges): Array<[name: string, value: string]> {
	const fields: Array<[string, string]> = [];
	if (changes.name !== undefined) fields.push(['name', changes.name]);
	for (const tag of changes.tags ?? []) fields.push(['tags', tag]);
	for (const { key, value } of changes.metadata ?? []) {
		fields.push(['metadata', JSON.stringify({ key, value })]);
	}
	return fields;
}

/**
 * PATCH /playlists/{id} (multipart): changes the fields given and, with `cover`, sets the cover
 * image (field `file`, first, as the curl recipes send files). Returns the response body.
 */
export async function updatePlaylist(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
	changes: PlaylistChanges,
	cover?: CoverImage,
): Promise<AiozResponseBody> {
	const fields = changeFields(changes);
	return await playlistRequest(ctx, itemIndex, playlistId, PLAYLIST_ROUTES.playlist, {
		method: 'PATCH',
		...(cover ? fileFormData(cover, fields) : textFormData(fields)),
		idempotent: true,
	});
}

/** DELETE /playlists/{id}; a playlist found gone after a retry counts as deleted. */
export async function deletePlaylist(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
): Promise<void> {
	await deleteRequest(ctx, playlistAddress(itemIndex, playlistId, PLAYLIST_ROUTES.playlist));
}

/**
 * POST /playlists/{id}/items `{ media_id }`: adds an audio at the end of the playlist. A 404 names
 * the audio when the playlist is there (the API answers 404 for either).
 */
export async function addPlaylistItem(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
	mediaId: string,
): Promise<AiozResponseBody> {
	try {
		return await playlistRequest(ctx, itemIndex, playlistId, PLAYLIST_ROUTES.items, {
			method: 'POST',
			body: { media_id: mediaId },
			idempotent: false,
		});
	} catch (error) {
		const failure = error as NodeApiError;
		if (!(failure instanceof NodeApiError) || failure.httpCode !== '404') throw failure;
		// A missing playlist makes this read fail with the playlist's own 404.
		await getPlaylist(ctx, itemIndex, playlistId);
		throw aiozApiError(ctx.getNode(), 404, undefined, {
			itemIndex,
			subject: mediaSubject(mediaId),
		});
	}
}

/** DELETE /playlists/{id}/items/{itemId}; an item found gone after a retry counts as removed. */
export async function removePlaylistItem(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
	itemId: string,
): Promise<void> {
	await deleteRequest(ctx, {
		...playlistAddress(itemIndex, playlistId, PLAYLIST_ROUTES.item, { itemId }),
		// The spec's JSON body, empty: as text, since n8n's HTTP client drops an empty object.
		headers: { 'Content-Type': 'application/json' },
		body: Buffer.from('{}'),
	});
}

/**
 * PUT /playlists/{id}/items `{ current_id, previous_id, next_id }`: puts item `currentId` between
 * `previousId` and `nextId` (playlist item ids; '' for none: first has no previous, last no next).
 */
export async function movePlaylistItem(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
	move: { currentId: string; previousId: string; nextId: string },
): Promise<AiozResponseBody> {
	return await playlistRequest(ctx, itemIndex, playlistId, PLAYLIST_ROUTES.items, {
		method: 'PUT',
		body: { current_id: move.currentId, previous_id: move.previousId, next_id: move.nextId },
		idempotent: true,
	});
}

/** DELETE /playlists/{id}/thumbnail: removes the playlist's cover image. */
export async function removePlaylistCover(
	ctx: AiozContext,
	itemIndex: number,
	playlistId: string,
): Promise<AiozResponseBody> {
	return await playlistRequest(ctx, itemIndex, playlistId, PLAYLIST_ROUTES.thumbnail, {
		method: 'DELETE',
		idempotent: true,
	});
}
