/**
 * Reading a file that can only be read from its start (n8n's binary data stream, a server that does
 * not serve byte ranges) without holding it, and without starting over from the consumer's side
 * when the read fails in the middle: the file is opened again and the bytes already given out are
 * skipped as they arrive (read again, dropped at once: no memory), so the consumer sees each byte
 * once, in order. Whether a failure is worth another read is the retry policy's call (retry.ts):
 * `open` gives pieces whose failures carry their `markRetry` mark.
 */
import { waitBeforeRetry, type RetryOptions } from './retry';

export interface ResumableRead {
	/** Opens the file from its start; the pieces' failures (opening included) carry their retry mark. */
	open: (attempt: number) => Promise<AsyncIterable<Buffer>>;
	/** The size the file must have: more or fewer bytes is an error. */
	totalSize: number;
	retry: RetryOptions;
	/** The error of a failure that is not read again, after `read` bytes and `attempts` tries. */
	failed: (error: unknown, read: number, attempts: number) => Error;
	/** The error of a file whose size is not `totalSize`. */
	wrongSize: (message: string) => Error;
}

export async function* resumablePieces(reading: ResumableRead): AsyncGenerator<Buffer> {
	const { totalSize } = reading;
	let read = 0;
	for (let attempt = 1; ; attempt++) {
		let wrongSize: Error | undefined;
		try {
			let skip = read;
			// Leaving this loop in any way (done, an error, the consumer stopping) closes the source.
			for await (const piece of await reading.open(attempt)) {
				let data = piece;
				if (skip > 0) {
					const skipped = Math.min(skip, data.length);
					skip -= skipped;
					data = data.subarray(skipped);
					if (data.length === 0) continue;
				}
				read += data.length;
				if (read > totalSize) {
					wrongSize = reading.wrongSize(
						`The file is larger than its announced size of ${totalSize} bytes`,
					);
					throw wrongSize;
				}
				yield data;
			}
			break;
		} catch (error) {
			if (wrongSize) throw wrongSize;
			if (!(await waitBeforeRetry(error, attempt, reading.retry)))
				throw reading.failed(error, read, attempt);
		}
	}
	if (read < totalSize) {
		throw reading.wrongSize(`The file ended after ${read} bytes, but ${totalSize} were announced`);
	}
}

/** The same pieces, each failure marked by `mark` (for sources whose errors carry no mark of their own). */
export async function* withFailuresMarked(
	pieces: AsyncIterable<Buffer>,
	mark: (error: unknown) => unknown,
): AsyncGenerator<Buffer> {
	try {
		yield* pieces;
	} catch (error) {
		throw mark(error);
	}
}
