/**
 * Move Audio: puts an audio of a playlist first, last, or after / before another one. The API moves
 * a playlist item between two neighbour items (`current_id`, `previous_id`, `next_id`: item ids);
 * the node reads the playlist to turn the media IDs and the position into those, and refuses before
 * any change an audio not in the playlist or a move relative to the audio itself. An audio already
 * where it should go is left alone (no request). The output is the playlist read back, its items in
 * their new order.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/parameters';
import { readIdParameter, readMediaId } from '../../helpers/parameters';
import {
	findEntry,
	inPlaylistOrder,
	playlistEntries,
	plannedMove,
	readPlaylistId,
	type MovePosition,
} from '../../helpers/playlists';
import { getPlaylist, movePlaylistItem } from '../../transport';
import { audioIdField, playlistIdField, showFor } from './fields';

const POSITIONS: MovePosition[] = ['first', 'last', 'after', 'before'];
const REFERENCE_LABEL = 'Reference Media ID';

export const description: INodeProperties[] = [
	playlistIdField('moveAudio', 'ID of the playlist to reorder', false),
	audioIdField(
		'moveAudio',
		'Media ID of the audio to move (the ID of a playlist item works too)',
		false,
	),
	{
		displayName: 'Position',
		name: 'position',
		type: 'options',
		default: 'first',
		description: 'Where the audio goes in the playlist',
		options: [
			{ name: 'After Audio', value: 'after', description: 'Right after the Reference Media ID' },
			{ name: 'Before Audio', value: 'before', description: 'Right before the Reference Media ID' },
			{ name: 'First', value: 'first', description: 'At the start of the playlist' },
			{ name: 'Last', value: 'last', description: 'At the end of the playlist' },
		],
		displayOptions: showFor('moveAudio'),
	},
	{
		displayName: REFERENCE_LABEL,
		name: 'referenceMediaId',
		type: 'string',
		required: true,
		default: '',
		description:
			'Media ID of the audio of the playlist to put it after or before (the ID of a playlist item works too)',
		hint: 'Another audio of the same playlist',
		displayOptions: {
			show: { resource: ['playlist'], operation: ['moveAudio'], position: ['after', 'before'] },
		},
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	const mediaId = readMediaId(this, itemIndex);
	const position = this.getNodeParameter('position', itemIndex, 'first') as MovePosition;
	if (!POSITIONS.includes(position)) {
		throw inputError(
			this,
			itemIndex,
			`Position "${String(position)}" is not one of First, Last, After Audio, Before Audio`,
		);
	}
	const referenceId =
		position === 'after' || position === 'before'
			? readIdParameter(this, itemIndex, {
					name: 'referenceMediaId',
					label: REFERENCE_LABEL,
					hint: `Set the ${REFERENCE_LABEL} to the audio of the playlist to put it ${position}.`,
				})
			: undefined;
	if (referenceId !== undefined && referenceId === mediaId) {
		throw inputError(
			this,
			itemIndex,
			`Media ID and ${REFERENCE_LABEL} are the same audio ("${mediaId}"): an audio cannot be moved ${position} itself`,
			`Set the ${REFERENCE_LABEL} to another audio of the playlist, or use Position First or Last.`,
		);
	}

	const playlist = await getPlaylist(this, itemIndex, playlistId);
	const entries = playlistEntries(playlist);
	const where = { playlistId };
	const current = findEntry(this, itemIndex, entries, mediaId, { ...where, label: 'Media ID' });
	const reference =
		referenceId === undefined
			? undefined
			: findEntry(this, itemIndex, entries, referenceId, { ...where, label: REFERENCE_LABEL });
	if (reference === current) {
		// A media ID and the item ID that holds it: the same audio under two names.
		throw inputError(
			this,
			itemIndex,
			`Media ID "${mediaId}" and ${REFERENCE_LABEL} "${String(referenceId)}" are the same playlist item: an audio cannot be moved ${position} itself`,
			`Set the ${REFERENCE_LABEL} to another audio of the playlist, or use Position First or Last.`,
		);
	}

	const move = plannedMove(entries, current, position, reference);
	if (move.order.every((entry, index) => entry === entries[index])) {
		return { json: inPlaylistOrder(playlist) };
	}
	await movePlaylistItem(this, itemIndex, playlistId, {
		currentId: current.itemId,
		previousId: move.previousId,
		nextId: move.nextId,
	});
	return { json: inPlaylistOrder(await getPlaylist(this, itemIndex, playlistId)) };
}
