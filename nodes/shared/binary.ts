/**
 * Reading an item's binary input in bounded memory, whatever n8n's binary mode:
 *
 * - with an `id` (filesystem mode, n8n's default, or S3/database): size from `getBinaryMetadata`,
 *   bytes streamed with `getBinaryStream`, so a 2 GB file never sits in memory;
 * - without an `id` (in-memory mode, data in the item as base64): the decoded buffer, sliced with
 *   `subarray` (no copies).
 *
 * Parts are produced lazily, in order, one at a time: a consumer that holds at most N parts holds
 * at most N × part size bytes.
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

export interface BinaryPart {
	/** 0-based part number. */
	index: number;
	/** First byte offset of the part in the file. */
	start: number;
	/** Last byte offset of the part, inclusive (as in `Content-Range`). */
	end: number;
	/** Number of bytes (`end - start + 1`). */
	size: number;
	/** The part's bytes, as read (views into the source; not concatenated). */
	pieces: Buffer[];
}

export interface BinaryInput {
	propertyName: string;
	itemIndex: number;
	binary: IBinaryData;
	/** Total size in bytes. */
	size: number;
	fileName?: string;
	mimeType?: string;
	/** True when the bytes are streamed from n8n's binary data storage. */
	streamed: boolean;
	/** Yields the file as consecutive parts of `partSize` bytes (the last may be shorter). */
	parts(partSize: number): AsyncGenerator<BinaryPart>;
}

/** Plans the byte ranges of a file cut into parts (at least one part, even for 0 bytes). */
export function planParts(
	totalSize: number,
	partSize: number,
): Array<Pick<BinaryPart, 'index' | 'start' | 'end' | 'size'>> {
	const count = Math.max(1, Math.ceil(totalSize / partSize));
	return Array.from({ length: count }, (_, index) => {
		const start = index * partSize;
		const size = Math.min(partSize, totalSize - start);
		return { index, start, end: start + size - 1, size };
	});
}

/** md5 hex digest of a part (over its pieces, without concatenating them). */
export function md5Hex(pieces: Buffer[]): string {
	const hash = createHash('md5');
	for (const piece of pieces) hash.update(piece);
	return hash.digest('hex');
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
			streamed: true,
			parts: (partSize) => streamParts(ctx, itemIndex, binaryId, size, partSize),
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
		streamed: false,
		parts: (partSize) => bufferParts(buffer, partSize),
	};
}

function assertNotEmpty(ctx: IExecuteFunctions, size: number, name: string, itemIndex: number) {
	if (size > 0) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The binary data in property "${name}" of item ${itemIndex} is empty (0 bytes)`,
		{ itemIndex },
	);
}

async function* bufferParts(buffer: Buffer, partSize: number): AsyncGenerator<BinaryPart> {
	for (const range of planParts(buffer.length, partSize)) {
		yield { ...range, pieces: [buffer.subarray(range.start, range.end + 1)] };
	}
}

/**
 * Cuts a binary stream into parts of exactly `partSize` bytes. Reads are `STREAM_READ_SIZE`
 * pieces; a piece that straddles two parts is split with `subarray` (no copy).
 */
async function* streamParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryId: string,
	totalSize: number,
	partSize: number,
): AsyncGenerator<BinaryPart> {
	const stream = await ctx.helpers.getBinaryStream(binaryId, Math.min(partSize, STREAM_READ_SIZE));
	const plan = planParts(totalSize, partSize);
	let current = 0;
	let pieces: Buffer[] = [];
	let collected = 0;
	try {
		for await (const chunk of stream) {
			let data = chunk as Buffer;
			while (data.length > 0) {
				const range = plan[current];
				if (!range) {
					throw new NodeOperationError(
						ctx.getNode(),
						`The binary data of item ${itemIndex} is larger than its recorded size of ${totalSize} bytes`,
						{ itemIndex },
					);
				}
				const take = Math.min(range.size - collected, data.length);
				pieces.push(take === data.length ? data : data.subarray(0, take));
				collected += take;
				data = data.subarray(take);
				if (collected === range.size) {
					yield { ...range, pieces };
					pieces = [];
					collected = 0;
					current++;
				}
			}
		}
	} finally {
		stream.destroy();
	}
	if (current < plan.length) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The binary data of item ${itemIndex} ended after ${plan[current].start + collected} bytes, but ${totalSize} were expected`,
			{ itemIndex },
		);
	}
}
