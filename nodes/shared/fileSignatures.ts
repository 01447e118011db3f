/**
 * What a file is, from its first bytes (a file name, a MIME type or a URL can say anything): the
 * images AIOZ Stream shows as covers, the audio containers an upload may hold, and, for messages,
 * what a file that is neither looks like (a sharing site's HTML "confirm download" page is the
 * usual case of a link that does not point at the file itself).
 */

const latin1 = (head: Uint8Array, start: number, end: number) =>
	Buffer.from(head.subarray(start, end)).toString('latin1');

/** An MPEG-1/2/2.5 Layer III frame header: 11 sync bits, Layer III, no reserved version/bitrate/rate. */
export function isMpegAudioFrameHeader(b: Uint8Array): boolean {
	if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return false;
	const version = (b[1] >> 3) & 0x03;
	const layer = (b[1] >> 1) & 0x03;
	const bitrateIndex = (b[2] >> 4) & 0x0f;
	const sampleRateIndex = (b[2] >> 2) & 0x03;
	return version !== 0x01 && layer === 0x01 && bitrateIndex !== 0x0f && sampleRateIndex !== 0x03;
}

interface Signature {
	/** What the file is, as a message names it. */
	name: string;
	matches: (head: Uint8Array) => boolean;
}

const IMAGES: Array<Signature & { mimeType: string; extension: string }> = [
	{
		name: 'a JPEG image',
		mimeType: 'image/jpeg',
		extension: 'jpg',
		matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
	},
	{
		name: 'a PNG image',
		mimeType: 'image/png',
		extension: 'png',
		matches: (h) => latin1(h, 0, 8) === '\x89PNG\r\n\x1a\n',
	},
	{
		name: 'a WebP image',
		mimeType: 'image/webp',
		extension: 'webp',
		matches: (h) => latin1(h, 0, 4) === 'RIFF' && latin1(h, 8, 12) === 'WEBP',
	},
	{
		name: 'a GIF image',
		mimeType: 'image/gif',
		extension: 'gif',
		matches: (h) => /^GIF8[79]a$/.test(latin1(h, 0, 6)),
	},
];

/**
 * Audio, and the containers that carry it (AIOZ Stream transcodes the audio track of an MP4 or WebM
 * as well): MP3 (ID3 tag or frame header), AAC (ADTS), WAV, AIFF, FLAC, Ogg (Vorbis, Opus), MP4 /
 * M4A, WebM / Matroska, AMR, WMA (ASF) and Core Audio.
 */
const AUDIO: Signature[] = [
	{
		name: 'MP3',
		matches: (h) => (latin1(h, 0, 3) === 'ID3' && h[3] < 0xff) || isMpegAudioFrameHeader(h),
	},
	{ name: 'AAC', matches: (h) => h[0] === 0xff && (h[1] & 0xf6) === 0xf0 },
	{ name: 'WAV', matches: (h) => latin1(h, 0, 4) === 'RIFF' && latin1(h, 8, 12) === 'WAVE' },
	{
		name: 'AIFF',
		matches: (h) => latin1(h, 0, 4) === 'FORM' && /^AIF[FC]$/.test(latin1(h, 8, 12)),
	},
	{ name: 'FLAC', matches: (h) => latin1(h, 0, 4) === 'fLaC' },
	{ name: 'Ogg', matches: (h) => latin1(h, 0, 4) === 'OggS' },
	{ name: 'MP4 / M4A', matches: (h) => latin1(h, 4, 8) === 'ftyp' },
	{ name: 'WebM / Matroska', matches: (h) => latin1(h, 0, 4) === '\x1a\x45\xdf\xa3' },
	{ name: 'AMR', matches: (h) => latin1(h, 0, 5) === '#!AMR' },
	{ name: 'WMA', matches: (h) => latin1(h, 0, 4) === '\x30\x26\xb2\x75' },
	{ name: 'Core Audio', matches: (h) => latin1(h, 0, 4) === 'caff' },
];

/** Files that are neither, named in messages. */
const OTHERS: Signature[] = [
	{
		name: 'an HTML page',
		matches: (h) =>
			/^\s*(<!doctype html|<html|<head|<body)/i.test(latin1(h, 0, 256).replace(/^\uFEFF/, '')),
	},
	{
		name: "an XML document (often a storage service's error answer)",
		matches: (h) => /^\s*<\?xml|^\s*<Error>/i.test(latin1(h, 0, 64)),
	},
	{ name: 'a JSON document', matches: (h) => /^\s*[{[]\s*"/.test(latin1(h, 0, 64)) },
	{ name: 'a PDF document', matches: (h) => latin1(h, 0, 5) === '%PDF-' },
	{ name: 'a ZIP archive', matches: (h) => latin1(h, 0, 4) === 'PK\x03\x04' },
	...IMAGES,
];

/** The image type of a file, or undefined when it is not a JPEG, PNG, WebP or GIF. */
export function detectImageType(
	head: Uint8Array,
): { mimeType: string; extension: string } | undefined {
	return head.length >= 3 ? IMAGES.find((type) => type.matches(head)) : undefined;
}

/** The audio container of a file ("WAV", "MP3", ...), or undefined when its first bytes show none. */
export function detectAudioContainer(head: Uint8Array): string | undefined {
	return head.length >= 4 ? AUDIO.find((type) => type.matches(head))?.name : undefined;
}

/** What a file that is not audio looks like ("an HTML page", "a PNG image"), or undefined. */
export function describeNonAudio(head: Uint8Array): string | undefined {
	return OTHERS.find((type) => type.matches(head))?.name;
}
