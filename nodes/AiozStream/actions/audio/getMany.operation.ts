/**
 * Get Many: audio matching the filters, one item each. "Return All" pages through everything,
 * "Limit" stops after that many (the API is asked page by page under the hood).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsFrom } from '../../../shared/options';
import { MEDIA_STATUSES } from '../../constants';
import { readMaxResults } from '../../helpers/parameters';
import { splitTags } from '../../helpers/requestBodies';
import { listMedia } from '../../transport';
import { returnAllFields } from '../listFields';
import { showFor } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('audio', 'getMany'),
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
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Text to look for in titles and descriptions',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				default: 'created_at',
				options: optionsFrom({
					'Created At': 'created_at',
					Duration: 'duration',
					Size: 'size',
					Title: 'title',
					'Updated At': 'updated_at',
					Views: 'view',
				}),
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				description: 'Only audio in these states',
				options: MEDIA_STATUSES,
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'podcast, tech',
				description: 'Comma-separated tags the audio must have',
			},
		],
	},
];

/** The list request's filters (`limit` and `offset` are added per page). */
function listFilters(filters: IDataObject): IDataObject {
	const body: IDataObject = { type: 'audio' };
	if (typeof filters.search === 'string' && filters.search.trim())
		body.search = filters.search.trim();
	if (Array.isArray(filters.status) && filters.status.length) body.status = filters.status;
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
	const maxResults = readMaxResults(this, itemIndex, 'audio');
	const media = await listMedia(this, itemIndex, filters, maxResults);
	return media.map((json) => ({ json }));
}
