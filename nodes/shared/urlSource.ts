/**
 * A file at a URL (a presigned S3 / R2 / GCS link, a direct download link, a CDN) as the source of
 * an upload, read part by part through n8n's request helper (download.ts): never whole, never
 * through n8n's binary data store.
 *
 * Opening it sends one GET for the first `PROBE_BYTES` (`Range: bytes=0-…`), which tells everything
 * needed before anything is created on the destination side (a connection that drops while its
 * first bytes arrive is tried again, like a failed opening):
 * - a 206 answer: the server serves byte ranges, and `Content-Range` gives the size. Each part is then
 *   fetched with its own ranged GET (`fillPart`), so parts download side by side while others upload,
 *   and a part whose download fails is fetched again alone;
 * - a 200 answer: no ranges; `Content-Length` gives the size, and the same response is read on, in
 *   order (`fillParts`). A failure in the middle reads the file again from the start, skipping what
 *   was already handed out (resumableRead.ts): time, not memory;
 * - a 416 (no such range) whose `Content-Range` gives the total 0: an empty file, refused as such;
 * - no size at all (neither header): refused, with what to do;
 * - the first bytes must be audio (or a container of it): a sharing site's HTML page, an image or a
 *   storage service's XML error is refused, with a hint.
 * Messages show the URL through `redactUrl` and never the request headers.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { openDownload, type Download } from './download';
import { describeNonAudio, detectAudioContainer } from './fileSignatures';
import {
	contentDisposition,
	fileNameFromContentDisposition,
	fileNameFromUrl,
	headerValue,
	mimeTypeFromHeaders,
} from './naming';
import {
	copyParts,
	releaseReadBuffer,
	type FilledPart,
	type PartRange,
	type PartSource,
} from './parts';
import { resumablePieces, withFailuresMarked } from './resumableRead';
import { markRetry, withRetry, type RetryOptions } from './retry';
import { redactUrl } from './url';

/** Bytes asked for by the first GET: enough to recognise the file, small enough to be cheap. */
const PROBE_BYTES = 64 * 1024;
/**
 * The largest piece freed once copied into its part (see `releaseReadBuffer`): n8n's HTTP client hands
 * the body over in the buffers Node.js made for each socket read (64 KiB), each the whole of its
 * memory. Freed at once, they cost no garbage collections; left to V8, 1 GiB of them made garbage
 * collection a third of n8n's CPU while uploading (docs/benchmark.md).
 */
const SOCKET_READ_MAX = 1024 * 1024;
const releaseSocketPiece = (piece: Buffer) => releaseReadBuffer(piece, SOCKET_READ_MAX);
/** Tries of a part's ranged GET (the first included), and of reading an unranged file again. */
const SOURCE_RETRY = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 } as const;

export interface UrlSourceRequest {
	url: string;
	/** Sent with every GET (a token for a private link); never shown. */
	headers: Record<string, string>;
	/** The URL field's label in the editor, for messages: "File URL". */
	label: string;
}

export interface UrlSource extends PartSource {
	/** The URL as messages show it. */
	shownUrl: string;
	/** Whether parts are fetched with their own ranged GETs. */
	ranged: boolean;
	/** The audio container its first bytes show ("WAV", "MP3", ...). */
	container: string;
	/** Ends the first GET's response if nothing read it (the upload did not happen). */
	close(): void;
}

/** The total a 416 gives in its `Content-Range` (an asterisk, a slash, the size): 0 for an empty file. */
function unsatisfiedRangeTotal(value: string | undefined): number | undefined {
	const match = /^bytes\s+\*\/(\d+)$/i.exec(value?.trim() ?? '');
	return match ? Number(match[1]) : undefined;
}

/** `Content-Range: bytes 0-65535/1073741824` → its first byte, last byte and total (undefined when `*`). */
function parseContentRange(
	value: string | undefined,
): { start: number; end: number; total?: number } | undefined {
	const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value?.trim() ?? '');
	if (!match) return undefined;
	return {
		start: Number(match[1]),
		end: Number(match[2]),
		total: match[3] === '*' ? undefined : Number(match[3]),
	};
}

async function readAll(pieces: AsyncIterable<Buffer>): Promise<Buffer> {
	const gathered: Buffer[] = [];
	for await (const piece of pieces) gathered.push(piece);
	return Buffer.concat(gathered);
}

/**
 * Opens a file at a URL for an upload: checks the URL, reads the first bytes, the size and whether
 * the server serves byte ranges, and refuses what cannot be uploaded, before any request to the
 * destination.
 */
export async function openUrlSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: UrlSourceRequest,
): Promise<UrlSource> {
	const { url, headers, label } = request;
	const shownUrl = redactUrl(url);
	const refuse = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const fix = `Check that ${label} is a direct link to the file (public, or with the header its server needs) and that it has not expired.`;
	const retry: RetryOptions = {
		...SOURCE_RETRY,
		abortSignal: ctx.getExecutionCancelSignal(),
		onRetry: ({ attempt, delayMs, error }) =>
			ctx.logger.warn(
				`Reading ${shownUrl}, attempt ${attempt} failed (${(error as Error).message}); retrying in ${delayMs} ms`,
			),
	};
	const get = async (range: string | undefined, attempts?: number, acceptStatuses?: number[]) =>
		await openDownload(ctx, itemIndex, url, {
			fix,
			headers: range ? { ...headers, Range: range } : headers,
			attempts,
			acceptStatuses,
		});

	// The first GET and its first bytes. Opening it is retried by openDownload; a connection that
	// drops while the first bytes arrive is tried again here (the body is not retried there).
	const { probe, head } = await withRetry(async () => {
		let first: Download;
		try {
			first = await get(`bytes=0-${PROBE_BYTES - 1}`, undefined, [416]);
		} catch (error) {
			// openDownload has already made the attempts worth making.
			throw markRetry(error as object, { retry: false });
		}
		if (first.status === 416) return { probe: first, head: Buffer.alloc(0) };
		try {
			return {
				probe: first,
				head: first.status === 206 ? await readAll(first.pieces) : await first.peek(),
			};
		} catch (error) {
			first.cancel();
			throw markRetry(error as object, { retry: true });
		}
	}, retry);
	const ranged = probe.status === 206;
	const size =
		probe.status === 416
			? unsatisfiedRangeTotal(headerValue(probe.headers, 'content-range'))
			: ranged
				? parseContentRange(headerValue(probe.headers, 'content-range'))?.total
				: probe.size;
	let opened = false;
	try {
		if (probe.status === 416 && size !== 0) {
			throw refuse(
				`The source answered 416 for ${shownUrl}`,
				`HTTP 416 from the server of the file: it refused the first bytes of the file. ${fix}`,
			);
		}
		if (size === undefined) {
			throw refuse(
				`The source did not say the size of the file at ${shownUrl}`,
				`Its answer has neither a Content-Length nor a Content-Range with the total, and the upload needs the size before the first part. Serve the file with its size (a storage bucket's presigned URL does), or download it first with an HTTP Request node (Response Format: File) and set Input Source to Binary Field.`,
			);
		}
		if (size === 0) {
			throw refuse(
				`The file at ${shownUrl} is empty (0 bytes)`,
				`There is nothing to upload. ${fix}`,
			);
		}
		const container = detectAudioContainer(head);
		if (!container)
			throw notAudio(refuse, shownUrl, label, head, mimeTypeFromHeaders(probe.headers));
		const source: UrlSource = {
			shownUrl,
			ranged,
			container,
			size,
			fileName:
				fileNameFromContentDisposition(contentDisposition(probe.headers)) ?? fileNameFromUrl(url),
			mimeType: mimeTypeFromHeaders(probe.headers),
			close: () => probe.cancel(),
			fillParts: (partSize, target) =>
				copyParts(
					unrangedPieces(ctx, itemIndex, probe, size, get, retry),
					size,
					partSize,
					target,
					releaseSocketPiece,
				),
		};
		if (ranged)
			source.fillPart = async (range, into) =>
				await fetchRange(ctx, itemIndex, shownUrl, get, retry, range, into, size);
		opened = true;
		return source;
	} finally {
		// A refused file's first answer is not read any further.
		if (!opened) probe.cancel();
	}
}

/** The error for a file whose first bytes are not audio, saying what they are and what to do. */
function notAudio(
	refuse: (message: string, description: string) => NodeOperationError,
	shownUrl: string,
	label: string,
	head: Buffer,
	declaredType: string | undefined,
): NodeOperationError {
	const found = describeNonAudio(head);
	const what =
		found ??
		`a file whose first bytes (${head.subarray(0, 8).toString('hex')}) are no audio format`;
	const declared = declaredType ? ` (served as ${declaredType})` : '';
	const hint =
		found === 'an HTML page'
			? `The link leads to a web page, not to the file itself: sharing sites (Google Drive, Dropbox, OneDrive) answer a page unless the link is their direct download link (e.g. Dropbox: ?dl=1). Use the direct download link or a presigned URL of the file.`
			: `Point ${label} at an audio file (MP3, WAV, AAC / M4A, FLAC, Ogg ...).`;
	return refuse(
		`The file at ${shownUrl} is not audio: it is ${what}${declared}`,
		`Nothing was uploaded. ${hint}`,
	);
}

/**
 * The pieces of a file read in order (a server without byte ranges): the first GET's response, then,
 * after a failure, a new GET from the start whose bytes already handed out are skipped.
 */
function unrangedPieces(
	ctx: IExecuteFunctions,
	itemIndex: number,
	first: Download,
	size: number,
	get: (range: string | undefined, attempts?: number) => Promise<Download>,
	retry: RetryOptions,
): AsyncGenerator<Buffer> {
	const retryBreakOff = (error: unknown) => markRetry(error as object, { retry: true });
	return resumablePieces({
		open: async (attempt) =>
			withFailuresMarked((attempt === 1 ? first : await get(undefined, 1)).pieces, retryBreakOff),
		totalSize: size,
		retry,
		failed: (error, read, attempts) =>
			new NodeOperationError(ctx.getNode(), (error as Error).message, {
				itemIndex,
				description:
					`Reading the file from its start failed after ${read} of ${size} bytes${attempts > 1 ? ` (tried ${attempts} times)` : ''}. ${(error as NodeOperationError).description ?? ''}`.trim(),
			}),
		wrongSize: (message) =>
			new NodeOperationError(
				ctx.getNode(),
				`${message.replace('The file', `The file at ${first.shownUrl}`)}`,
				{ itemIndex },
			),
	});
}

/** One part from its own ranged GET, hashed as it is copied; a download that fails is fetched again. */
async function fetchRange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	shownUrl: string,
	get: (range: string | undefined, attempts?: number) => Promise<Download>,
	retry: RetryOptions,
	range: PartRange,
	into: { buffer: Buffer; offset: number },
	size: number,
): Promise<FilledPart> {
	const rangeText = `bytes ${range.start}-${range.end}`;
	return await withRetry(async () => {
		const download = await get(`bytes=${range.start}-${range.end}`, 1);
		const answered = parseContentRange(headerValue(download.headers, 'content-range'));
		// A file whose size changed since the first GET is another file: its parts would not fit together.
		if (
			download.status !== 206 ||
			answered?.start !== range.start ||
			answered.end !== range.end ||
			(answered.total !== undefined && answered.total !== size)
		) {
			download.cancel();
			throw new NodeOperationError(
				ctx.getNode(),
				`The source stopped serving byte ranges: it answered ${rangeText} of ${shownUrl} with HTTP ${download.status}${answered ? ` and bytes ${answered.start}-${answered.end}/${answered.total ?? '*'}` : ''}`,
				{
					itemIndex,
					description: 'The file may have changed while it was uploaded. Run the node again.',
				},
			);
		}
		let part: FilledPart | undefined;
		try {
			for await (const filled of copyParts(
				download.pieces,
				range.size,
				range.size,
				() => into,
				releaseSocketPiece,
			))
				part = filled;
		} catch (error) {
			throw markRetry(error as object, { retry: true });
		}
		if (!part) {
			throw markRetry(
				new NodeOperationError(
					ctx.getNode(),
					`The source ended ${rangeText} of ${shownUrl} early`,
					{ itemIndex },
				),
				{ retry: true },
			);
		}
		return { ...range, buffer: into.buffer, offset: into.offset, md5: part.md5 };
	}, retry);
}
