/**
 * Reading the WebVTT file of a chapter or caption upload from an item's binary data, checked before
 * anything is sent: its size first (at most MAX_WEBVTT_BYTES, known before reading it), then its
 * first bytes, which a WebVTT file fixes: an optional UTF-8 byte order mark, "WEBVTT", then a
 * space, a tab, a line break or the end of the file (W3C WebVTT, "file structure").
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { openBinaryInput } from '../../shared/binary';
import { inputError } from '../../shared/parameters';
import { MAX_WEBVTT_BYTES, WEBVTT_FILE_LABEL } from '../constants';
import type { TrackFile } from '../transport/tracks';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const SIGNATURE = Buffer.from('WEBVTT', 'ascii');
/** What may follow "WEBVTT": space, tab, LF, CR. */
const AFTER_SIGNATURE = [0x20, 0x09, 0x0a, 0x0d];

/** Whether a file starting with `head` (its first 10 bytes or more, or the whole file) is WebVTT. */
export function isWebVtt(head: Buffer): boolean {
	const start = head.subarray(0, 3).equals(BOM) ? 3 : 0;
	const end = start + SIGNATURE.length;
	if (!head.subarray(start, end).equals(SIGNATURE)) return false;
	return head.length === end || AFTER_SIGNATURE.includes(head[end]);
}

/** The WebVTT file in the binary field named by "WebVTT File", read whole and checked. */
export async function readWebVttFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	language: string,
): Promise<TrackFile> {
	const propertyName = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const file = await openBinaryInput(ctx, itemIndex, String(propertyName), WEBVTT_FILE_LABEL);
	const where = `${WEBVTT_FILE_LABEL}: the binary field "${file.propertyName}"`;
	if (file.size > MAX_WEBVTT_BYTES) {
		throw inputError(
			ctx,
			itemIndex,
			`${where} holds ${file.size} bytes, more than a WebVTT file of ${MAX_WEBVTT_BYTES / (1024 * 1024)} MiB at most`,
			`Point ${WEBVTT_FILE_LABEL} at the .vtt file itself, not at the audio or another file.`,
		);
	}
	const head = await file.head(16);
	if (!isWebVtt(head)) {
		throw inputError(
			ctx,
			itemIndex,
			`${where} is not a WebVTT file`,
			`A WebVTT file starts with the line "WEBVTT"; this one starts with ${JSON.stringify(head.toString('latin1'))}. Convert it (e.g. from SRT: add the "WEBVTT" line and write times as 00:00:01.000), or point ${WEBVTT_FILE_LABEL} at the right field.`,
		);
	}
	const pieces: Buffer[] = [];
	for await (const piece of file.pieces()) pieces.push(piece);
	return {
		bytes: Buffer.concat(pieces),
		fileName: file.fileName?.trim() || `${language}.vtt`,
	};
}
