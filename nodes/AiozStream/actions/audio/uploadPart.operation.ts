/**
 * Upload Part: sends the item's binary to POST /{media|videos}/{id}/part, cut into parts of
 * "Chunk Size" with "Parallel Uploads" parts in flight. Each part is a multipart form with `file`,
 * `index` and `hash` (md5 hex of the part) plus `Content-Range: bytes start-end/total` (end
 * inclusive), as the seed does with curl; a file within one chunk is part 0.
 *
 * Custom operation (several requests per item). Memory stays at about chunk size × parallel
 * uploads: parts are read lazily from n8n's binary stream (or sliced from an in-memory buffer),
 * and a failed part is re-sent alone, from the copy it already holds.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { md5Hex, openBinaryInput, type BinaryInput, type BinaryPart } from '../../../shared/binary';
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
}

/** Sends one part (retried on 429, 5xx and dropped connections); errors name the part. */
async function sendPart(ctx: IExecuteFunctions, job: PartJob, part: BinaryPart): Promise<void> {
	const { mediaId, itemIndex, input, partCount } = job;
	const hash = md5Hex(part.pieces);
	// The one copy of the part: a Blob (what FormData takes), re-sent as is if the part is retried.
	const file = new Blob(part.pieces, { type: input.mimeType || 'application/octet-stream' });
	part.pieces = [];
	const form = new FormData();
	form.append('file', file, input.fileName || 'audio');
	form.append('index', String(part.index));
	form.append('hash', hash);

	const label = `part ${part.index + 1} of ${partCount} (bytes ${part.start}-${part.end})`;
	let attempts = 1;
	try {
		await aiozRequest(ctx, {
			method: 'POST',
			url: routeUrl(ROUTES.part, mediaId),
			itemIndex,
			mediaId,
			endpoint: job.endpoint,
			headers: { 'Content-Range': `bytes ${part.start}-${part.end}/${input.size}` },
			body: form,
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
	const job: PartJob = {
		endpoint: await getEndpoint(ctx, itemIndex),
		mediaId,
		itemIndex,
		input,
		partCount,
	};
	await forEachConcurrent(
		input.parts(settings.chunkSizeBytes),
		Math.min(settings.concurrency, partCount),
		async (part) => await sendPart(ctx, job, part),
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
