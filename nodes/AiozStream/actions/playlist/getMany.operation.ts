/**
 * Get Many: playlists matching the filters, one item each. "Return All" pages through everything,
 * "Limit" stops after that many (the API is asked page by page under the hood).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { readMaxResults } from '../../helpers/parameters';
import { inPlaylistOrder } from '../../helpers/playlists';
import { listPlaylists } from '../../transport';
import { filtersField, returnAllFields, sharedListFilters } from '../listFields';

export const description: INodeProperties[] = [
	...returnAllFields('playlist', 'getMany'),
	filtersField(
		'playlist',
		{
			searchDescription: 'Text to look for in playlist names',
			sortChoices: { 'Created At': 'created_at', Name: 'name' },
			tagsOwner: 'the playlist',
		},
		[
			{
				displayName: 'Playlist Type',
				name: 'playlistType',
				type: 'string',
				default: '',
				description: 'Only playlists of this playlist_type',
			},
		],
	),
];

/** The list request's filters (`limit` and `offset` are added per page). */
function listFilters(filters: IDataObject): IDataObject {
	const body = sharedListFilters(filters);
	if (typeof filters.playlistType === 'string' && filters.playlistType.trim()) {
		body.playlist_type = filters.playlistType.trim();
	}
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = listFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	const maxResults = readMaxResults(this, itemIndex, 'playlists');
	const playlists = await listPlaylists(this, itemIndex, filters, maxResults);
	return playlists.map((playlist) => ({ json: inPlaylistOrder(playlist) }));
}
