/** Remove Cover Image: deletes the cover image of a playlist. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readPlaylistId } from '../../helpers/playlists';
import { removePlaylistCover } from '../../transport';
import { playlistIdField } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('removeCoverImage', 'ID of the playlist to remove the cover image of', true),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	await removePlaylistCover(this, itemIndex, playlistId);
	return { json: { id: playlistId, coverImageRemoved: true } };
}
