/** Delete: DELETE /{media|videos}/{id}. Declarative. */
import type { IExecuteFunctions, INodeProperties, INodePropertyRouting } from 'n8n-workflow';

import {
	aiozPostReceive,
	aiozRequest,
	mediaIdParameter,
	requireMediaId,
	routeExpression,
	routeUrl,
	ROUTES,
} from '../../transport';
import { mediaIdField } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('delete', 'ID of the audio to delete'),
];

export const routing: INodePropertyRouting = {
	request: { method: 'DELETE', url: routeExpression(ROUTES.media) },
	send: { preSend: [requireMediaId] },
	output: {
		postReceive: [
			aiozPostReceive(function () {
				return { id: mediaIdParameter(this), deleted: true };
			}),
		],
	},
};

/** Deletes a media (the one-step upload's clean-up after a failure). */
export async function deleteMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
): Promise<void> {
	await aiozRequest(ctx, {
		method: 'DELETE',
		url: routeUrl(ROUTES.media, mediaId),
		itemIndex,
		mediaId,
		retry: 'transient',
		maxAttempts: 3,
	});
}
