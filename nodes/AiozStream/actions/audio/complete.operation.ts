/**
 * Complete: GET /{media|videos}/{id}/complete — tells AIOZ Stream every part is there, which
 * starts transcoding. Declarative.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyRouting } from 'n8n-workflow';

import {
	aiozPostReceive,
	aiozRequest,
	mediaIdParameter,
	requireMediaId,
	routeExpression,
	routeUrl,
	ROUTES,
	type AiozResponseBody,
} from '../../transport';
import { mediaIdField } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('complete', 'ID of the audio whose parts are all uploaded'),
];

/** Output of complete: the media id and the API's message. */
export function completionResult(mediaId: string, body: AiozResponseBody): IDataObject {
	return { id: mediaId, message: body.message ?? body.status ?? 'success' };
}

export const routing: INodePropertyRouting = {
	request: { method: 'GET', url: routeExpression(ROUTES.complete) },
	send: { preSend: [requireMediaId] },
	output: {
		postReceive: [
			aiozPostReceive(function (body) {
				return completionResult(mediaIdParameter(this), body);
			}),
		],
	},
};

/** Sends the complete request (for the one-step upload). */
export async function completeMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
): Promise<IDataObject> {
	const body = await aiozRequest(ctx, {
		method: 'GET',
		url: routeUrl(ROUTES.complete, mediaId),
		itemIndex,
		mediaId,
		retry: 'rateLimit',
	});
	return completionResult(mediaId, body);
}
