/**
 * The file Upload and Upload Part send, from their Input Source: a binary field of the item
 * (shared/binary.ts) or a file at a URL streamed part by part (shared/urlSource.ts). Everything the
 * user gave is checked here, before any request.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { openBinaryInput } from '../../shared/binary';
import { inputError } from '../../shared/parameters';
import type { PartSource } from '../../shared/parts';
import { isHttpUrl } from '../../shared/url';
import { openUrlSource } from '../../shared/urlSource';
import { FILE_URL_HEADERS_LABEL, FILE_URL_LABEL } from '../constants';

/** A header name as HTTP allows it (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the node sets itself (a byte range) or the HTTP client owns. */
const RESERVED_HEADERS = ['range', 'host', 'content-length', 'transfer-encoding', 'connection'];

/** A file to upload; `close` ends what opening it started, if the upload does not read it. */
type UploadSource = PartSource & { close?: () => void };

/** "File URL Headers" of an options collection: checked pairs, values never shown. */
function readFileUrlHeaders(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Record<string, string> {
	const rows = ((options.fileUrlHeaders as IDataObject | undefined)?.header ?? []) as Array<{
		name?: unknown;
		value?: unknown;
	}>;
	const headers: Record<string, string> = {};
	rows.forEach((row, index) => {
		const name = String(row.name ?? '').trim();
		const value = String(row.value ?? '');
		if (!name && !value) return;
		const position = `Options → ${FILE_URL_HEADERS_LABEL}: header ${index + 1}`;
		if (!HEADER_NAME.test(name)) {
			throw inputError(
				ctx,
				itemIndex,
				`${position} has ${name ? 'a name with characters a header name cannot have' : 'a value but no name'}`,
				'Give it a name such as Authorization or X-Api-Key (letters, digits and - only).',
			);
		}
		if (RESERVED_HEADERS.includes(name.toLowerCase())) {
			throw inputError(
				ctx,
				itemIndex,
				`${position} is ${name}, which the node sets itself`,
				'Remove it: the node asks for the byte ranges it needs.',
			);
		}
		if (/[\r\n]/.test(value)) {
			throw inputError(
				ctx,
				itemIndex,
				`${position} (${name}) has a line break in its value`,
				'A header value is one line: remove the line break.',
			);
		}
		headers[name] = value;
	});
	return headers;
}

/** The file of Upload or Upload Part, opened and checked; nothing is sent to AIOZ Stream yet. */
async function openUploadSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Promise<UploadSource> {
	if (ctx.getNodeParameter('inputSource', itemIndex, 'binary') !== 'url') {
		return await openBinaryInput(
			ctx,
			itemIndex,
			ctx.getNodeParameter('binaryPropertyName', itemIndex) as string,
		);
	}
	const value = ctx.getNodeParameter('fileUrl', itemIndex, '') as unknown;
	const url = typeof value === 'string' ? value.trim() : '';
	if (!url) {
		throw inputError(
			ctx,
			itemIndex,
			`${FILE_URL_LABEL} is empty`,
			'Set it to the http(s) address of the audio file, or map it from the previous node, e.g. {{ $json.url }}.',
		);
	}
	// The value itself is not repeated: it may be a presigned URL with its signature.
	if (!isHttpUrl(url)) {
		throw inputError(
			ctx,
			itemIndex,
			`${FILE_URL_LABEL} is not an http(s) URL`,
			'Give the full address of the audio file, starting with https:// (or http://), e.g. a presigned S3 URL or a direct download link.',
		);
	}
	const headers = readFileUrlHeaders(ctx, itemIndex, options);
	return await openUrlSource(ctx, itemIndex, { url, headers, label: FILE_URL_LABEL });
}

/**
 * Opens the file of Upload or Upload Part, runs `upload` with it, and ends what opening it started
 * (the first GET of a file at a URL) whether or not the upload read it.
 */
export async function withUploadSource<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	upload: (source: PartSource) => Promise<T>,
): Promise<T> {
	const source = await openUploadSource(ctx, itemIndex, options);
	try {
		return await upload(source);
	} finally {
		source.close?.();
	}
}
