import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type JsonObject,
} from 'n8n-workflow';

import { audioFromBinary, audioFromUrl, type AudioFile } from '../../helpers/input';
import { uploadReferenceAudio } from '../../transport/api';
import { choicesOf, readChoice } from '../../helpers/validate';

type Purpose = 'song' | 'voice' | 'instrumental';

/** The ids each purpose yields, in the order the API documents them. */
const IDS_BY_PURPOSE: Record<Purpose, Array<'voice_id' | 'instrumental_id'>> = {
	song: ['voice_id', 'instrumental_id'],
	voice: ['voice_id'],
	instrumental: ['instrumental_id'],
};

const AUDIO_LIMITS_HINT =
	'MP3 or WAV, longer than 10 seconds and at most 10 minutes. Vocals must be sung; speech is not supported.';

const PURPOSE_OPTIONS: INodePropertyOptions[] = [
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
const PURPOSE_CHOICES = choicesOf<Purpose>(PURPOSE_OPTIONS);

const INPUT_SOURCE_OPTIONS: INodePropertyOptions[] = [
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
const INPUT_SOURCE_CHOICES = choicesOf<'binary' | 'url'>(INPUT_SOURCE_OPTIONS);

const showFor = { resource: ['music'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Purpose',
		name: 'purpose',
		type: 'options',
		displayOptions: { show: showFor },
		default: 'song',
		options: PURPOSE_OPTIONS,
		description: 'What the file contains, which decides the reference IDs MiniMax returns',
	},
	{
		displayName: 'Input Source',
		name: 'inputSource',
		type: 'options',
		displayOptions: { show: showFor },
		default: 'binary',
		options: INPUT_SOURCE_OPTIONS,
		description: 'Where the audio comes from',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		displayOptions: { show: { ...showFor, inputSource: ['binary'] } },
		default: 'data',
		required: true,
		hint: AUDIO_LIMITS_HINT,
		description: 'Name of the binary property of the input item that holds the audio file',
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		displayOptions: { show: { ...showFor, inputSource: ['url'] } },
		default: '',
		required: true,
		placeholder: 'https://example.com/song.mp3',
		hint: AUDIO_LIMITS_HINT,
		description:
			'Public URL of the audio file. The file name comes from the server (Content-Disposition) or the URL.',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const purpose = readChoice(this, itemIndex, 'purpose', 'Purpose', PURPOSE_CHOICES);
	const inputSource = readChoice(
		this,
		itemIndex,
		'inputSource',
		'Input Source',
		INPUT_SOURCE_CHOICES,
	);

	let audio: AudioFile;
	if (inputSource === 'url') {
		audio = await audioFromUrl.call(
			this,
			itemIndex,
			this.getNodeParameter('audioUrl', itemIndex) as string,
		);
	} else {
		audio = await audioFromBinary.call(
			this,
			itemIndex,
			this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string,
		);
	}

	const response = await uploadReferenceAudio.call(this, itemIndex, {
		purpose,
		data: audio.data,
		fileName: audio.fileName,
		mimeType: audio.mimeType,
	});

	const json: IDataObject = {};
	for (const key of IDS_BY_PURPOSE[purpose]) {
		const id = response[key];
		if (typeof id !== 'string' || id === '') {
			throw new NodeApiError(
				this.getNode(),
				{ base_resp: (response.base_resp ?? null) as JsonObject },
				{
					message: `MiniMax accepted the upload but returned no ${key}`,
					description: `Item ${itemIndex}: purpose "${purpose}" should yield ${IDS_BY_PURPOSE[purpose].join(' and ')}. Check that the file really contains ${purpose === 'instrumental' ? 'accompaniment' : 'sung vocals'}.`,
					itemIndex,
				},
			);
		}
		json[key] = id;
	}
	if (response.trace_id !== undefined) json.trace_id = response.trace_id;
	json.base_resp = response.base_resp ?? { status_code: 0, status_msg: 'success' };

	return [{ json }];
}
