/**
 * What each MiniMax music model takes, in one table: the node's fields, its checks and the docs
 * (docs/minimax-models.md) follow it. Source: the AI/ML API's model pages (August 2026) as summarised
 * in the project's reference notes; where a page gives no limit, the limit of MiniMax's own API for
 * the model is used and marked below.
 */

export type ModelId =
	| 'music-01'
	| 'minimax/music-2.6'
	| 'minimax/music-2.0'
	| 'minimax/music-1.5'
	| 'minimax/music-cover';

/** Allowed length of a text field, in characters; `required` means it may not be empty. */
export interface TextLimit {
	required: boolean;
	min: number;
	max: number;
}

export interface ModelSpec {
	/** Name in the Model dropdown. */
	name: string;
	/**
	 * `music-01`: one synchronous call with the ids of Upload Reference Audio.
	 * The others: the asynchronous `POST /v2/generate/audio`, then polling the generation id.
	 */
	asynchronous: boolean;
	prompt?: TextLimit;
	lyrics: TextLimit;
	/** Takes `audio_setting` (format, sample rate, bitrate). */
	audioSetting: boolean;
	/** Takes `is_instrumental` and `lyrics_optimizer`. */
	instrumentalAndOptimizer: boolean;
	/** Takes `refer_voice` / `refer_instrumental` (the ids Upload Reference Audio returns). */
	referenceIds: boolean;
	/** Takes `reference_audio_url` (a URL or Base64 data), required. */
	referenceAudio: boolean;
}

export const MODELS: Record<ModelId, ModelSpec> = {
	'music-01': {
		name: 'Music-01 (From Uploaded Reference IDs)',
		asynchronous: false,
		lyrics: { required: true, min: 1, max: 600 },
		audioSetting: true,
		instrumentalAndOptimizer: false,
		referenceIds: true,
		referenceAudio: false,
	},
	'minimax/music-2.6': {
		name: 'Music 2.6',
		asynchronous: true,
		// Only the model is required; the lengths are those of music-2.0 (the page gives none).
		prompt: { required: false, min: 0, max: 2000 },
		lyrics: { required: false, min: 0, max: 3000 },
		audioSetting: true,
		instrumentalAndOptimizer: true,
		referenceIds: false,
		referenceAudio: false,
	},
	'minimax/music-2.0': {
		name: 'Music 2.0',
		asynchronous: true,
		prompt: { required: true, min: 10, max: 2000 },
		lyrics: { required: true, min: 10, max: 3000 },
		audioSetting: true,
		instrumentalAndOptimizer: false,
		referenceIds: false,
		referenceAudio: false,
	},
	'minimax/music-1.5': {
		name: 'Music 1.5',
		asynchronous: true,
		prompt: { required: true, min: 10, max: 300 },
		// The page says "required"; 10–600 is MiniMax's own limit for music-1.5.
		lyrics: { required: true, min: 10, max: 600 },
		audioSetting: true,
		instrumentalAndOptimizer: false,
		referenceIds: false,
		referenceAudio: false,
	},
	'minimax/music-cover': {
		name: 'Music Cover (From Reference Audio)',
		asynchronous: true,
		// The page says "required"; the lengths are those of music-1.5, the cover model's base.
		prompt: { required: true, min: 10, max: 300 },
		lyrics: { required: false, min: 0, max: 600 },
		audioSetting: false,
		instrumentalAndOptimizer: false,
		referenceIds: false,
		referenceAudio: true,
	},
};

export const MODEL_IDS = Object.keys(MODELS) as ModelId[];

/** The models with a given trait, for `displayOptions`. */
export function modelsWhere(trait: (spec: ModelSpec) => boolean): ModelId[] {
	return MODEL_IDS.filter((id) => trait(MODELS[id]));
}

/** Reference audio of music-cover: 6 s to 6 min, at most 50 MB. */
export const REFERENCE_AUDIO_LIMITS = {
	minSeconds: 6,
	maxSeconds: 360,
	// "50 MB" read as 50,000,000 bytes, the stricter reading.
	maxBytes: 50_000_000,
} as const;
