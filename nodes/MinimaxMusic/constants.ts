/**
 * The MiniMax Music node's constants in one place: where the AI/ML API lives and the routes the node
 * calls, the dropdowns' options, and the limits of the audio MiniMax takes. Fields, checks and the
 * credential read them from here; the models' own limits are in helpers/models.ts.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { MODEL_IDS, MODELS } from './helpers/models';

export const CREDENTIAL_TYPE = 'aimlMinimaxApi';
export const DEFAULT_BASE_URL = 'https://api.aimlapi.com';
/** The public API's balance (the credential test) lives on its own host. */
export const BILLING_BASE_URL = 'https://billing.aimlapi.com';
export const API_KEYS_PAGE = 'https://aimlapi.com/app/keys';
export const BILLING_PAGE = 'https://aimlapi.com/app/billing';

/** Upload Reference Audio: multipart `purpose` + `file`, answers `voice_id` / `instrumental_id`. */
export const UPLOAD_PATH = '/v2/generate/audio/minimax/upload';
/** music-01 generation: synchronous, answers the audio hex-encoded. */
export const MUSIC_01_GENERATE_PATH = '/v2/generate/audio/minimax/generate';
/**
 * The current models (music-1.5, 2.0, 2.6, cover): POST starts a generation and answers its
 * `generation_id`; GET with `?generation_id=` tells its status and, once completed, the file URL.
 */
export const AUDIO_GENERATION_PATH = '/v2/generate/audio';

/** Upload Reference Audio: MP3 or WAV, longer than 10 seconds and at most 10 minutes. */
export const UPLOAD_AUDIO_LIMITS = { minSeconds: 10, maxSeconds: 600 } as const;

/** How much of a file is read to recognise its format and playing time. */
export const AUDIO_HEAD_BYTES = 64 * 1024;

export type Purpose = 'song' | 'voice' | 'instrumental';

export const PURPOSE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Song (Vocals + Accompaniment)',
		value: 'song',
		description:
			'A full song: sung vocals (a cappella in singing form, not speech) and accompaniment. Returns voice_id and instrumental_id.',
	},
	{
		name: 'Voice (Vocals Only)',
		value: 'voice',
		description:
			'Only the sung vocals, a cappella in singing form (speech is not supported). Returns voice_id.',
	},
	{
		name: 'Instrumental (Accompaniment Only)',
		value: 'instrumental',
		description: 'Only the accompaniment, no vocals. Returns instrumental_id.',
	},
];

export const INPUT_SOURCE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Binary File',
		value: 'binary',
		description: 'A file from an earlier node (Read/Write Files from Disk, HTTP Request, a form)',
	},
	{
		name: 'URL',
		value: 'url',
		description: 'The node downloads the file from a public URL',
	},
];

export const MODEL_OPTIONS: INodePropertyOptions[] = MODEL_IDS.map((id) => ({
	name: MODELS[id].name,
	value: id,
}));

export const FORMAT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'MP3', value: 'mp3', description: 'Compressed, plays everywhere (audio/mpeg)' },
	{ name: 'WAV', value: 'wav', description: 'Uncompressed with a header (audio/wav)' },
	{
		name: 'PCM',
		value: 'pcm',
		description:
			'Raw 16-bit samples without a header (audio/pcm), for further processing. Music-01 only.',
	},
];

export const BITRATE_OPTIONS: INodePropertyOptions[] = [
	{ name: '32 Kbps', value: 32000 },
	{ name: '64 Kbps', value: 64000 },
	{ name: '128 Kbps', value: 128000 },
	{ name: '256 Kbps', value: 256000 },
];

export const SAMPLE_RATE_OPTIONS: INodePropertyOptions[] = [
	{ name: '16 kHz', value: 16000 },
	{ name: '24 kHz', value: 24000 },
	{ name: '32 kHz', value: 32000 },
	{ name: '44.1 kHz', value: 44100 },
];

export const REFERENCE_SOURCE_OPTIONS: INodePropertyOptions[] = [
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

/** The formats each way of generating writes: the asynchronous models take no PCM. */
export const MUSIC_01_FORMATS = ['mp3', 'wav', 'pcm'] as const;
export const ASYNC_MODEL_FORMATS = ['mp3', 'wav'] as const;

/** The most bytes of a generated file the node takes (over 15 minutes of 44.1 kHz stereo WAV). */
export const GENERATED_FILE_MAX_BYTES = 200_000_000;
