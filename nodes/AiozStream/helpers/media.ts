import { NodeApiError, type IDataObject, type INode } from 'n8n-workflow';

import type { AiozResponseBody } from '../transport';

/** Transcoding statuses after which waiting stops. */
export const DONE_STATUSES = ['done'];
export const FAILED_STATUSES = ['fail', 'failed', 'error'];

/**
 * The media object of a create or get answer (`{ status: 'success', data: { id, ... } }`).
 * An answer without it is reported rather than passed on as an empty item.
 */
export function mediaFromBody(body: AiozResponseBody, node: INode, itemIndex: number): IDataObject {
	const media = body.data;
	if (!media || typeof media !== 'object' || Array.isArray(media) || !media.id) {
		throw new NodeApiError(
			node,
			{ message: 'The answer has no media object' },
			{
				message: 'AIOZ Stream answered without a media object (no data.id)',
				description: `Answer status: ${String(body.status ?? 'none')}`,
				itemIndex,
			},
		);
	}
	return media;
}
