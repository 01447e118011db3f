/** Create: makes a playlist (a show) with a name, and optionally tags, metadata and a type. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { createPlaylistBody } from '../../helpers/playlists';
import { createPlaylist } from '../../transport';
import { createFieldsCollection, nameField } from './fields';

export const description: INodeProperties[] = [
	nameField('create'),
	createFieldsCollection('create'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const playlist = await createPlaylist(this, itemIndex, createPlaylistBody(this, itemIndex));
	return { json: playlist };
}
