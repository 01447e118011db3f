/**
 * Checks of the user's input, run before any request. Each error names the field by its label in
 * the editor and says how to fix it.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodePropertyOptions,
} from 'n8n-workflow';

/** "1 character", "3 characters". */
export function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Length in characters as a person counts them (an emoji is one), as the API counts. */
export function characterCount(text: string): number {
	return [...text].length;
}

export function inputError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	message: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, {
		description: fix,
		itemIndex,
	});
}

/** The values of a dropdown's options, each with the name the editor shows. */
export function choicesOf<T extends string | number>(
	options: INodePropertyOptions[],
): ReadonlyMap<T, string> {
	return new Map(options.map((option) => [option.value as T, option.name]));
}

/**
 * A choice field (a dropdown, or an expression in its place) must hold one of its values.
 * `choices` maps each value to the name the editor shows.
 */
export function requireChoice<T extends string | number>(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	label: string,
	value: unknown,
	choices: ReadonlyMap<T, string>,
): T {
	for (const allowed of choices.keys()) {
		if (
			value === allowed ||
			(typeof allowed === 'number' && value !== '' && Number(value) === allowed)
		) {
			return allowed;
		}
	}
	const names = [...choices.values()].join(', ');
	throw inputError(
		ctx,
		itemIndex,
		`"${label}" is ${JSON.stringify(value)}, which is not one of its choices`,
		`Pick one of: ${names}. If "${label}" is an expression, make it give one of these values.`,
	);
}

/**
 * A text field's length in characters, between `min` and `max`. An empty field passes only when
 * `min` is 0.
 */
export function requireLength(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	label: string,
	text: string,
	min: number,
	max: number,
): void {
	const length = characterCount(text);
	if (text.trim() === '' && min > 0) {
		throw inputError(
			ctx,
			itemIndex,
			`"${label}" is empty`,
			`Write ${min > 1 ? `${min} to ` : 'at most '}${plural(max, 'character')}.`,
		);
	}
	if (length < min) {
		throw inputError(
			ctx,
			itemIndex,
			`"${label}" is ${plural(length, 'character')} long; it needs at least ${min}`,
			`Add ${plural(min - length, 'character')} or more.`,
		);
	}
	if (length > max) {
		throw inputError(
			ctx,
			itemIndex,
			`"${label}" is ${plural(length, 'character')} long; MiniMax accepts at most ${max}`,
			`Shorten it by ${plural(length - max, 'character')}.`,
		);
	}
}

/** Reads a choice parameter and checks it (see `requireChoice`). */
export function readChoice<T extends string | number>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	choices: ReadonlyMap<T, string>,
	fallback?: T,
): T {
	return requireChoice(
		ctx,
		itemIndex,
		label,
		ctx.getNodeParameter(name, itemIndex, fallback),
		choices,
	);
}
