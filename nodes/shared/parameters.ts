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
	const seconds =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim()
				? Number(value)
				: NaN;
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw inputError(
			ctx,
			itemIndex,
			`Options → ${label} must be a number of seconds above 0, got ${JSON.stringify(value)}`,
			`Set it to e.g. ${fallback}, or remove the option to use the default (${fallback} s).`,
		);
	}
	return seconds;
}
