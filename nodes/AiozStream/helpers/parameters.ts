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

/** An id parameter: its name, its label in the editor, and how to fill it in (the fix in messages). */
export interface IdParameter {
	name: string;
	label: string;
	hint: string;
}

/**
 * An id parameter of an item, trimmed. It goes into the URL as one path segment, so it must be
 * text (or a number), not empty, without "/" and not "." or "..", which a URL resolves as
 * directories.
 */
export function readIdParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: IdParameter,
): string {
	const { label, hint } = parameter;
	const value = ctx.getNodeParameter(parameter.name, itemIndex, '') as unknown;
	const fail = (message: string, fix = hint): never => {
		throw inputError(ctx, itemIndex, message, fix);
	};
	if (value !== null && typeof value === 'object') {
		fail(
			`${label} is ${Array.isArray(value) ? 'an array' : 'an object'}, not an ID`,
			'Map the id field itself, e.g. {{ $json.id }}, not the whole item or a list of ids.',
		);
	}
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!id) fail(`${label} is empty`);
	if (id === '.' || id === '..' || id.includes('/')) {
		fail(
			`${label} "${id}" is not an ID`,
			`An ID is a single word such as the id field AIOZ Stream returns: without "/", and not "." or "..". ${hint}`,
		);
	}
	return id;
}

/** "Media ID" of an item (see `readIdParameter`). */
export function readMediaId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readIdParameter(ctx, itemIndex, {
		name: 'mediaId',
		label: 'Media ID',
		hint: MEDIA_ID_HINT,
	});
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
	if (
		!Number.isFinite(chunkSize) ||
		chunkSize < MIN_CHUNK_SIZE_MIB ||
		chunkSize > MAX_CHUNK_SIZE_MIB
	) {
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

/**
 * "Return All" and "Limit" of a Get Many: how many results to return, undefined for all. `what`
 * names the results in the fix ("audio", "chapters").
 */
export function readMaxResults(
	ctx: IExecuteFunctions,
	itemIndex: number,
	what: string,
): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false)) return undefined;
	const limit = Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (!(Number.isInteger(limit) && limit >= 1)) {
		throw inputError(
			ctx,
			itemIndex,
			`Limit must be a whole number from 1, got ${String(limit)}`,
			`Set Limit to how many ${what} to return, or turn on Return All.`,
		);
	}
	return limit;
}
