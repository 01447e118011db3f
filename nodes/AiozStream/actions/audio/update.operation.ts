/** Update: PATCH /{media|videos}/{id} with the fields to change. Declarative. */
import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyRouting,
} from 'n8n-workflow';

import { buildUpdateBody } from '../../helpers/mediaBody';
import {
	aiozPostReceive,
	mediaIdParameter,
	requireMediaId,
	routeExpression,
	ROUTES,
} from '../../transport';
import { mediaIdField, updateFieldsCollection } from './fields';

export const description: INodeProperties[] = [
	mediaIdField('update', 'ID of the audio to change'),
	updateFieldsCollection('update'),
];

async function updatePreSend(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.body = buildUpdateBody(
		(name, fallback) => this.getNodeParameter(name, fallback),
		this.getNode(),
		this.getItemIndex(),
	);
	return requestOptions;
}

export const routing: INodePropertyRouting = {
	request: { method: 'PATCH', url: routeExpression(ROUTES.media) },
	send: { preSend: [requireMediaId, updatePreSend] },
	output: {
		postReceive: [
			aiozPostReceive(function (body) {
				return { id: mediaIdParameter(this), updated: true, message: body.message ?? 'success' };
			}),
		],
	},
};
