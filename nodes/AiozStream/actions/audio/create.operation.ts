/**
 * Create: POST /{media|videos}/create with `{ title, type: 'audio', ...custom configuration }`.
 * Declarative; the body is built and checked before sending (helpers/mediaBody.ts).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyRouting,
} from 'n8n-workflow';

import { buildCreateBody } from '../../helpers/mediaBody';
import { mediaFromBody } from '../../helpers/media';
import { aiozPostReceive, aiozRequest, ROUTES } from '../../transport';
import { createFieldsCollection, titleField } from './fields';

export const description: INodeProperties[] = [
	titleField('create'),
	createFieldsCollection('create'),
];

async function createPreSend(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.body = buildCreateBody(
		(name, fallback) => this.getNodeParameter(name, fallback),
		this.getNode(),
		this.getItemIndex(),
	);
	return requestOptions;
}

export const routing: INodePropertyRouting = {
	request: { method: 'POST', url: ROUTES.create },
	send: { preSend: [createPreSend] },
	output: {
		postReceive: [
			aiozPostReceive(
				function (body) {
					return mediaFromBody(body, this.getNode(), this.getItemIndex());
				},
				{ keepBinary: true },
			),
		],
	},
};

/** Reads and checks the create parameters of item `itemIndex` (no request). */
export function createBodyFor(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return buildCreateBody(
		(name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback),
		ctx.getNode(),
		itemIndex,
	);
}

/** Sends a create request (for the one-step upload) and returns the media object. */
export async function createMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<IDataObject> {
	const answer = await aiozRequest(ctx, {
		method: 'POST',
		url: ROUTES.create,
		body,
		itemIndex,
		retry: 'rateLimit',
	});
	return mediaFromBody(answer, ctx.getNode(), itemIndex);
}
