import { createHash } from 'node:crypto';

import type { Emulator } from '../../emulator';

export function md5(data: Uint8Array): string {
	return createHash('md5').update(data).digest('hex');
}

export function aiozHeaders(emu: Emulator): Record<string, string> {
	return {
		'stream-public-key': emu.keys.aiozPublicKey,
		'stream-secret-key': emu.keys.aiozSecretKey,
	};
}

/** The AIOZ media object as the emulator answers it (spec schema `Media`). */
export interface MediaJson {
	id: string;
	title: string;
	description: string;
	type: string;
	status: string;
	is_public: boolean;
	tags: string[];
	metadata: Array<{ key: string; value: string }>;
	qualities: Array<Record<string, unknown>>;
	size: number;
	duration: number;
	player_theme_id: string;
	assets: Record<string, string>;
	created_at: string;
	updated_at: string;
}

/**
 * A deliberately loose view of every JSON body the emulator answers (AIOZ success/error, MiniMax results and
 * gateway errors), so tests can reach into it; the assertions check what is really there.
 */
export interface ResponseJson {
	status: string;
	message: string;
	/** The field-level reasons of a MiniMax-side validation error (HTTP 400). */
	errors?: string[];
	data: MediaJson & {
		media: MediaJson[];
		total: number;
		user: { id: string };
		audio: string;
	};
	voice_id?: string;
	instrumental_id?: string;
	trace_id?: string;
	base_resp: { status_code: number; status_msg: string };
	extra_info: Record<string, number>;
	path: string;
	requestId: string;
	statusCode: number;
	timestamp: string;
}

export interface JsonResponse {
	status: number;
	headers: Headers;
	body: ResponseJson;
}

async function asJson(response: Response): Promise<JsonResponse> {
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: JSON.parse(text) as ResponseJson };
}

export async function aiozRequest(
	emu: Emulator,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = aiozHeaders(emu),
): Promise<JsonResponse> {
	const init: RequestInit = { method, headers: { ...headers } };
	if (body !== undefined) {
		init.body = JSON.stringify(body);
		(init.headers as Record<string, string>)['content-type'] = 'application/json';
	}
	return asJson(await fetch(`${emu.aiozBaseUrl}${path}`, init));
}

export async function createMedia(
	emu: Emulator,
	body: Record<string, unknown> = { title: 'Test audio', type: 'audio' },
	family: 'media' | 'videos' = 'media',
): Promise<string> {
	const response = await aiozRequest(emu, 'POST', `/${family}/create`, body);
	if (response.status !== 200) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
	return response.body.data.id;
}

export interface PartOptions {
	index?: number | string;
	hash?: string;
	contentRange?: string | null;
	/** Append the file field before (default) or after index and hash. */
	fileFirst?: boolean;
	family?: 'media' | 'videos';
	headers?: Record<string, string>;
	omit?: Array<'file' | 'index' | 'hash'>;
}

/** Uploads `data` as the part covering bytes [start, start + data.length) of a `total`-byte file. */
export async function uploadPart(
	emu: Emulator,
	id: string,
	data: Uint8Array,
	start: number,
	total: number,
	options: PartOptions = {},
): Promise<JsonResponse> {
	const form = new FormData();
	const omit = options.omit ?? [];
	const addFile = () => {
		if (!omit.includes('file')) form.append('file', new Blob([data]), 'part.bin');
	};
	if (options.fileFirst !== false) addFile();
	if (!omit.includes('index')) form.append('index', String(options.index ?? 0));
	if (!omit.includes('hash')) form.append('hash', options.hash ?? md5(data));
	if (options.fileFirst === false) addFile();
	const headers: Record<string, string> = { ...aiozHeaders(emu), ...(options.headers ?? {}) };
	if (options.contentRange !== null) {
		headers['content-range'] = options.contentRange ?? `bytes ${start}-${start + data.length - 1}/${total}`;
	}
	const family = options.family ?? 'media';
	return asJson(
		await fetch(`${emu.aiozBaseUrl}/${family}/${id}/part`, { method: 'POST', headers, body: form }),
	);
}

/** Deterministic pseudo-random bytes (no need for crypto-quality randomness in fixtures). */
export function fixtureBytes(size: number, seed = 1): Buffer {
	const out = Buffer.alloc(size);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < size; i++) {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		out[i] = x & 0xff;
	}
	return out;
}

/** Splits [0, total) into parts of `partSize` bytes. */
export function splitParts(total: number, partSize: number): Array<{ index: number; start: number; end: number }> {
	const parts = [];
	for (let start = 0, index = 0; start < total; start += partSize, index++) {
		parts.push({ index, start, end: Math.min(start + partSize, total) - 1 });
	}
	return parts;
}

export async function minimaxUpload(
	emu: Emulator,
	purpose: string | undefined,
	file: Uint8Array | undefined,
	options: { fileName?: string; mimeType?: string; authorization?: string | null } = {},
): Promise<JsonResponse> {
	const form = new FormData();
	if (purpose !== undefined) form.append('purpose', purpose);
	if (file !== undefined) {
		form.append('file', new Blob([file], { type: options.mimeType ?? 'audio/mpeg' }), options.fileName ?? 'song.mp3');
	}
	const headers: Record<string, string> = {};
	if (options.authorization !== null) {
		headers.authorization = options.authorization ?? `Bearer ${emu.keys.aimlApiKey}`;
	}
	return asJson(
		await fetch(`${emu.aimlBaseUrl}/v2/generate/audio/minimax/upload`, { method: 'POST', headers, body: form }),
	);
}

export async function minimaxGenerate(
	emu: Emulator,
	body: unknown,
	authorization: string | null = `Bearer ${emu.keys.aimlApiKey}`,
): Promise<JsonResponse> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (authorization !== null) headers.authorization = authorization;
	return asJson(
		await fetch(`${emu.aimlBaseUrl}/v2/generate/audio/minimax/generate`, {
			method: 'POST',
			headers,
			body: JSON.stringify(body),
		}),
	);
}
