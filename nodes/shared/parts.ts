/**
 * Cutting a file into parts: the plan of byte ranges, and the copy of a file's pieces (as a source
 * hands them over) into the buffers parts are sent from, hashed (md5) on the way.
 */
import { createHash } from 'node:crypto';

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

/** A part copied into a caller's buffer by `copyParts`. */
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

/**
 * A file an upload reads part by part: n8n's binary data (binary.ts) or a file at a URL
 * (urlSource.ts). Every source reads its parts in order with `fillParts`; one that can read any byte
 * range on its own (a server answering ranged GETs) also has `fillPart`, so parts can be fetched side
 * by side and a failed part fetched again alone.
 */
export interface PartSource {
	/** Total size in bytes. */
	size: number;
	fileName?: string;
	mimeType?: string;
	/**
	 * Yields the file as consecutive parts of `partSize` bytes (the last may be shorter), each
	 * copied into the buffer `target` gives for it and hashed (md5) while it is read. The caller
	 * may reuse a buffer once it is done with the part in it.
	 */
	fillParts(partSize: number, target: PartTarget): AsyncGenerator<FilledPart>;
	/** Reads the bytes of `range` into `into` and hashes them; may run for several ranges at once. */
	fillPart?(range: PartRange, into: { buffer: Buffer; offset: number }): Promise<FilledPart>;
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
 * Copies pieces into the caller's buffers part by part, hashing each piece as it arrives. Parts
 * come lazily, in order: a consumer holding at most N parts holds at most N × part size bytes. Each
 * piece is handed to `release` once it has been copied and hashed (never touched again), so only
 * the target buffers hold file data.
 */
export async function* copyParts(
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
