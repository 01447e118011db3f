import type { INodeProperties } from 'n8n-workflow';

/**
 * The five AIOZ Stream webhook events: the subscription flag of each (snake_case, as in the
 * webhook object), the `type` its deliveries carry (dotted) and its name in the editor.
 */
export const AIOZ_EVENTS = [
	{ flag: 'file_received', type: 'file.received', name: 'File Received', description: 'The upload is complete: AIOZ Stream has the whole file' },
	{ flag: 'encoding_started', type: 'encoding.started', name: 'Encoding Started', description: 'Transcoding to HLS/DASH has started' },
	{ flag: 'partial_finished', type: 'partial.finished', name: 'Partial Finished', description: 'One quality is transcoded; others may still be running' },
	{ flag: 'encoding_finished', type: 'encoding.finished', name: 'Encoding Finished', description: 'Transcoding is done: the streaming links work' },
	{ flag: 'encoding_failed', type: 'encoding.failed', name: 'Encoding Failed', description: 'AIOZ Stream could not transcode the file' },
] as const;

type AiozEventFlag = (typeof AIOZ_EVENTS)[number]['flag'];

export const DEFAULT_EVENTS: AiozEventFlag[] = ['encoding_finished', 'encoding_failed'];

/** The Events field of the AIOZ Stream triggers, offering `events`, DEFAULT_EVENTS selected. */
export function eventsField(
	events: ReadonlyArray<(typeof AIOZ_EVENTS)[number]>,
	description: string,
): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...DEFAULT_EVENTS],
		options: events.map(({ flag, name, description }) => ({ name, value: flag, description })),
		description,
	};
}

/**
 * The event a delivery's `type` names, whichever spelling it uses: AIOZ's documents show dotted
 * types (`encoding.finished`) while the subscription flags are snake_case (`encoding_finished`).
 */
export function eventOfType(type: unknown): (typeof AIOZ_EVENTS)[number] | undefined {
	if (typeof type !== 'string') return undefined;
	const normalised = type.trim().toLowerCase().replace(/[._\s-]+/g, '_');
	return AIOZ_EVENTS.find((event) => event.flag === normalised);
}

/** The subscription flags of a webhook that listens to `selected` (every flag present, true or false). */
export function eventFlags(selected: readonly string[]): Record<AiozEventFlag, boolean> {
	return Object.fromEntries(
		AIOZ_EVENTS.map((event) => [event.flag, selected.includes(event.flag)]),
	) as Record<AiozEventFlag, boolean>;
}
