export interface HostedFile {
	body: Buffer;
	headers?: Record<string, string>;
	status?: number;
}

export interface FileServer {
	url: string;
	/** Paths requested so far, in order. */
	requests: string[];
	/** Serves `file` at `path` (any query string is kept in the URL but ignored when serving) and returns its full URL. */
	host(path: string, file: HostedFile): string;
	stop(): Promise<void>;
}

export function startFileServer(): Promise<FileServer>;

/** A loopback URL where nothing listens: requests to it are refused (ECONNREFUSED). */
export function refusingUrl(): Promise<string>;
