/**
 * Estimate Cost: what transcoding an audio of a given duration into given qualities costs, and
 * whether the account's balance covers it, before uploading anything (GET /cost).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { requirePositiveSeconds } from '../../../shared/parameters';
import { costQualities, qualitiesBody } from '../../helpers/requestBodies';
import { getTranscodeCost } from '../../transport';
import { qualitiesField, showFor } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		required: true,
		default: 60,
		typeOptions: { minValue: 0 },
		description:
			'How long the audio plays, in seconds (e.g. 3600 for a one-hour episode): the price is for transcoding that much audio',
		displayOptions: showFor('estimateCost'),
	},
	{
		...qualitiesField,
		description:
			'The qualities to price, set as in Upload → Additional Fields → Qualities (only their Quality Preset changes the price). Leave empty to price the default quality AIOZ Stream transcodes audio into (Standard).',
		displayOptions: showFor('estimateCost'),
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const value = this.getNodeParameter('duration', itemIndex, 0) as unknown;
	const durationSeconds = requirePositiveSeconds(
		this,
		itemIndex,
		'Duration (Seconds)',
		value,
		'Set it to how long the audio plays, e.g. 3600 for one hour, or map it from an earlier node.',
	);
	const qualities = costQualities(
		qualitiesBody(
			this,
			itemIndex,
			this.getNodeParameter('qualities', itemIndex, {}) as IDataObject,
		),
	);
	const cost = await getTranscodeCost(this, itemIndex, {
		qualities,
		type: 'audio',
		durationSeconds,
	});
	return { json: { ...cost, duration: durationSeconds, qualities, type: 'audio' } };
}
