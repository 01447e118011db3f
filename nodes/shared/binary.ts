/**
 * Reading an item's binary input in bounded memory, whatever n8n's binary mode:
 *
 * - with an `id` (filesystem mode, n8n's default, or S3/database): size from `getBinaryMetadata`,
 *   bytes streamed with `getBinaryStream`, so a 2 GB file never sits in memory;
 * - without an `id` (in-memory mode, data in the item as base64): the decoded buffer, sliced with
 *   `subarray` (no copies).
 *
 * Three ways to read:
 *
 * - `head(length)`: the first bytes only (to recognise a format, or a duration, before the rest);
 * - `pieces()`: the bytes as read (views, no copies), for consumers that stream the file whole;
 * - `fillParts()`: the file cut into parts, each copied piece by piece into a buffer the caller
 *   gives, with its md5 computed on the way (see `parts.ts`). Each piece read from n8n's binary
 *   stream is freed as soon as it is copied (see `releaseReadBuffer`).
 *
 * A failure of n8n's binary data store while reading is reported as such (binaryStoreErrors.ts), so
 * it is never mistaken for a failed API request. A transient one is retried with the package's one
 * retry policy (retry.ts): n8n's helpers cannot open a stream at an offset, so a retry opens the
 * file again and skips the bytes already given out. That costs reading them again, but no memory:
 * skipped pieces are dropped as they arrive.
 */
import {
	NodeOperationError,
	type IBinaryData,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	isTransientStoreError,
	storeName,
	storeReadError,
	type StoredFile,
} from './binaryStoreErrors';
import { copyParts, releaseReadBuffer, type PartSource } from './parts';
import { resumablePieces, withFailuresMarked } from './resumableRead';
import { markRetry, withRetry, type RetryOptions } from './retry';

/** Size of each read from a binary stream; parts are assembled from such pieces. */
export const STREAM_READ_SIZE = 1024 * 1024;

/** The editor label of the binary property field, the same in both nodes (for messages). */
export const INPUT_BINARY_FIELD_LABEL = 'Input Binary Field';

/**
 * How often a read from the binary data store is tried when it fails transiently (the first try
 * included), and the backoff before the second try (doubling, with jitter, up to the ceiling).
 */
export const STORE_READ_RETRY = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 } as const;

export interface BinaryInput extends PartSource {
	propertyName: string;
	itemIndex: number;
	binary: IBinaryData;
	/** The first `length` bytes (fewer when the file is shorter), reading no further. */
	head(length: number): Promise<Buffer>;
	/** Yields the file's bytes in order, as read (at most `STREAM_READ_SIZE` each; no copies). */
	pieces(): AsyncGenerator<Buffer>;
}

/** Lists the binary properties an item has, for error messages. */
function describeAvailable(item: INodeExecutionData | undefined): string {
	const names = Object.keys(item?.binary ?? {});
	return names.length
		? `The item has binary properties: ${names.map((name) => `"${name}"`).join(', ')}.`
		: 'The item has no binary data at all: make sure an upstream node (Read Binary File, HTTP Request, Webhook...) outputs a file.';
}

/**
 * Opens the binary property `propertyName` of item `itemIndex` for reading. Fails with a
 * NodeOperationError naming the field (`fieldLabel`, as in the editor) when it is missing or empty.
 */
export async function openBinaryInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	fieldLabel: string = INPUT_BINARY_FIELD_LABEL,
): Promise<BinaryInput> {
	const name = propertyName.trim();
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary?.[name];
	if (!name || !binary) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No binary data in property "${name}" (${fieldLabel})`,
			{
				itemIndex,
				description: describeAvailable(item),
			},
		);
	}

	const source: StoredFile = { itemIndex, propertyName: name, fieldLabel, binaryId: binary.id };
	const retry = storeRetryOptions(ctx, source);

	if (binary.id) {
		const binaryId = binary.id;
		const metadata = await readFromStore(
			ctx,
			source,
			'while reading its size and name',
			async () => await ctx.helpers.getBinaryMetadata(binaryId),
		);
		const size = metadata.fileSize;
		assertNotEmpty(ctx, source, size);
		const stream = (readSize: number) =>
			streamPieces(ctx, { ...source, binaryId }, size, readSize, retry);
		return {
			propertyName: name,
			itemIndex,
			binary,
			size,
			fileName: binary.fileName ?? metadata.fileName,
			mimeType: binary.mimeType ?? metadata.mimeType,
			head: async (length) => await readHead(stream(Math.min(length, STREAM_READ_SIZE)), length),
			pieces: () => stream(STREAM_READ_SIZE),
			fillParts: (partSize, target) => {
				const readSize = Math.min(partSize, STREAM_READ_SIZE);
				return copyParts(stream(readSize), size, partSize, target, (piece) =>
					releaseReadBuffer(piece, readSize),
				);
			},
		};
	}

	const buffer = await readFromStore(
		ctx,
		source,
		'while reading its bytes',
		async () => await ctx.helpers.getBinaryDataBuffer(itemIndex, name),
	);
	assertNotEmpty(ctx, source, buffer.length);
	return {
		propertyName: name,
		itemIndex,
		binary,
		size: buffer.length,
		fileName: binary.fileName,
		mimeType: binary.mimeType,
		head: async (length) => buffer.subarray(0, length),
		pieces: async function* () {
			yield* bufferPieces(buffer);
		},
		fillParts: (partSize, target) =>
			copyParts(bufferPieces(buffer), buffer.length, partSize, target),
	};
}

function assertNotEmpty(ctx: IExecuteFunctions, source: StoredFile, size: number) {
	if (size > 0) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The binary data in property "${source.propertyName}" is empty (0 bytes)`,
		{
			itemIndex: source.itemIndex,
			description: `There is nothing to send in ${source.fieldLabel}: check the node that produced the file (the path it read, or the URL it downloaded, may have given an empty file), or leave such items out before this node (e.g. with an If node).`,
		},
	);
}

/** An in-memory file as views of `STREAM_READ_SIZE` bytes (no copies). */
function* bufferPieces(buffer: Buffer): Generator<Buffer> {
	for (let start = 0; start < buffer.length; start += STREAM_READ_SIZE) {
		yield buffer.subarray(start, start + STREAM_READ_SIZE);
	}
}

/** The first `length` bytes of a stream of pieces; the stream is closed once they are read. */
async function readHead(pieces: AsyncGenerator<Buffer>, length: number): Promise<Buffer> {
	const gathered: Buffer[] = [];
	let total = 0;
	for await (const piece of pieces) {
		gathered.push(piece);
		total += piece.length;
		if (total >= length) break;
	}
	return Buffer.concat(gathered).subarray(0, length);
}

/** The store-read retries: the package's retry policy, a warning in n8n's log before each wait. */
function storeRetryOptions(ctx: IExecuteFunctions, source: StoredFile): RetryOptions {
	return {
		...STORE_READ_RETRY,
		abortSignal: ctx.getExecutionCancelSignal(),
		onRetry: ({ attempt, delayMs, error }) =>
			ctx.logger.warn(
				`Reading the input file of item ${source.itemIndex} from ${storeName(source.binaryId)} failed ` +
					`(${error instanceof Error ? error.message : String(error)}), attempt ${attempt}; retrying in ${delayMs} ms`,
			),
	};
}

/** Marks a store failure for the retry policy: retried when the store says a later read may succeed. */
function markStoreFailure(error: unknown): unknown {
	if (error !== null && typeof error === 'object')
		markRetry(error, { retry: isTransientStoreError(error) });
	return error;
}

/** One read from the binary data store (metadata or a whole buffer), retried while transient. */
async function readFromStore<T>(
	ctx: IExecuteFunctions,
	source: StoredFile,
	when: string,
	read: () => Promise<T>,
): Promise<T> {
	let attempts = 0;
	try {
		return await withRetry(
			async (attempt) => {
				attempts = attempt;
				return await read().catch((error: unknown) => {
					throw markStoreFailure(error);
				});
			},
			storeRetryOptions(ctx, source),
		);
	} catch (error) {
		throw storeReadError(ctx.getNode(), source, error, { when, attempts });
	}
}

/**
 * The pieces of a binary stream as read (reads of at most `readSize` bytes), checked against the
 * recorded size. A transient store failure, opening the stream or in the middle of it, opens it
 * again and skips the bytes already given out (n8n's getBinaryStream has no start offset).
 */
function streamPieces(
	ctx: IExecuteFunctions,
	source: StoredFile & { binaryId: string },
	totalSize: number,
	readSize: number,
	retry: RetryOptions,
): AsyncGenerator<Buffer> {
	return resumablePieces({
		open: async () => {
			const stream = await ctx.helpers
				.getBinaryStream(source.binaryId, readSize)
				.catch((error: unknown) => {
					throw markStoreFailure(error);
				});
			return withFailuresMarked(stream as AsyncIterable<Buffer>, markStoreFailure);
		},
		totalSize,
		retry,
		failed: (error, read, attempts) =>
			storeReadError(ctx.getNode(), source, error, {
				when: read > 0 ? `after ${read} of ${totalSize} bytes` : 'before its first byte',
				attempts,
			}),
		wrongSize: (message) =>
			new NodeOperationError(ctx.getNode(), message.replace('The file', 'The binary data'), {
				itemIndex: source.itemIndex,
			}),
	});
}
