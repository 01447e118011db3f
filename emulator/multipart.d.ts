/** Types of emulator/multipart.js (the streaming multipart/form-data parser). */

export interface PartInfo {
	name: string;
	filename?: string;
	mimeType?: string;
	/** Part headers, lower-cased names. */
	headers: Record<string, string>;
}

export interface PartSink {
	write(chunk: Buffer): void;
	end(): void;
	abort?(): void;
	waitForDrain?(): Promise<void> | undefined;
}

export interface MultipartHandlers {
	/** Return a sink to stream the part, or nothing to receive it buffered through onField. */
	onPart?(info: PartInfo): PartSink | null | undefined;
	onField?(name: string, value: string, info: PartInfo): void;
	maxFieldSize?: number;
	maxHeaderSize?: number;
}

export declare class MultipartError extends Error {}

export declare class MultipartParser {
	constructor(boundary: string, handlers: MultipartHandlers);
	readonly done: boolean;
	readonly partCount: number;
	/** Feeds the next chunk; throws MultipartError on malformed input. */
	write(chunk: Buffer): void;
	/** Throws MultipartError when the closing boundary was never seen. */
	finish(): void;
	abort(): void;
}

export function getBoundary(contentType: string | undefined): string | undefined;
export function partialDelimiterStart(buf: Buffer, from: number, delimiter: Buffer): number;
export function parseContentDisposition(value: string): { type: string; params: Record<string, string> };

/**
 * Streams a request body through a MultipartParser; resolves once the body ended well-formed. On a malformed
 * body the rest is read and discarded and the promise rejects with a MultipartError; if the client goes away
 * it rejects with an Error whose `code` is 'ECONNABORTED'.
 */
export function parseMultipartRequest(
	req: import('node:http').IncomingMessage,
	handlers: MultipartHandlers,
): Promise<{ parts: number }>;
