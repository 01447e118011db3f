/**
 * A `multipart/form-data` body with one file field first and text fields after it — the order of
 * the curl recipe in AIOZ's upload guide (`curl -F file=@… -F index=0 -F hash=…`) — laid out so
 * the caller can put the file's bytes straight into the buffer that is sent:
 *
 *   [head: boundary + file headers][file bytes][tail: CRLF, text fields, closing boundary]
 *
 * Sending that one buffer replaces `FormData` + `Blob`, which copy the file twice on the way to
 * the socket (into the Blob, then out of it in chunks). Same wire format as n8n's HTTP client
 * produces for a FormData: CRLF line ends, `Content-Disposition` with the file name, the part's
 * `Content-Type`, and a random boundary.
 */
import { randomBytes } from 'node:crypto';

const CRLF = '\r\n';

/** Escapes what cannot stand in a quoted header parameter, as browsers and axios do. */
function escapeQuoted(value: string): string {
	return value.replace(
		/[\r\n"]/g,
		(char) => ({ '\r': '%0D', '\n': '%0A', '"': '%22' })[char] ?? char,
	);
}

function newBoundary(): string {
	return `----n8nAudioUpload${randomBytes(16).toString('hex')}`;
}

export class FileFirstMultipart {
	readonly boundary: string;
	/** Value of the request's `Content-Type` header. */
	readonly contentType: string;
	/** Bytes before the file's content: the first boundary and the file field's headers. */
	readonly head: Buffer;

	constructor(fileField: string, fileName: string, mimeType: string) {
		this.boundary = newBoundary();
		this.contentType = `multipart/form-data; boundary=${this.boundary}`;
		const type = mimeType.replace(/[\r\n]/g, '') || 'application/octet-stream';
		this.head = Buffer.from(
			`--${this.boundary}${CRLF}` +
				`Content-Disposition: form-data; name="${escapeQuoted(fileField)}"; filename="${escapeQuoted(fileName)}"${CRLF}` +
				`Content-Type: ${type}${CRLF}${CRLF}`,
			'utf8',
		);
	}

	/** Bytes after the file's content: the text fields in order, then the closing boundary. */
	tail(fields: TextField[]): Buffer {
		return Buffer.from(CRLF + textParts(this.boundary, fields), 'utf8');
	}
}

type TextField = [name: string, value: string];

/** Text fields as multipart parts, then the closing boundary. */
function textParts(boundary: string, fields: TextField[]): string {
	let text = '';
	for (const [name, value] of fields) {
		text +=
			`--${boundary}${CRLF}` +
			`Content-Disposition: form-data; name="${escapeQuoted(name)}"${CRLF}${CRLF}` +
			`${value.replace(/\r?\n|\r/g, CRLF)}${CRLF}`;
	}
	return `${text}--${boundary}--${CRLF}`;
}

/** A `multipart/form-data` body of text fields only (no file). */
export function textFieldsMultipart(fields: TextField[]): { contentType: string; body: Buffer } {
	const boundary = newBoundary();
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		body: Buffer.from(textParts(boundary, fields), 'utf8'),
	};
}
