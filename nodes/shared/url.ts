/**
 * The one URL check of the package, and the one way a URL is shown in messages and logs.
 *
 * A URL a user gives may carry secrets: a presigned S3 / R2 / GCS link signs its query string
 * (`X-Amz-Signature=…`), a share link may hold a token, and `https://user:password@host/` holds a
 * password. Whatever names a URL in an output, an error or a log uses `redactUrl`.
 */

/** True for an absolute http:// or https:// URL. */
export function isHttpUrl(value: string): boolean {
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

/**
 * The URL with its user name and password dropped, every query value replaced by `(redacted)`
 * (the names stay, so a reader still sees which parameters were there) and no fragment.
 */
export function redactUrl(value: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return '(not a valid URL)';
	}
	const query = [...url.searchParams.keys()].map((name) => `${name}=(redacted)`).join('&');
	return `${url.protocol}//${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}
