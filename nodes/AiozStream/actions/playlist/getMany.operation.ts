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

import { optionsFrom } from '../../../shared/options';
import { readMaxResults } from '../../helpers/parameters';
import { inPlaylistOrder } from '../../helpers/playlists';
import { splitTags } from '../../helpers/requestBodies';
import { listPlaylists } from '../../transport';
import { returnAllFields } from '../listFields';
import { showFor } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('playlist', 'getMany'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor('getMany'),
		options: [
			{
				displayName: 'Order',
				name: 'orderBy',
				type: 'options',
				default: 'desc',
				options: optionsFrom({ Ascending: 'asc', Descending: 'desc' }),
			},
			{
				displayName: 'Playlist Type',
				name: 'playlistType',
				type: 'string',
				default: '',
				description: 'Only playlists of this playlist_type',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Text to look for in playlist names',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				default: 'created_at',
				options: optionsFrom({ 'Created At': 'created_at', Name: 'name' }),
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'podcast, tech',
				description: 'Comma-separated tags the playlist must have',
			},
		],
	},
];

/** The list request's filters (`limit` and `offset` are added per page). */
function listFilters(filters: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (typeof filters.search === 'string' && filters.search.trim()) {
		body.search = filters.search.trim();
	}
	if (typeof filters.playlistType === 'string' && filters.playlistType.trim()) {
		body.playlist_type = filters.playlistType.trim();
	}
	const tags = splitTags(filters.tags);
	if (tags.length) body.tags = tags;
	if (filters.sortBy) body.sort_by = filters.sortBy;
	if (filters.orderBy) body.order_by = filters.orderBy;
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
