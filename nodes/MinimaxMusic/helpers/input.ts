/**
 * Gets the audio an Upload sends, from a binary property or a URL, and refuses anything that is
 * not MP3 or WAV before a single byte goes to the API.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { downloadFile } from '../transport';
import {
	declaredUploadFormat,
	extensionOf,
	sniffUploadFormat,
	UPLOAD_MIME_TYPES,
	withExtension,
	type UploadFormat,
} from './audio';
import {
	contentDisposition,
	displayUrl,
	fileNameFromContentDisposition,
	fileNameFromUrl,
	mimeTypeFromHeaders,
} from './naming';

export interface AudioFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
	format: UploadFormat;
}

interface RawFile {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
	/** Where the file came from, for messages. */
	source: string;
}

export async function audioFromBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
): Promise<AudioFile> {
	const property = binaryPropertyName.trim();
	const item = this.getInputData()[itemIndex];
	if (!item?.binary?.[property]) {
		const available = Object.keys(item?.binary ?? {});
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1} has no binary property "${property}"`, {
			description: available.length
				? `Set "Input Binary Field" to one of: ${available.join(', ')}.`
				: 'The node before this one produced no file. Add a node that reads or downloads the audio (Read/Write Files from Disk, HTTP Request, a form upload), or switch "Input Source" to URL.',
			itemIndex,
		});
	}
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	return checkAudio(this, itemIndex, {
		data,
		fileName: binary.fileName,
		mimeType: binary.mimeType,
		source: `binary property "${property}"`,
	});
}

export async function audioFromUrl(
	this: IExecuteFunctions,
	itemIndex: number,
	audioUrl: string,
): Promise<AudioFile> {
	const url = audioUrl.trim();
	if (!/^https?:\/\/\S+$/i.test(url)) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex + 1}: "Audio URL" is not an http(s) URL`, {
			description: 'Give the full address of an MP3 or WAV file, e.g. https://example.com/song.mp3.',
			itemIndex,
		});
	}
	const { data, headers } = await downloadFile.call(this, url, itemIndex);
	const mimeType = mimeTypeFromHeaders(headers);
	return checkAudio(this, itemIndex, {
		data,
		fileName: fileNameFromContentDisposition(contentDisposition(headers)) ?? fileNameFromUrl(url),
		// Servers often say application/octet-stream; only a real type is worth keeping as a hint.
		mimeType: mimeType && mimeType !== 'application/octet-stream' ? mimeType : undefined,
		source: displayUrl(url),
	});
}

/**
 * Accepts the file when its bytes are MP3 or WAV. The name and MIME type sent are made to match
 * the bytes (a WAV called song.mp3 goes out as song.wav, audio/wav).
 */
function checkAudio(ctx: IExecuteFunctions, itemIndex: number, file: RawFile): AudioFile {
	const format = sniffUploadFormat(file.data.subarray(0, 16));
	const declared = declaredUploadFormat(file.mimeType, file.fileName);
	if (!format) {
		const what = [file.fileName ? `"${file.fileName}"` : undefined, file.mimeType].filter(Boolean).join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex + 1}: the file${what ? ` (${what})` : ''} is not MP3 or WAV audio`,
			{
				description: `MiniMax accepts only MP3 or WAV files. The ${file.source} ${
					declared
						? `is labelled ${declared.toUpperCase()} but its content is not`
						: file.data.length === 0
							? 'is empty'
							: 'contains another kind of file'
				}. Convert it first (e.g. ffmpeg -i input.m4a output.mp3) or point the node at the right file.`,
				itemIndex,
			},
		);
	}
	const fallbackName = `audio.${format}`;
	const name = file.fileName ? withExtension(file.fileName, format) : fallbackName;
	return {
		data: file.data,
		fileName: extensionOf(name) ? name : fallbackName,
		mimeType: UPLOAD_MIME_TYPES[format],
		format,
	};
}
