/**
 * The audio the node sends, read in bounded memory: Upload Reference Audio's file (a binary
 * property or a URL) and Music Cover's reference (a binary property). A file that is not MP3 or WAV,
 * or plays too short or too long, is refused from its first bytes and its size, before the rest is
 * read and before a single byte goes to the API.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { openBinaryInput, type BinaryInput } from '../../shared/binary';
import { openDownload, type Download } from '../../shared/download';
import { inputError } from '../../shared/parameters';
import { isHttpUrl } from '../../shared/url';
import { AUDIO_HEAD_BYTES, UPLOAD_AUDIO_LIMITS } from '../constants';
import {
	bytesForDuration,
	declaredUploadFormat,
	estimateDurationSeconds,
	extensionOf,
	sniffUploadFormat,
	UPLOAD_MIME_TYPES,
	withExtension,
} from './audio';
import type { FileSource } from '../transport/streamedFile';
import { REFERENCE_AUDIO_LIMITS } from './models';
import {
	contentDisposition,
	fileNameFromContentDisposition,
	fileNameFromUrl,
	mimeTypeFromHeaders,
} from '../../shared/naming';
import { plural } from './validate';

/** A playing time in range, in seconds. */
interface DurationLimits {
	minSeconds: number;
	maxSeconds: number;
}

/** What a file is and where it came from, before its bytes are checked. */
interface Candidate {
	head: Buffer;
	size: number;
	fileName?: string;
	mimeType?: string;
	/** Where the file is, for messages: `"Input Binary Field" (binary property "data")`. */
	where: string;
}

/** "10 s to 10 min", "6 s to 6 min". */
function durationRange({ minSeconds, maxSeconds }: DurationLimits): string {
	return `${minSeconds} s to ${maxSeconds / 60} min`;
}

/**
 * Accepts the file when its first bytes are MP3 or WAV. The name and MIME type sent are made to match
 * the bytes (a WAV called song.mp3 goes out as song.wav, audio/wav).
 */
function recognise(ctx: IExecuteFunctions, itemIndex: number, file: Candidate) {
	const format = sniffUploadFormat(file.head.subarray(0, 16));
	if (!format) {
		const declared = declaredUploadFormat(file.mimeType, file.fileName);
		const what = [file.fileName ? `"${file.fileName}"` : undefined, file.mimeType]
			.filter(Boolean)
			.join(', ');
		throw inputError(
			ctx,
			itemIndex,
			`The file${what ? ` (${what})` : ''} is not MP3 or WAV audio`,
			`MiniMax accepts only MP3 or WAV files. The file in ${file.where} ${
				declared
					? `is labelled ${declared.toUpperCase()} but its content is not`
					: file.head.length === 0
						? 'is empty'
						: 'contains another kind of file'
			}. Convert it first (e.g. ffmpeg -i input.m4a output.mp3) or point the node at the right file.`,
		);
	}
	const fallbackName = `audio.${format}`;
	const name = file.fileName ? withExtension(file.fileName, format) : fallbackName;
	return {
		fileName: extensionOf(name) ? name : fallbackName,
		mimeType: UPLOAD_MIME_TYPES[format],
	};
}

/** Refuses a file whose playing time (from its header and size) is out of `limits`. */
function checkDuration(
	ctx: IExecuteFunctions,
	itemIndex: number,
	file: Candidate,
	limits: DurationLimits,
	what: string,
): void {
	const seconds = estimateDurationSeconds(file.head, file.size);
	if (seconds === undefined || (seconds >= limits.minSeconds && seconds <= limits.maxSeconds))
		return;
	throw inputError(
		ctx,
		itemIndex,
		`The audio in ${file.where} plays ${seconds.toFixed(1)} s; ${what} takes ${durationRange(limits)}`,
		seconds < limits.minSeconds
			? `Use a longer excerpt of the song (at least ${plural(limits.minSeconds, 'second')}).`
			: `Trim it to at most ${limits.maxSeconds / 60} minutes (e.g. ffmpeg -i song.mp3 -t ${limits.maxSeconds} -c copy excerpt.mp3).`,
	);
}

function binaryCandidate(input: BinaryInput, head: Buffer, fieldLabel: string): Candidate {
	return {
		head,
		size: input.size,
		fileName: input.fileName,
		mimeType: input.mimeType,
		where: `"${fieldLabel}" (binary property "${input.propertyName}")`,
	};
}

/** Upload Reference Audio from a binary property: checked from its size and first bytes, then streamed. */
export async function uploadAudioFromBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<FileSource> {
	const input = await openBinaryInput(ctx, itemIndex, propertyName);
	const file = binaryCandidate(input, await input.head(AUDIO_HEAD_BYTES), 'Input Binary Field');
	const recognised = recognise(ctx, itemIndex, file);
	checkDuration(ctx, itemIndex, file, UPLOAD_AUDIO_LIMITS, 'MiniMax');
	return { ...recognised, size: input.size, pieces: () => input.pieces() };
}

/** The first `length` bytes of a download, and the pieces read to get them. */
async function readHead(download: Download, length: number) {
	const pieces: Buffer[] = [];
	let total = 0;
	while (total < length) {
		const next = await download.pieces.next();
		if (next.done) break;
		pieces.push(next.value);
		total += next.value.length;
	}
	return { pieces, head: Buffer.concat(pieces).subarray(0, length), total };
}

/**
 * Upload Reference Audio from a URL. Refused from Content-Length and the first bytes when the server
 * gives its size; otherwise the download stops at the size 10 minutes take in the file's format.
 * The accepted file is held (it is at most that size) so each upload attempt sends it again.
 */
export async function uploadAudioFromUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	audioUrl: string,
): Promise<FileSource> {
	const url = audioUrl.trim();
	const fix = 'Check that the URL is public and points to an MP3 or WAV file.';
	if (!isHttpUrl(url)) {
		throw inputError(
			ctx,
			itemIndex,
			'"Audio URL" is not an http(s) URL',
			'Give the full address of an MP3 or WAV file, e.g. https://example.com/song.mp3.',
		);
	}
	const download = await openDownload(ctx, itemIndex, url, { fix });
	const mimeType = mimeTypeFromHeaders(download.headers);
	const file: Candidate = {
		head: Buffer.alloc(0),
		size: download.size ?? 0,
		fileName:
			fileNameFromContentDisposition(contentDisposition(download.headers)) ?? fileNameFromUrl(url),
		// Servers often say application/octet-stream; only a real type is worth keeping as a hint.
		mimeType: mimeType && mimeType !== 'application/octet-stream' ? mimeType : undefined,
		where: `"Audio URL" (${download.shownUrl})`,
	};
	try {
		const start = await readHead(download, AUDIO_HEAD_BYTES);
		file.head = start.head;
		const recognised = recognise(ctx, itemIndex, file);
		if (download.size !== undefined)
			checkDuration(ctx, itemIndex, file, UPLOAD_AUDIO_LIMITS, 'MiniMax');
		// Without a Content-Length (or with one that hides trailing data), the download stops at
		// what the longest accepted file takes in this format.
		const maxBytes = bytesForDuration(file.head, UPLOAD_AUDIO_LIMITS.maxSeconds);
		if (maxBytes !== undefined) {
			download.limit(maxBytes, () =>
				inputError(
					ctx,
					itemIndex,
					`The audio in ${file.where} plays longer than ${UPLOAD_AUDIO_LIMITS.maxSeconds / 60} minutes; MiniMax takes ${durationRange(UPLOAD_AUDIO_LIMITS)}`,
					`The download was stopped after ${maxBytes} bytes, what ${UPLOAD_AUDIO_LIMITS.maxSeconds / 60} minutes of this file take. Trim it to at most ${UPLOAD_AUDIO_LIMITS.maxSeconds / 60} minutes first.`,
				),
			);
		}
		const pieces = start.pieces;
		for await (const piece of download.pieces) pieces.push(piece);
		file.size = pieces.reduce((total, piece) => total + piece.length, 0);
		checkDuration(ctx, itemIndex, file, UPLOAD_AUDIO_LIMITS, 'MiniMax');
		return {
			...recognised,
			size: file.size,
			pieces: async function* () {
				yield* pieces;
			},
		};
	} finally {
		download.cancel();
	}
}

/**
 * Music Cover's reference from a binary property, as `reference_audio_url` takes it: a Base64 data
 * URL, once the file is known (from its size and first bytes) to be MP3 or WAV, 6 s to 6 min and at
 * most 50 MB. The Base64 text is made piece by piece (no whole-file copy of the bytes).
 */
export async function coverReferenceFromBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<string> {
	const fieldLabel = 'Reference Audio Field';
	const input = await openBinaryInput(ctx, itemIndex, propertyName, fieldLabel);
	const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
	if (input.size > REFERENCE_AUDIO_LIMITS.maxBytes) {
		throw inputError(
			ctx,
			itemIndex,
			`The file in "${fieldLabel}" is ${megabytes(input.size)}; MiniMax accepts at most ${megabytes(REFERENCE_AUDIO_LIMITS.maxBytes)}`,
			`Use a shorter or more compressed file (e.g. an MP3 at 128 kbps: about 1 MB a minute). Binary property "${input.propertyName}"${input.fileName ? `, "${input.fileName}"` : ''}.`,
		);
	}
	const file = binaryCandidate(input, await input.head(AUDIO_HEAD_BYTES), fieldLabel);
	const { mimeType } = recognise(ctx, itemIndex, file);
	checkDuration(ctx, itemIndex, file, REFERENCE_AUDIO_LIMITS, 'Music Cover');

	// Base64 turns 3 bytes into 4 characters: a piece's last 1 or 2 bytes wait for the next one.
	const encoded: string[] = [];
	let carry: Buffer = Buffer.alloc(0);
	for await (const piece of input.pieces()) {
		const bytes = carry.length ? Buffer.concat([carry, piece]) : piece;
		const whole = bytes.length - (bytes.length % 3);
		encoded.push(bytes.subarray(0, whole).toString('base64'));
		carry = bytes.subarray(whole);
	}
	encoded.push(carry.toString('base64'));
	return `data:${mimeType};base64,${encoded.join('')}`;
}
