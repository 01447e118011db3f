/**
 * The chunked upload engine: POST /{id}/part, once per part, each part a request of its own through
 * `mediaRequest` (api.ts), so parts get the one error mapping and retry policy of every call.
 * Uploading a part is idempotent: a re-sent index replaces the earlier one.
 */
import { NodeApiError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { FileFirstMultipart } from '../../shared/multipart';
import { partBuffers } from '../../shared/partBuffers';
import { planParts, type FilledPart, type PartSource } from '../../shared/parts';
import { forEachConcurrent } from '../../shared/pool';
import { mediaRequest, ROUTES } from './api';
import type { AiozEndpoint } from './environment';
import { failureInStep } from './errors';
import { getEndpoint } from './request';

export interface ChunkSettings {
	chunkSizeBytes: number;
	concurrency: number;
}

interface UploadedParts extends IDataObject {
	id: string;
	bytes: number;
	parts: number;
}

interface PartJob {
	endpoint: AiozEndpoint;
	mediaId: string;
	itemIndex: number;
	input: PartSource;
	partCount: number;
	multipart: FileFirstMultipart;
}

/**
 * POST /{id}/part, once per part: uploads a file (n8n's binary data, or a file at a URL) to an
 * existing media, cut into parts of
 * `chunkSizeBytes` with `concurrency` parts in flight. Each part is a multipart form with `file`,
 * `index` and `hash` (md5 hex of the part) plus `Content-Range: bytes start-end/total` (end
 * inclusive), as in the curl recipe in AIOZ's upload guide; a file within one chunk is part 0.
 *
 * Memory: each part in flight is one buffer holding a whole request body (multipart head, part,
 * tail; see shared/multipart.ts), taken from the process-wide part buffer budget
 * (shared/partBuffers.ts): at most chunk size × concurrency per upload, and all uploads of the n8n
 * process together within the budget. A part is copied into its buffer straight from its source
 * and hashed on the way, while the other parts are on the wire; a failed part is re-sent alone, from
 * the buffer it already fills. A source read in order (n8n's binary stream, a server without byte
 * ranges) fills the parts one after the other; a source serving byte ranges fills each part with
 * its own request, in the worker that sends it, so downloads run side by side like the uploads.
 */
export async function uploadParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	input: PartSource,
	settings: ChunkSettings,
): Promise<UploadedParts> {
	const partCount = Math.max(1, Math.ceil(input.size / settings.chunkSizeBytes));
	const multipart = new FileFirstMultipart(
		'file',
		input.fileName || 'audio',
		input.mimeType || 'application/octet-stream',
	);
	const job: PartJob = {
		endpoint: await getEndpoint(ctx, itemIndex),
		mediaId,
		itemIndex,
		input,
		partCount,
		multipart,
	};

	// Each part is copied into a request buffer from the process-wide budget (shared/partBuffers.ts),
	// given back once the part is answered: at most `concurrency` per upload, and all uploads of the
	// process together stay within the budget, waiting for buffers when it is spent.
	const head = multipart.head.length;
	const tailRoom = multipart.tail([
		['index', String(partCount - 1)],
		['hash', '0'.repeat(32)],
	]).length;
	const frameSize = head + Math.min(settings.chunkSizeBytes, input.size) + tailRoom;
	const buffers = partBuffers.lease(ctx.getExecutionCancelSignal());
	const target = async () => {
		const buffer = await buffers.acquire(frameSize);
		multipart.head.copy(buffer, 0);
		return { buffer, offset: head };
	};
	const workers = Math.min(settings.concurrency, partCount);
	const { fillPart } = input;

	try {
		if (fillPart) {
			await forEachConcurrent(
				ranges(input.size, settings.chunkSizeBytes),
				workers,
				async (range) => {
					const into = await target();
					try {
						await sendPart(ctx, job, await fillPart(range, into));
					} finally {
						buffers.release(into.buffer);
					}
				},
			);
		} else {
			await forEachConcurrent(
				input.fillParts(settings.chunkSizeBytes, target),
				workers,
				async (part) => {
					try {
						await sendPart(ctx, job, part);
					} finally {
						buffers.release(part.buffer);
					}
				},
			);
		}
	} finally {
		buffers.close();
	}
	return { id: mediaId, bytes: input.size, parts: partCount };
}

/** The byte ranges of the parts, one at a time as workers take them. */
async function* ranges(size: number, partSize: number) {
	yield* planParts(size, partSize);
}

/** Sends one part; errors name the part and how many attempts were made. */
async function sendPart(ctx: IExecuteFunctions, job: PartJob, part: FilledPart): Promise<void> {
	const { mediaId, itemIndex, input, partCount, multipart } = job;
	// The request body is the part's own buffer: head (written once), the part, then this tail.
	const tail = multipart.tail([
		['index', String(part.index)],
		['hash', part.md5],
	]);
	const end = part.offset + part.size;
	tail.copy(part.buffer, end);
	const body = part.buffer.subarray(part.offset - multipart.head.length, end + tail.length);

	const label = `part ${part.index + 1} of ${partCount} (bytes ${part.start}-${part.end})`;
	let attempts = 1;
	try {
		await mediaRequest(ctx, itemIndex, mediaId, ROUTES.part, {
			method: 'POST',
			endpoint: job.endpoint,
			headers: {
				'Content-Type': multipart.contentType,
				'Content-Range': `bytes ${part.start}-${part.end}/${input.size}`,
			},
			body,
			idempotent: true,
			onRetry: ({ attempt, delayMs, error }) => {
				attempts = attempt + 1;
				ctx.logger.debug(
					`AIOZ Stream: retrying ${label} of media ${mediaId} in ${delayMs} ms: ${(error as Error).message}`,
				);
			},
		});
	} catch (error) {
		// aiozRequest fails only with node errors. Wrong keys and a bad Base URL are not about a
		// part: keep the plain message.
		const failure = error as NodeApiError;
		if (!(failure instanceof NodeApiError) || failure.httpCode === '401') throw failure;
		const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
		throw failureInStep(
			ctx.getNode(),
			failure,
			`Uploading ${label} of media "${mediaId}" failed${tries}`,
			{
				itemIndex,
				description: failure.description ?? undefined,
			},
		);
	}
}
