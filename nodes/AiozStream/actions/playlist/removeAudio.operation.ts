/**
 * Remove Audio: takes an audio out of a playlist. The API removes a playlist item by its item id;
 * the node reads the playlist to find the item holding the audio (a playlist item ID works too).
 * The output is the playlist read back, its items in their new order.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId } from '../../helpers/parameters';
import {
	findEntry,
	inPlaylistOrder,
	playlistEntries,
	readPlaylistId,
} from '../../helpers/playlists';
import { getPlaylist, removePlaylistItem } from '../../transport';
import { audioIdField, playlistIdField } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('removeAudio', 'ID of the playlist to remove the audio from', false),
	audioIdField(
		'removeAudio',
		'Media ID of the audio to take out of the playlist (the audio itself stays in AIOZ Stream); the ID of a playlist item works too',
		true,
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	const mediaId = readMediaId(this, itemIndex);
	const entries = playlistEntries(await getPlaylist(this, itemIndex, playlistId));
	const entry = findEntry(this, itemIndex, entries, mediaId, { label: 'Media ID', playlistId });
	await removePlaylistItem(this, itemIndex, playlistId, entry.itemId);
	return { json: inPlaylistOrder(await getPlaylist(this, itemIndex, playlistId)) };
}
