/**
 * Upload Reference Audio: sends a song, vocals or accompaniment (MP3/WAV, 10 s to 10 min) and
 * returns the voice_id / instrumental_id that Music-01 generates from.
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { INPUT_SOURCE_OPTIONS, PURPOSE_OPTIONS, type Purpose } from '../../constants';
import { uploadAudioFromBinary, uploadAudioFromUrl } from '../../helpers/input';
import { choicesOf, readChoice } from '../../helpers/validate';
import { uploadReferenceAudio } from '../../transport/api';
import { getAimlEndpoint } from '../../transport/request';

export { uploadFields as description } from './fields';

/** The ids each purpose yields, in the order the API documents them. */
const IDS_BY_PURPOSE: Record<Purpose, Array<'voice_id' | 'instrumental_id'>> = {
	song: ['voice_id', 'instrumental_id'],
	voice: ['voice_id'],
	instrumental: ['instrumental_id'],
};

const PURPOSE_CHOICES = choicesOf<Purpose>(PURPOSE_OPTIONS);
const INPUT_SOURCE_CHOICES = choicesOf<'binary' | 'url'>(INPUT_SOURCE_OPTIONS);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// First: an empty API key is refused before any file is read.
	const endpoint = await getAimlEndpoint(this, itemIndex);
	const purpose = readChoice(this, itemIndex, 'purpose', 'Purpose', PURPOSE_CHOICES);
	const inputSource = readChoice(
		this,
		itemIndex,
		'inputSource',
		'Input Source',
		INPUT_SOURCE_CHOICES,
	);

	const audio =
		inputSource === 'url'
			? await uploadAudioFromUrl(
					this,
					itemIndex,
					this.getNodeParameter('audioUrl', itemIndex) as string,
				)
			: await uploadAudioFromBinary(
					this,
					itemIndex,
					this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string,
				);

	const response = await uploadReferenceAudio(this, itemIndex, endpoint, purpose, audio);

	const json: IDataObject = {};
	for (const key of IDS_BY_PURPOSE[purpose]) {
		const id = response[key];
		if (typeof id !== 'string' || id === '') {
			throw new NodeApiError(
				this.getNode(),
				{ base_resp: (response.base_resp ?? null) as JsonObject },
				{
					message: `MiniMax accepted the upload but returned no ${key}`,
					description: `Purpose "${purpose}" should yield ${IDS_BY_PURPOSE[purpose].join(' and ')}. Check that the file really contains ${purpose === 'instrumental' ? 'accompaniment' : 'sung vocals'}.`,
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
