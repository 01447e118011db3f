/**
 * A file for a multipart upload whose bytes are read as the request is sent, not held.
 *
 * n8n's HTTP client (axios) streams a `FormData` body part by part, with an exact Content-Length
 * from each part's `size`, and reads a file part through its `stream()`. A `File` subclass that
 * reports the real size and streams the source's pieces is therefore sent without the file ever
 * being whole in memory, and without the copy a `Blob` of the bytes would make for each attempt.
 * (A bare stream or async generator cannot be the body: n8n drops a body it sees as an empty
 * object, and axios takes only Node.js streams, which the node may not create.)
 */

export interface FileSource {
	size: number;
	fileName: string;
	mimeType: string;
	/** The bytes in order, read anew for each request. */
	pieces(): AsyncIterable<Buffer>;
}

/** Node.js's global `File` (the package's TypeScript library declares only its type). */
declare const File: new (parts: [], name: string, options: { type: string }) => Blob;

/** `ReadableStream.from` (Node.js 20.6+), which the package's TypeScript library does not declare. */
const readableStreamFrom = (
	ReadableStream as unknown as {
		from(pieces: AsyncIterable<Buffer>): ReadableStream<Uint8Array<ArrayBuffer>>;
	}
).from.bind(ReadableStream);

export class StreamedFile extends File {
	private readonly source: FileSource;

	constructor(source: FileSource) {
		super([], source.fileName, { type: source.mimeType });
		this.source = source;
		// `size` is an accessor of Blob's prototype: an own property with the real size shadows it.
		Object.defineProperty(this, 'size', { value: source.size });
	}

	override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
		return readableStreamFrom(this.source.pieces());
	}
}
