/** Remove Cover Image: deletes the cover (thumbnail) of an audio. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readMediaId } from '../../helpers/parameters';
import { removeCoverImage } from '../../transport';
import { mediaIdField } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('removeCoverImage', 'ID of the audio to remove the cover image of'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	await removeCoverImage(this, itemIndex, mediaId);
	return { json: { id: mediaId, coverImageRemoved: true } };
}
