/**
 * The parameters of the Music resource's operations, each scoped to its operation with
 * `displayOptions`. Hints state limits from the model table and the node's constants, never as
 * literals of their own.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	BITRATE_OPTIONS,
	FORMAT_OPTIONS,
	INPUT_SOURCE_OPTIONS,
	MODEL_OPTIONS,
	PURPOSE_OPTIONS,
	REFERENCE_SOURCE_OPTIONS,
	SAMPLE_RATE_OPTIONS,
	UPLOAD_AUDIO_LIMITS,
} from '../../constants';
import {
	MODEL_IDS,
	MODELS,
	modelsWhere,
	REFERENCE_AUDIO_LIMITS,
	type ModelSpec,
	type TextLimit,
} from '../../helpers/models';
import { plural } from '../../helpers/validate';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
} from '../../../shared/parameters';

const showForUpload = { resource: ['music'], operation: ['upload'] };

const UPLOAD_AUDIO_HINT = `MP3 or WAV, longer than ${UPLOAD_AUDIO_LIMITS.minSeconds} seconds and at most ${UPLOAD_AUDIO_LIMITS.maxSeconds / 60} minutes. Vocals must be sung; speech is not supported.`;

const REFERENCE_AUDIO_HINT = `${REFERENCE_AUDIO_LIMITS.minSeconds} seconds to ${REFERENCE_AUDIO_LIMITS.maxSeconds / 60} minutes, at most ${REFERENCE_AUDIO_LIMITS.maxBytes / 1_000_000} MB`;

export const uploadFields: INodeProperties[] = [
	{
		displayName: 'Purpose',
		name: 'purpose',
		type: 'options',
		displayOptions: { show: showForUpload },
		default: 'song',
		options: PURPOSE_OPTIONS,
		description: 'What the file contains, which decides the reference IDs MiniMax returns',
	},
	{
		displayName: 'Input Source',
		name: 'inputSource',
		type: 'options',
		displayOptions: { show: showForUpload },
		default: 'binary',
		options: INPUT_SOURCE_OPTIONS,
		description: 'Where the audio comes from',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		displayOptions: { show: { ...showForUpload, inputSource: ['binary'] } },
		default: 'data',
		required: true,
		hint: UPLOAD_AUDIO_HINT,
		description: 'Name of the binary property of the input item that holds the audio file',
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		displayOptions: { show: { ...showForUpload, inputSource: ['url'] } },
		default: '',
		required: true,
		placeholder: 'https://example.com/song.mp3',
		hint: UPLOAD_AUDIO_HINT,
		description:
			'Public URL of the audio file. The file name comes from the server (Content-Disposition) or the URL.',
	},
];

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

export const generateFields: INodeProperties[] = [
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
		hint: `At most ${plural(MODELS['music-01'].lyrics.max, 'character')}. One line of lyrics per line; an empty line adds a pause; put ## at the very start and end to add accompaniment.`,
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
		hint: `MP3 or WAV, ${REFERENCE_AUDIO_HINT}`,
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
		hint: `A public https address of an MP3 or WAV file, ${REFERENCE_AUDIO_HINT}`,
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
