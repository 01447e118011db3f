/**
 * Set Cover Image: uploads an image (JPEG, PNG, WebP or GIF, checked by its bytes before sending)
 * as the cover of a playlist. AIOZ Stream has no thumbnail upload route for playlists: the cover is
 * the `file` field of the playlist's update (a multipart PATCH), sent here alone.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { COVER_IMAGE_LABEL } from '../../constants';
import { readCoverImage } from '../../helpers/coverImage';
import { readPlaylistId } from '../../helpers/playlists';
import { updatePlaylist } from '../../transport';
import { playlistIdField, showFor } from './fields';

export const description: INodeProperties[] = [
	playlistIdField('setCoverImage', 'ID of the playlist to set the cover image of', true),
	{
		displayName: COVER_IMAGE_LABEL,
		name: 'coverImage',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding a JPEG, PNG, WebP or GIF image',
		description:
			'Binary property of the incoming item with the image to show as the cover of the playlist',
		displayOptions: showFor('setCoverImage'),
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	const playlistId = readPlaylistId(this, itemIndex);
	const propertyName = this.getNodeParameter('coverImage', itemIndex, 'data') as string;
	const image = await readCoverImage(this, itemIndex, propertyName, COVER_IMAGE_LABEL);
	await updatePlaylist(this, itemIndex, playlistId, {}, image);
	return {
		json: {
			id: playlistId,
			coverImage: { fileName: image.fileName, mimeType: image.mimeType, size: image.bytes.length },
		},
		binary: item.binary,
	};
}
