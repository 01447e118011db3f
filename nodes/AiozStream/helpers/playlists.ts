/**
 * The playlist resource's readers: its parameters (checked before any request, messages naming the
 * field by its label in the editor) and the playlist objects the API answers, read tolerantly.
 *
 * The spec is loose about playlists (aioz-webhooks.md in the reference notes): requests send `tags`
 * as an array and `metadata` as `[{ key, value }]`, responses show `tags` as a string and `metadata`
 * as a map, an item names its media `video_id` (an SDK reads the items as `video_items`, their media
 * as `video`). Outputs keep the playlist as the API answers it; only the order of its items is
 * settled here: an item carries `previous_id` and `next_id` (its neighbours' item ids), and when
 * those links chain every item once, that chain is the playlist's order; otherwise the order the API
 * listed them in is kept.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/parameters';
import { readIdParameter } from './parameters';
import { InputChecker } from './requestBodies';
import type { PlaylistChanges } from '../transport/playlists';

const PLAYLIST_ID_HINT =
	'Set the Playlist ID, or map it from the previous node, e.g. {{ $json.id }} after Create or Get Many of playlists.';

/** "Playlist ID" of an item (see `readIdParameter`). */
export function readPlaylistId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readIdParameter(ctx, itemIndex, {
		name: 'playlistId',
		label: 'Playlist ID',
		hint: PLAYLIST_ID_HINT,
	});
}

interface PlaylistFieldParameters {
	name?: unknown;
	playlistType?: unknown;
	tags?: string | string[];
	metadata?: { metadataValues?: Array<{ key?: string; value?: string }> };
}

/** Name, trimmed; blank is refused (`label` as in the editor). */
function checkedName(check: InputChecker, value: unknown, label: string): string {
	const name = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!name) check.fail(`${label} is empty: give the playlist a name`);
	return name;
}

/**
 * The request body of create: `{ name, playlist_type?, tags?, metadata? }` (empty optional fields
 * are not sent). Throws a NodeOperationError naming the field on invalid input.
 */
export function createPlaylistBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const check = new InputChecker(ctx, itemIndex, 'Additional Fields');
	const name = checkedName(check, ctx.getNodeParameter('name', itemIndex, ''), 'Name');
	const fields = (ctx.getNodeParameter('additionalFields', itemIndex, {}) ??
		{}) as PlaylistFieldParameters;
	const body: IDataObject = { name };
	const playlistType = typeof fields.playlistType === 'string' ? fields.playlistType.trim() : '';
	if (playlistType) body.playlist_type = playlistType;
	check.addTagsAndMetadata(body, fields);
	return body;
}

/**
 * What update changes: the fields set in "Update Fields". A field set but left empty is refused:
 * the update is a form, where an empty list of tags or metadata is no part at all, so it could not
 * clear them and would silently change nothing.
 */
export function playlistChanges(ctx: IExecuteFunctions, itemIndex: number): PlaylistChanges {
	const check = new InputChecker(ctx, itemIndex, 'Update Fields');
	const fields = (ctx.getNodeParameter('updateFields', itemIndex, {}) ??
		{}) as PlaylistFieldParameters;
	const changes: PlaylistChanges = {};
	if (fields.name !== undefined) {
		changes.name = checkedName(check, fields.name, 'Update Fields → Name');
	}
	if (fields.tags !== undefined) {
		changes.tags = check.tags(fields.tags);
		if (!changes.tags.length) {
			check.fail(
				'Update Fields → Tags is empty',
				'Give at least one tag, or remove the field to leave the tags as they are.',
			);
		}
	}
	if (fields.metadata !== undefined) {
		changes.metadata = check.metadata(fields.metadata);
		if (!changes.metadata.length) {
			check.fail(
				'Update Fields → Metadata is empty',
				'Give at least one key/value pair, or remove the field to leave the metadata as it is.',
			);
		}
	}
	if (Object.keys(changes).length === 0) {
		check.fail('Update Fields is empty: add at least one field to change');
	}
	return changes;
}

/** One item of a playlist: its item id, the media it holds, and the item as the API gave it. */
export interface PlaylistEntry {
	itemId: string;
	mediaId: string;
	item: IDataObject;
}

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function idString(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Where a playlist keeps its items: `items` (the spec) or `video_items` (an SDK's name). */
function itemsKey(playlist: IDataObject): 'items' | 'video_items' {
	return !Array.isArray(playlist.items) && Array.isArray(playlist.video_items)
		? 'video_items'
		: 'items';
}

/** The media id of a playlist item: `video_id` (the spec), `media_id`, or its media object's id. */
function mediaIdOf(item: IDataObject): string {
	return (
		idString(item.video_id) ||
		idString(item.media_id) ||
		idString(asObject(item.media)?.id) ||
		idString(asObject(item.video)?.id)
	);
}

/**
 * The items in the order their `previous_id` / `next_id` links give, or undefined when the links
 * do not chain every item exactly once (missing, or the API sorted the items otherwise).
 */
function linkedOrder(items: IDataObject[]): IDataObject[] | undefined {
	if (items.length < 2) return items;
	const byId = new Map<string, IDataObject>();
	for (const item of items) {
		const id = idString(item.id);
		if (!id || byId.has(id)) return undefined;
		byId.set(id, item);
	}
	const heads = items.filter((item) => !byId.has(idString(item.previous_id)));
	if (heads.length !== 1) return undefined;
	const ordered: IDataObject[] = [];
	const seen = new Set<string>();
	for (let item: IDataObject | undefined = heads[0]; item; ) {
		const id = idString(item.id);
		if (seen.has(id)) return undefined;
		seen.add(id);
		ordered.push(item);
		const next = byId.get(idString(item.next_id));
		if (next && idString(next.previous_id) !== id) return undefined;
		item = next;
	}
	return ordered.length === items.length ? ordered : undefined;
}

/**
 * The playlist with its items in playlist order (see the header): a copy, the items themselves as
 * the API gave them.
 */
export function inPlaylistOrder(playlist: IDataObject): IDataObject {
	const key = itemsKey(playlist);
	const items = Array.isArray(playlist[key]) ? (playlist[key] as unknown[]) : undefined;
	if (!items) return playlist;
	const objects = items.map(asObject).filter((item): item is IDataObject => item !== undefined);
	return { ...playlist, [key]: linkedOrder(objects) ?? objects };
}

/** The entries of a playlist, in playlist order. */
export function playlistEntries(playlist: IDataObject): PlaylistEntry[] {
	const ordered = inPlaylistOrder(playlist);
	const items = (ordered[itemsKey(ordered)] ?? []) as IDataObject[];
	return items.map((item) => ({ itemId: idString(item.id), mediaId: mediaIdOf(item), item }));
}

/**
 * The entry an id given in `label` names: the playlist's audio with that media id, else the item
 * with that item id. Refused before any change when it is not in the playlist, or when the audio is
 * there several times (then its item id says which).
 */
export function findEntry(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entries: PlaylistEntry[],
	id: string,
	where: { label: string; playlistId: string },
): PlaylistEntry {
	const { label, playlistId } = where;
	const byMedia = entries.filter((entry) => entry.mediaId === id);
	if (byMedia.length === 1) return byMedia[0];
	if (byMedia.length > 1) {
		throw inputError(
			ctx,
			itemIndex,
			`${label} "${id}" is in playlist "${playlistId}" ${byMedia.length} times`,
			`Give the playlist item ID of the one you mean instead (the items' id field): ${byMedia
				.map((entry) => entry.itemId)
				.join(', ')}.`,
		);
	}
	const byItem = entries.find((entry) => entry.itemId === id);
	if (byItem) return byItem;
	const held = entries.map((entry) => entry.mediaId).filter(Boolean);
	const shown = held.slice(0, 10).join(', ') + (held.length > 10 ? ', …' : '');
	throw inputError(
		ctx,
		itemIndex,
		`${label} "${id}" is not in playlist "${playlistId}"`,
		held.length
			? `The playlist holds ${held.length} audio (media IDs: ${shown}). Check the ${label}, or add the audio first with Add Audio.`
			: `The playlist is empty. Add the audio first with Add Audio.`,
	);
}

/** Where Move Audio puts the audio: first, last, or after / before another audio of the playlist. */
export type MovePosition = 'first' | 'last' | 'after' | 'before';

/**
 * A move as the API takes it (the moved item between two neighbours, '' for none) and the order it
 * gives. `reference` is the audio of After / Before, another entry than `current`.
 */
export function plannedMove(
	entries: PlaylistEntry[],
	current: PlaylistEntry,
	position: MovePosition,
	reference?: PlaylistEntry,
): { previousId: string; nextId: string; order: PlaylistEntry[] } {
	const others = entries.filter((entry) => entry !== current);
	let at: number;
	if (position === 'first') at = 0;
	else if (position === 'last') at = others.length;
	else {
		const index = reference ? others.indexOf(reference) : -1;
		if (index < 0)
			throw new Error('plannedMove: the reference is not another entry of the playlist');
		at = position === 'after' ? index + 1 : index;
	}
	const order = [...others.slice(0, at), current, ...others.slice(at)];
	return {
		previousId: others[at - 1]?.itemId ?? '',
		nextId: others[at]?.itemId ?? '',
		order,
	};
}
