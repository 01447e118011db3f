/** Header values, file names and MIME types of files fetched from a URL (both nodes). */

type HeaderValue = string | string[] | number | undefined;

/** A response header's value by its name, whatever its case (the first one when repeated). */
export function headerValue(
	headers: Record<string, HeaderValue> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name.toLowerCase()) continue;
		if (Array.isArray(value)) return value[0];
		return value === undefined ? undefined : String(value);
	}
	return undefined;
}

/** `filename*=UTF-8''…` (RFC 5987) wins over `filename="…"`, as browsers do. */
export function fileNameFromContentDisposition(value: string | undefined): string | undefined {
	if (!value) return undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(value);
	if (extended) {
		try {
			return cleanFileName(decodeURIComponent(extended[2].trim().replace(/^"|"$/g, '')));
		} catch {
			// Malformed percent-encoding: fall back to the plain parameter below.
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(value);
	if (plain) return cleanFileName((plain[2] ?? plain[1]).trim());
	return undefined;
}

/** The last path segment of a URL, decoded, if it looks like a file name. */
export function fileNameFromUrl(url: string): string | undefined {
	try {
		const segments = new URL(url).pathname.split('/').filter(Boolean);
		const last = segments.at(-1);
		return last ? cleanFileName(decodeURIComponent(last)) : undefined;
	} catch {
		return undefined;
	}
}

/** Strips folders and characters that do not belong in a multipart file name. */
function cleanFileName(name: string): string | undefined {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const cleaned = base.replace(/[\u0000-\u001f"]/g, '').trim();
	return cleaned.length > 0 ? cleaned : undefined;
}

/** Content-Type without parameters, lower-case. */
export function mimeTypeFromHeaders(
	headers: Record<string, HeaderValue> | undefined,
): string | undefined {
	const value = headerValue(headers, 'content-type');
	const mime = value?.split(';')[0].trim().toLowerCase();
	return mime || undefined;
}

export function contentDisposition(
	headers: Record<string, HeaderValue> | undefined,
): string | undefined {
	return headerValue(headers, 'content-disposition');
}
