/**
 * Reading an item's binary input in bounded memory, whatever n8n's binary mode:
 *
 * - with an `id` (filesystem mode, n8n's default, or S3/database): size from `getBinaryMetadata`,
 *   bytes streamed with `getBinaryStream`, so a 2 GB file never sits in memory;
 * - without an `id` (in-memory mode, data in the item as base64): the decoded buffer, sliced with
 *   `subarray` (no copies).
 *
 * Two ways to read:
 *
 * - `pieces()`: the bytes as read (views, no copies), for consumers that send the file whole;
 * - `fillParts()`: the file cut into parts, each copied piece by piece as it is read into a buffer
 *   the caller gives (and may reuse), with its md5 computed on the way: one copy of each byte.
 *   Parts come lazily, in order: a consumer holding at most N parts holds at most N × part size bytes.
 *   Each piece read from n8n's binary stream is freed as soon as it is copied (see
 *   `releaseReadBuffer`), so reading a large file does not make n8n collect its heap again and again.
 *
 * A failure of n8n's binary data store (the database in queue mode, the disk, S3) while reading
 * is reported as such — "The input file could not be read from n8n's binary data store: …", naming
 * the Input Binary Field and the item — so it is never mistaken for a failed API request. When the
 * store reports a transient failure (a dropped or timed-out database connection, a reset socket, an
 * S3 5xx), the read is retried: n8n's helpers cannot open a stream at an offset, so a retry opens
 * the file again and skips the bytes already given out. That costs reading them again, but no
 * memory: skipped pieces are dropped as they arrive.
 */
import { createHash } from 'node:crypto';
import {
	NodeOperationError,
	sleep,
	type IBinaryData,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { backoffDelay, findInCauses, isRetryableStatus, isTransientNetworkError } from './retry';

/** Size of each read from a binary stream; parts are assembled from such pieces. */
export const STREAM_READ_SIZE = 1024 * 1024;

/** The editor label of the binary property field, the same in both nodes (for messages). */
export const INPUT_BINARY_FIELD_LABEL = 'Input Binary Field';

/**
 * How often a read from the binary data store is tried when it fails transiently (the first try
 * included), and the backoff before the second try (doubling, with jitter, up to the ceiling).
 */
export const STORE_READ_RETRY = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 } as const;

/** The byte range of one part of a file. */
export interface PartRange {
	/** 0-based part number. */
	index: number;
	/** First byte offset of the part in the file. */
	start: number;
	/** Last byte offset of the part, inclusive (as in `Content-Range`). */
	end: number;
	/** Number of bytes (`end - start + 1`). */
	size: number;
}

/** A part copied into a caller's buffer by `fillParts`. */
export interface FilledPart extends PartRange {
	/** The buffer the part was written to (the one `target` gave). */
	buffer: Buffer;
	/** Where in `buffer` the part's bytes start (they end at `offset + size`). */
	offset: number;
	/** md5 hex of the part. */
	md5: string;
}

/**
 * Gives the buffer a part is copied into, with room for `range.size` bytes from `offset`; may wait
 * (for a memory budget).
 */
export type PartTarget = (
	range: PartRange,
) => Promise<{ buffer: Buffer; offset: number }> | { buffer: Buffer; offset: number };

export interface BinaryInput {
	propertyName: string;
	itemIndex: number;
	binary: IBinaryData;
	/** Total size in bytes. */
	size: number;
	fileName?: string;
	mimeType?: string;
	/** Yields the file's bytes in order, as read (at most `STREAM_READ_SIZE` each; no copies). */
	pieces(): AsyncGenerator<Buffer>;
	/**
	 * Yields the file as consecutive parts of `partSize` bytes (the last may be shorter), each
	 * copied into the buffer `target` gives for it and hashed (md5) while it is read. The caller
	 * may reuse a buffer once it is done with the part in it.
	 */
	fillParts(partSize: number, target: PartTarget): AsyncGenerator<FilledPart>;
}

/** Plans the byte ranges of a file cut into parts (at least one part, even for 0 bytes). */
export function planParts(totalSize: number, partSize: number): PartRange[] {
	const count = Math.max(1, Math.ceil(totalSize / partSize));
	return Array.from({ length: count }, (_, index) => {
		const start = index * partSize;
		const size = Math.min(partSize, totalSize - start);
		return { index, start, end: start + size - 1, size };
	});
}

/** Lists the binary properties an item has, for error messages. */
function describeAvailable(item: INodeExecutionData | undefined): string {
	const names = Object.keys(item?.binary ?? {});
	return names.length
		? `The item has binary properties: ${names.map((name) => `"${name}"`).join(', ')}.`
		: 'The item has no binary data at all: make sure an upstream node (Read Binary File, HTTP Request, Webhook...) outputs a file.';
}

/**
 * Opens the binary property `propertyName` of item `itemIndex` for reading.
 * Fails with a NodeOperationError naming the property and the item when it is missing or empty.
 */
export async function openBinaryInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<BinaryInput> {
	const name = propertyName.trim();
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary?.[name];
	if (!name || !binary) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No binary data in property "${name}" of item ${itemIndex}`,
			{ itemIndex, description: describeAvailable(item) },
		);
	}

	const source: StoredFile = { itemIndex, propertyName: name, binaryId: binary.id };

	if (binary.id) {
		const binaryId = binary.id;
		const metadata = await readFromStore(
			ctx,
			source,
			'while reading its size and name',
			async () => await ctx.helpers.getBinaryMetadata(binaryId),
		);
		const size = metadata.fileSize;
		assertNotEmpty(ctx, size, name, itemIndex);
		const stream = (readSize: number) => streamPieces(ctx, { ...source, binaryId }, size, readSize);
		return {
			propertyName: name,
			itemIndex,
			binary,
			size,
			fileName: binary.fileName ?? metadata.fileName,
			mimeType: binary.mimeType ?? metadata.mimeType,
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
	assertNotEmpty(ctx, buffer.length, name, itemIndex);
	return {
		propertyName: name,
		itemIndex,
		binary,
		size: buffer.length,
		fileName: binary.fileName,
		mimeType: binary.mimeType,
		pieces: async function* () {
			yield* bufferPieces(buffer);
		},
		fillParts: (partSize, target) =>
			copyParts(bufferPieces(buffer), buffer.length, partSize, target),
	};
}

function assertNotEmpty(ctx: IExecuteFunctions, size: number, name: string, itemIndex: number) {
	if (size > 0) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The binary data in property "${name}" of item ${itemIndex} is empty (0 bytes)`,
		{
			itemIndex,
			description:
				'There is no audio to send: check the node that produced the file (the path it read, or the URL it downloaded, may have given an empty file), or leave such items out before this node (e.g. with an If node).',
		},
	);
}

/** An in-memory file as views of `STREAM_READ_SIZE` bytes (no copies). */
function* bufferPieces(buffer: Buffer): Generator<Buffer> {
	for (let start = 0; start < buffer.length; start += STREAM_READ_SIZE) {
		yield buffer.subarray(start, start + STREAM_READ_SIZE);
	}
}

/** Where a file in n8n's binary data store comes from, for messages. */
interface StoredFile {
	itemIndex: number;
	propertyName: string;
	/** `<mode>:<file id>`, e.g. `database:…`, `filesystem-v2:…`, `s3:…`; none for in-memory data. */
	binaryId?: string;
}

/** The store a binary id points to, in the words of n8n's N8N_DEFAULT_BINARY_DATA_MODE. */
function storeName(binaryId: string | undefined): string {
	const mode = binaryId?.split(':')[0];
	if (!mode) return "n8n's binary data store (in-memory mode)";
	return `n8n's binary data store (${mode.replace(/-v\d+$/, '')} mode)`;
}

const TRANSIENT_STORE_MESSAGE =
	/connection terminated|connection (?:timed out|timeout)|timeout exceeded|query read timeout|server closed the connection|too many (?:clients|connections)|socket hang up|slow ?down|request ?timeout|service unavailable/i;

/**
 * PostgreSQL error classes that say "try again": connection exceptions (08xxx), the server
 * shutting down or restarting (57P01–57P03), too many connections (53300), and the conflicts
 * a retried transaction resolves (40001 serialization failure, 40P01 deadlock).
 */
function isTransientSqlState(code: unknown): boolean {
	return (
		typeof code === 'string' &&
		(/^08[0-9A-Z]{3}$/.test(code) ||
			/^57P0[123]$/.test(code) ||
			['53300', '40001', '40P01'].includes(code))
	);
}

/**
 * True when the binary data store's error says a later read may succeed: a dropped, reset or
 * timed-out connection (database, S3 or the network under them), PostgreSQL's transient error
 * classes, or an S3 answer 408/429/5xx. A missing file (n8n's FileNotFoundError) or a broken disk
 * is final. Looks through wrapped errors (`cause`); TypeORM's QueryFailedError carries the
 * driver's `code` itself.
 */
export function isTransientStoreError(error: unknown): boolean {
	if (isTransientNetworkError(error)) return true;
	return (
		findInCauses(error, (candidate) => {
			const found = candidate as {
				name?: unknown;
				code?: unknown;
				message?: unknown;
				$metadata?: { httpStatusCode?: number };
				statusCode?: unknown;
			};
			if (found.name === 'FileNotFoundError') return false;
			if (isTransientSqlState(found.code)) return true;
			if (typeof found.message === 'string' && TRANSIENT_STORE_MESSAGE.test(found.message))
				return true;
			const status = found.$metadata?.httpStatusCode ?? found.statusCode;
			if (typeof status === 'number' && isRetryableStatus(status)) return true;
			return undefined;
		}) === true
	);
}

/**
 * The error of a failed read from the binary data store, naming the store, the field by its
 * editor label, the item, and how far the read got.
 */
function storeReadError(
	ctx: IExecuteFunctions,
	source: StoredFile,
	error: unknown,
	details: { when: string; attempts: number },
): NodeOperationError {
	const storeMessage = error instanceof Error ? error.message : String(error);
	const tries = details.attempts > 1 ? ` (tried ${details.attempts} times)` : '';
	return new NodeOperationError(
		ctx.getNode(),
		`The input file could not be read from n8n's binary data store: ${storeMessage}`,
		{
			itemIndex: source.itemIndex,
			description:
				`Reading the file in ${INPUT_BINARY_FIELD_LABEL} "${source.propertyName}" of item ${source.itemIndex} ` +
				`from ${storeName(source.binaryId)} failed ${details.when}${tries}. This is n8n's storage failing, not the API: ` +
				"check what holds n8n's binary data (the database connection in database mode, the disk in filesystem mode, " +
				'the bucket in S3 mode), then run the execution again.',
		},
	);
}

/** Waits before the next try of a store read; cancelled with the execution. */
async function waitBeforeRetry(
	ctx: IExecuteFunctions,
	source: StoredFile,
	attempt: number,
	error: unknown,
) {
	const delayMs = backoffDelay(attempt, STORE_READ_RETRY.baseDelayMs, STORE_READ_RETRY.maxDelayMs);
	ctx.logger.warn(
		`Reading the input file of item ${source.itemIndex} from ${storeName(source.binaryId)} failed ` +
			`(${error instanceof Error ? error.message : String(error)}), attempt ${attempt}; retrying in ${delayMs} ms`,
	);
	await sleep(delayMs, ctx.getExecutionCancelSignal());
}

/** True when another try of a store read is allowed after `attempt` failed with `error`. */
function mayRetry(ctx: IExecuteFunctions, attempt: number, error: unknown): boolean {
	return (
		attempt < STORE_READ_RETRY.maxAttempts &&
		ctx.getExecutionCancelSignal()?.aborted !== true &&
		isTransientStoreError(error)
	);
}

/** One read from the binary data store (metadata or a whole buffer), retried while transient. */
async function readFromStore<T>(
	ctx: IExecuteFunctions,
	source: StoredFile,
	when: string,
	read: () => Promise<T>,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await read();
		} catch (error) {
			if (!mayRetry(ctx, attempt, error))
				throw storeReadError(ctx, source, error, { when, attempts: attempt });
			await waitBeforeRetry(ctx, source, attempt, error);
		}
	}
}

/**
 * The pieces of a binary stream as read (reads of at most `readSize` bytes), checked against the
 * recorded size: more or fewer bytes than `totalSize` is an error naming the item. A transient
 * store failure, opening the stream or in the middle of it, opens it again and skips the bytes
 * already given out (n8n's getBinaryStream has no start offset), so the consumer sees each byte
 * once, in order.
 */
async function* streamPieces(
	ctx: IExecuteFunctions,
	source: StoredFile & { binaryId: string },
	totalSize: number,
	readSize: number,
): AsyncGenerator<Buffer> {
	let read = 0;
	for (let attempt = 1; ; attempt++) {
		let stream: Awaited<ReturnType<typeof ctx.helpers.getBinaryStream>> | undefined;
		let sizeError: NodeOperationError | undefined;
		try {
			stream = await ctx.helpers.getBinaryStream(source.binaryId, readSize);
			let skip = read;
			for await (const chunk of stream) {
				let data = chunk as Buffer;
				if (skip > 0) {
					const skipped = Math.min(skip, data.length);
					skip -= skipped;
					data = data.subarray(skipped);
					if (data.length === 0) continue;
				}
				read += data.length;
				if (read > totalSize) {
					sizeError = new NodeOperationError(
						ctx.getNode(),
						`The binary data of item ${source.itemIndex} is larger than its recorded size of ${totalSize} bytes`,
						{ itemIndex: source.itemIndex },
					);
					throw sizeError;
				}
				yield data;
			}
			break;
		} catch (error) {
			if (sizeError) throw sizeError;
			if (!mayRetry(ctx, attempt, error)) {
				throw storeReadError(ctx, source, error, {
					when: read > 0 ? `after ${read} of ${totalSize} bytes` : 'before its first byte',
					attempts: attempt,
				});
			}
			stream?.destroy();
			stream = undefined;
			await waitBeforeRetry(ctx, source, attempt, error);
		} finally {
			stream?.destroy();
		}
	}
	if (read < totalSize) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The binary data of item ${source.itemIndex} ended after ${read} bytes, but ${totalSize} were expected`,
			{ itemIndex: source.itemIndex },
		);
	}
}

/** `ArrayBuffer.prototype.transfer` (ES2024, Node.js 22 and later), which the es2022 typings lack. */
type TransferableArrayBuffer = ArrayBufferLike & {
	transfer?: (newByteLength?: number) => ArrayBuffer;
	readonly resizable?: boolean;
};

/**
 * Frees a piece read from n8n's binary stream now, instead of at the next garbage collection.
 *
 * Why: n8n's file stream (filesystem mode) allocates a fresh buffer for every read. Those buffers
 * live outside V8's heap, and V8 answers every 64 MiB or so of them with a full mark-compact of
 * n8n's whole heap (hundreds of MiB of live objects): uploading 1 GiB cost n8n 16 such collections
 * and more than half of its CPU (docs/benchmark.md has the measurements). Transferring the piece's
 * memory into a zero-length ArrayBuffer (`ArrayBuffer.prototype.transfer`) returns it to the
 * allocator at once, and V8 counts it as gone, so no collection is needed.
 *
 * Only a piece that is the whole of its ArrayBuffer and no larger than the read size asked for is
 * freed: that is a buffer the stream made for this one read and handed over (a readable stream keeps
 * no use of a chunk once it is read). A view into a larger buffer (a pooled or re-chunked one) or a
 * whole file a store hands over in one piece (database mode) is left to the garbage collector. Call
 * only once the piece has been copied and hashed: it reads as empty afterwards.
 */
export function releaseReadBuffer(piece: Buffer, readSize: number): void {
	const memory = piece.buffer as TransferableArrayBuffer;
	if (
		typeof memory.transfer !== 'function' ||
		memory.resizable === true ||
		piece.byteOffset !== 0 ||
		piece.byteLength !== memory.byteLength ||
		piece.byteLength > readSize
	)
		return;
	memory.transfer(0);
}

/**
 * Copies pieces into the caller's buffers part by part, hashing each piece as it arrives. Each
 * piece is handed to `release` once it has been copied and hashed (never touched again), so only
 * the target buffers hold file data.
 */
async function* copyParts(
	pieces: AsyncIterable<Buffer> | Iterable<Buffer>,
	totalSize: number,
	partSize: number,
	target: PartTarget,
	release?: (piece: Buffer) => void,
): AsyncGenerator<FilledPart> {
	const plan = planParts(totalSize, partSize);
	let current = 0;
	let into: { buffer: Buffer; offset: number } | undefined;
	let hash = createHash('md5');
	let filled = 0;
	for await (const piece of pieces) {
		let data = piece;
		while (data.length > 0 && current < plan.length) {
			const range = plan[current];
			into ??= await target(range);
			const take = Math.min(range.size - filled, data.length);
			const portion = take === data.length ? data : data.subarray(0, take);
			portion.copy(into.buffer, into.offset + filled);
			hash.update(portion);
			filled += take;
			data = data.subarray(take);
			if (filled === range.size) {
				yield { ...range, buffer: into.buffer, offset: into.offset, md5: hash.digest('hex') };
				into = undefined;
				hash = createHash('md5');
				filled = 0;
				current++;
			}
		}
		release?.(piece);
	}
}
