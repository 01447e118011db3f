/**
 * What the Chapter and Caption resources share: both are WebVTT files stored per media and
 * language, uploaded, listed and deleted the same way. Each builder gives an operation's
 * parameters and the function that runs it, for one kind; the leaf files pick theirs.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../shared/items';
import { WEBVTT_FILE_LABEL } from '../constants';
import { LANGUAGE_TAG_EXAMPLES, readLanguage } from '../helpers/language';
import { readMaxResults, readMediaId } from '../helpers/parameters';
import { readWebVttFile } from '../helpers/webVtt';
import {
	deleteTrack,
	listTracks,
	uploadTrack,
	type TrackKind,
	type TrackTarget,
} from '../transport';
import { mediaIdField as audioMediaIdField } from './audio/fields';
import { showForOperation } from './display';
import { returnAllFields } from './listFields';

/** A kind's operation: its parameters and what runs it per item. */
export interface TrackOperation {
	description: INodeProperties[];
	execute: Operation;
}

/** How messages and descriptions name a kind's tracks. */
const NAMES: Record<TrackKind, { one: string; many: string }> = {
	chapter: { one: 'chapters file', many: 'chapters files' },
	caption: { one: 'caption (transcript or subtitles)', many: 'captions' },
};

export function mediaIdField(kind: TrackKind, operation: string): INodeProperties {
	return {
		...audioMediaIdField(operation, `ID of the audio the ${NAMES[kind].many} belong to`),
		hint: 'After an Audio operation (Upload, Create, Get), the media ID is the id field of the incoming item',
		displayOptions: showForOperation(kind, operation),
	};
}

export function languageField(kind: TrackKind, operation: string): INodeProperties {
	return {
		displayName: 'Language',
		name: 'language',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'en',
		description: `Language of the ${NAMES[kind].one} as a BCP 47 tag, e.g. ${LANGUAGE_TAG_EXAMPLES}. A media has at most one per language.`,
		displayOptions: showForOperation(kind, operation),
	};
}

/** Media ID and Language, checked: the track an operation is about. */
export function readTrackTarget(ctx: IExecuteFunctions, itemIndex: number): TrackTarget {
	return { mediaId: readMediaId(ctx, itemIndex), language: readLanguage(ctx, itemIndex) };
}

/** Upload: a WebVTT file from a binary field, as the media's chapters or caption in one language. */
export function trackUpload(kind: TrackKind): TrackOperation {
	return {
		description: [
			mediaIdField(kind, 'upload'),
			languageField(kind, 'upload'),
			{
				displayName: WEBVTT_FILE_LABEL,
				name: 'binaryPropertyName',
				type: 'string',
				required: true,
				default: 'data',
				hint: 'The name of the input binary field holding the .vtt file',
				description: `Binary property of the incoming item with the ${NAMES[kind].one} as a WebVTT (.vtt) file, e.g. from Read/Write Files from Disk or HTTP Request. Checked before sending: it must start with "WEBVTT".`,
				displayOptions: showForOperation(kind, 'upload'),
			},
		],
		async execute(
			this: IExecuteFunctions,
			itemIndex: number,
			item: INodeExecutionData,
		): Promise<INodeExecutionData> {
			const target = readTrackTarget(this, itemIndex);
			const file = await readWebVttFile(this, itemIndex, target.language);
			const track = await uploadTrack(this, itemIndex, kind, target, file);
			// Keep the file on the item, as Set Cover Image does: a next node can use it too.
			return {
				json: { mediaId: target.mediaId, language: target.language, ...track },
				binary: item.binary,
			};
		},
	};
}

/** Get Many: the media's tracks of this kind, one item each, with the media ID. */
export function trackGetMany(kind: TrackKind): TrackOperation {
	return {
		description: [mediaIdField(kind, 'getMany'), ...returnAllFields(kind, 'getMany')],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
			const mediaId = readMediaId(this, itemIndex);
			const maxResults = readMaxResults(this, itemIndex, NAMES[kind].many);
			const tracks = await listTracks(this, itemIndex, kind, mediaId, maxResults);
			return tracks.map((track) => ({ json: { mediaId, ...track } }));
		},
	};
}

/** Delete: removes the media's track of this kind in one language. */
export function trackDelete(kind: TrackKind): TrackOperation {
	return {
		description: [mediaIdField(kind, 'delete'), languageField(kind, 'delete')],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
			const target = readTrackTarget(this, itemIndex);
			await deleteTrack(this, itemIndex, kind, target);
			return { json: { ...target, deleted: true } };
		},
	};
}
