/**
 * Checks of parameters both nodes have, run before any request. An error names the field by its
 * label in the editor and says how to fix it; the item it is about is added by the per-item loop
 * (`items.ts`), as for every error of the package.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** Waiting for the server (AIOZ Stream transcoding, a MiniMax generation): the defaults of both nodes. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;

/** A refused input: `message` names the field by its editor label, `fix` says what to do. */
export function inputError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	message: string,
	fix?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description: fix });
}

/** A number of seconds above 0 (a number, or text that reads as one), else undefined. */
export function positiveSeconds(value: unknown): number | undefined {
	const seconds = typeof value === 'string' && value.trim() ? Number(value) : value;
	return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
		? seconds
		: undefined;
}

/** `value` as a number of seconds above 0, or a refusal naming the field (`label`) with `fix`. */
export function requirePositiveSeconds(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	label: string,
	value: unknown,
	fix: string,
): number {
	const seconds = positiveSeconds(value);
	if (seconds === undefined) {
		throw inputError(
			ctx,
			itemIndex,
			`${label} must be a number of seconds above 0, got ${JSON.stringify(value)}`,
			fix,
		);
	}
	return seconds;
}

/**
 * A number of seconds above 0 from an Options collection (`label` as in the editor). Not set: the
 * default. Set to anything else than a number above 0: refused (no silent default).
 */
export function readPositiveSeconds(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	label: string,
	value: unknown,
	fallback: number,
): number {
	if (value === undefined) return fallback;
	return requirePositiveSeconds(
		ctx,
		itemIndex,
		`Options → ${label}`,
		value,
		`Set it to e.g. ${fallback}, or remove the option to use the default (${fallback} s).`,
	);
}
