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

import { MEDIA_STATUSES } from '../../constants';
import { readMaxResults } from '../../helpers/parameters';
import { listMedia } from '../../transport';
import { filtersField, returnAllFields, sharedListFilters } from '../listFields';

export const description: INodeProperties[] = [
	...returnAllFields('audio', 'getMany'),
	filtersField(
		'audio',
		{
			searchDescription: 'Text to look for in titles and descriptions',
			sortChoices: {
				'Created At': 'created_at',
				Duration: 'duration',
				Size: 'size',
				Title: 'title',
				'Updated At': 'updated_at',
				Views: 'view',
			},
			tagsOwner: 'the audio',
		},
		[
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				description: 'Only audio in these states',
				options: MEDIA_STATUSES,
			},
		],
	),
];

/** The list request's filters (`limit` and `offset` are added per page). */
function listFilters(filters: IDataObject): IDataObject {
	const body: IDataObject = { type: 'audio', ...sharedListFilters(filters) };
	if (Array.isArray(filters.status) && filters.status.length) body.status = filters.status;
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
