/**
 * Reading a cover image from an item's binary data, checked before anything is sent: AIOZ Stream
 * shows JPEG, PNG, WebP and GIF images, recognised here by their first bytes (a file name or a
 * MIME type can say anything).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { openBinaryInput } from '../../shared/binary';
import { detectImageType } from '../../shared/fileSignatures';
import { inputError } from '../../shared/parameters';
import { COVER_IMAGE_LABEL } from '../constants';
import type { CoverImage } from '../transport/api';

/**
 * The image in binary property `propertyName` of an item, read whole (cover images are small) and
 * checked to be a JPEG, PNG, WebP or GIF. Errors name the field (`fieldLabel`, as in the editor)
 * and the property.
 */
export async function readCoverImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	fieldLabel: string,
): Promise<CoverImage> {
	const image = await openBinaryInput(ctx, itemIndex, propertyName, fieldLabel);
	const pieces: Buffer[] = [];
	for await (const piece of image.pieces()) pieces.push(piece);
	const bytes = Buffer.concat(pieces);
	const type = detectImageType(bytes);
	if (!type) {
		const declared = [image.fileName && `file "${image.fileName}"`, image.mimeType && `type ${image.mimeType}`]
			.filter(Boolean)
			.join(', ');
		throw inputError(
			ctx,
			itemIndex,
			`${fieldLabel}: the binary field "${image.propertyName}" is not a JPEG, PNG, WebP or GIF image`,
			`Its first bytes are ${bytes.subarray(0, 8).toString('hex')}${declared ? ` (${declared})` : ''}. Convert it to one of these formats (e.g. with the Edit Image node), or point ${fieldLabel} at the right field.`,
		);
	}
	const baseName = (image.fileName ?? '').trim() || `cover.${type.extension}`;
	return { bytes, fileName: baseName, mimeType: type.mimeType };
}

/**
 * The cover image of Create and Upload ("Additional Fields → Cover Image"), or undefined when the
 * field is not set. Read and checked before the audio is created.
 */
export async function readAdditionalCoverImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<CoverImage | undefined> {
	const fieldLabel = `Additional Fields → ${COVER_IMAGE_LABEL}`;
	const fields = (ctx.getNodeParameter('additionalFields', itemIndex, {}) ?? {}) as { coverImage?: unknown };
	const propertyName = typeof fields.coverImage === 'string' ? fields.coverImage.trim() : '';
	if (fields.coverImage === undefined || (typeof fields.coverImage === 'string' && !propertyName)) return undefined;
	if (!propertyName) {
		throw inputError(
			ctx,
			itemIndex,
			`${fieldLabel} must be the name of a binary field`,
			`It is ${JSON.stringify(fields.coverImage)}. Set it to the name of the input binary field that holds the image, e.g. "cover".`,
		);
	}
	return await readCoverImage(ctx, itemIndex, propertyName, fieldLabel);
}
