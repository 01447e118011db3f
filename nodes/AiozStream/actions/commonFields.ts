/** Fields of the same meaning in several resources (an audio's or a playlist's tags and metadata). */
import type { INodeProperties } from 'n8n-workflow';

import { MAX_METADATA, MAX_TAGS } from '../constants';

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'podcast, tech',
	description: `Comma-separated tags (at most ${MAX_TAGS}), or an array from an expression`,
};

/** Metadata: key/value pairs stored with `owner` ("the audio", "the playlist"). */
export function metadataField(owner: string): INodeProperties {
	return {
		displayName: 'Metadata',
		name: 'metadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Metadata',
		default: {},
		description: `Key/value pairs stored with ${owner} (at most ${MAX_METADATA}). Each key once; a pair left entirely empty is skipped.`,
		options: [
			{
				displayName: 'Metadata',
				name: 'metadataValues',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}
