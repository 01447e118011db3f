/**
 * The AIOZ Stream node's constants: limits, defaults and the tables of choices. The editor's fields
 * (actions/audio/fields.ts), the checks run before any request (helpers/) and the API module read
 * them from here, so a dropdown and the check of its value cannot disagree. The wait defaults are
 * shared with the MiniMax node (shared/parameters.ts).
 */

// Chunked upload. Defaults from the sweeps of docs/benchmark.md: over the internet one connection
// carries a few tens of MiB/s, so 8 parts in flight; 16 MiB parts keep that at 128 MiB, half the
// process-wide part buffer budget (shared/partBuffers.ts).
export const DEFAULT_CHUNK_SIZE_MIB = 16;
export const MIN_CHUNK_SIZE_MIB = 5;
export const MAX_CHUNK_SIZE_MIB = 128;
export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 16;

// Upload from a URL: the labels of its fields, named in messages.
export const FILE_URL_LABEL = 'File URL';
export const FILE_URL_HEADERS_LABEL = 'File URL Headers';

// What AIOZ Stream accepts in a create or update body.
export const MAX_TITLE_LENGTH = 255;
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 255;
export const MAX_METADATA = 50;

/** A choice of a dropdown: its label in the editor and the value sent to the API. */
export interface Choice {
	name: string;
	value: string;
	description?: string;
}

/** Quality Preset (the API's `resolution`), in the editor's order; the first is the default. */
export const QUALITY_PRESETS: Choice[] = [
	{ name: 'Standard', value: 'standard' },
	{ name: 'Good', value: 'good' },
	{ name: 'Highest', value: 'highest' },
	{ name: 'Lossless', value: 'lossless' },
];

/**
 * Streaming Format (the API's `type`) with the segment containers each one takes (Streaming
 * Segments, the API's `container_type`), in the editor's order; the first of each is the default.
 */
export const STREAMING_FORMATS: Array<
	Choice & { segments: { description: string; containers: Choice[] } }
> = [
	{
		name: 'HLS',
		value: 'hls',
		description: 'HTTP Live Streaming (.m3u8)',
		segments: {
			description: 'Container of the HLS segments',
			containers: [
				{ name: 'MPEG-TS', value: 'mpegts' },
				{ name: 'MP4', value: 'mp4' },
			],
		},
	},
	{
		name: 'DASH',
		value: 'dash',
		description: 'Dynamic Adaptive Streaming over HTTP (.mpd)',
		segments: {
			description: 'Container of the DASH segments (fragmented MP4 only)',
			containers: [{ name: 'Fragmented MP4', value: 'fmp4' }],
		},
	},
];

/** AIOZ Stream encodes audio as AAC only. */
export const AUDIO_CODECS: Choice[] = [{ name: 'AAC', value: 'aac' }];
export const AUDIO_CHANNELS: Choice[] = [{ name: 'Stereo (2)', value: '2' }];
export const SAMPLE_RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000] as const;

// The values a quality takes when its field is not set: the editor's defaults. (Audio Language has
// none: a language left unset is not sent.)
export const DEFAULT_QUALITY_PRESET = QUALITY_PRESETS[0].value;
export const DEFAULT_STREAMING_FORMAT = STREAMING_FORMATS[0].value;
export const DEFAULT_AUDIO_CODEC = AUDIO_CODECS[0].value;
export const DEFAULT_AUDIO_CHANNELS = AUDIO_CHANNELS[0].value;
export const DEFAULT_BITRATE = 128000;
export const DEFAULT_SAMPLE_RATE = 44100;
export const DEFAULT_AUDIO_INDEX = 0;

/** Media statuses, as the Get Many Status filter offers them. */
export const MEDIA_STATUSES: Choice[] = [
	{ name: 'Done', value: 'done' },
	{ name: 'Failed', value: 'fail' },
	{ name: 'New', value: 'new' },
	{ name: 'Transcoding', value: 'transcoding' },
];

/** Transcoding statuses after which waiting stops. */
export const DONE_STATUSES = ['done'];
export const FAILED_STATUSES = ['fail', 'failed', 'error'];

/** Items asked per page when listing. */
export const PAGE_SIZE = 50;
/** Chapters and captions are listed 100 a page: the most the API gives at once (1–100). */
export const TRACK_PAGE_SIZE = 100;

/**
 * The largest WebVTT file a chapter or caption upload reads: a transcript of a 10-hour episode is
 * 1–2 MB, so anything bigger is not a chapter or caption file (the file is read whole).
 */
export const MAX_WEBVTT_BYTES = 10 * 1024 * 1024;
/** The field of Chapter and Caption Upload holding the WebVTT file. */
export const WEBVTT_FILE_LABEL = 'WebVTT File';

/** Cover Image of Create and Upload (in Additional Fields), and of Set Cover Image. */
export const COVER_IMAGE_LABEL = 'Cover Image';

/** The message of a 401, from the node and from the credential test alike. */
export const INVALID_KEYS_MESSAGE =
	'Invalid AIOZ Stream API keys: check the public and secret key in the credential';
