/**
 * Add Audio: puts an audio at the end of a playlist (POST /playlists/{id}/items `{ media_id }`).
 * The output is the playlist read back, its items in their new order.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId } from '../../helpers/parameters';
import { inPlaylistOrder, readPlaylistId } from '../../helpers/playlists';
import { addPlaylistItem, getPlaylist } from '../../transport';
import { audioIdField, playlistIdField } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('addAudio', 'ID of the playlist to add the audio to', false),
	audioIdField('addAudio', 'Media ID of the audio to add at the end of the playlist', true),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	const mediaId = readMediaId(this, itemIndex);
	await addPlaylistItem(this, itemIndex, playlistId, mediaId);
	return { json: inPlaylistOrder(await getPlaylist(this, itemIndex, playlistId)) };
}
