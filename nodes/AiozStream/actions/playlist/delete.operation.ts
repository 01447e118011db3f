/** Delete: removes a playlist (its audio stay, only the playlist goes). */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readPlaylistId } from '../../helpers/playlists';
import { deletePlaylist } from '../../transport';
import { playlistIdField } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('delete', 'ID of the playlist to delete', true),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	await deletePlaylist(this, itemIndex, playlistId);
	return { json: { id: playlistId, deleted: true } };
}
