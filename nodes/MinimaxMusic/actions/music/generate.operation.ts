/**
 * Generate Music. Two ways, by model:
 * - music-01: one synchronous call with the voice_id / instrumental_id of Upload Reference Audio;
 *   the audio comes back hex-encoded in the answer.
 * - music-1.5, 2.0, 2.6 and cover: an asynchronous generation (start, poll, download the file).
 *   music-cover takes reference audio (a binary property sent as Base64 data, or a URL).
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import {
	decodeHexAudio,
	estimateDurationSeconds,
	OUTPUT_MIME_TYPES,
	sniffUploadFormat,
	withExtension,
	type OutputFormat,
} from '../../helpers/audio';
import { audioFromBinary, firstBytes } from '../../helpers/input';
import {
	MODEL_IDS,
	MODELS,
	modelsWhere,
	REFERENCE_AUDIO_LIMITS,
	type ModelId,
	type ModelSpec,
	type TextLimit,
} from '../../helpers/models';
import {
	choicesOf,
	inputError,
	plural,
	readChoice,
	requireChoice,
	requireLength,
} from '../../helpers/validate';
import { downloadFile } from '../../transport/download';
import { generateMusic01, startGeneration, waitForGeneration } from '../../transport/api';

const MODEL_OPTIONS: INodePropertyOptions[] = MODEL_IDS.map((id) => ({
	name: MODELS[id].name,
	value: id,
}));
const FORMAT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'MP3', value: 'mp3', description: 'Compressed, plays everywhere (audio/mpeg)' },
	{ name: 'WAV', value: 'wav', description: 'Uncompressed with a header (audio/wav)' },
	{
		name: 'PCM',
		value: 'pcm',
		description: 'Raw 16-bit samples without a header (audio/pcm), for further processing',
	},
];
const BITRATE_OPTIONS: INodePropertyOptions[] = [
	{ name: '32 Kbps', value: 32000 },
	{ name: '64 Kbps', value: 64000 },
	{ name: '128 Kbps', value: 128000 },
	{ name: '256 Kbps', value: 256000 },
];
const SAMPLE_RATE_OPTIONS: INodePropertyOptions[] = [
	{ name: '16 kHz', value: 16000 },
	{ name: '24 kHz', value: 24000 },
	{ name: '32 kHz', value: 32000 },
	{ name: '44.1 kHz', value: 44100 },
];
const REFERENCE_SOURCE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Binary File',
		value: 'binary',
		description:
			'A song from an earlier node (Read/Write Files from Disk, HTTP Request, a form), sent as Base64 data',
	},
	{
		name: 'URL',
		value: 'url',
		description: 'A public https address MiniMax fetches the song from',
	},
];
const MODEL_CHOICES = choicesOf<ModelId>(MODEL_OPTIONS);
const FORMAT_CHOICES = choicesOf<OutputFormat>(FORMAT_OPTIONS);
const BITRATE_CHOICES = choicesOf<number>(BITRATE_OPTIONS);
const SAMPLE_RATE_CHOICES = choicesOf<number>(SAMPLE_RATE_OPTIONS);
const REFERENCE_SOURCE_CHOICES = choicesOf<'binary' | 'url'>(REFERENCE_SOURCE_OPTIONS);

const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
const DEFAULT_POLL_INTERVAL_SECONDS = 5;

const showFor = { resource: ['music'], operation: ['generate'] };
const showForModels = (trait: (spec: ModelSpec) => boolean) => ({
	show: { ...showFor, model: modelsWhere(trait) },
});

/** "music-1.5: 10–300 characters; music-2.6: optional, up to 2000", from the model table. */
function limitsHint(field: (spec: ModelSpec) => TextLimit | undefined): string {
	return MODEL_IDS.filter((id) => MODELS[id].asynchronous && field(MODELS[id]))
		.map((id) => {
			const limit = field(MODELS[id])!;
			return `${id.replace('minimax/', '')}: ${limit.required ? `${limit.min}–${limit.max}` : `optional, up to ${limit.max}`}`;
		})
		.join('; ');
}

export const description: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		displayOptions: { show: showFor },
		default: 'music-01',
		options: MODEL_OPTIONS,
		hint: 'Only Music-01 uses the voice_id / instrumental_id of Upload Reference Audio. To make music from a reference song with the current models, use Music Cover.',
		description:
			'MiniMax music model. Music-01 answers at once; the others run as a generation the node waits for (see Wait Timeout in Options).',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		displayOptions: showForModels((spec) => spec.prompt !== undefined),
		default: '',
		placeholder: 'Indie folk, melancholic, acoustic guitar and soft piano, slow tempo',
		hint: `Characters — ${limitsHint((spec) => spec.prompt)}.`,
		description: 'The style, mood, instruments and scene of the music',
	},
	{
		displayName: 'Lyrics',
		name: 'lyrics',
		type: 'string',
		typeOptions: { rows: 6 },
		displayOptions: { show: { ...showFor, model: ['music-01'] } },
		default: '',
		required: true,
		placeholder: '##\nFirst line of the song\nSecond line\n\nAfter a pause\n##',
		hint: 'At most 600 characters. One line of lyrics per line; an empty line adds a pause; put ## at the very start and end to add accompaniment.',
		description: 'The words to sing',
	},
	{
		displayName: 'Lyrics',
		name: 'lyrics',
		type: 'string',
		typeOptions: { rows: 6 },
		displayOptions: showForModels((spec) => spec.asynchronous),
		default: '',
		placeholder: '[Verse]\nFirst line of the song\nSecond line\n[Chorus]\nThe chorus line',
		hint: `Characters — ${limitsHint((spec) => spec.lyrics)}. One line of lyrics per line; section tags such as [Verse] and [Chorus] shape the song.`,
		description: 'The words to sing',
	},
	{
		displayName: 'Instrumental Only',
		name: 'isInstrumental',
		type: 'boolean',
		displayOptions: showForModels((spec) => spec.instrumentalAndOptimizer),
		default: false,
		description: 'Whether to make music without vocals (leave Lyrics empty)',
	},
	{
		displayName: 'Write Lyrics From Prompt',
		name: 'lyricsOptimizer',
		type: 'boolean',
		displayOptions: showForModels((spec) => spec.instrumentalAndOptimizer),
		default: false,
		description:
			'Whether MiniMax writes the lyrics from the prompt (lyrics_optimizer; leave Lyrics empty)',
	},
	{
		displayName: 'Refer Voice',
		name: 'referVoice',
		type: 'string',
		displayOptions: showForModels((spec) => spec.referenceIds),
		default: '={{ $json.voice_id }}',
		placeholder: 'vocal-2025010100000000-a0AAAaaa',
		hint: 'voice_id from Upload Reference Audio (purpose Song or Voice). Alone, it gives an a cappella vocal.',
		description:
			'Reference voice for the singing. At least one of Refer Voice and Refer Instrumental is needed.',
	},
	{
		displayName: 'Refer Instrumental',
		name: 'referInstrumental',
		type: 'string',
		displayOptions: showForModels((spec) => spec.referenceIds),
		default: '={{ $json.instrumental_id }}',
		placeholder: 'instrumental-2025010100000000-Aaa0aAaA',
		hint: 'instrumental_id from Upload Reference Audio (purpose Song or Instrumental). Alone, it gives a purely instrumental track.',
		description:
			'Reference accompaniment. At least one of Refer Voice and Refer Instrumental is needed.',
	},
	{
		displayName: 'Reference Audio Source',
		name: 'referenceAudioSource',
		type: 'options',
		displayOptions: showForModels((spec) => spec.referenceAudio),
		default: 'binary',
		options: REFERENCE_SOURCE_OPTIONS,
		description: 'Where the song to cover comes from',
	},
	{
		displayName: 'Reference Audio Field',
		name: 'referenceBinaryPropertyName',
		type: 'string',
		displayOptions: {
			show: {
				...showFor,
				model: modelsWhere((spec) => spec.referenceAudio),
				referenceAudioSource: ['binary'],
			},
		},
		default: 'data',
		hint: 'MP3 or WAV, 6 seconds to 6 minutes, at most 50 MB',
		description: 'Name of the binary property of the input item that holds the song to cover',
	},
	{
		displayName: 'Reference Audio URL',
		name: 'referenceAudioUrl',
		type: 'string',
		displayOptions: {
			show: {
				...showFor,
				model: modelsWhere((spec) => spec.referenceAudio),
				referenceAudioSource: ['url'],
			},
		},
		default: '',
		placeholder: 'https://example.com/song.mp3',
		hint: 'A public https address of an MP3 or WAV file, 6 seconds to 6 minutes, at most 50 MB',
		description: 'Address MiniMax downloads the song to cover from',
	},
	{
		displayName: 'Audio Format',
		name: 'format',
		type: 'options',
		displayOptions: showForModels((spec) => spec.audioSetting),
		default: 'mp3',
		options: FORMAT_OPTIONS,
		description: 'Format of the generated audio file',
	},
	{
		displayName: 'Audio Settings',
		name: 'audioSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		displayOptions: showForModels((spec) => spec.audioSetting),
		default: {},
		options: [
			{
				displayName: 'Bitrate',
				name: 'bitrate',
				type: 'options',
				default: 256000,
				options: BITRATE_OPTIONS,
				description: 'Bit rate of the generated music',
			},
			{
				displayName: 'Sample Rate',
				name: 'sampleRate',
				type: 'options',
				default: 44100,
				options: SAMPLE_RATE_OPTIONS,
				description: 'Sampling rate of the generated music',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: { show: showFor },
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'my-song.mp3',
				description:
					'Name of the output file; its extension is set to match the audio. Default: minimax-music-{trace_id} (Music-01) or minimax-music-{generation_id}.',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				displayOptions: { hide: { '/model': ['music-01'] } },
				default: DEFAULT_POLL_INTERVAL_SECONDS,
				description:
					'Wait before the first status check of the generation; each next wait is 1.5 times longer, up to 30 s',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property the generated audio is written to',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				displayOptions: { hide: { '/model': ['music-01'] } },
				default: DEFAULT_WAIT_TIMEOUT_SECONDS,
				description:
					'How long to wait for the generation to finish. On timeout the error gives the generation_id, to look the result up later instead of paying for a new one.',
			},
		],
	},
];

interface GenerateOptions {
	fileName?: string;
	binaryPropertyName?: string;
	waitTimeout?: number;
	pollInterval?: number;
}

/** The audio a generation produced and what goes into the output item's JSON. */
interface GeneratedAudio {
	audio: Buffer;
	/** The format asked for, if any (music-cover has no format setting). */
	requestedFormat?: OutputFormat;
	/** Default file name, without extension. */
	defaultName: string;
	json: IDataObject;
}

function optionalText(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' || trimmed === 'undefined' || trimmed === 'null' ? undefined : trimmed;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const model = readChoice(this, itemIndex, 'model', 'Model', MODEL_CHOICES, 'music-01');
	const options = this.getNodeParameter('options', itemIndex, {}) as GenerateOptions;
	const generated =
		model === 'music-01'
			? await generateWithReferenceIds.call(this, itemIndex)
			: await generateAsynchronously.call(this, itemIndex, model, options);

	// Label the file by what the bytes are, so a player opens it correctly.
	const format: OutputFormat =
		sniffUploadFormat(generated.audio.subarray(0, 16)) ?? generated.requestedFormat ?? 'mp3';
	const fileName = withExtension(options.fileName?.trim() || generated.defaultName, format);
	const binaryPropertyName = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(
		generated.audio,
		fileName,
		OUTPUT_MIME_TYPES[format],
	);
	return [{ json: generated.json, binary: { [binaryPropertyName]: binary } }];
}

/** The Audio Settings fields: parameter name, label, `audio_setting` key, choices. */
const AUDIO_SETTING_FIELDS: Array<[string, string, string, ReadonlyMap<number, string>]> = [
	['sampleRate', 'Sample Rate', 'sample_rate', SAMPLE_RATE_CHOICES],
	['bitrate', 'Bitrate', 'bitrate', BITRATE_CHOICES],
];

/** `audio_setting` from Audio Format and Audio Settings, each value checked. */
function readAudioSetting(
	ctx: IExecuteFunctions,
	itemIndex: number,
): IDataObject & { format: OutputFormat } {
	const format = readChoice(ctx, itemIndex, 'format', 'Audio Format', FORMAT_CHOICES, 'mp3');
	const settings = ctx.getNodeParameter('audioSettings', itemIndex, {}) as IDataObject;
	const audioSetting: IDataObject & { format: OutputFormat } = { format };
	for (const [name, label, key, choices] of AUDIO_SETTING_FIELDS) {
		if (settings[name] !== undefined) {
			audioSetting[key] = requireChoice(ctx, itemIndex, label, settings[name], choices);
		}
	}
	return audioSetting;
}

/**
 * MiniMax's ids say what they are (vocal-… / instrumental-…): a pair pasted into the wrong fields
 * would only fail upstream, with a less helpful message.
 */
function refuseSwappedIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	referVoice: string | undefined,
	referInstrumental: string | undefined,
): void {
	const misplaced = referVoice?.startsWith('instrumental-')
		? {
				field: 'Refer Voice',
				holds: 'an instrumental_id',
				id: referVoice,
				belongsIn: 'Refer Instrumental',
			}
		: referInstrumental?.startsWith('vocal-')
			? {
					field: 'Refer Instrumental',
					holds: 'a voice_id',
					id: referInstrumental,
					belongsIn: 'Refer Voice',
				}
			: undefined;
	if (!misplaced) return;
	throw inputError(
		ctx,
		itemIndex,
		`"${misplaced.field}" holds ${misplaced.holds}`,
		`Put "${misplaced.id}" in ${misplaced.belongsIn}, and leave ${misplaced.field} empty or give it the right id.`,
	);
}

/** music-01: lyrics and the reference ids of Upload Reference Audio, one synchronous call. */
async function generateWithReferenceIds(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<GeneratedAudio> {
	const lyrics = this.getNodeParameter('lyrics', itemIndex, '') as string;
	const referVoice = optionalText(this.getNodeParameter('referVoice', itemIndex, ''));
	const referInstrumental = optionalText(this.getNodeParameter('referInstrumental', itemIndex, ''));

	const limit = MODELS['music-01'].lyrics;
	requireLength(this, itemIndex, 'Lyrics', lyrics, limit.min, limit.max);
	if (!referVoice && !referInstrumental) {
		throw inputError(
			this,
			itemIndex,
			'set Refer Voice or Refer Instrumental (or both)',
			'Generation needs at least one reference id. Run Upload Reference Audio first and keep the defaults ({{ $json.voice_id }} / {{ $json.instrumental_id }}), or paste a voice_id / instrumental_id.',
		);
	}
	refuseSwappedIds(this, itemIndex, referVoice, referInstrumental);
	const audioSetting = readAudioSetting(this, itemIndex);

	const body: IDataObject = { model: 'music-01', lyrics, audio_setting: audioSetting };
	if (referVoice) body.refer_voice = referVoice;
	if (referInstrumental) body.refer_instrumental = referInstrumental;

	const response = await generateMusic01.call(this, itemIndex, body);

	const data = (response.data ?? {}) as IDataObject;
	const audioField = typeof data.audio === 'string' ? data.audio : '';
	const audio = /^https?:\/\//i.test(audioField)
		? (await downloadFile.call(this, audioField, itemIndex)).data
		: decodeHexAudio(audioField);
	if (!audio || audio.length === 0) {
		throw new NodeApiError(
			this.getNode(),
			{ status: (data.status ?? null) as number, trace_id: (response.trace_id ?? null) as string },
			{
				message: 'MiniMax returned no audio',
				description: `Item ${itemIndex}: the answer had ${audioField ? 'audio that is not hex-encoded' : 'an empty audio field'} (status ${String(data.status ?? 'unknown')}). Try again; if it persists, check the reference ids.`,
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

/** A text field checked against its limit for the model; empty optional text is left out (undefined). */
function readLimitedText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: 'prompt' | 'lyrics',
	label: string,
	limit: TextLimit,
): string | undefined {
	const text = ctx.getNodeParameter(name, itemIndex, '') as string;
	if (!limit.required && text.trim() === '') return undefined;
	requireLength(ctx, itemIndex, label, text, limit.required ? limit.min : 0, limit.max);
	return text;
}

/** The current models: start a generation, wait for it, download the file. */
async function generateAsynchronously(
	this: IExecuteFunctions,
	itemIndex: number,
	model: Exclude<ModelId, 'music-01'>,
	options: GenerateOptions,
): Promise<GeneratedAudio> {
	const spec = MODELS[model];
	const timeoutSeconds = requirePositive(
		this,
		itemIndex,
		'Wait Timeout (Seconds)',
		options.waitTimeout,
		DEFAULT_WAIT_TIMEOUT_SECONDS,
	);
	const pollSeconds = requirePositive(
		this,
		itemIndex,
		'Poll Interval (Seconds)',
		options.pollInterval,
		DEFAULT_POLL_INTERVAL_SECONDS,
	);

	const body: IDataObject = { model };
	const prompt = spec.prompt && readLimitedText(this, itemIndex, 'prompt', 'Prompt', spec.prompt);
	if (prompt !== undefined) body.prompt = prompt;
	const lyrics = readLimitedText(this, itemIndex, 'lyrics', 'Lyrics', spec.lyrics);
	if (spec.instrumentalAndOptimizer) {
		const isInstrumental = this.getNodeParameter('isInstrumental', itemIndex, false) === true;
		const lyricsOptimizer = this.getNodeParameter('lyricsOptimizer', itemIndex, false) === true;
		// Lyrics given with either switch on would be ignored by the model: say so instead.
		if (lyrics !== undefined && (isInstrumental || lyricsOptimizer)) {
			throw inputError(
				this,
				itemIndex,
				`"Lyrics" are set while "${isInstrumental ? 'Instrumental Only' : 'Write Lyrics From Prompt'}" is on`,
				`The model would ignore the lyrics. Clear Lyrics, or turn off ${isInstrumental ? 'Instrumental Only' : 'Write Lyrics From Prompt'}.`,
			);
		}
		if (isInstrumental && lyricsOptimizer) {
			throw inputError(
				this,
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
		const audioSetting = readAudioSetting(this, itemIndex);
		requestedFormat = audioSetting.format;
		body.audio_setting = audioSetting;
	}
	if (spec.referenceAudio)
		body.reference_audio_url = await readReferenceAudio.call(this, itemIndex);

	const generationId = await startGeneration.call(this, itemIndex, body);
	const finished = await waitForGeneration.call(this, itemIndex, generationId, {
		timeoutMs: timeoutSeconds * 1000,
		firstIntervalMs: pollSeconds * 1000,
	});
	const { data: audio } = await downloadFile.call(
		this,
		finished.audioUrl,
		itemIndex,
		`Generation ${generationId} finished but its file could not be fetched; look it up later by its generation_id rather than generating again.`,
	);
	if (audio.length === 0) {
		throw new NodeApiError(
			this.getNode(),
			{ generation_id: generationId },
			{
				message: `The audio file of generation ${generationId} is empty`,
				description: `Item ${itemIndex}: the file URL answered 0 bytes. Look the generation up later by its generation_id rather than generating again.`,
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

/** A number option that must be above 0 when set; unset gives the default. */
function requirePositive(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	fallback: number,
): number {
	if (value === undefined) return fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number <= 0) {
		throw inputError(
			ctx,
			itemIndex,
			`"${label}" is ${JSON.stringify(value)}`,
			`Set a number of seconds above 0 (default ${fallback}).`,
		);
	}
	return number;
}

/**
 * music-cover's reference audio, as `reference_audio_url` takes it: an https URL as given, or the
 * binary file as a Base64 data URL once it is known to be MP3 or WAV, 6 s to 6 min and at most 50 MB.
 */
async function readReferenceAudio(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const source = readChoice(
		this,
		itemIndex,
		'referenceAudioSource',
		'Reference Audio Source',
		REFERENCE_SOURCE_CHOICES,
		'binary',
	);
	if (source === 'url') {
		const url = optionalText(this.getNodeParameter('referenceAudioUrl', itemIndex, ''));
		if (!url) {
			throw inputError(
				this,
				itemIndex,
				'Music Cover needs reference audio: "Reference Audio URL" is empty',
				'Give the https address of the song to cover, or set Reference Audio Source to Binary File.',
			);
		}
		if (!/^https:\/\/[^\s/]+\/\S*$/i.test(url)) {
			throw inputError(
				this,
				itemIndex,
				'"Reference Audio URL" is not an https URL',
				'Give the full https address of an MP3 or WAV file, e.g. https://example.com/song.mp3 (MiniMax fetches it itself, so it must be public).',
			);
		}
		return url;
	}

	const propertyName =
		optionalText(this.getNodeParameter('referenceBinaryPropertyName', itemIndex, 'data')) ?? 'data';
	const binaries = this.getInputData()[itemIndex]?.binary ?? {};
	if (!binaries[propertyName]) {
		const available = Object.keys(binaries);
		throw inputError(
			this,
			itemIndex,
			`Music Cover needs reference audio: the input item has no binary property "${propertyName}"`,
			available.length
				? `Set "Reference Audio Field" to one of: ${available.join(', ')}; or set Reference Audio Source to URL.`
				: 'Put a node that reads the song (Read/Write Files from Disk, HTTP Request) before this one, or set Reference Audio Source to URL.',
		);
	}
	const audio = await audioFromBinary.call(this, itemIndex, propertyName, {
		maxBytes: REFERENCE_AUDIO_LIMITS.maxBytes,
		label: 'Reference Audio Field',
	});
	const seconds = estimateDurationSeconds(firstBytes(audio.data, 64 * 1024), audio.size);
	const { minSeconds, maxSeconds } = REFERENCE_AUDIO_LIMITS;
	if (seconds !== undefined && (seconds < minSeconds || seconds > maxSeconds)) {
		throw inputError(
			this,
			itemIndex,
			`the reference audio in "Reference Audio Field" plays ${seconds.toFixed(1)} s; Music Cover takes ${minSeconds} s to ${maxSeconds / 60} min`,
			seconds < minSeconds
				? `Use a longer excerpt of the song (at least ${plural(minSeconds, 'second')}).`
				: 'Trim the song to at most 6 minutes (e.g. ffmpeg -i song.mp3 -t 360 -c copy excerpt.mp3).',
		);
	}
	return `data:${audio.mimeType};base64,${Buffer.concat(audio.data).toString('base64')}`;
}
