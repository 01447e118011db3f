/**
 * Gets the audio an Upload sends, from a binary property or a URL, and refuses anything that is
 * not MP3 or WAV before a single byte goes to the API.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { openBinaryInput } from '../../shared/binary';
import { displayUrl, downloadFile } from '../transport/download';
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
	fileNameFromContentDisposition,
	fileNameFromUrl,
	mimeTypeFromHeaders,
} from './naming';

export interface AudioFile {
	/** The file's bytes, as one or more consecutive pieces. */
	data: Buffer[];
	size: number;
	fileName: string;
	mimeType: string;
	format: UploadFormat;
}

interface RawFile {
	data: Buffer[];
	fileName?: string;
	mimeType?: string;
	/** Where the file came from, for messages. */
	source: string;
}

/** A size limit checked from the binary's metadata, before its bytes are read. */
export interface SizeLimit {
	maxBytes: number;
	/** The field's label in the editor, for the message. */
	label: string;
}

export async function audioFromBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	sizeLimit?: SizeLimit,
): Promise<AudioFile> {
	const input = await openBinaryInput(this, itemIndex, binaryPropertyName);
	if (sizeLimit && input.size > sizeLimit.maxBytes) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the file in "${sizeLimit.label}" is ${megabytes(input.size)}; MiniMax accepts at most ${megabytes(sizeLimit.maxBytes)}`,
			{
				description: `Use a shorter or more compressed file (e.g. an MP3 at 128 kbps: about 1 MB a minute). Binary property "${input.propertyName}"${input.fileName ? `, "${input.fileName}"` : ''}.`,
				itemIndex,
			},
		);
	}
	const file = {
		fileName: input.fileName,
		mimeType: input.mimeType,
		source: `binary property "${input.propertyName}"`,
	};
	// MiniMax takes the file in one multipart request, so it is read whole (as views, no copies),
	// but the first piece (up to a megabyte) is checked before the rest is read.
	const pieces: Buffer[] = [];
	for await (const piece of input.pieces()) {
		pieces.push(piece);
		if (pieces.length === 1) checkAudio(this, itemIndex, { ...file, data: pieces });
	}
	return checkAudio(this, itemIndex, { ...file, data: pieces });
}

export async function audioFromUrl(
	this: IExecuteFunctions,
	itemIndex: number,
	audioUrl: string,
): Promise<AudioFile> {
	const url = audioUrl.trim();
	if (!/^https?:\/\/\S+$/i.test(url)) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: "Audio URL" is not an http(s) URL`,
			{
				description:
					'Give the full address of an MP3 or WAV file, e.g. https://example.com/song.mp3.',
				itemIndex,
			},
		);
	}
	const { data, headers } = await downloadFile.call(this, url, itemIndex);
	const mimeType = mimeTypeFromHeaders(headers);
	return checkAudio(this, itemIndex, {
		data: [data],
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
	const size = file.data.reduce((total, piece) => total + piece.length, 0);
	const format = sniffUploadFormat(firstBytes(file.data, 16));
	const declared = declaredUploadFormat(file.mimeType, file.fileName);
	if (!format) {
		const what = [file.fileName ? `"${file.fileName}"` : undefined, file.mimeType]
			.filter(Boolean)
			.join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: the file${what ? ` (${what})` : ''} is not MP3 or WAV audio`,
			{
				description: `MiniMax accepts only MP3 or WAV files. The ${file.source} ${
					declared
						? `is labelled ${declared.toUpperCase()} but its content is not`
						: size === 0
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
		size,
		fileName: extensionOf(name) ? name : fallbackName,
		mimeType: UPLOAD_MIME_TYPES[format],
		format,
	};
}

function megabytes(bytes: number): string {
	return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The first `length` bytes of a file given as pieces. */
export function firstBytes(pieces: Buffer[], length: number): Buffer {
	const first = pieces[0] ?? Buffer.alloc(0);
	if (first.length >= length || pieces.length === 1) return first.subarray(0, length);
	return Buffer.concat(pieces).subarray(0, length);
}
