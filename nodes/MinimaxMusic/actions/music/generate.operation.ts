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
	OUTPUT_MIME_TYPES,
	sniffUploadFormat,
	withExtension,
	type OutputFormat,
} from '../../helpers/audio';
import { choicesOf, inputError, requireChoice, requireLength } from '../../helpers/validate';
import { downloadFile } from '../../transport/download';
import { MUSIC_01_GENERATE_PATH } from '../../transport/endpoints';
import { aimlApiRequest } from '../../transport/request';

export const MAX_LYRICS_LENGTH = 600;

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
const FORMAT_CHOICES = choicesOf<OutputFormat>(FORMAT_OPTIONS);
const BITRATE_CHOICES = choicesOf<number>(BITRATE_OPTIONS);
const SAMPLE_RATE_CHOICES = choicesOf<number>(SAMPLE_RATE_OPTIONS);

const showFor = { resource: ['music'], operation: ['generate'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		displayOptions: { show: showFor },
		default: 'music-01',
		options: [{ name: 'Music-01', value: 'music-01' }],
		description: 'MiniMax music model',
	},
	{
		displayName: 'Lyrics',
		name: 'lyrics',
		type: 'string',
		typeOptions: { rows: 6 },
		displayOptions: { show: showFor },
		default: '',
		required: true,
		placeholder: '##\nFirst line of the song\nSecond line\n\nAfter a pause\n##',
		hint: 'At most 600 characters. One line of lyrics per line; an empty line adds a pause; put ## at the very start and end to add accompaniment.',
		description: 'The words to sing',
	},
	{
		displayName: 'Refer Voice',
		name: 'referVoice',
		type: 'string',
		displayOptions: { show: showFor },
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
		displayOptions: { show: showFor },
		default: '={{ $json.instrumental_id }}',
		placeholder: 'instrumental-2025010100000000-Aaa0aAaA',
		hint: 'instrumental_id from Upload Reference Audio (purpose Song or Instrumental). Alone, it gives a purely instrumental track.',
		description:
			'Reference accompaniment. At least one of Refer Voice and Refer Instrumental is needed.',
	},
	{
		displayName: 'Audio Format',
		name: 'format',
		type: 'options',
		displayOptions: { show: showFor },
		default: 'mp3',
		options: FORMAT_OPTIONS,
		description: 'Format of the generated audio file',
	},
	{
		displayName: 'Audio Settings',
		name: 'audioSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		displayOptions: { show: showFor },
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
					'Name of the output file; its extension is set to match the audio format. Default: minimax-music-{trace_id}.',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property the generated audio is written to',
			},
		],
	},
];

function optionalId(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' || trimmed === 'undefined' || trimmed === 'null' ? undefined : trimmed;
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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const model = this.getNodeParameter('model', itemIndex, 'music-01') as string;
	const lyrics = this.getNodeParameter('lyrics', itemIndex, '') as string;
	const referVoice = optionalId(this.getNodeParameter('referVoice', itemIndex, ''));
	const referInstrumental = optionalId(this.getNodeParameter('referInstrumental', itemIndex, ''));
	const formatValue = this.getNodeParameter('format', itemIndex, 'mp3');
	const audioSettings = this.getNodeParameter('audioSettings', itemIndex, {}) as {
		sampleRate?: number;
		bitrate?: number;
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		fileName?: string;
		binaryPropertyName?: string;
	};

	requireLength(this, itemIndex, 'Lyrics', lyrics, 1, MAX_LYRICS_LENGTH);
	if (!referVoice && !referInstrumental) {
		throw inputError(
			this,
			itemIndex,
			'set Refer Voice or Refer Instrumental (or both)',
			'Generation needs at least one reference id. Run Upload Reference Audio first and keep the defaults ({{ $json.voice_id }} / {{ $json.instrumental_id }}), or paste a voice_id / instrumental_id.',
		);
	}
	refuseSwappedIds(this, itemIndex, referVoice, referInstrumental);
	const format = requireChoice(this, itemIndex, 'Audio Format', formatValue, FORMAT_CHOICES);
	const sampleRate =
		audioSettings.sampleRate === undefined
			? undefined
			: requireChoice(
					this,
					itemIndex,
					'Sample Rate',
					audioSettings.sampleRate,
					SAMPLE_RATE_CHOICES,
				);
	const bitrate =
		audioSettings.bitrate === undefined
			? undefined
			: requireChoice(this, itemIndex, 'Bitrate', audioSettings.bitrate, BITRATE_CHOICES);

	const audioSetting: IDataObject = { format };
	if (sampleRate !== undefined) audioSetting.sample_rate = sampleRate;
	if (bitrate !== undefined) audioSetting.bitrate = bitrate;

	const body: IDataObject = { model, lyrics, audio_setting: audioSetting };
	if (referVoice) body.refer_voice = referVoice;
	if (referInstrumental) body.refer_instrumental = referInstrumental;

	const response = await aimlApiRequest.call(this, {
		method: 'POST',
		path: MUSIC_01_GENERATE_PATH,
		itemIndex,
		action: 'generate music',
		body: () => body,
		// Generation takes up to a few minutes and is billed: never start a second one on a timeout.
		timeoutMs: 600_000,
		resend: 'not-after-timeout',
	});

	const data = (response.data ?? {}) as IDataObject;
	const audioField = typeof data.audio === 'string' ? data.audio : '';
	let audio: Buffer | undefined;
	if (/^https?:\/\//i.test(audioField)) {
		audio = (await downloadFile.call(this, audioField, itemIndex)).data;
	} else {
		audio = decodeHexAudio(audioField);
	}
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

	// Label the file by what the bytes are, so a player opens it correctly.
	const actual: OutputFormat = sniffUploadFormat(audio.subarray(0, 16)) ?? format;
	const traceId = typeof response.trace_id === 'string' ? response.trace_id : undefined;
	const requestedName = options.fileName?.trim();
	const fileName = withExtension(
		requestedName || `minimax-music-${traceId ?? Date.now().toString(36)}`,
		actual,
	);
	const binaryPropertyName = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(audio, fileName, OUTPUT_MIME_TYPES[actual]);

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

	return [{ json, binary: { [binaryPropertyName]: binary } }];
}
