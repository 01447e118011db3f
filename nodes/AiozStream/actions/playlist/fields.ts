/**
 * Parameter definitions used by more than one playlist operation (each operation file picks what it
 * needs, scoped to itself with `displayOptions`).
 */
import type { INodeProperties } from 'n8n-workflow';

import { metadataField, tagsField } from '../commonFields';
import { showForOperation } from '../display';

/** Shows a Playlist field for one operation (or several). */
export function showFor(operation: string | string[]): INodeProperties['displayOptions'] {
	return showForOperation('playlist', operation);
}

/**
 * The Playlist ID of an operation: `={{ $json.id }}` by default where the playlist usually comes
 * from the previous node (Create, Get, Get Many), empty where that node usually gives an audio.
 */
export function playlistIdField(
	operation: string,
	description: string,
	fromPreviousNode: boolean,
): INodeProperties {
	const field: INodeProperties = {
		displayName: 'Playlist ID',
		name: 'playlistId',
		type: 'string',
		required: true,
		default: '',
		description,
		hint: 'The id field of a playlist (from Create or Get Many of playlists)',
		displayOptions: showFor(operation),
	};
	if (fromPreviousNode) {
		field.default = '={{ $json.id }}';
		field.hint =
			'After Create, Get or Get Many of playlists, the playlist ID is the id field of the incoming item';
	}
	return field;
}

/** The Media ID of the audio an operation adds, removes or moves. */
export function audioIdField(
	operation: string,
	description: string,
	fromPreviousNode: boolean,
): INodeProperties {
	const field: INodeProperties = {
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description,
		hint: 'The id field of an audio (from Upload, Create or Get Many of audio)',
		displayOptions: showFor(operation),
	};
	if (fromPreviousNode) {
		field.default = '={{ $json.id }}';
		field.hint =
			'After Upload, Create or Get of an audio, the media ID is the id field of the incoming item';
	}
	return field;
}

export const nameField = (operation: string): INodeProperties => ({
	displayName: 'Name',
	name: 'name',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. My Podcast: Season 1',
	description: 'Name of the playlist (the show)',
	displayOptions: showFor(operation),
});

/** The optional fields of create. */
export function createFieldsCollection(operation: string): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operation),
		options: [
			metadataField('the playlist'),
			{
				displayName: 'Playlist Type',
				name: 'playlistType',
				type: 'string',
				default: '',
				description:
					"The API's playlist_type, sent as given (AIOZ Stream does not document its values); leave empty to let AIOZ Stream choose",
			},
			tagsField,
		],
	};
}

/** The fields update can change (the cover image has its own operations). */
export function updateFieldsCollection(operation: string): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operation),
		options: [
			metadataField('the playlist'),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'New name of the playlist',
			},
			{ ...tagsField, description: `${tagsField.description}; they replace the current tags` },
		],
	};
}
