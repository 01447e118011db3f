/**
 * Readers of the parameters several operations share: each reads one item's value, checks it and
 * fails before any request with a message naming the field by its label in the editor.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_CHUNK_SIZE_MIB,
	DEFAULT_CONCURRENCY,
	DEFAULT_POLL_INTERVAL_S,
	DEFAULT_WAIT_TIMEOUT_S,
	MAX_CHUNK_SIZE_MIB,
	MAX_CONCURRENCY,
	MIN_CHUNK_SIZE_MIB,
} from '../actions/audio/fields';
import type { ChunkSettings, WaitSettings } from '../transport';

const MIB = 1024 * 1024;

const MEDIA_ID_HINT =
	'Set the Media ID, or map it from the previous node, e.g. {{ $json.id }} after Create or Upload Part.';

/**
 * "Media ID" of an item, trimmed. It goes into the URL as one path segment, so it must be text
 * (or a number), not empty, without "/" and not "." or "..", which a URL resolves as directories.
 */
export function readMediaId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('mediaId', itemIndex, '') as unknown;
	const fail = (message: string, description = MEDIA_ID_HINT): never => {
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	};
	if (value !== null && typeof value === 'object') {
		fail(
			`Media ID is ${Array.isArray(value) ? 'an array' : 'an object'}, not an ID (item ${itemIndex})`,
			'Map the id field itself, e.g. {{ $json.id }}, not the whole item or a list of ids.',
		);
	}
	const mediaId =
		typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!mediaId) fail(`Media ID is empty (item ${itemIndex})`);
	if (mediaId === '.' || mediaId === '..' || mediaId.includes('/')) {
		fail(
			`Media ID "${mediaId}" is not a media ID (item ${itemIndex})`,
			`A media ID is a single word such as the id field Create returns: without "/", and not "." or "..". ${MEDIA_ID_HINT}`,
		);
	}
	return mediaId;
}

/**
 * A positive number of seconds from an options collection. Not set: the default. Set to
 * anything else than a number above 0: an error naming the field (no silent default).
 */
function positiveSeconds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	name: string,
	label: string,
	fallback: number,
): number {
	const raw = options[name];
	if (raw === undefined) return fallback;
	const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : NaN;
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Options → ${label} must be a number of seconds above 0, got ${JSON.stringify(raw)}`,
			{ itemIndex, description: `Set it to e.g. ${fallback}, or remove the option to use the default (${fallback} s).` },
		);
	}
	return seconds;
}

/** "Wait Timeout (Seconds)" and "Poll Interval (Seconds)" of an options collection. */
export function readWaitSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): WaitSettings {
	const timeout = positiveSeconds(ctx, itemIndex, options, 'waitTimeout', 'Wait Timeout (Seconds)', DEFAULT_WAIT_TIMEOUT_S);
	const interval = positiveSeconds(ctx, itemIndex, options, 'pollInterval', 'Poll Interval (Seconds)', DEFAULT_POLL_INTERVAL_S);
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
		throw new NodeOperationError(
			ctx.getNode(),
			`Options → Chunk Size (MiB) must be between ${MIN_CHUNK_SIZE_MIB} and ${MAX_CHUNK_SIZE_MIB}, got ${String(options.chunkSize)}`,
			{ itemIndex },
		);
	}
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Options → Parallel Uploads must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`,
			{ itemIndex },
		);
	}
	return { chunkSizeBytes: Math.floor(chunkSize * MIB), concurrency };
}
