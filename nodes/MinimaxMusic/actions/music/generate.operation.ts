/**
 * Generate Music. Two ways, by model:
 * - music-01: one synchronous call with the voice_id / instrumental_id of Upload Reference Audio;
 *   the audio comes back hex-encoded in the answer (or as a URL).
 * - music-1.5, 2.0, 2.6 and cover: an asynchronous generation (start, poll, download the file).
 *   music-cover takes reference audio (a binary property sent as Base64 data, or an https URL).
 * The operation builds each body from the parameters; fields.ts describes them, helpers check them.
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { openDownload } from '../../../shared/download';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
	inputError,
	readPositiveSeconds,
} from '../../../shared/parameters';
import { isHttpUrl } from '../../../shared/url';
import {
	ASYNC_MODEL_FORMATS,
	GENERATED_FILE_MAX_BYTES,
	MODEL_OPTIONS,
	MUSIC_01_FORMATS,
	REFERENCE_SOURCE_OPTIONS,
} from '../../constants';
import {
	decodeHexAudio,
	OUTPUT_MIME_TYPES,
	sniffUploadFormat,
	withExtension,
	type OutputFormat,
} from '../../helpers/audio';
import { coverReferenceFromBinary } from '../../helpers/input';
import { MODELS, type ModelId } from '../../helpers/models';
import {
	choicesOf,
	optionalText,
	readAudioSetting,
	readChoice,
	readLimitedText,
	refuseSwappedIds,
} from '../../helpers/validate';
import { generateMusic01, startGeneration, waitForGeneration } from '../../transport/api';
import { getAimlEndpoint, type AimlEndpoint } from '../../transport/request';

export { generateFields as description } from './fields';

const MODEL_CHOICES = choicesOf<ModelId>(MODEL_OPTIONS);
const REFERENCE_SOURCE_CHOICES = choicesOf<'binary' | 'url'>(REFERENCE_SOURCE_OPTIONS);

interface GenerateOptions {
	fileName?: string;
	binaryPropertyName?: string;
	waitTimeout?: number;
	pollInterval?: number;
}

/** What n8n's binary store takes: a Buffer, or a Node.js stream it stores without holding. */
type StorableData = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/** A generated file: its first bytes (to name it by its format) and the whole of it. */
interface AudioData {
	head: Buffer;
	data: StorableData;
}

/** The audio a generation produced and what goes into the output item's JSON. */
interface GeneratedAudio {
	audio: AudioData;
	/** The format asked for, if any (music-cover has no format setting). */
	requestedFormat?: OutputFormat;
	/** Default file name, without extension. */
	defaultName: string;
	json: IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// First: an empty API key is refused before any file is read.
	const endpoint = await getAimlEndpoint(this, itemIndex);
	const model = readChoice(this, itemIndex, 'model', 'Model', MODEL_CHOICES, 'music-01');
	const options = this.getNodeParameter('options', itemIndex, {}) as GenerateOptions;
	const generated =
		model === 'music-01'
			? await generateWithReferenceIds(this, itemIndex, endpoint)
			: await generateAsynchronously(this, itemIndex, endpoint, model, options);

	// Label the file by what the bytes are, so a player opens it correctly.
	const format: OutputFormat =
		sniffUploadFormat(generated.audio.head.subarray(0, 16)) ?? generated.requestedFormat ?? 'mp3';
	const fileName = withExtension(options.fileName?.trim() || generated.defaultName, format);
	const binaryPropertyName = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(
		generated.audio.data,
		fileName,
		OUTPUT_MIME_TYPES[format],
	);
	return [{ json: generated.json, binary: { [binaryPropertyName]: binary } }];
}

/**
 * A generated file from its URL: its first bytes are looked at, then the download's stream goes
 * to n8n's binary store as it arrives (never whole in memory). A Content-Length over
 * GENERATED_FILE_MAX_BYTES is refused before the body is read.
 */
async function downloadGeneratedFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	url: string,
	fix: string,
): Promise<AudioData> {
	const download = await openDownload(ctx, itemIndex, url, {
		fix,
		maxBytes: GENERATED_FILE_MAX_BYTES,
	});
	return { head: await download.peek(), data: download.stream as StorableData };
}

/** A hex-encoded answer's audio, whole (it came in the JSON answer). */
function decodedAudio(hex: string): AudioData | undefined {
	const audio = decodeHexAudio(hex);
	return audio && { head: audio.subarray(0, 16), data: audio };
}

/** music-01: lyrics and the reference ids of Upload Reference Audio, one synchronous call. */
async function generateWithReferenceIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: AimlEndpoint,
): Promise<GeneratedAudio> {
	// Required for music-01: never left out.
	const lyrics =
		readLimitedText(ctx, itemIndex, 'lyrics', 'Lyrics', MODELS['music-01'].lyrics) ?? '';
	const referVoice = optionalText(ctx.getNodeParameter('referVoice', itemIndex, ''));
	const referInstrumental = optionalText(ctx.getNodeParameter('referInstrumental', itemIndex, ''));

	if (!referVoice && !referInstrumental) {
		throw inputError(
			ctx,
			itemIndex,
			'Set Refer Voice or Refer Instrumental (or both)',
			'Generation needs at least one reference id. Run Upload Reference Audio first and keep the defaults ({{ $json.voice_id }} / {{ $json.instrumental_id }}), or paste a voice_id / instrumental_id.',
		);
	}
	refuseSwappedIds(ctx, itemIndex, referVoice, referInstrumental);
	const audioSetting = readAudioSetting(ctx, itemIndex, MUSIC_01_FORMATS);

	const body: IDataObject = { model: 'music-01', lyrics, audio_setting: audioSetting };
	if (referVoice) body.refer_voice = referVoice;
	if (referInstrumental) body.refer_instrumental = referInstrumental;

	const response = await generateMusic01(ctx, itemIndex, endpoint, body);

	const data = (response.data ?? {}) as IDataObject;
	const audioField = typeof data.audio === 'string' ? data.audio : '';
	const audio = isHttpUrl(audioField)
		? await downloadGeneratedFile(
				ctx,
				itemIndex,
				audioField,
				'MiniMax answered a file URL the node could not download; run the node again.',
			)
		: decodedAudio(audioField);
	if (!audio || audio.head.length === 0) {
		throw new NodeApiError(
			ctx.getNode(),
			{ status: (data.status ?? null) as number, trace_id: (response.trace_id ?? null) as string },
			{
				message: 'MiniMax returned no audio',
				description: `The answer had ${audioField ? 'audio that is not hex-encoded' : 'an empty audio field'} (status ${String(data.status ?? 'unknown')}). Try again; if it persists, check the reference ids.`,
				itemIndex,
			},
		);
	}

	const traceId = typeof response.trace_id === 'string' ? response.trace_id : undefined;
	const json: IDataObject = {};
	if (data.status !== undefined) json.status = data.status;
	if (response.extra_info !== undefined) json.extra_info = response.extra_info;
	if (response.analysis_info !== undefined && response.analysis_info !== null) {
		json.analysis_info = response.analysis_info;
	}
	if (traceId !== undefined) json.trace_id = traceId;
	json.base_resp = response.base_resp ?? { status_code: 0, status_msg: 'success' };
	if (referVoice) json.refer_voice = referVoice;
	if (referInstrumental) json.refer_instrumental = referInstrumental;

	return {
		audio,
		requestedFormat: audioSetting.format,
		defaultName: `minimax-music-${traceId ?? Date.now().toString(36)}`,
		json,
	};
}

/** The current models: start a generation, wait for it, download the file. */
async function generateAsynchronously(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: AimlEndpoint,
	model: Exclude<ModelId, 'music-01'>,
	options: GenerateOptions,
): Promise<GeneratedAudio> {
	const spec = MODELS[model];
	const timeoutSeconds = readPositiveSeconds(
		ctx,
		itemIndex,
		'Wait Timeout (Seconds)',
		options.waitTimeout,
		DEFAULT_WAIT_TIMEOUT_SECONDS,
	);
	const pollSeconds = readPositiveSeconds(
		ctx,
		itemIndex,
		'Poll Interval (Seconds)',
		options.pollInterval,
		DEFAULT_POLL_INTERVAL_SECONDS,
	);

	const body: IDataObject = { model };
	const prompt = spec.prompt && readLimitedText(ctx, itemIndex, 'prompt', 'Prompt', spec.prompt);
	if (prompt !== undefined) body.prompt = prompt;
	const lyrics = readLimitedText(ctx, itemIndex, 'lyrics', 'Lyrics', spec.lyrics);
	if (spec.instrumentalAndOptimizer) {
		const isInstrumental = ctx.getNodeParameter('isInstrumental', itemIndex, false) === true;
		const lyricsOptimizer = ctx.getNodeParameter('lyricsOptimizer', itemIndex, false) === true;
		// Lyrics given with either switch on would be ignored by the model: say so instead.
		if (lyrics !== undefined && (isInstrumental || lyricsOptimizer)) {
			throw inputError(
				ctx,
				itemIndex,
				`"Lyrics" are set while "${isInstrumental ? 'Instrumental Only' : 'Write Lyrics From Prompt'}" is on`,
				`The model would ignore the lyrics. Clear Lyrics, or turn off ${isInstrumental ? 'Instrumental Only' : 'Write Lyrics From Prompt'}.`,
			);
		}
		if (isInstrumental && lyricsOptimizer) {
			throw inputError(
				ctx,
				itemIndex,
				'"Instrumental Only" and "Write Lyrics From Prompt" are both on',
				'Instrumental music has no lyrics to write: turn one of them off.',
			);
		}
		body.is_instrumental = isInstrumental;
		body.lyrics_optimizer = lyricsOptimizer;
	}
	if (lyrics !== undefined) body.lyrics = lyrics;
	let requestedFormat: OutputFormat | undefined;
	if (spec.audioSetting) {
		const audioSetting = readAudioSetting(ctx, itemIndex, ASYNC_MODEL_FORMATS);
		requestedFormat = audioSetting.format;
		body.audio_setting = audioSetting;
	}
	if (spec.referenceAudio) body.reference_audio_url = await readReferenceAudio(ctx, itemIndex);

	const generationId = await startGeneration(ctx, itemIndex, endpoint, body);
	const finished = await waitForGeneration(ctx, itemIndex, endpoint, generationId, {
		timeoutMs: timeoutSeconds * 1000,
		firstIntervalMs: pollSeconds * 1000,
	});
	const audio = await downloadGeneratedFile(
		ctx,
		itemIndex,
		finished.audioUrl,
		`Generation ${generationId} finished but its file could not be fetched; look it up later by its generation_id rather than generating again.`,
	);
	if (audio.head.length === 0) {
		throw new NodeApiError(
			ctx.getNode(),
			{ generation_id: generationId },
			{
				message: `The audio file of generation ${generationId} is empty`,
				description: `The file URL answered 0 bytes. Look the generation up later by its generation_id rather than generating again.`,
				itemIndex,
			},
		);
	}
	return {
		audio,
		requestedFormat,
		defaultName: `minimax-music-${generationId}`,
		json: {
			model,
			generation_id: generationId,
			status: 'completed',
			credits_used: finished.creditsUsed ?? null,
			audio_url: finished.audioUrl,
		},
	};
}

/**
 * music-cover's reference audio, as `reference_audio_url` takes it: an https URL as given, or the
 * binary file as a Base64 data URL (checked and encoded by coverReferenceFromBinary).
 */
async function readReferenceAudio(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const source = readChoice(
		ctx,
		itemIndex,
		'referenceAudioSource',
		'Reference Audio Source',
		REFERENCE_SOURCE_CHOICES,
		'binary',
	);
	if (source === 'binary') {
		const propertyName =
			optionalText(ctx.getNodeParameter('referenceBinaryPropertyName', itemIndex, 'data')) ??
			'data';
		return await coverReferenceFromBinary(ctx, itemIndex, propertyName);
	}
	const url = optionalText(ctx.getNodeParameter('referenceAudioUrl', itemIndex, ''));
	if (!url) {
		throw inputError(
			ctx,
			itemIndex,
			'Music Cover needs reference audio: "Reference Audio URL" is empty',
			'Give the https address of the song to cover, or set Reference Audio Source to Binary File.',
		);
	}
	// MiniMax fetches the song itself, and only over https.
	if (!isHttpUrl(url) || new URL(url).protocol !== 'https:') {
		throw inputError(
			ctx,
			itemIndex,
			'"Reference Audio URL" is not an https URL',
			'Give the full https address of an MP3 or WAV file, e.g. https://example.com/song.mp3 (MiniMax fetches it itself, so it must be public).',
		);
	}
	return url;
}
