/**
 * Get: a playlist with its items (each names its audio by `video_id`), in playlist order, or sorted
 * by the API when Options → Sort Items By is set.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsFrom } from '../../../shared/options';
import { inPlaylistOrder, readPlaylistId } from '../../helpers/playlists';
import { getPlaylist } from '../../transport';
import { playlistIdField, showFor } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('get', 'ID of the playlist to read', true),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('get'),
		options: [
			{
				displayName: 'Order',
				name: 'orderBy',
				type: 'options',
				default: 'asc',
				description: 'Order of the items when Sort Items By is set',
				options: optionsFrom({ Ascending: 'asc', Descending: 'desc' }),
			},
			{
				displayName: 'Sort Items By',
				name: 'sortBy',
				type: 'options',
				default: 'created_at',
				description:
					"Let AIOZ Stream sort the playlist's items; without it they come in playlist order",
				options: optionsFrom({ 'Created At': 'created_at', Duration: 'duration', Title: 'title' }),
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const sortBy = typeof options.sortBy === 'string' ? options.sortBy : undefined;
	// Order without a field to sort by means nothing: it goes with Sort Items By only.
	const orderBy = sortBy && typeof options.orderBy === 'string' ? options.orderBy : undefined;
	const playlist = await getPlaylist(this, itemIndex, playlistId, { sortBy, orderBy });
	return { json: sortBy ? playlist : inPlaylistOrder(playlist) };
}
