/** Update: changes the name, tags or metadata set in "Update Fields" (checked before sending). */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { playlistChanges, readPlaylistId } from '../../helpers/playlists';
import { updatePlaylist } from '../../transport';
import { playlistIdField, updateFieldsCollection } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('update', 'ID of the playlist to change', true),
	updateFieldsCollection('update'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	const responseBody = await updatePlaylist(
		this,
		itemIndex,
		playlistId,
		playlistChanges(this, itemIndex),
	);
	return { json: { id: playlistId, updated: true, message: responseBody.message ?? 'success' } };
}
