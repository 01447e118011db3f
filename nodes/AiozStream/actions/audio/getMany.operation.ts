/**
 * Get Many: POST /{media|videos} with filters, `limit` and `offset`; the answer is
 * `{ data: { media: [...], total } }`. Declarative, with n8n's offset pagination in the body:
 * "Return All" pages through everything, "Limit" stops after that many items.
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyRouting,
} from 'n8n-workflow';

import { aiozPostReceive, ROUTES } from '../../transport';
import { showFor } from './fields';

/** Items asked per page. */
export const PAGE_SIZE = 50;

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('getMany'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: {
			show: { resource: ['audio'], operation: ['getMany'], returnAll: [false] },
		},
		routing: { output: { maxResults: '={{ $value }}' } },
	},
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
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
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
				options: [
					{ name: 'Created At', value: 'created_at' },
					{ name: 'Duration', value: 'duration' },
					{ name: 'Size', value: 'size' },
					{ name: 'Title', value: 'title' },
					{ name: 'Updated At', value: 'updated_at' },
					{ name: 'Views', value: 'view' },
				],
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				description: 'Only audio in these states',
				options: [
					{ name: 'Done', value: 'done' },
					{ name: 'Failed', value: 'fail' },
					{ name: 'New', value: 'new' },
					{ name: 'Transcoding', value: 'transcoding' },
				],
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

/** Builds the list body from the filters; `limit` and `offset` are added by the pagination. */
async function listPreSend(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const body: IDataObject = { ...(requestOptions.body as IDataObject), type: 'audio' };
	if (typeof filters.search === 'string' && filters.search.trim()) body.search = filters.search.trim();
	if (Array.isArray(filters.status) && filters.status.length) body.status = filters.status;
	if (filters.tags !== undefined) {
		const tags = (Array.isArray(filters.tags) ? filters.tags : String(filters.tags).split(','))
			.map((tag) => String(tag).trim())
			.filter(Boolean);
		if (tags.length) body.tags = tags;
	}
	if (filters.sortBy) body.sort_by = filters.sortBy;
	if (filters.orderBy) body.order_by = filters.orderBy;
	requestOptions.body = body;
	return requestOptions;
}

export const routing: INodePropertyRouting = {
	request: { method: 'POST', url: ROUTES.list },
	send: { paginate: true, preSend: [listPreSend] },
	operations: {
		pagination: {
			type: 'offset',
			properties: {
				limitParameter: 'limit',
				offsetParameter: 'offset',
				pageSize: PAGE_SIZE,
				type: 'body',
			},
		},
	},
	output: {
		postReceive: [
			aiozPostReceive(function (body) {
				const media = (body.data as IDataObject | undefined)?.media;
				return Array.isArray(media) ? (media as IDataObject[]) : [];
			}),
		],
	},
};
