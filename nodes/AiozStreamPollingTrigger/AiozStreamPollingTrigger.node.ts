import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { DONE_STATUSES, FAILED_STATUSES, PAGE_SIZE } from '../AiozStream/constants';
import { listMedia } from '../AiozStream/transport';
import { DEFAULT_EVENTS, eventOfType, eventsField } from '../AiozStreamTrigger/events';
import { changesSince, cursorMs, startingState, updatedAtMs, type PollState } from './changes';

/**
 * The events a poll can see: the two ways transcoding ends, each with the status the list is
 * filtered by and the statuses that count as it when read back.
 */
const ENDINGS = [
	{ flag: 'encoding_failed', listStatus: 'fail', statuses: FAILED_STATUSES },
	{ flag: 'encoding_finished', listStatus: 'done', statuses: DONE_STATUSES },
].flatMap((ending) => {
	const event = eventOfType(ending.flag);
	return event ? [{ ...ending, event }] : [];
});

type Ending = (typeof ENDINGS)[number];

/** How a media's transcoding ended, among the selected endings; undefined for any other status. */
function endingOf(endings: Ending[], media: IDataObject): Ending | undefined {
	return endings.find(({ statuses }) => statuses.includes(String(media.status)));
}

function selectedEndings(ctx: IPollFunctions): Ending[] {
	const events = ctx.getNodeParameter('events', DEFAULT_EVENTS) as string[];
	const selected = ENDINGS.filter(({ flag }) => Array.isArray(events) && events.includes(flag));
	if (selected.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one event in "Events"', {
			description:
				'Pick Encoding Finished, Encoding Failed or both: the trigger looks for nothing else.',
		});
	}
	return selected;
}

/** The list request's filters: the selected end states, most recently changed first. */
function listFilters(ctx: IPollFunctions, endings: Ending[]): IDataObject {
	const filters: IDataObject = {
		status: endings.map(({ listStatus }) => listStatus),
		sort_by: 'updated_at',
		order_by: 'desc',
	};
	if (ctx.getNodeParameter('audioOnly', true) as boolean) filters.type = 'audio';
	return filters;
}

/** One item per media, shaped like the AIOZ Stream Trigger's, so either trigger can start the same workflow. */
function toItems(
	ctx: IPollFunctions,
	endings: Ending[],
	media: IDataObject[],
	checkedAt: string,
): INodeExecutionData[] {
	return media.flatMap((found) => {
		const ending = endingOf(endings, found);
		if (!ending) return [];
		return ctx.helpers.returnJsonArray({
			event: ending.event.type,
			emitted_at: String(found.updated_at),
			received_at: checkedAt,
			media_id: String(found.id),
			media: found,
		});
	});
}

/**
 * AIOZ Stream Polling Trigger: starts the workflow when an audio finishes or fails transcoding, by
 * asking AIOZ Stream on n8n's Poll Times instead of waiting for a webhook. It needs no public URL,
 * so it works for an n8n on a laptop or behind NAT, at the cost of up to one poll interval of delay.
 *
 * State (the workflow's static data, saved by n8n with each emission): the `updated_at` of the
 * newest media handled and the media handled lately (changes.ts says why both). The first poll
 * after publishing records where "now" is and emits nothing; a poll that fails changes nothing, so
 * the next one reads the same window again.
 */
export class AiozStreamPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIOZ Stream Polling Trigger',
		name: 'aiozStreamPollingTrigger',
		icon: {
			light: 'file:../AiozStream/aiozStream.svg',
			dark: 'file:../AiozStream/aiozStream.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ").replace(/_/g, " ") }}',
		description:
			'Starts the workflow when an audio finishes or fails transcoding, by checking AIOZ Stream on a schedule (no public n8n URL needed)',
		defaults: { name: 'AIOZ Stream Polling Trigger' },
		polling: true,
		activationMessage:
			'From now on, each poll starts this workflow for the audio that finished or failed transcoding since the previous poll.',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aiozStreamApi', required: true }],
		properties: [
			{
				displayName:
					'Checks AIOZ Stream at each Poll Time: no public n8n URL needed, unlike the AIOZ Stream Trigger. The first check after publishing only notes where "now" is; each later one emits the audio that ended since.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			eventsField(
				ENDINGS.map(({ event }) => event),
				'Which transcoding outcomes start the workflow',
			),
			{
				displayName: 'Audio Only',
				name: 'audioOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to ignore videos: the account may hold both',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const endings = selectedEndings(this);
		const filters = listFilters(this, endings);
		const checkedAt = new Date().toISOString();

		// "Fetch Test Event" in the editor: the latest media, to show the shape; the state is untouched.
		if (this.getMode() === 'manual') {
			const latest = toItems(this, endings, await listMedia(this, 0, filters, 1), checkedAt);
			if (latest.length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					'No audio in this AIOZ Stream account has finished or failed transcoding yet',
					{
						description:
							'Upload an audio (AIOZ Stream node, Upload), wait until it is transcoded, then fetch a test event again. Check "Events" and "Audio Only" if one exists.',
					},
				);
			}
			return [latest];
		}

		// The list's status filter already chose the endings; a media it let through otherwise is not news.
		const ended = (media: IDataObject[]) => media.filter((found) => endingOf(endings, found));
		const state = this.getWorkflowStaticData('node') as PollState;
		if (state.cursor === undefined) {
			Object.assign(state, startingState(ended(await listMedia(this, 0, filters, PAGE_SIZE))));
			return null;
		}
		const since = cursorMs(state);
		const listed = await listMedia(this, 0, filters, undefined, {
			isLastPage: (page) => page.some((media) => updatedAtMs(media) < since),
		});
		const { fresh, next } = changesSince(state, ended(listed));
		Object.assign(state, next);
		const items = toItems(this, endings, fresh, checkedAt);
		return items.length > 0 ? [items] : null;
	}
}
