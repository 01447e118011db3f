/**
 * The one reader of an API's error body, for both nodes: the server's own words, with the
 * field-level reasons of a validation error ("audio_setting.format must be one of: mp3, wav"),
 * never an HTML error page, and short enough for a message.
 */
import type { IDataObject } from 'n8n-workflow';

const MAX_MESSAGE_LENGTH = 500;

/** Keys under which gateways list the reasons of a validation error. */
const REASON_LISTS = ['errors', 'details', 'issues', 'meta'] as const;

/** The body as a JSON object, whether the HTTP client parsed it or not; undefined otherwise. */
export function parseJsonBody(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
		return body as IDataObject;
	}
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** A server's text fit for a message: not an HTML page, not empty, cut to a readable length. */
function readableText(text: string): string | undefined {
	const trimmed = text.trim();
	if (!trimmed || trimmed.startsWith('<')) return undefined;
	return trimmed.length > MAX_MESSAGE_LENGTH
		? `${trimmed.slice(0, MAX_MESSAGE_LENGTH - 3)}...`
		: trimmed;
}

/** One reason of a list: a string, or `{ message | msg, path | field | property }`. */
function reasonText(entry: unknown): string | undefined {
	if (typeof entry === 'string') return entry.trim() || undefined;
	if (!entry || typeof entry !== 'object') return undefined;
	const { message, msg, path, field, property } = entry as IDataObject;
	const text = [message, msg].find((value) => typeof value === 'string' && value.trim()) as
		| string
		| undefined;
	if (!text) return undefined;
	const where = Array.isArray(path)
		? path.join('.')
		: [path, field, property].find((v) => typeof v === 'string');
	return where && !text.startsWith(String(where))
		? `${String(where)}: ${text.trim()}`
		: text.trim();
}

/** The field-level reasons an error body lists (a validation error), in order. */
export function errorReasons(body: unknown): string[] {
	const parsed = parseJsonBody(body);
	if (!parsed) return [];
	const lists = [parsed.message, ...REASON_LISTS.map((key) => parsed[key])];
	const reasons: string[] = [];
	for (const list of lists) {
		if (!Array.isArray(list)) continue;
		for (const entry of list) {
			const reason = reasonText(entry);
			if (reason && !reasons.includes(reason)) reasons.push(reason);
		}
	}
	return reasons;
}

/**
 * What the server said, from an error body: its `message` (or `error`, `detail`; a string or an
 * object with a `message`), followed by the reasons it lists, if any. Undefined when the body says
 * nothing readable (empty, an HTML page).
 */
export function messageFromBody(body: unknown): string | undefined {
	const parsed = parseJsonBody(body);
	if (!parsed) return typeof body === 'string' ? readableText(body) : undefined;
	let headline: string | undefined;
	for (const candidate of [parsed.message, parsed.error, parsed.detail]) {
		const text =
			typeof candidate === 'string'
				? candidate
				: candidate && typeof candidate === 'object' && !Array.isArray(candidate)
					? (candidate as IDataObject).message
					: undefined;
		if (typeof text === 'string' && text.trim()) {
			headline = text.trim();
			break;
		}
	}
	const reasons = errorReasons(parsed).filter((reason) => !headline?.includes(reason));
	if (!reasons.length) return headline === undefined ? undefined : readableText(headline);
	return readableText(
		[headline?.replace(/[.!:]+$/, ''), reasons.join('; ')].filter(Boolean).join(': '),
	);
}
