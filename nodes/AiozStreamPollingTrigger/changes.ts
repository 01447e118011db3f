/**
 * What a poll emits and what it remembers, kept apart from the requests so the rules read in one
 * place.
 *
 * AIOZ Stream has no "changed since" filter, so a poll lists the media in the selected end states
 * sorted by `updated_at`, newest first, and reads back to its cursor: the `updated_at` of the newest
 * media it handled. Timestamps are the server's own, so n8n's clock does not matter.
 * - Equal timestamps: a media whose `updated_at` equals the cursor may be new (it changed in the
 *   same millisecond as the last one handled, after that poll listed), so the cursor comes with
 *   the media handled lately; those are not emitted again.
 * - Edits: AIOZ Stream's API has no call that transcodes a media again (complete starts the one
 *   transcoding of an upload), so a media already handled with the same status whose `updated_at`
 *   moved was edited (title, tags, cover image): it is not emitted again. This also keeps a workflow that edits the audio it
 *   was started for from starting itself again at the next poll. A media handled with another
 *   status (failed, then done) is emitted.
 */
import type { IDataObject } from 'n8n-workflow';

/** What the node keeps in the workflow's static data between polls (n8n saves it with each emission). */
export interface PollState extends IDataObject {
	/**
	 * `updated_at` of the newest media handled, as the API wrote it; null when no media matched at
	 * the first poll (every later one is new); absent before the first poll.
	 */
	cursor?: string | null;
	/** [media id, status] of the media handled lately, oldest first. */
	handled?: Array<[string, string]>;
}

/**
 * How many handled media the state remembers: enough for every tie at the cursor and for the
 * edits a workflow makes to the audio it was just started for, small enough for n8n to save the
 * state with every execution (about 25 KB).
 */
export const MAX_HANDLED = 500;

/** A media's `updated_at` in milliseconds; NaN when it has none the poll can place in time. */
export function updatedAtMs(media: IDataObject): number {
	return typeof media.updated_at === 'string' ? Date.parse(media.updated_at) : Number.NaN;
}

function mediaId(media: IDataObject): string {
	return typeof media.id === 'string' || typeof media.id === 'number' ? String(media.id) : '';
}

/** The media that can be placed in time: an id and a readable `updated_at`. */
function placeable(listed: IDataObject[]): IDataObject[] {
	return listed.filter((media) => mediaId(media) && Number.isFinite(updatedAtMs(media)));
}

/** Newest first, whatever order the page came in. */
function newestFirst(media: IDataObject[]): IDataObject[] {
	return [...media].sort((a, b) => updatedAtMs(b) - updatedAtMs(a));
}

/**
 * The first poll's state: the newest media listed is where "now" is, and every media sharing its
 * timestamp counts as handled. Nothing is emitted: media that ended before the workflow was
 * published are not news.
 */
export function startingState(newestPage: IDataObject[]): PollState {
	const [newest] = newestFirst(placeable(newestPage));
	if (!newest) return { cursor: null, handled: [] };
	const at = updatedAtMs(newest);
	return {
		cursor: String(newest.updated_at),
		handled: placeable(newestPage)
			.filter((media) => updatedAtMs(media) === at)
			.map((media) => [mediaId(media), String(media.status)]),
	};
}

/** The cursor in milliseconds: everything older than it was handled by an earlier poll. */
export function cursorMs(state: PollState): number {
	return state.cursor ? Date.parse(state.cursor) : Number.NEGATIVE_INFINITY;
}

/**
 * The media of `listed` (read newest first down to the cursor) to emit, oldest first, and the state
 * after emitting them.
 */
export function changesSince(
	state: PollState,
	listed: IDataObject[],
): { fresh: IDataObject[]; next: PollState } {
	const since = cursorMs(state);
	const handled = new Map(state.handled ?? []);
	const seenThisPoll = new Set<string>();
	const fresh: IDataObject[] = [];
	let cursor = state.cursor ?? null;
	for (const media of newestFirst(placeable(listed))) {
		const id = mediaId(media);
		const at = updatedAtMs(media);
		// A page boundary can repeat a media when the list shifted while it was read.
		if (at < since || seenThisPoll.has(id)) continue;
		seenThisPoll.add(id);
		if (cursor === null || at > Date.parse(cursor)) cursor = String(media.updated_at);
		if (handled.get(id) !== String(media.status)) fresh.push(media);
	}
	fresh.reverse();
	// Oldest first, so the newest (those at the new cursor) are the last ones the limit drops.
	for (const media of fresh) {
		const id = mediaId(media);
		handled.delete(id);
		handled.set(id, String(media.status));
	}
	return { fresh, next: { cursor, handled: [...handled].slice(-MAX_HANDLED) } };
}
