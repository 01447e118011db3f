/**
 * The declarative side of the transport: request defaults and the pre-send / post-receive hooks
 * the one-request operations share (create, complete, get, getMany, update, delete).
 *
 * HTTP errors are not thrown by n8n here (`ignoreHttpStatusErrors`): `aiozPostReceive` maps them
 * with the same rules as the custom operations (errors.ts), so a 401 reads the same everywhere.
 */
import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
	type INodeExecutionData,
	type PostReceiveAction,
} from 'n8n-workflow';

import { ENDPOINT_EXPRESSION } from './environment';
import { aiozApiError } from './errors';
import type { AiozResponseBody } from './request';

export const aiozRequestDefaults: DeclarativeRestApiSettings.HttpRequestOptions = {
	baseURL: ENDPOINT_EXPRESSION,
	headers: { accept: 'application/json' },
	ignoreHttpStatusErrors: true,
	json: true,
};

/** The `mediaId` parameter of the current item, trimmed ('' when the operation has none). */
export function mediaIdParameter(ctx: IExecuteSingleFunctions): string {
	const value = ctx.getNodeParameter('mediaId', '') as unknown;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

/** Returns the trimmed Media ID, or fails when it is empty (e.g. `{{ $json.id }}` on an item without id). */
export function checkMediaId(node: INode, value: unknown, itemIndex: number): string {
	const mediaId = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!mediaId) {
		throw new NodeOperationError(node, `Media ID is empty (item ${itemIndex})`, {
			itemIndex,
			description:
				'Set the Media ID, or map it from the previous node, e.g. {{ $json.id }} after Create or Upload Part.',
		});
	}
	return mediaId;
}

/** Pre-send hook: refuses an empty Media ID before any request. */
export async function requireMediaId(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	checkMediaId(this.getNode(), this.getNodeParameter('mediaId', ''), this.getItemIndex());
	return requestOptions;
}

type Shape = (
	this: IExecuteSingleFunctions,
	body: AiozResponseBody,
) => Promise<IDataObject | IDataObject[]> | IDataObject | IDataObject[];

/**
 * Post-receive hook of every declarative operation: maps API errors, shapes the answer with
 * `shape`, links each output item to its input item, and optionally keeps the input's binary
 * (so a plain chain Create → Upload Part still has the file).
 * With Continue On Fail, a failure becomes an `{ error }` item linked to its input.
 */
export function aiozPostReceive(shape: Shape, options: { keepBinary?: boolean } = {}): PostReceiveAction {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const pairedItem = { item: itemIndex };
		let results: IDataObject[];
		try {
			const body = response.body as AiozResponseBody;
			if (response.statusCode >= 400 || body?.status === 'error') {
				throw aiozApiError(this.getNode(), Math.max(response.statusCode, 400), body, {
					itemIndex,
					mediaId: mediaIdParameter(this) || undefined,
				});
			}
			const shaped = await shape.call(this, body ?? {});
			results = Array.isArray(shaped) ? shaped : [shaped];
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			return [{ json: { error: (error as Error).message }, pairedItem }];
		}
		const binary = options.keepBinary ? this.getInputData().binary : undefined;
		return results.map((json) => (binary ? { json, binary, pairedItem } : { json, pairedItem }));
	};
}

/** Keeps NodeApiError / NodeOperationError as they are; wraps anything else. */
export function asNodeError(
	ctx: Pick<IExecuteSingleFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number,
): Error {
	if (error instanceof Error && (error.name === 'NodeApiError' || error.name === 'NodeOperationError')) {
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
