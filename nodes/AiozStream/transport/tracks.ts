/**
 * Chapters and captions of a media: WebVTT files stored per language, under
 * `/{id}/chapters/{lan}` and `/{id}/captions/{lan}` of the media route family. Each call goes
 * through `aiozRequest` (request.ts), as every call of the node does.
 *
 * Which calls are idempotent (retried on 5xx and dropped connections as well as on 429):
 * - upload: yes, a media has one track per kind and language, so the same file sent twice leaves
 *   the same track;
 * - list: yes, it only reads;
 * - set the default caption: yes, setting the same default twice leaves the same default;
 * - delete: yes, once gone it stays gone (a retry that finds it gone counts as deleted).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { TRACK_PAGE_SIZE } from '../constants';
import { textFieldsMultipart } from '../../shared/multipart';
import { collectPages, deleteRequest, fileFormData, mediaSubject, pageOf, routeUrl } from './api';
import type { AiozSubject } from './errors';
import { aiozRequest, getEndpoint } from './request';

export type TrackKind = 'chapter' | 'caption';

/** A WebVTT file ready to send. */
export interface TrackFile {
	bytes: Buffer;
	fileName: string;
}

/** Routes relative to the route family, and the keys their answers put the track(s) under. */
const TRACKS = {
	chapter: {
		list: '/{id}/chapters',
		track: '/{id}/chapters/{lan}',
		listKey: 'media_chapters',
		oneKey: 'media_chapter',
	},
	caption: {
		list: '/{id}/captions',
		track: '/{id}/captions/{lan}',
		listKey: 'media_captions',
		oneKey: 'media_caption',
	},
} as const;

/** One track of a media: which media, which language. */
export interface TrackTarget {
	mediaId: string;
	language: string;
}

/**
 * The subject of a request about one track, for its 404: the media or the track may be missing,
 * the answer does not say which.
 */
function trackSubject(kind: TrackKind, { language }: TrackTarget): AiozSubject {
	return { kind, id: language, field: 'Media ID and the Language' };
}

function trackUrl(kind: TrackKind, { mediaId, language }: TrackTarget): string {
	return routeUrl(TRACKS[kind].track, { id: mediaId, lan: language });
}

/**
 * POST /{id}/{chapters|captions}/{lan}: uploads a WebVTT file (multipart, one field `file`).
 * Returns the track as the API answers it (`data.media_chapter` / `data.media_caption`), or, when
 * the answer has none, what was sent.
 */
export async function uploadTrack(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: TrackKind,
	target: TrackTarget,
	file: TrackFile,
): Promise<IDataObject> {
	const responseBody = await aiozRequest(ctx, {
		method: 'POST',
		url: trackUrl(kind, target),
		...fileFormData({ ...file, mimeType: 'text/vtt' }),
		itemIndex,
		subject: mediaSubject(target.mediaId),
		idempotent: true,
	});
	const track = responseBody.data?.[TRACKS[kind].oneKey];
	return track && typeof track === 'object' && !Array.isArray(track)
		? (track as IDataObject)
		: { language: target.language };
}

/**
 * GET /{id}/{chapters|captions}?offset=…&limit=…, page by page (at most 100 each, the API's
 * limit), until `maxResults` tracks (all when undefined) or the end.
 */
export async function listTracks(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: TrackKind,
	mediaId: string,
	maxResults: number | undefined,
): Promise<IDataObject[]> {
	const endpoint = await getEndpoint(ctx, itemIndex);
	return await collectPages(maxResults, TRACK_PAGE_SIZE, async (offset, limit) => {
		const page = new URLSearchParams({ offset: String(offset), limit: String(limit) });
		const responseBody = await aiozRequest(ctx, {
			method: 'GET',
			url: `${routeUrl(TRACKS[kind].list, { id: mediaId })}?${page.toString()}`,
			itemIndex,
			endpoint,
			subject: mediaSubject(mediaId),
			idempotent: true,
		});
		return pageOf(responseBody, TRACKS[kind].listKey);
	});
}

/**
 * PATCH /{id}/captions/{lan}: makes the caption the media's default. The spec declares a
 * multipart body with a boolean `is_default` (the official Node client sends none): it is sent,
 * `is_default=true`, so a server that reads it gets what the spec asks for.
 */
export async function setDefaultCaption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	target: TrackTarget,
): Promise<void> {
	const form = textFieldsMultipart([['is_default', 'true']]);
	await aiozRequest(ctx, {
		method: 'PATCH',
		url: trackUrl('caption', target),
		headers: { 'Content-Type': form.contentType },
		body: form.body,
		itemIndex,
		subject: trackSubject('caption', target),
		idempotent: true,
	});
}

/** DELETE /{id}/{chapters|captions}/{lan}. */
export async function deleteTrack(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: TrackKind,
	target: TrackTarget,
): Promise<void> {
	await deleteRequest(ctx, {
		url: trackUrl(kind, target),
		itemIndex,
		subject: trackSubject(kind, target),
	});
}
