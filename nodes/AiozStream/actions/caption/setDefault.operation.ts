/**
 * Set Default: makes the caption in one language the one players show first; the media's other
 * captions stop being the default.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { setDefaultCaption } from '../../transport';
import { languageField, mediaIdField, readTrackTarget } from '../tracks';

export const description: INodeProperties[] = [
	mediaIdField('caption', 'setDefault'),
	languageField('caption', 'setDefault'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const target = readTrackTarget(this, itemIndex);
	await setDefaultCaption(this, itemIndex, target);
	return { json: { ...target, is_default: true } };
}
