/**
 * Readers of the parameters several operations share: each reads one item's value, checks it and
 * fails before any request with a message naming the field by its label in the editor.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
	inputError,
	readPositiveSeconds,
} from '../../shared/parameters';
import {
	DEFAULT_CHUNK_SIZE_MIB,
	DEFAULT_CONCURRENCY,
	MAX_CHUNK_SIZE_MIB,
	MAX_CONCURRENCY,
	MIN_CHUNK_SIZE_MIB,
} from '../constants';
import type { WaitSettings } from '../transport/api';
import type { ChunkSettings } from '../transport/upload';

const MIB = 1024 * 1024;

const MEDIA_ID_HINT =
	'Set the Media ID, or map it from the previous node, e.g. {{ $json.id }} after Create or Upload Part.';

/**
 * "Media ID" of an item, trimmed. It goes into the URL as one path segment, so it must be text
 * (or a number), not empty, without "/" and not "." or "..", which a URL resolves as directories.
 */
export function readMediaId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('mediaId', itemIndex, '') as unknown;
	const fail = (message: string, fix = MEDIA_ID_HINT): never => {
		throw inputError(ctx, itemIndex, message, fix);
	};
	if (value !== null && typeof value === 'object') {
		fail(
			`Media ID is ${Array.isArray(value) ? 'an array' : 'an object'}, not an ID`,
			'Map the id field itself, e.g. {{ $json.id }}, not the whole item or a list of ids.',
		);
	}
	const mediaId =
		typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!mediaId) fail('Media ID is empty');
	if (mediaId === '.' || mediaId === '..' || mediaId.includes('/')) {
		fail(
			`Media ID "${mediaId}" is not a media ID`,
			`A media ID is a single word such as the id field Create returns: without "/", and not "." or "..". ${MEDIA_ID_HINT}`,
		);
	}
	return mediaId;
}

/** "Wait Timeout (Seconds)" and "Poll Interval (Seconds)" of an options collection. */
export function readWaitSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): WaitSettings {
	const timeout = readPositiveSeconds(
		ctx,
		itemIndex,
		'Wait Timeout (Seconds)',
		options.waitTimeout,
		DEFAULT_WAIT_TIMEOUT_SECONDS,
	);
	const interval = readPositiveSeconds(
		ctx,
		itemIndex,
		'Poll Interval (Seconds)',
		options.pollInterval,
		DEFAULT_POLL_INTERVAL_SECONDS,
	);
	return { timeoutMs: timeout * 1000, pollIntervalMs: interval * 1000 };
}

/** "Chunk Size (MiB)" and "Parallel Uploads" of an options collection. */
export function readChunkSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): ChunkSettings {
	const chunkSize = Number(options.chunkSize ?? DEFAULT_CHUNK_SIZE_MIB);
	if (!Number.isFinite(chunkSize) || chunkSize < MIN_CHUNK_SIZE_MIB || chunkSize > MAX_CHUNK_SIZE_MIB) {
		throw inputError(
			ctx,
			itemIndex,
			`Options → Chunk Size (MiB) must be between ${MIN_CHUNK_SIZE_MIB} and ${MAX_CHUNK_SIZE_MIB}, got ${String(options.chunkSize)}`,
		);
	}
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw inputError(
			ctx,
			itemIndex,
			`Options → Parallel Uploads must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`,
		);
	}
	return { chunkSizeBytes: Math.floor(chunkSize * MIB), concurrency };
}
