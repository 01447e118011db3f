/**
 * Get: GET /{media|videos}/{id} — the media object with its status and, once transcoded, its
 * `assets` (hls_url, dash_url, player links; audio has no mp4_url).
 *
 * Declarative, also when waiting. n8n dispatches `customOperations` by resource and operation
 * only (n8n-core WorkflowExecute.getCustomOperation), so `get` cannot be a custom operation only
 * when "Wait for Transcoding" is on. Instead its post-receive hook keeps polling, through the same
 * transport and `waitForTranscoding` as the one-step upload, until the status is final or the
 * timeout passes; without waiting, it is a single plain request.
 */
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyRouting,
} from 'n8n-workflow';

import { DONE_STATUSES, FAILED_STATUSES, mediaFromBody } from '../../helpers/media';
import {
	aiozPostReceive,
	aiozRequest,
	mediaIdParameter,
	requireMediaId,
	routeExpression,
	routeUrl,
	ROUTES,
	type AiozContext,
} from '../../transport';
import {
	DEFAULT_POLL_INTERVAL_S,
	DEFAULT_WAIT_TIMEOUT_S,
	mediaIdField,
	pollIntervalOption,
	waitForCompletionField,
	waitTimeoutOption,
} from './fields';

export const description: INodeProperties[] = [
	mediaIdField('get', 'ID of the audio to read'),
	waitForCompletionField('get', false),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: {
			show: { resource: ['audio'], operation: ['get'], waitForCompletion: [true] },
		},
		options: [pollIntervalOption, waitTimeoutOption],
	},
];

export interface WaitSettings {
	timeoutMs: number;
	pollIntervalMs: number;
}

/** Reads the waiting options ("Wait Timeout", "Poll Interval") of an item. */
export function waitSettingsFrom(options: IDataObject): WaitSettings {
	const timeout = Number(options.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_S);
	const interval = Number(options.pollInterval ?? DEFAULT_POLL_INTERVAL_S);
	return {
		timeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_WAIT_TIMEOUT_S) * 1000,
		pollIntervalMs: (Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_POLL_INTERVAL_S) * 1000,
	};
}

/** Reads a media object (one GET, transient failures retried). */
export async function getMedia(
	ctx: AiozContext,
	itemIndex: number,
	mediaId: string,
): Promise<IDataObject> {
	const body = await aiozRequest(ctx, {
		method: 'GET',
		url: routeUrl(ROUTES.media, mediaId),
		itemIndex,
		mediaId,
		retry: 'transient',
	});
	return mediaFromBody(body, ctx.getNode(), itemIndex);
}

/**
 * Polls a media until its status is "done" (returns it) or a failure status (throws), or until
 * the timeout passes (throws with the id and the last status). Waits use `sleep` from n8n-workflow
 * and stop when the execution is cancelled.
 */
export async function waitForTranscoding(
	ctx: AiozContext,
	itemIndex: number,
	mediaId: string,
	settings: WaitSettings,
	current?: IDataObject,
): Promise<IDataObject> {
	const started = Date.now();
	const deadline = started + settings.timeoutMs;
	let media = current ?? (await getMedia(ctx, itemIndex, mediaId));
	for (;;) {
		const status = String(media.status ?? '');
		if (DONE_STATUSES.includes(status)) return media;
		if (FAILED_STATUSES.includes(status)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Transcoding of media "${mediaId}" failed (status "${status}")`,
				{ itemIndex, description: 'AIOZ Stream could not transcode the file: check that it is a valid audio file.' },
			);
		}
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			const waited = Math.round((Date.now() - started) / 1000);
			throw new NodeOperationError(
				ctx.getNode(),
				`Timed out after ${waited} s waiting for media "${mediaId}" to finish transcoding (last status: "${status || 'unknown'}")`,
				{
					itemIndex,
					description:
						'Raise "Wait Timeout", or read the media later with the Get operation without waiting.',
				},
			);
		}
		await sleep(Math.min(settings.pollIntervalMs, remaining), ctx.getExecutionCancelSignal());
		media = await getMedia(ctx, itemIndex, mediaId);
	}
}

export const routing: INodePropertyRouting = {
	request: { method: 'GET', url: routeExpression(ROUTES.media) },
	send: { preSend: [requireMediaId] },
	output: {
		postReceive: [
			aiozPostReceive(async function (body) {
				const itemIndex = this.getItemIndex();
				const media = mediaFromBody(body, this.getNode(), itemIndex);
				if (!this.getNodeParameter('waitForCompletion', false)) return media;
				const settings = waitSettingsFrom(this.getNodeParameter('options', {}) as IDataObject);
				return await waitForTranscoding(this, itemIndex, mediaIdParameter(this), settings, media);
			}),
		],
	},
};

/** For the one-step upload: the media after complete, waited for if asked. */
export async function getMediaAfterUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	wait: WaitSettings | undefined,
): Promise<IDataObject> {
	return wait
		? await waitForTranscoding(ctx, itemIndex, mediaId, wait)
		: await getMedia(ctx, itemIndex, mediaId);
}
