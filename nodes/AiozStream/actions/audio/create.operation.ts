/**
 * Create: an empty audio object to upload a file into (step 1 of 3). The body is built and checked
 * from the parameters before sending (helpers/requestBodies.ts), and so is the optional cover image.
 */
import {
	NodeApiError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readAdditionalCoverImage } from '../../helpers/coverImage';
import { createRequestBody } from '../../helpers/requestBodies';
import { createMedia, failureInStep, setCoverImage } from '../../transport';
import { createFieldsCollection, titleField } from './fields';

export const description: INodeProperties[] = [
	titleField('create'),
	createFieldsCollection('create'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	const requestBody = createRequestBody(this, itemIndex);
	const coverImage = await readAdditionalCoverImage(this, itemIndex);
	const media = await createMedia(this, itemIndex, requestBody);
	if (coverImage) {
		const mediaId = String(media.id);
		await setCoverImage(this, itemIndex, mediaId, coverImage).catch((error: NodeApiError) => {
			throw failureInStep(
				this.getNode(),
				error,
				`Media "${mediaId}" was created, but setting its cover image failed`,
				{
					itemIndex,
					description: `The media exists without a cover image: set it with Set Cover Image, or delete the media. ${error.description ?? ''}`.trim(),
					details: { mediaId },
				},
			);
		});
	}
	// Keep the file on the item, so a plain chain Create → Upload Part still has it.
	return { json: media, binary: item.binary };
}
