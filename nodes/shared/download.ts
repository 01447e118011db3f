/**
 * The one way the package downloads a file a user points at (no credential): a GET whose body is
 * read as it arrives, so the caller decides how much of it to hold. MiniMax reads a reference song
 * given by URL and the audio a generation produced through it; AIOZ Stream's Upload from a URL reads
 * the file part by part through it (urlSource.ts).
 *
 * - It goes through n8n's request helper, so n8n's proxy settings apply; it follows at most
 *   `MAX_REDIRECTS` redirects (presigned and share links often redirect once or twice) and gives up
 *   on a server that stays silent for `timeoutMs`.
 * - Opening the download (until the status and headers arrive) is retried with the package's retry
 *   policy: 429, 5xx and dropped connections. Once the body has started it is not: the bytes already
 *   handed to the caller cannot be taken back (a caller that can fetch a piece again, such as a
 *   byte range, retries it whole).
 * - Request headers the user gives (a token for a private link) are sent but never shown.
 * - `maxBytes` bounds the memory: a Content-Length above it is refused before any byte is read, and
 *   without one the download stops (its stream destroyed) as soon as more bytes than that arrived.
 * - Errors name the side that failed ("The source answered 403 for …") and show the URL through
 *   `redactUrl`: a presigned URL's signature never appears in a message or a log.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import {
	describeNetworkFailure,
	isTransientNetworkError,
	networkFailureDetails,
} from './networkErrors';
import { headerValue } from './naming';
import { isRetryableStatus, markRetry, retryAfterFromHeaders, withRetry } from './retry';
import { redactUrl } from './url';

const DOWNLOAD_TIMEOUT_MS = 300_000;
/** Attempts at opening a download, the first one included. */
const DOWNLOAD_ATTEMPTS = 4;
/** Redirects followed before giving up (a loop ends here too). */
const MAX_REDIRECTS = 5;

type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A too-large file's error: `bytes` is the Content-Length, or what arrived when the limit was passed. */
type TooLarge = (bytes: number, maxBytes: number) => Error;

interface DownloadOptions {
	/** What the user can do when the file cannot be had: the end of every error's description. */
	fix: string;
	/** The most bytes the caller takes; more is refused (see `tooLarge`). */
	maxBytes?: number;
	tooLarge?: TooLarge;
	timeoutMs?: number;
	/** Sent with the GET (a `Range`, a token for a private link); never shown in a message or log. */
	headers?: Record<string, string>;
	/** Attempts at opening it, the first one included (default 4; 1 for a caller with its own retries). */
	attempts?: number;
	/** Error statuses the caller reads itself (a 416 to a first byte range: an empty file), not errors. */
	acceptStatuses?: number[];
}

export interface Download {
	/** The URL as messages show it (`redactUrl`). */
	shownUrl: string;
	/** The HTTP status: 200, 206 for a byte range, or one of `acceptStatuses`. */
	status: number;
	/** Content-Length, when the server gave one. */
	size?: number;
	headers: ResponseHeaders;
	/** The body's pieces in order, as they arrive; read once. */
	pieces: AsyncGenerator<Buffer>;
	/**
	 * The first bytes that arrived, left at the start of the body (read, then put back): a look at
	 * a file's format before `stream` hands it on whole.
	 */
	peek(): Promise<Buffer>;
	/**
	 * The body as the Node.js stream n8n's HTTP client gave, for `prepareBinaryData`, which stores
	 * it without holding it. Only a Content-Length over the limit is refused on this way; use either
	 * this or `pieces`.
	 */
	stream: unknown;
	/** Lowers the limit once more is known (e.g. how many bytes the file's format takes for 10 minutes). */
	limit(maxBytes: number, tooLarge: TooLarge): void;
	/** Ends the download without reading the rest. */
	cancel(): void;
}

/** The response body as n8n's HTTP client gives it with `encoding: 'stream'` (a Node.js Readable). */
interface BodyStream extends AsyncIterable<Buffer> {
	read(): Buffer | null;
	unshift(chunk: Buffer): void;
	once(event: 'readable' | 'end' | 'error', listener: (error?: unknown) => void): unknown;
	removeListener(event: 'readable' | 'end' | 'error', listener: (error?: unknown) => void): unknown;
	destroy(): void;
}

/** Waits until the paused body has data to read or has ended; resolves to its error if it failed. */
async function whenReadable(body: BodyStream): Promise<unknown> {
	return await new Promise<unknown>((resolve) => {
		const settle = (error?: unknown) => {
			// A 'readable' listener left behind would keep the stream from flowing into a pipe.
			body.removeListener('readable', settle);
			body.removeListener('end', settle);
			body.removeListener('error', settle);
			resolve(error);
		};
		body.once('readable', settle);
		body.once('end', settle);
		body.once('error', settle);
	});
}

interface StreamedResponse {
	statusCode: number;
	headers: ResponseHeaders;
	body: BodyStream;
}

function contentLength(headers: ResponseHeaders): number | undefined {
	const text = headerValue(headers, 'content-length');
	const value = Number(text);
	return text !== undefined && text.trim() !== '' && Number.isSafeInteger(value) && value >= 0
		? value
		: undefined;
}

function defaultTooLarge(
	ctx: IExecuteFunctions,
	itemIndex: number,
	shownUrl: string,
	fix: string,
): TooLarge {
	return (bytes, maxBytes) =>
		new NodeOperationError(
			ctx.getNode(),
			`The file at ${shownUrl} is larger than ${maxBytes} bytes (${bytes} bytes or more)`,
			{ itemIndex, description: fix },
		);
}

/** Opens a download of `url`: its status is checked, its body not yet read. */
export async function openDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	url: string,
	options: DownloadOptions,
): Promise<Download> {
	const shownUrl = redactUrl(url);
	const failed = (message: string, details: string, attempts: number) =>
		new NodeOperationError(ctx.getNode(), message, {
			itemIndex,
			description: `${details}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}. ${options.fix}`,
		});

	const response = await withRetry(
		async (attempt) => {
			const result = (await ctx.helpers
				.httpRequest({
					method: 'GET',
					url,
					headers: options.headers,
					maxRedirects: MAX_REDIRECTS,
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
				})
				.catch((error: unknown) => {
					throw markRetry(
						failed(
							`Could not download ${shownUrl}: ${describeNetworkFailure(error).words}`,
							networkFailureDetails(error),
							attempt,
						),
						{ retry: isTransientNetworkError(error) },
					);
				})) as StreamedResponse;
			if (
				(result.statusCode >= 200 && result.statusCode < 300) ||
				options.acceptStatuses?.includes(result.statusCode)
			)
				return result;
			result.body.destroy();
			throw markRetry(
				failed(
					`The source answered ${result.statusCode} for ${shownUrl}`,
					`HTTP ${result.statusCode} from the server of the file`,
					attempt,
				),
				{
					retry: isRetryableStatus(result.statusCode),
					retryAfterMs: retryAfterFromHeaders(result.headers),
				},
			);
		},
		{
			maxAttempts: options.attempts ?? DOWNLOAD_ATTEMPTS,
			abortSignal: ctx.getExecutionCancelSignal(),
			onRetry: ({ attempt, delayMs, error }) =>
				ctx.logger.warn(
					`Download of ${shownUrl}, attempt ${attempt} failed (${(error as Error).message}); retrying in ${delayMs} ms`,
				),
		},
	);

	const size = contentLength(response.headers);
	let maxBytes = Infinity;
	let tooLarge: TooLarge = defaultTooLarge(ctx, itemIndex, shownUrl, options.fix);

	async function* pieces(): AsyncGenerator<Buffer> {
		let received = 0;
		let brokenOff: unknown;
		try {
			for await (const piece of response.body) {
				received += piece.length;
				if (received > maxBytes) break;
				yield piece;
			}
		} catch (error) {
			brokenOff = error;
		} finally {
			response.body.destroy();
		}
		if (received > maxBytes) throw tooLarge(received, maxBytes);
		if (brokenOff !== undefined) {
			throw failed(
				`The download of ${shownUrl} broke off after ${received} bytes: ${describeNetworkFailure(brokenOff).words}`,
				networkFailureDetails(brokenOff),
				1,
			);
		}
	}

	const download: Download = {
		shownUrl,
		status: response.statusCode,
		size,
		headers: response.headers,
		pieces: pieces(),
		async peek() {
			let first = response.body.read();
			if (first === null) {
				const error = await whenReadable(response.body);
				if (error !== undefined) {
					throw failed(
						`The download of ${shownUrl} broke off before its first byte: ${describeNetworkFailure(error).words}`,
						networkFailureDetails(error),
						1,
					);
				}
				first = response.body.read();
			}
			if (first === null) return Buffer.alloc(0);
			response.body.unshift(first);
			return first;
		},
		stream: response.body,
		limit(newMaxBytes, newTooLarge) {
			maxBytes = newMaxBytes;
			tooLarge = newTooLarge;
			// A Content-Length over the limit is refused before any byte of the body is read.
			if (size !== undefined && size > maxBytes) {
				response.body.destroy();
				throw tooLarge(size, maxBytes);
			}
		},
		cancel: () => response.body.destroy(),
	};
	if (options.maxBytes !== undefined)
		download.limit(options.maxBytes, options.tooLarge ?? tooLarge);
	return download;
}
