/**
 * Upload (one step): create → upload parts → complete → get (waiting for transcoding by
 * default), through the same API calls as the step-by-step operations.
 *
 * Everything that can be checked is checked before the create request (parameters, chunking
 * options, the file: a binary field, or a file at a URL whose size and first bytes are read), so a
 * bad input leaves no half-made media. With Options → Check Balance First, the price of transcoding
 * the file is asked before create too, and a balance that does not cover it stops the upload there
 * (helpers/balance.ts). A failure after create
 * names the step and the media id; "Delete Media on Failure" then removes that media.
 * The output item keeps the input's binary, so a next node can use the same file.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { PartSource } from '../../../shared/parts';
import { checkBalanceFirst } from '../../helpers/balance';
import { readAdditionalCoverImage } from '../../helpers/coverImage';
import { withUploadSource } from '../../helpers/fileSource';
import { readChunkSettings, readWaitSettings } from '../../helpers/parameters';
import { createRequestBody } from '../../helpers/requestBodies';
import {
	completeUpload,
	createMedia,
	deleteMedia,
	failureInStep,
	getMedia,
	setCoverImage,
	uploadParts,
	waitForTranscoding,
	type ChunkSettings,
	type CoverImage,
	type WaitSettings,
} from '../../transport';
import {
	binaryPropertyField,
	chunkSizeOption,
	concurrencyOption,
	createFieldsCollection,
	fileUrlField,
	fileUrlHeadersOption,
	inputSourceField,
	pollIntervalOption,
	showFor,
	titleField,
	waitForCompletionField,
	waitTimeoutOption,
} from './fields';

export const description: INodeProperties[] = [
	titleField('upload'),
	inputSourceField('upload'),
	binaryPropertyField('upload'),
	fileUrlField('upload'),
	createFieldsCollection('upload'),
	waitForCompletionField('upload', true),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('upload'),
		options: [
			{
				displayName: 'Audio Duration (Seconds)',
				name: 'audioDuration',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'For Check Balance First: how long the audio plays. Needed for a file at a URL or in another format than WAV or MP3; a WAV or MP3 in a binary field gives its duration in its header (0: read it from there).',
			},
			{
				displayName: 'Check Balance First',
				name: 'checkBalanceFirst',
				type: 'boolean',
				default: false,
				description:
					"Whether to ask AIOZ Stream what transcoding this file costs before creating the audio, and stop without creating anything when the account's balance does not cover it",
			},
			chunkSizeOption,
			{
				displayName: 'Delete Media on Failure',
				name: 'deleteOnFailure',
				type: 'boolean',
				default: false,
				description:
					'Whether to delete the media created for this upload when a later step fails (upload, complete, or waiting), instead of leaving it half-made',
			},
			fileUrlHeadersOption,
			concurrencyOption,
			pollIntervalOption,
			waitTimeoutOption,
		],
	},
];

type Step = 'set cover image' | 'upload parts' | 'complete' | 'wait for transcoding' | 'get';

/** The error of a failed step after create, with the clean-up outcome when asked. */
async function failedAfterCreate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mediaId: string,
	step: Step,
	error: Error & { description?: string | null },
	deleteOnFailure: boolean,
): Promise<Error> {
	const notes = [error.description ?? ''];
	if (deleteOnFailure) {
		try {
			await deleteMedia(ctx, itemIndex, mediaId);
			notes.push(`Media "${mediaId}" was deleted (Delete Media on Failure).`);
		} catch (deleteError) {
			notes.push(`Deleting media "${mediaId}" failed too: ${(deleteError as Error).message}`);
		}
	} else {
		notes.push(
			`Media "${mediaId}" was left as it is: retry from the failed step with its ID, or delete it.`,
		);
	}
	return failureInStep(
		ctx.getNode(),
		error,
		`Upload failed at step "${step}" for media "${mediaId}"`,
		{
			itemIndex,
			description: notes.filter(Boolean).join(' '),
			details: { mediaId, step },
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<INodeExecutionData> {
	// Checks first: nothing is created for an input that cannot be uploaded.
	const createBody = createRequestBody(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const chunking = readChunkSettings(this, itemIndex, options);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true)
		? readWaitSettings(this, itemIndex, options)
		: undefined;
	return await withUploadSource(this, itemIndex, options, async (source) => {
		const coverImage = await readAdditionalCoverImage(this, itemIndex);
		if (options.checkBalanceFirst === true) {
			await checkBalanceFirst(this, itemIndex, createBody, source, options);
		}
		return await createAndUpload(this, itemIndex, item, createBody, source, coverImage, {
			chunking,
			wait,
			deleteOnFailure: options.deleteOnFailure === true,
		});
	});
}

/** Create, then the steps after it: any failure names its step and the media. */
async function createAndUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	createBody: IDataObject,
	source: PartSource,
	coverImage: CoverImage | undefined,
	settings: { chunking: ChunkSettings; wait?: WaitSettings; deleteOnFailure: boolean },
): Promise<INodeExecutionData> {
	const { chunking, wait } = settings;
	const created = await createMedia(ctx, itemIndex, createBody);
	const mediaId = String(created.id);
	let step: Step = 'set cover image';
	try {
		if (coverImage) await setCoverImage(ctx, itemIndex, mediaId, coverImage);
		step = 'upload parts';
		await uploadParts(ctx, itemIndex, mediaId, source, chunking);
		step = 'complete';
		await completeUpload(ctx, itemIndex, mediaId);
		step = wait ? 'wait for transcoding' : 'get';
		const media = wait
			? await waitForTranscoding(ctx, itemIndex, mediaId, wait)
			: await getMedia(ctx, itemIndex, mediaId);
		// Keep the file on the item, as Create and Upload Part do: a next node can use it too.
		return { json: media, binary: item.binary };
	} catch (error) {
		throw await failedAfterCreate(
			ctx,
			itemIndex,
			mediaId,
			step,
			error as Error,
			settings.deleteOnFailure,
		);
	}
}
