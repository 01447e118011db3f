/**
 * The fields every Get Many of the node has: "Return All" and "Limit" (read by `readMaxResults`),
 * and the Filters the API's list requests share (Order, Search, Sort By, Tags).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsFrom } from '../../shared/options';
import { splitTags } from '../helpers/requestBodies';
import { showForOperation } from './display';

export function returnAllFields(resource: string, operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showForOperation(resource, operation),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: {
				show: { resource: [resource], operation: [operation], returnAll: [false] },
			},
		},
	];
}

/** What the shared filters say about one resource's list. */
export interface ListFilterSettings {
	/** Description of Search: where the text is looked for. */
	searchDescription: string;
	/** Sort By's choices: label → the API's `sort_by`. */
	sortChoices: Record<string, string>;
	/** What must carry the tags, e.g. "the audio". */
	tagsOwner: string;
}

/** Filters of a Get Many: Order, Search, Sort By and Tags, with the resource's `extra` filters, by name. */
export function filtersField(
	resource: string,
	settings: ListFilterSettings,
	extra: INodeProperties[] = [],
): INodeProperties {
	const shared: INodeProperties[] = [
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
			description: settings.searchDescription,
		},
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			default: 'created_at',
			options: optionsFrom(settings.sortChoices),
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'podcast, tech',
			description: `Comma-separated tags ${settings.tagsOwner} must have`,
		},
	];
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForOperation(resource, 'getMany'),
		options: [...shared, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The shared filters as the list request's body takes them (`limit` and `offset` are added per page). */
export function sharedListFilters(filters: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (typeof filters.search === 'string' && filters.search.trim()) {
		body.search = filters.search.trim();
	}
	const tags = splitTags(filters.tags);
	if (tags.length) body.tags = tags;
	if (filters.sortBy) body.sort_by = filters.sortBy;
	if (filters.orderBy) body.order_by = filters.orderBy;
	return body;
}
