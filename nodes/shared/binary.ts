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
 */
import { createHash } from 'node:crypto';
import {
	NodeOperationError,
	type IBinaryData,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

/** Size of each read from a binary stream; parts are assembled from such pieces. */
export const STREAM_READ_SIZE = 1024 * 1024;

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
export function planParts(
	totalSize: number,
	partSize: number,
): PartRange[] {
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

	if (binary.id) {
		const binaryId = binary.id;
		const metadata = await ctx.helpers.getBinaryMetadata(binaryId);
		const size = metadata.fileSize;
		assertNotEmpty(ctx, size, name, itemIndex);
		return {
			propertyName: name,
			itemIndex,
			binary,
			size,
			fileName: binary.fileName ?? metadata.fileName,
			mimeType: binary.mimeType ?? metadata.mimeType,
			pieces: () => streamPieces(ctx, itemIndex, binaryId, size, STREAM_READ_SIZE),
			fillParts: (partSize, target) =>
				copyParts(streamPieces(ctx, itemIndex, binaryId, size, partSize), size, partSize, target),
		};
	}

	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
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

/**
 * The pieces of a binary stream as read (reads of at most `STREAM_READ_SIZE` bytes), checked
 * against the recorded size: more or fewer bytes than `totalSize` is an error naming the item.
 */
async function* streamPieces(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryId: string,
	totalSize: number,
	partSize: number,
): AsyncGenerator<Buffer> {
	const stream = await ctx.helpers.getBinaryStream(binaryId, Math.min(partSize, STREAM_READ_SIZE));
	let read = 0;
	try {
		for await (const chunk of stream) {
			const data = chunk as Buffer;
			read += data.length;
			if (read > totalSize) {
				throw new NodeOperationError(
					ctx.getNode(),
					`The binary data of item ${itemIndex} is larger than its recorded size of ${totalSize} bytes`,
					{ itemIndex },
				);
			}
			yield data;
		}
	} finally {
		stream.destroy();
	}
	if (read < totalSize) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The binary data of item ${itemIndex} ended after ${read} bytes, but ${totalSize} were expected`,
			{ itemIndex },
		);
	}
}

/**
 * Copies pieces into the caller's buffers part by part, hashing each piece as it arrives; the
 * pieces themselves are dropped at once, so only the target buffers hold file data.
 */
async function* copyParts(
	pieces: AsyncIterable<Buffer> | Iterable<Buffer>,
	totalSize: number,
	partSize: number,
	target: PartTarget,
): AsyncGenerator<FilledPart> {
	const plan = planParts(totalSize, partSize);
	let current = 0;
	let into: { buffer: Buffer; offset: number } | undefined;
	let hash = createHash('md5');
	let filled = 0;
	for await (let data of pieces) {
		while (data.length > 0 && current < plan.length) {
			const range = plan[current];
			into ??= await target(range);
			const take = Math.min(range.size - filled, data.length);
			const piece = take === data.length ? data : data.subarray(0, take);
			piece.copy(into.buffer, into.offset + filled);
			hash.update(piece);
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
	}
}
