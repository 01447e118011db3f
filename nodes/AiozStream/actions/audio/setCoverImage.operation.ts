/**
 * Set Cover Image: uploads an image (JPEG, PNG, WebP or GIF, checked by its bytes before sending)
 * as the cover (thumbnail) of an audio.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readCoverImage } from '../../helpers/coverImage';
import { readMediaId } from '../../helpers/parameters';
import { setCoverImage } from '../../transport';
import { COVER_IMAGE_LABEL } from '../../constants';
import { coverImagePropertyField, mediaIdField } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('setCoverImage', 'ID of the audio to set the cover image of'),
	coverImagePropertyField('setCoverImage'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	const mediaId = readMediaId(this, itemIndex);
	const propertyName = this.getNodeParameter('coverImage', itemIndex, 'data') as string;
	const image = await readCoverImage(this, itemIndex, propertyName, COVER_IMAGE_LABEL);
	await setCoverImage(this, itemIndex, mediaId, image);
	return {
		json: {
			id: mediaId,
			coverImage: { fileName: image.fileName, mimeType: image.mimeType, size: image.bytes.length },
		},
		binary: item.binary,
	};
}
