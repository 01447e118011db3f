/**
 * Upload Part: sends the item's binary to POST /{media|videos}/{id}/part, cut into parts of
 * "Chunk Size" with "Parallel Uploads" parts in flight. Each part is a multipart form with `file`,
 * `index` and `hash` (md5 hex of the part) plus `Content-Range: bytes start-end/total` (end
 * inclusive), as the seed does with curl; a file within one chunk is part 0.
 *
 * Custom operation (several requests per item). Memory stays at about chunk size × parallel
 * uploads: each upload slot owns one buffer holding a whole request body (multipart head, part,
 * tail; see shared/multipart.ts), reused from part to part. A part is copied into it straight from
 * n8n's binary stream (or from an in-memory buffer) and hashed on the way, while the other slots'
 * parts are on the wire; a failed part is re-sent alone, from the buffer it already fills.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { openBinaryInput, type BinaryInput, type FilledPart } from '../../../shared/binary';
import { FileFirstMultipart } from '../../../shared/multipart';
import { forEachConcurrent } from '../../../shared/pool';
import { forEachItem } from '../../helpers/items';
import {
	aiozRequest,
	checkMediaId,
	getEndpoint,
	routeUrl,
	ROUTES,
	type AiozEndpoint,
} from '../../transport';
import {
	binaryPropertyField,
	chunkSizeOption,
	concurrencyOption,
	DEFAULT_CHUNK_SIZE_MIB,
	DEFAULT_CONCURRENCY,
	MAX_CHUNK_SIZE_MIB,
	MAX_CONCURRENCY,
	mediaIdField,
	MIN_CHUNK_SIZE_MIB,
	showFor,
} from './fields';

const MIB = 1024 * 1024;

export const description: INodeProperties[] = [
	mediaIdField('uploadPart', 'ID of the audio created with Create'),
	binaryPropertyField('uploadPart'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('uploadPart'),
		options: [chunkSizeOption, concurrencyOption],
	},
];

export interface ChunkSettings {
	chunkSizeBytes: number;
	concurrency: number;
}

/** Reads and checks "Chunk Size (MiB)" and "Parallel Uploads" from an options collection. */
export function chunkSettingsFrom(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): ChunkSettings {
	const chunkSize = Number(options.chunkSize ?? DEFAULT_CHUNK_SIZE_MIB);
	if (!Number.isFinite(chunkSize) || chunkSize < MIN_CHUNK_SIZE_MIB || chunkSize > MAX_CHUNK_SIZE_MIB) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Chunk Size (MiB) must be between ${MIN_CHUNK_SIZE_MIB} and ${MAX_CHUNK_SIZE_MIB}, got ${String(options.chunkSize)}`,
			{ itemIndex },
		);
	}
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parallel Uploads must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`,
			{ itemIndex },
		);
	}
	return { chunkSizeBytes: Math.floor(chunkSize * MIB), concurrency };
}

interface PartJob {
	endpoint: AiozEndpoint;
	mediaId: string;
	itemIndex: number;
	input: BinaryInput;
	partCount: number;
	multipart: FileFirstMultipart;
}

/** Sends one part (retried on 429, 5xx and dropped connections); errors name the part. */
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
		await aiozRequest(ctx, {
			method: 'POST',
			url: routeUrl(ROUTES.part, mediaId),
			itemIndex,
			mediaId,
			endpoint: job.endpoint,
			headers: {
				'Content-Type': multipart.contentType,
				'Content-Range': `bytes ${part.start}-${part.end}/${input.size}`,
			},
			body,
			retry: 'transient',
			onRetry: (attempt, delayMs, error) => {
				attempts = attempt + 1;
				ctx.logger.debug(
					`AIOZ Stream: retrying ${label} of media ${mediaId} in ${delayMs} ms: ${error.message}`,
				);
			},
		});
	} catch (error) {
		throw partError(ctx, error as NodeApiError, label, mediaId, attempts, itemIndex);
	}
}

function partError(
	ctx: IExecuteFunctions,
	error: NodeApiError,
	label: string,
	mediaId: string,
	attempts: number,
	itemIndex: number,
): NodeApiError {
	// Wrong keys are not about a part: keep the plain message.
	if (error.httpCode === '401') return error;
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	return new NodeApiError(
		ctx.getNode(),
		{ message: error.message },
		{
			message: `Uploading ${label} of media "${mediaId}" failed${tries}: ${error.message}`,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		},
	);
}

/**
 * Uploads a binary input to an existing media, part by part. Used by Upload Part and by the
 * one-step Upload. Returns `{ id, bytes, parts }`.
 */
export async function uploadParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	input: BinaryInput,
	settings: ChunkSettings,
): Promise<IDataObject> {
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

	// One request buffer per upload slot, reused: a slot asks for the next part only once its
	// previous part is answered, so at most `concurrency` buffers ever exist.
	const head = multipart.head.length;
	const tailRoom = multipart.tail([
		['index', String(partCount - 1)],
		['hash', '0'.repeat(32)],
	]).length;
	const frameSize = head + Math.min(settings.chunkSizeBytes, input.size) + tailRoom;
	const free: Buffer[] = [];
	const target = () => {
		let buffer = free.pop();
		if (!buffer) {
			buffer = Buffer.allocUnsafe(frameSize);
			multipart.head.copy(buffer, 0);
		}
		return { buffer, offset: head };
	};

	await forEachConcurrent(
		input.fillParts(settings.chunkSizeBytes, target),
		Math.min(settings.concurrency, partCount),
		async (part) => {
			try {
				await sendPart(ctx, job, part);
			} finally {
				free.push(part.buffer);
			}
		},
	);
	return { id: mediaId, bytes: input.size, parts: partCount };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (itemIndex, item) => {
		const mediaId = checkMediaId(this.getNode(), this.getNodeParameter('mediaId', itemIndex), itemIndex);
		const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const settings = chunkSettingsFrom(
			this,
			itemIndex,
			this.getNodeParameter('options', itemIndex, {}) as IDataObject,
		);
		const input = await openBinaryInput(this, itemIndex, binaryPropertyName);
		const result = await uploadParts(this, itemIndex, mediaId, input, settings);
		// Keep the file on the item, so a plain chain can go on without a Merge node.
		return { json: result, binary: item.binary };
	});
}
