/**
 * Request bodies of create (also sent by the one-step upload) and update: read from the node's
 * parameters and checked before any request, with messages naming the fields by their labels in
 * the editor; keys in the order of the curl recipe in AIOZ's upload guide.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/parameters';
import { isLanguageTag } from './language';
import {
	AUDIO_CODECS,
	DEFAULT_AUDIO_CHANNELS,
	DEFAULT_AUDIO_CODEC,
	DEFAULT_AUDIO_INDEX,
	DEFAULT_BITRATE,
	DEFAULT_QUALITY_PRESET,
	DEFAULT_SAMPLE_RATE,
	DEFAULT_STREAMING_FORMAT,
	MAX_METADATA,
	MAX_TAG_LENGTH,
	MAX_TAGS,
	MAX_TITLE_LENGTH,
	QUALITY_PRESETS,
	SAMPLE_RATES,
	STREAMING_FORMATS,
	type Choice,
} from '../constants';

/** The values of a table of choices, for checks and messages. */
const valuesOf = (choices: Choice[]): string[] => choices.map(({ value }) => value);

interface QualityParameters {
	resolution?: string;
	streamingType?: string;
	containerType?: string;
	codec?: string;
	bitrate?: number | string;
	channels?: string;
	sampleRate?: number | string;
	language?: string;
	audioIndex?: number | string;
}

interface MediaFieldParameters {
	title?: string;
	description?: string;
	isPublic?: boolean;
	tags?: string | string[];
	metadata?: { metadataValues?: Array<{ key?: string; value?: string }> };
	qualities?: { quality?: QualityParameters[] };
	playerId?: string;
}

/**
 * Tags from a comma-separated string or an array (from an expression), trimmed, empty ones dropped:
 * the Tags field of Create, Upload and Update, and the Tags filter of Get Many.
 */
export function splitTags(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return list.map((tag) => tag.trim()).filter((tag) => tag !== '');
}

export class InputChecker {
	/**
	 * @param section label of the collection holding the fields ("Additional Fields" or
	 *   "Update Fields"), named in messages about fields only found there
	 */
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly section: string,
	) {}

	fail(message: string, fix?: string): never {
		throw inputError(this.ctx, this.itemIndex, message, fix);
	}

	title(value: unknown): string {
		const title = String(value ?? '').trim();
		if (!title) this.fail('Title is empty: give the audio a title');
		if (title.length > MAX_TITLE_LENGTH) {
			this.fail(
				`Title is too long: ${title.length} characters, the maximum is ${MAX_TITLE_LENGTH}`,
			);
		}
		return title;
	}

	tags(value: unknown): string[] {
		const tags = splitTags(value);
		if (tags.length > MAX_TAGS) {
			this.fail(`Tags: ${tags.length} given, the maximum is ${MAX_TAGS}`);
		}
		const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
		if (long) {
			this.fail(`Tags: "${long.slice(0, 40)}…" is longer than ${MAX_TAG_LENGTH} characters`);
		}
		return tags;
	}

	/**
	 * The Tags and Metadata of a create's Additional Fields, checked, into `body` when given and
	 * not empty (an audio's and a playlist's create take them the same way).
	 */
	addTagsAndMetadata(
		body: IDataObject,
		fields: Pick<MediaFieldParameters, 'tags' | 'metadata'>,
	): void {
		if (fields.tags !== undefined) {
			const tags = this.tags(fields.tags);
			if (tags.length) body.tags = tags;
		}
		if (fields.metadata !== undefined) {
			const metadata = this.metadata(fields.metadata);
			if (metadata.length) body.metadata = metadata;
		}
	}

	/**
	 * Metadata pairs, keys trimmed. A pair with neither key nor value is a row left empty in the
	 * editor and is skipped; a value without a key, or a key used twice, is refused.
	 */
	metadata(value: MediaFieldParameters['metadata']): Array<{ key: string; value: string }> {
		const label = `${this.section} → Metadata`;
		const entries: Array<{ key: string; value: string }> = [];
		const positionOfKey = new Map<string, number>();
		(value?.metadataValues ?? []).forEach((entry, index) => {
			const key = String(entry.key ?? '').trim();
			const pairValue = String(entry.value ?? '');
			if (!key && !pairValue.trim()) return;
			const position = index + 1;
			if (!key) {
				this.fail(
					`${label}: pair ${position} has a value but no key`,
					'Give the pair a key, or remove it.',
				);
			}
			const earlier = positionOfKey.get(key);
			if (earlier !== undefined) {
				this.fail(
					`${label}: the key "${key}" is used twice (pairs ${earlier} and ${position})`,
					'Keys must be unique: rename one of them, or merge the two values into one pair.',
				);
			}
			positionOfKey.set(key, position);
			entries.push({ key, value: pairValue });
		});
		if (entries.length > MAX_METADATA) {
			this.fail(`${label}: ${entries.length} entries, the maximum is ${MAX_METADATA}`);
		}
		return entries;
	}

	/** Two qualities with the same preset and format would be the same rendition. */
	distinctQualities(qualities: IDataObject[]): void {
		const positionOf = new Map<string, number>();
		qualities.forEach((quality, index) => {
			const key = `${String(quality.resolution)}|${String(quality.type)}`;
			const earlier = positionOf.get(key);
			if (earlier !== undefined) {
				this.fail(
					`Quality ${index + 1}: Quality Preset "${String(quality.resolution)}" with Streaming Format ${String(quality.type).toUpperCase()} is already used by Quality ${earlier}`,
					'Each quality is one rendition: change the Quality Preset or the Streaming Format of one of them, or remove it.',
				);
			}
			positionOf.set(key, index + 1);
		});
	}

	quality(quality: QualityParameters, position: number): IDataObject {
		const label = `Quality ${position}`;
		const resolution = quality.resolution ?? DEFAULT_QUALITY_PRESET;
		const presets = valuesOf(QUALITY_PRESETS);
		if (!presets.includes(resolution)) {
			this.fail(`${label}: Quality Preset "${resolution}" is not one of ${presets.join(', ')}`);
		}
		const type = quality.streamingType ?? DEFAULT_STREAMING_FORMAT;
		const format = STREAMING_FORMATS.find(({ value }) => value === type);
		if (!format) {
			this.fail(
				`${label}: Streaming Format "${type}" is not one of ${valuesOf(STREAMING_FORMATS).join(', ')}`,
			);
		}
		const containers = valuesOf(format.segments.containers);
		const container = quality.containerType ?? containers[0];
		if (!containers.includes(container)) {
			this.fail(
				`${label}: Streaming Segments "${container}" cannot be used with ${format.name}; ${format.name} uses ${containers.map((c) => `"${c}"`).join(' or ')}`,
			);
		}
		const codec = quality.codec ?? DEFAULT_AUDIO_CODEC;
		if (!valuesOf(AUDIO_CODECS).includes(codec)) {
			this.fail(
				`${label}: Audio Codec "${codec}" is not supported; AIOZ Stream encodes audio as aac`,
			);
		}
		const bitrate = Number(quality.bitrate ?? DEFAULT_BITRATE);
		if (!Number.isInteger(bitrate) || bitrate <= 0) {
			this.fail(
				`${label}: Audio Bitrate must be a positive whole number of bits per second, got ${String(quality.bitrate)}`,
				'For example 128000 for a podcast, 320000 for music at the highest quality.',
			);
		}
		const sampleRate = Number(quality.sampleRate ?? DEFAULT_SAMPLE_RATE);
		if (!(SAMPLE_RATES as readonly number[]).includes(sampleRate)) {
			this.fail(
				`${label}: Audio Sample Rate ${String(quality.sampleRate)} is not supported; use one of ${SAMPLE_RATES.join(', ')}`,
			);
		}
		const index = Number(quality.audioIndex ?? DEFAULT_AUDIO_INDEX);
		if (!Number.isInteger(index) || index < 0) {
			this.fail(
				`${label}: Audio Track Index must be a whole number from 0, got ${String(quality.audioIndex)}`,
			);
		}
		const audioConfig: IDataObject = {
			codec,
			bitrate,
			channels: String(quality.channels ?? DEFAULT_AUDIO_CHANNELS),
			sample_rate: sampleRate,
		};
		const language = String(quality.language ?? '').trim();
		if (language && !isLanguageTag(language)) {
			this.fail(
				`${label}: Audio Language "${language}" is not a BCP 47 language tag`,
				'Use a code such as en, vi or pt-BR, or leave the field empty.',
			);
		}
		if (language) audioConfig.language = language;
		audioConfig.index = index;
		return { resolution, type, container_type: container, audio_config: audioConfig };
	}
}

/**
 * The request body of create: `{ title, type: 'audio' }` plus the optional custom configuration
 * of "Additional Fields". Throws a NodeOperationError naming the field on invalid input.
 */
export function createRequestBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const check = new InputChecker(ctx, itemIndex, 'Additional Fields');
	const title = check.title(ctx.getNodeParameter('title', itemIndex, ''));
	const fields = (ctx.getNodeParameter('additionalFields', itemIndex, {}) ??
		{}) as MediaFieldParameters;

	const body: IDataObject = { title, type: 'audio' };
	if (fields.description !== undefined && fields.description !== '') {
		body.description = fields.description;
	}
	if (fields.isPublic !== undefined) body.is_public = fields.isPublic;
	check.addTagsAndMetadata(body, fields);
	const qualities = qualitiesBody(ctx, itemIndex, fields.qualities);
	if (qualities.length) body.qualities = qualities;
	return body;
}

/**
 * A Qualities field's value (Additional Fields → Qualities of Create and Upload, Qualities of
 * Estimate Cost) as the create body's `qualities`, each checked.
 */
export function qualitiesBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: MediaFieldParameters['qualities'],
): IDataObject[] {
	const check = new InputChecker(ctx, itemIndex, 'Qualities');
	const qualities = (value?.quality ?? []).map((quality, index) =>
		check.quality(quality, index + 1),
	);
	check.distinctQualities(qualities);
	return qualities;
}

/**
 * The quality names the cost request prices, from the create body's `qualities`: each preset
 * once, in order (HLS and DASH of one preset are one name). None: the preset AIOZ Stream
 * transcodes audio into by default.
 */
export function costQualities(qualities: unknown): string[] {
	const list = Array.isArray(qualities) ? (qualities as IDataObject[]) : [];
	const names = [...new Set(list.map(({ resolution }) => String(resolution)))];
	return names.length ? names : [DEFAULT_QUALITY_PRESET];
}

/** The request body of update: only the fields set in "Update Fields", checked like create's. */
export function updateRequestBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const check = new InputChecker(ctx, itemIndex, 'Update Fields');
	const fields = (ctx.getNodeParameter('updateFields', itemIndex, {}) ??
		{}) as MediaFieldParameters;
	const body: IDataObject = {};
	if (fields.title !== undefined) body.title = check.title(fields.title);
	if (fields.description !== undefined) body.description = fields.description;
	if (fields.isPublic !== undefined) body.is_public = fields.isPublic;
	if (fields.tags !== undefined) body.tags = check.tags(fields.tags);
	if (fields.metadata !== undefined) body.metadata = check.metadata(fields.metadata);
	if (fields.playerId !== undefined && String(fields.playerId).trim() !== '') {
		body.player_id = String(fields.playerId).trim();
	}
	if (Object.keys(body).length === 0) {
		check.fail('Update Fields is empty: add at least one field to change');
	}
	return body;
}
