/**
 * Types of the local AIOZ Stream + AI/ML API (MiniMax) emulator (emulator/index.js, CommonJS).
 */

/** Part upload fault kinds: HTTP 500 / 503 (JSON error), 429 with Retry-After, or a dropped connection. */
export type FaultKind = '500' | '503' | '429' | 'drop';

export interface FaultOptions {
	/** Seed of the deterministic choice (default 1). */
	seed?: number;
	/** Share of part upload attempts that fail, 0..1 (default 0). */
	partFailureRate?: number;
	/** Kinds to choose from (default all four). */
	kinds?: FaultKind[];
	/** Retry-After (seconds) of a 429 (default 1). */
	retryAfterSeconds?: number;
	/** Failures of one part (same media and Content-Range start) before it always succeeds (default unlimited). */
	maxFailuresPerPart?: number;
}

export type EmulatorRoute =
	| 'create'
	| 'part'
	| 'complete'
	| 'get'
	| 'list'
	| 'update'
	| 'delete'
	| 'user'
	| 'minimaxUpload'
	| 'minimaxGenerate'
	/** GET /v1/billing/balance (AI/ML API credential test). */
	| 'aimlBalance';

export interface FailNextOptions {
	/** HTTP status (default 500) or 'drop' to destroy the connection without an answer. */
	status?: number | 'drop';
	message?: string;
	/** How many matching requests fail (default 1). */
	times?: number;
	/** Retry-After (seconds) of a 429 (default 1). */
	retryAfterSeconds?: number;
	/** MiniMax routes only: answer HTTP 200 with this base_resp (an upstream error) instead. */
	baseResp?: { status_code: number; status_msg: string };
}

export interface RequestLogEntry {
	/** Sequence number, from 1. */
	id: number;
	method: string;
	/** Path and query string. */
	path: string;
	/** HTTP status answered; 0 while pending or when the connection was dropped. */
	status: number;
	/** Request headers; `stream-secret-key`, `authorization` (scheme kept), cookies are '[redacted]'. */
	headers: Record<string, string | string[] | undefined>;
	contentRange?: string;
	/** EmulatorRoute, or a delivery route ('hls' | 'dash' | 'player' | 'thumbnail' | 'source'). */
	route?: string;
	family?: 'media' | 'videos';
	mediaId?: string;
	/** Injected fault: a FaultKind or 'failNext'. */
	fault?: FaultKind | 'failNext';
	dropped?: boolean;
	/** Error message answered, if any. */
	error?: string;
}

export type MediaStatus = 'new' | 'transcoding' | 'done' | 'fail';

export interface EmulatorPart {
	index: number;
	start: number;
	/** Inclusive. */
	end: number;
	size: number;
	/** md5 hex. */
	hash: string;
}

export interface MediaAssets {
	hls_url: string;
	hls_player_url: string;
	hls_iframe: string;
	dash_url: string;
	dash_player_url: string;
	dash_iframe: string;
	thumbnail_url: string;
	source_url: string;
	/** Video only; audio never has it. */
	mp4_url?: string;
}

export interface EmulatorMedia {
	id: string;
	type: 'audio' | 'video';
	title: string;
	description: string;
	isPublic: boolean;
	tags: string[];
	metadata: Array<{ key: string; value: string }>;
	status: MediaStatus;
	/** The create JSON body exactly as received. */
	createBody: unknown;
	/** Update (PATCH) bodies as received, in order. */
	updates: unknown[];
	/** Total from Content-Range; null before the first accepted part. */
	totalSize: number | null;
	/** Distinct bytes covered by accepted parts. */
	bytesReceived: number;
	/** Accepted parts, sorted by index (a re-sent index replaces the earlier record). */
	parts: EmulatorPart[];
	/** Route family the media was created through. */
	routeFamily: 'media' | 'videos';
	/** How many times complete was called. */
	completeCount: number;
	assets: MediaAssets;
}

export interface MinimaxBaseResp {
	status_code: number;
	status_msg: string;
}

export interface MinimaxUploadRecord {
	purpose: string;
	fileName: string | undefined;
	mimeType: string | undefined;
	size: number;
	md5: string;
	voice_id?: string;
	instrumental_id?: string;
	base_resp: MinimaxBaseResp;
	trace_id: string;
}

export interface MinimaxGenerationRecord {
	/** JSON received. */
	body: unknown;
	base_resp: MinimaxBaseResp;
	trace_id: string;
	format?: string;
	audioBytes?: number;
}

export interface EmulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Time from complete to status 'done' (default 500). */
	transcodeDelayMs?: number;
	faults?: FaultOptions;
	/** Where parts are stored (default: a fresh temp dir, removed on stop). */
	dataDir?: string;
	/** Called when a request has been answered (or dropped). */
	onRequest?: (entry: RequestLogEntry) => void;
	/** Models an internet uplink: each connection uploads parts at most this many MiB/s (default: no cap). */
	linkMiBps?: number;
	/** Models an internet round trip: every request waits this long before it is read and answered (default 0). */
	latencyMs?: number;
}

export interface EmulatorKeys {
	readonly aiozPublicKey: 'emu-public-key';
	readonly aiozSecretKey: 'emu-secret-key';
	readonly aimlApiKey: 'emu-aiml-key';
}

export interface Emulator {
	/** e.g. 'http://127.0.0.1:PORT' */
	readonly url: string;
	readonly port: number;
	/** `${url}/api` — routes /api/media/... and /api/videos/... */
	readonly aiozBaseUrl: string;
	/** `url` — routes /v2/generate/audio/minimax/upload|generate */
	readonly aimlBaseUrl: string;
	readonly keys: EmulatorKeys;
	readonly dataDir: string;
	/** Request log (cleared in place by reset()). */
	readonly requests: RequestLogEntry[];
	readonly aioz: {
		getMedia(id: string): EmulatorMedia | undefined;
		/** md5 hex of the assembled file (streamed from the stored parts; zeros where nothing arrived). */
		md5(id: string): Promise<string>;
		/** The assembled file as a Node.js Readable. */
		createReadStream(id: string): NodeJS.ReadableStream;
		listMedia(): EmulatorMedia[];
		setTranscodeDelayMs(ms: number): void;
		/** The next `times` (default 1) completed uploads end in status 'fail' instead of 'done'. */
		failNextTranscode(times?: number): void;
	};
	readonly minimax: {
		readonly uploads: MinimaxUploadRecord[];
		readonly generations: MinimaxGenerationRecord[];
	};
	/** Replaces (or with null/undefined clears) the part upload fault plan; attempt counters restart. */
	/** Changes the link model of later requests (see EmulatorOptions): 0 or absent turns it off. */
	setLink(link: { linkMiBps?: number; latencyMs?: number }): void;
	setFaults(faults: FaultOptions | null | undefined): void;
	/** The next `times` requests of `route` fail (after authentication) with `status` / `message`. */
	failNext(route: EmulatorRoute, options?: FailNextOptions): void;
	/** Clears media (and their files), MiniMax uploads/ids, generations, the request log, faults and failNext. */
	reset(): Promise<void>;
	stop(): Promise<void>;
}

export const KEYS: EmulatorKeys;
export const ROUTES: EmulatorRoute[];
export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
