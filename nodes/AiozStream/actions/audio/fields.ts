/**
 * Parameter definitions used by more than one operation (each operation file picks what it needs,
 * scoped to itself with `displayOptions`).
 */
import type { INodeProperties } from 'n8n-workflow';

import { INPUT_BINARY_FIELD_LABEL } from '../../../shared/binary';
import { PART_BUFFER_BUDGET_BYTES } from '../../../shared/partBuffers';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
} from '../../../shared/parameters';
import {
	AUDIO_CHANNELS,
	AUDIO_CODECS,
	COVER_IMAGE_LABEL,
	DEFAULT_AUDIO_CHANNELS,
	DEFAULT_AUDIO_CODEC,
	DEFAULT_AUDIO_INDEX,
	DEFAULT_BITRATE,
	DEFAULT_CHUNK_SIZE_MIB,
	DEFAULT_CONCURRENCY,
	DEFAULT_QUALITY_PRESET,
	DEFAULT_SAMPLE_RATE,
	DEFAULT_STREAMING_FORMAT,
	FILE_URL_HEADERS_LABEL,
	FILE_URL_LABEL,
	MAX_CHUNK_SIZE_MIB,
	MAX_CONCURRENCY,
	MAX_METADATA,
	MAX_TAGS,
	MAX_TITLE_LENGTH,
	MIN_CHUNK_SIZE_MIB,
	QUALITY_PRESETS,
	SAMPLE_RATES,
	STREAMING_FORMATS,
} from '../../constants';
import { showForOperation } from '../display';

/** Shows an Audio field for one operation. */
export function showFor(operation: string): INodeProperties['displayOptions'] {
	return showForOperation('audio', operation);
}

export function mediaIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description,
		hint: 'After Create, Upload Part or Complete, the media ID is the id field of the incoming item',
		displayOptions: showFor(operation),
	};
}

export function titleField(operation: string): INodeProperties {
	return {
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'My Podcast',
		description: `Title of the audio (at most ${MAX_TITLE_LENGTH} characters)`,
		displayOptions: showFor(operation),
	};
}

/** Input Source of Upload and Upload Part: a binary field (as before) or a file at a URL. */
export function inputSourceField(operation: string): INodeProperties {
	return {
		displayName: 'Input Source',
		name: 'inputSource',
		type: 'options',
		noDataExpression: true,
		default: 'binary',
		options: [
			{
				name: 'Binary Field',
				value: 'binary',
				description:
					'A binary field of the incoming item (Read/Write Files from Disk, HTTP Request, Webhook...)',
			},
			{
				name: 'URL',
				value: 'url',
				description:
					"A link to the file (presigned S3 / R2 / GCS URL, direct download link, CDN): streamed part by part to AIOZ Stream, never through n8n's binary data",
			},
		],
		description: 'Where the audio file comes from',
		displayOptions: showFor(operation),
	};
}

export function binaryPropertyField(operation: string): INodeProperties {
	return {
		displayName: INPUT_BINARY_FIELD_LABEL,
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the audio file',
		description:
			'Binary property of the incoming item with the audio file (e.g. from Read/Write Files from Disk or HTTP Request)',
		displayOptions: {
			show: { resource: ['audio'], operation: [operation], inputSource: ['binary'] },
		},
	};
}

export function fileUrlField(operation: string): INodeProperties {
	return {
		displayName: FILE_URL_LABEL,
		name: 'fileUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://my-bucket.s3.amazonaws.com/episode-42.wav?X-Amz-Signature=...',
		hint: 'A direct link to the audio file. Its query string (a signature) is never shown in outputs, errors or logs.',
		description:
			'http(s) address of the audio file: a presigned S3 / R2 / GCS URL, a direct download link or a CDN. The node reads its size and first bytes, then streams it part by part (byte ranges when the server offers them).',
		displayOptions: { show: { resource: ['audio'], operation: [operation], inputSource: ['url'] } },
	};
}

/** Options → File URL Headers: for a private link (a token the file's server asks for). */
export const fileUrlHeadersOption: INodeProperties = {
	displayName: FILE_URL_HEADERS_LABEL,
	name: 'fileUrlHeaders',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Header',
	default: {},
	description:
		'Headers sent with every request for the file at File URL, e.g. Authorization for a private link. Their values are never shown in outputs, errors or logs.',
	displayOptions: { show: { '/inputSource': ['url'] } },
	options: [
		{
			displayName: 'Header',
			name: 'header',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'Authorization',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					typeOptions: { password: true },
					default: '',
				},
			],
		},
	],
};

const coverImageHint = 'The name of the input binary field holding a JPEG, PNG, WebP or GIF image';

const coverImageField: INodeProperties = {
	displayName: COVER_IMAGE_LABEL,
	name: 'coverImage',
	type: 'string',
	default: '',
	placeholder: 'e.g. cover',
	hint: coverImageHint,
	description:
		'Binary property of the incoming item with the image to show as the cover (thumbnail) of the audio; it is checked before the audio is created',
};

/** The binary field of Set Cover Image. */
export function coverImagePropertyField(operation: string): INodeProperties {
	return {
		displayName: COVER_IMAGE_LABEL,
		name: 'coverImage',
		type: 'string',
		required: true,
		default: 'data',
		hint: coverImageHint,
		description:
			'Binary property of the incoming item with the image to show as the cover (thumbnail) of the audio',
		displayOptions: showFor(operation),
	};
}

const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'podcast, tech',
	description: `Comma-separated tags (at most ${MAX_TAGS}), or an array from an expression`,
};

const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'Description of the audio',
};

const isPublicField: INodeProperties = {
	displayName: 'Public',
	name: 'isPublic',
	type: 'boolean',
	default: true,
	description: 'Whether the audio is public (anyone with the link can play it) or private',
};

const metadataField: INodeProperties = {
	displayName: 'Metadata',
	name: 'metadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Metadata',
	default: {},
	description: `Key/value pairs stored with the audio (at most ${MAX_METADATA}). Each key once; a pair left entirely empty is skipped.`,
	options: [
		{
			displayName: 'Metadata',
			name: 'metadataValues',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

const SAMPLE_RATE_NOTES: Record<number, string> = {
	22050: 'Recommended for voice',
	32000: 'Recommended for voice',
	44100: 'Recommended for music (CD quality)',
	48000: 'Recommended for music',
};

/** Qualities of Create and Upload (in Additional Fields), and of Estimate Cost. */
export const qualitiesField: INodeProperties = {
	displayName: 'Qualities',
	name: 'qualities',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Quality',
	default: {},
	description:
		'Encoding renditions to produce. Leave empty for the AIOZ Stream defaults. Each one becomes a stream in the HLS or DASH playlist.',
	options: [
		{
			displayName: 'Quality',
			name: 'quality',
			values: [
				{
					displayName: 'Audio Bitrate',
					name: 'bitrate',
					type: 'number',
					default: DEFAULT_BITRATE,
					typeOptions: { minValue: 1 },
					description: 'Audio bitrate in bits per second',
					hint: 'Voice/podcast 64000–128000 · music 128000–192000 · high quality 192000–256000 · highest 256000–320000',
				},
				{
					displayName: 'Audio Channels',
					name: 'channels',
					type: 'options',
					default: DEFAULT_AUDIO_CHANNELS,
					options: AUDIO_CHANNELS,
				},
				{
					displayName: 'Audio Codec',
					name: 'codec',
					type: 'options',
					default: DEFAULT_AUDIO_CODEC,
					description: 'Audio codec (AIOZ Stream encodes audio as AAC)',
					options: AUDIO_CODECS,
				},
				{
					displayName: 'Audio Language',
					name: 'language',
					type: 'string',
					default: 'en',
					placeholder: 'en',
					description: 'Language of the audio track as a BCP 47 code (e.g. en, vi, pt-BR)',
				},
				{
					displayName: 'Audio Sample Rate',
					name: 'sampleRate',
					type: 'options',
					default: DEFAULT_SAMPLE_RATE,
					description: 'Samples per second (Hz). Voice: 22050 or 32000. Music: 44100 or 48000.',
					options: SAMPLE_RATES.map((rate) => ({
						name: `${rate} Hz`,
						value: rate,
						description: SAMPLE_RATE_NOTES[rate],
					})),
				},
				{
					displayName: 'Audio Track Index',
					name: 'audioIndex',
					type: 'number',
					default: DEFAULT_AUDIO_INDEX,
					typeOptions: { minValue: 0 },
					description: 'Which audio track of the source file to encode (0 for the first)',
				},
				{
					displayName: 'Quality Preset',
					name: 'resolution',
					type: 'options',
					default: DEFAULT_QUALITY_PRESET,
					description: 'Quality preset of this rendition (the API\'s "resolution")',
					options: QUALITY_PRESETS,
				},
				{
					displayName: 'Streaming Format',
					name: 'streamingType',
					type: 'options',
					default: DEFAULT_STREAMING_FORMAT,
					options: STREAMING_FORMATS.map(({ name, value, description }) => ({
						name,
						value,
						description,
					})),
				},
				// One Streaming Segments field per format, shown with it: its containers and default.
				...STREAMING_FORMATS.map(({ value, segments }): INodeProperties => {
					const defaultContainer = segments.containers[0].value;
					return {
						displayName: 'Streaming Segments',
						name: 'containerType',
						type: 'options',
						default: defaultContainer,
						description: segments.description,
						options: segments.containers,
						displayOptions: { show: { streamingType: [value] } },
					};
				}),
			],
		},
	],
};

/** The optional custom configuration of create and upload (the "custom" create body of the curl recipe in AIOZ's upload guide). */
export function createFieldsCollection(operation: string): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Optional custom configuration: without it, the audio is created with just a title',
		displayOptions: showFor(operation),
		options: [
			coverImageField,
			descriptionField,
			metadataField,
			isPublicField,
			qualitiesField,
			tagsField,
		],
	};
}

/** The fields update can change. */
export function updateFieldsCollection(operation: string): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operation),
		options: [
			descriptionField,
			metadataField,
			{
				displayName: 'Player ID',
				name: 'playerId',
				type: 'string',
				default: '',
				description: 'ID of the player theme to use for this audio',
			},
			isPublicField,
			tagsField,
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: `New title (at most ${MAX_TITLE_LENGTH} characters)`,
			},
		],
	};
}

export const chunkSizeOption: INodeProperties = {
	displayName: 'Chunk Size (MiB)',
	name: 'chunkSize',
	type: 'number',
	default: DEFAULT_CHUNK_SIZE_MIB,
	typeOptions: { minValue: MIN_CHUNK_SIZE_MIB, maxValue: MAX_CHUNK_SIZE_MIB },
	description: `Files larger than this are uploaded in parts of this size (${MIN_CHUNK_SIZE_MIB}–${MAX_CHUNK_SIZE_MIB} MiB)`,
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Parallel Uploads',
	name: 'concurrency',
	type: 'number',
	default: DEFAULT_CONCURRENCY,
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	description: `How many parts are uploaded at the same time. Memory use is about chunk size × this number; all uploads of an n8n process together stay within a ${PART_BUFFER_BUDGET_BYTES / (1024 * 1024)} MiB budget for part buffers, waiting for each other beyond it.`,
};

export const waitTimeoutOption: INodeProperties = {
	displayName: 'Wait Timeout (Seconds)',
	name: 'waitTimeout',
	type: 'number',
	default: DEFAULT_WAIT_TIMEOUT_SECONDS,
	typeOptions: { minValue: 1 },
	description:
		'How long to wait for transcoding before failing with the media ID and its last status',
};

export const pollIntervalOption: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollInterval',
	type: 'number',
	default: DEFAULT_POLL_INTERVAL_SECONDS,
	typeOptions: { minValue: 1 },
	description: 'Time between two status checks while waiting',
};

const WAIT_DESCRIPTION =
	'Whether to wait until transcoding is done (status "done") so the output has the streaming URLs';

/** "Wait for Transcoding": off by default for Get, on for the one-step Upload. */
export function waitForCompletionField(operation: string, waitByDefault: boolean): INodeProperties {
	const field: INodeProperties = {
		displayName: 'Wait for Transcoding',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: WAIT_DESCRIPTION,
		displayOptions: showFor(operation),
	};
	if (waitByDefault) field.default = true;
	return field;
}
