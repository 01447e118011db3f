/**
 * Checks of the user's input, run before any request. Each error names the field by its label in
 * the editor and says how to fix it.
 */
import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import { inputError } from '../../shared/parameters';
import { BITRATE_OPTIONS, FORMAT_OPTIONS, SAMPLE_RATE_OPTIONS } from '../constants';
import type { OutputFormat } from './audio';
import type { TextLimit } from './models';

/** "1 character", "3 characters". */
export function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Length in characters as a person counts them (an emoji is one), as the API counts. */
function characterCount(text: string): number {
	return [...text].length;
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
function requireChoice<T extends string | number>(
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
function requireLength(
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

/** Text of an optional field; empty, "undefined" or "null" (an expression with nothing to give) is unset. */
export function optionalText(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' || trimmed === 'undefined' || trimmed === 'null' ? undefined : trimmed;
}

/** A text field checked against its limit for the model; empty optional text is left out (undefined). */
export function readLimitedText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: 'prompt' | 'lyrics',
	label: string,
	limit: TextLimit,
): string | undefined {
	const text = ctx.getNodeParameter(name, itemIndex, '') as string;
	if (!limit.required && text.trim() === '') return undefined;
	requireLength(ctx, itemIndex, label, text, limit.required ? limit.min : 0, limit.max);
	return text;
}

const FORMAT_CHOICES = choicesOf<OutputFormat>(FORMAT_OPTIONS);

/** The Audio Settings fields: parameter name, label, `audio_setting` key, choices. */
const AUDIO_SETTING_FIELDS: Array<[string, string, string, ReadonlyMap<number, string>]> = [
	['sampleRate', 'Sample Rate', 'sample_rate', choicesOf<number>(SAMPLE_RATE_OPTIONS)],
	['bitrate', 'Bitrate', 'bitrate', choicesOf<number>(BITRATE_OPTIONS)],
];

/**
 * `audio_setting` from Audio Format and Audio Settings, each value checked. `formats` are the ones
 * the model writes (the asynchronous models take no PCM): another one is refused before sending.
 */
export function readAudioSetting(
	ctx: IExecuteFunctions,
	itemIndex: number,
	formats: readonly OutputFormat[],
): IDataObject & { format: OutputFormat } {
	const format = readChoice(ctx, itemIndex, 'format', 'Audio Format', FORMAT_CHOICES, 'mp3');
	if (!formats.includes(format)) {
		const names = formats.map((allowed) => FORMAT_CHOICES.get(allowed)).join(' or ');
		throw inputError(
			ctx,
			itemIndex,
			`"Audio Format" ${FORMAT_CHOICES.get(format)} is not made by this model`,
			`Set Audio Format to ${names}, or use the model Music-01 for ${FORMAT_CHOICES.get(format)}.`,
		);
	}
	const settings = ctx.getNodeParameter('audioSettings', itemIndex, {}) as IDataObject;
	const audioSetting: IDataObject & { format: OutputFormat } = { format };
	for (const [name, label, key, choices] of AUDIO_SETTING_FIELDS) {
		if (settings[name] !== undefined) {
			audioSetting[key] = requireChoice(ctx, itemIndex, label, settings[name], choices);
		}
	}
	return audioSetting;
}

/**
 * MiniMax's ids say what they are (vocal-… / instrumental-…): a pair pasted into the wrong fields
 * would only fail upstream, with a less helpful message.
 */
export function refuseSwappedIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	referVoice: string | undefined,
	referInstrumental: string | undefined,
): void {
	const misplaced = referVoice?.startsWith('instrumental-')
		? {
				field: 'Refer Voice',
				holds: 'an instrumental_id',
				id: referVoice,
				belongsIn: 'Refer Instrumental',
			}
		: referInstrumental?.startsWith('vocal-')
			? {
					field: 'Refer Instrumental',
					holds: 'a voice_id',
					id: referInstrumental,
					belongsIn: 'Refer Voice',
				}
			: undefined;
	if (!misplaced) return;
	throw inputError(
		ctx,
		itemIndex,
		`"${misplaced.field}" holds ${misplaced.holds}`,
		`Put "${misplaced.id}" in ${misplaced.belongsIn}, and leave ${misplaced.field} empty or give it the right id.`,
	);
}
