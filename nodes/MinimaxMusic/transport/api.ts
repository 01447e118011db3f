/**
 * Every call the MiniMax Music node makes to the AI/ML API, each through `aimlApiRequest`
 * (request.ts: credential, resend policy, error mapping). Operations read parameters, call these
 * and shape the output.
 *
 * - Upload Reference Audio: one multipart request, answers `voice_id` / `instrumental_id`.
 * - music-01 generation: one synchronous request, answers the audio.
 * - Asynchronous generation (music-1.5, 2.0, 2.6, cover): start it, then poll its status with a
 *   growing interval until it is completed or failed, within a time limit, stopping when the
 *   execution is cancelled.
 *
 * A generation is billed work, and the API offers no way to ask whether a start request that got
 * no answer went through. So the start request is sent again only when the server certainly did
 * nothing (a 429 or a refused connection): a 5xx, a reset or a timeout may come after the generation
 * was created, and a second request would start (and bill) a second one. The status requests are
 * reads, sent again on any transient failure.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { AUDIO_GENERATION_PATH, MUSIC_01_GENERATE_PATH, UPLOAD_PATH } from '../constants';
import { aimlApiRequest, type AimlEndpoint } from './request';
import { StreamedFile, type FileSource } from './streamedFile';

/**
 * Uploads reference audio (multipart `purpose` + `file`) and returns the API's answer. The file is
 * streamed from its source for each attempt (see StreamedFile), never held whole.
 */
export async function uploadReferenceAudio(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: AimlEndpoint,
	purpose: string,
	file: FileSource,
): Promise<IDataObject> {
	return await aimlApiRequest(ctx, {
		method: 'POST',
		path: UPLOAD_PATH,
		itemIndex,
		endpoint,
		action: 'upload the audio',
		streamsFile: true,
		// Up to 10 minutes of WAV can be ~100 MB.
		timeoutMs: 600_000,
		body: () => {
			const form = new FormData();
			form.append('purpose', purpose);
			form.append('file', new StreamedFile(file));
			return form;
		},
	});
}

/** Generates a song with music-01 from lyrics and reference ids; answers with the audio. */
export async function generateMusic01(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: AimlEndpoint,
	body: IDataObject,
): Promise<IDataObject> {
	return await aimlApiRequest(ctx, {
		method: 'POST',
		path: MUSIC_01_GENERATE_PATH,
		itemIndex,
		endpoint,
		action: 'generate music',
		body: () => body,
		// Generation takes up to a few minutes and is billed: never start a second one on a timeout.
		timeoutMs: 600_000,
		resend: 'not-after-timeout',
	});
}

interface FinishedGeneration {
	generationId: string;
	/** Where the finished audio can be downloaded (no credential needed). */
	audioUrl: string;
	creditsUsed?: number;
}

interface PollSettings {
	/** Give up after this long (from the start request's answer). */
	timeoutMs: number;
	/** Wait before the first status request; each next wait is 1.5 times longer, up to `MAX_POLL_INTERVAL_MS`. */
	firstIntervalMs: number;
}

const MAX_POLL_INTERVAL_MS = 30_000;

/** Starts a generation and returns its id. */
export async function startGeneration(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: AimlEndpoint,
	body: IDataObject,
): Promise<string> {
	const response = await aimlApiRequest(ctx, {
		method: 'POST',
		path: AUDIO_GENERATION_PATH,
		itemIndex,
		endpoint,
		action: 'start the music generation',
		body: () => body,
		timeoutMs: 120_000,
		resend: 'only-if-unprocessed',
	});
	const generationId = textOf(response.generation_id) ?? textOf(response.id);
	if (!generationId) {
		throw new NodeApiError(
			ctx.getNode(),
			{ status: textOf(response.status) ?? null } as JsonObject,
			{
				message: 'The AI/ML API accepted the generation but returned no generation_id',
				description: `Without its id the result cannot be fetched. Check the credential's Base URL; if it is right, the generation may still be billed: see your AI/ML API usage page.`,
				itemIndex,
			},
		);
	}
	if (response.status === 'error') throw generationFailed(ctx, itemIndex, generationId, response);
	return generationId;
}

/** Polls a generation until it is completed (returns it) or fails, times out or is cancelled (throws). */
export async function waitForGeneration(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: AimlEndpoint,
	generationId: string,
	settings: PollSettings,
): Promise<FinishedGeneration> {
	const cancelSignal = ctx.getExecutionCancelSignal();
	const deadline = Date.now() + settings.timeoutMs;
	let intervalMs = settings.firstIntervalMs;
	let lastStatus = 'queued';
	for (;;) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0)
			throw generationTimedOut(ctx, itemIndex, generationId, lastStatus, settings.timeoutMs);
		await sleep(Math.min(intervalMs, remainingMs), cancelSignal);
		intervalMs = Math.min(intervalMs * 1.5, MAX_POLL_INTERVAL_MS);

		const response = await aimlApiRequest(ctx, {
			method: 'GET',
			path: AUDIO_GENERATION_PATH,
			qs: { generation_id: generationId },
			itemIndex,
			endpoint,
			action: `check generation ${generationId}`,
			timeoutMs: 60_000,
		});
		lastStatus = textOf(response.status) ?? 'unknown';
		if (lastStatus === 'error') throw generationFailed(ctx, itemIndex, generationId, response);
		if (lastStatus !== 'completed') continue;

		const audioUrl = textOf((response.audio_file as IDataObject | undefined)?.url);
		if (!audioUrl) {
			throw new NodeApiError(
				ctx.getNode(),
				{ generation_id: generationId, status: lastStatus },
				{
					message: `MiniMax completed generation ${generationId} but gave no audio file URL`,
					description: `The answer has no audio_file.url. Look the generation up later with GET ${AUDIO_GENERATION_PATH}?generation_id=${generationId}.`,
					itemIndex,
				},
			);
		}
		const usage = ((response.meta as IDataObject | undefined)?.usage ?? {}) as IDataObject;
		const creditsUsed = typeof usage.credits_used === 'number' ? usage.credits_used : undefined;
		return { generationId, audioUrl, creditsUsed };
	}
}

function textOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function generationFailed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	generationId: string,
	response: IDataObject,
): NodeApiError {
	const error = (response.error ?? {}) as IDataObject;
	const reason = textOf(error.message) ?? textOf(error.name) ?? 'no reason given';
	return new NodeApiError(
		ctx.getNode(),
		{
			generation_id: generationId,
			status: 'error',
			error: { name: textOf(error.name) ?? null, message: reason },
		} as JsonObject,
		{
			message: `MiniMax could not generate music: ${reason}`,
			description: `Generation ${generationId} ended with status "error"${textOf(error.name) ? ` (${textOf(error.name)})` : ''}. Change what the message points at (prompt, lyrics, reference audio) and run again.`,
			itemIndex,
		},
	);
}

function generationTimedOut(
	ctx: IExecuteFunctions,
	itemIndex: number,
	generationId: string,
	lastStatus: string,
	timeoutMs: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Generation ${generationId} did not finish within ${timeoutMs / 1000} s (last status: ${lastStatus})`,
		{
			description: `It may still finish, and is billed: look it up with GET ${AUDIO_GENERATION_PATH}?generation_id=${generationId} (same API key) rather than running the node again, or raise Wait Timeout in the node's Options.`,
			itemIndex,
		},
	);
}
