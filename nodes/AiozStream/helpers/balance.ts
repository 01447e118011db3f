/**
 * "Check Balance First" of Upload: before the audio is created, the price of transcoding it (GET
 * /cost, for the file's duration and the qualities of the create body) and, when the balance does
 * not cover it, a refusal naming the price and what is missing, so nothing is created.
 *
 * The duration: Options → Audio Duration (Seconds) when set; else read from the header of a WAV
 * (exact) or MP3 (from its first frame's bitrate: exact for constant bitrate, an estimate
 * otherwise) in a binary field. Other formats and files at a URL need the option.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { estimateDurationSeconds } from '../../shared/audioDuration';
import type { BinaryInput } from '../../shared/binary';
import { inputError, requirePositiveSeconds } from '../../shared/parameters';
import type { PartSource } from '../../shared/parts';
import { FILE_URL_LABEL } from '../constants';
import { getAccountBalance, getTranscodeCost } from '../transport';
import { costQualities } from './requestBodies';

/** How many first bytes hold a WAV's chunks up to `data`, or an MP3's ID3 tag and first frame. */
const HEADER_BYTES = 64 * 1024;

const AUDIO_DURATION_LABEL = 'Options → Audio Duration (Seconds)';

async function uploadDurationSeconds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: PartSource,
	options: IDataObject,
): Promise<number> {
	const { audioDuration } = options;
	// 0 is the field's default: the duration is then read from the file.
	if (audioDuration !== undefined && audioDuration !== '' && audioDuration !== 0) {
		const given = requirePositiveSeconds(
			ctx,
			itemIndex,
			AUDIO_DURATION_LABEL,
			audioDuration,
			'Set it to how long the audio plays, e.g. 3600 for one hour, or remove it to read the duration from a WAV or MP3 file.',
		);
		return given;
	}
	const head = 'head' in source ? await (source as BinaryInput).head(HEADER_BYTES) : undefined;
	const seconds = head && estimateDurationSeconds(head, source.size);
	if (seconds === undefined || !(seconds > 0)) {
		throw inputError(
			ctx,
			itemIndex,
			`Check Balance First needs the duration of the audio, and ${head ? 'this file is not a WAV or MP3 whose header gives it' : `the file at ${FILE_URL_LABEL} is only read while it is uploaded`}`,
			`Set ${AUDIO_DURATION_LABEL} to how long the audio plays, or turn Check Balance First off.`,
		);
	}
	return seconds;
}

/**
 * Throws when the balance does not cover transcoding the file into the create body's qualities;
 * returns otherwise. Runs before the create request.
 */
export async function checkBalanceFirst(
	ctx: IExecuteFunctions,
	itemIndex: number,
	createBody: IDataObject,
	source: PartSource,
	options: IDataObject,
): Promise<void> {
	const durationSeconds = await uploadDurationSeconds(ctx, itemIndex, source, options);
	const qualities = costQualities(createBody.qualities);
	const cost = await getTranscodeCost(ctx, itemIndex, {
		qualities,
		type: 'audio',
		durationSeconds,
	});
	if (cost.is_enough) return;
	const balance = await getAccountBalance(ctx, itemIndex);
	const shortfall =
		balance === undefined
			? 'AIOZ Stream did not give the balance'
			: `the balance is ${balance}, ${round(cost.price - balance)} short`;
	throw new NodeOperationError(
		ctx.getNode(),
		`The AIOZ Stream balance is not enough to transcode this audio: it costs ${cost.price} and ${shortfall}`,
		{
			itemIndex,
			description: `Priced for ${round(durationSeconds)} s in ${qualities.join(', ')} (amounts in AIOZ Stream's units, which its API does not state). Nothing was created. Top up the account, choose fewer or lower qualities, or turn off Check Balance First.`,
		},
	);
}

/** A price or a duration as a message shows it: at most 6 decimals, no float noise. */
function round(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}
