/**
 * What MiniMax accepts and returns: MP3 or WAV in, MP3 / WAV / raw PCM out.
 * Formats are recognised by their first bytes; names and MIME types are only hints.
 */
import { isMpegAudioFrameHeader } from '../../shared/fileSignatures';

export type UploadFormat = 'mp3' | 'wav';
export type OutputFormat = 'mp3' | 'wav' | 'pcm';

export const UPLOAD_MIME_TYPES: Record<UploadFormat, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
};

/** MIME type of each generated format. PCM is headerless 16-bit samples. */
export const OUTPUT_MIME_TYPES: Record<OutputFormat, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	pcm: 'audio/pcm',
};

/** Declared types (MIME or extension) that name MP3 or WAV. */
const DECLARED_FORMATS: Record<string, UploadFormat> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/mpeg3': 'mp3',
	'audio/x-mpeg-3': 'mp3',
	'audio/mpa': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/vnd.wave': 'wav',
	mp3: 'mp3',
	wav: 'wav',
	wave: 'wav',
};

/**
 * Recognises MP3 (ID3v2 tag or an MPEG audio frame header) and WAV (RIFF....WAVE)
 * from the first bytes of a file. Returns undefined for anything else.
 */
export function sniffUploadFormat(head: Uint8Array): UploadFormat | undefined {
	if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') {
		return 'wav';
	}
	if (head.length >= 10 && ascii(head, 0, 3) === 'ID3' && head[3] < 0xff && head[4] < 0xff) {
		return 'mp3';
	}
	if (head.length >= 4 && isMpegAudioFrameHeader(head)) return 'mp3';
	return undefined;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
	let text = '';
	for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
	return text;
}

/** The format a MIME type or file extension claims, if it names MP3 or WAV. */
export function declaredUploadFormat(
	mimeType?: string,
	fileName?: string,
): UploadFormat | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	return DECLARED_FORMATS[mime] ?? DECLARED_FORMATS[extensionOf(fileName)];
}

/** Lower-case extension without the dot ('' when there is none). */
export function extensionOf(fileName?: string): string {
	const match = /\.([a-z0-9]{1,8})$/i.exec(fileName ?? '');
	return match ? match[1].toLowerCase() : '';
}

/** Replaces or adds the extension so the name matches the bytes actually sent. */
export function withExtension(fileName: string, extension: string): string {
	const current = extensionOf(fileName);
	if (current === extension || (extension === 'wav' && current === 'wave')) return fileName;
	const stem = current ? fileName.slice(0, -(current.length + 1)) : fileName;
	return `${stem || 'audio'}.${extension}`;
}

/**
 * Decodes the hex string MiniMax returns for generated audio.
 * Returns undefined when the text is not hex (odd length or other characters).
 */
export function decodeHexAudio(hex: string): Buffer | undefined {
	const text = hex.trim();
	if (text.length === 0 || text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
	return Buffer.from(text, 'hex');
}

/** Layer III bitrates (kbps) by bitrate index, for MPEG-1 and for MPEG-2/2.5. */
const MPEG1_LAYER3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_LAYER3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** Where a file's audio starts, how many bytes a second of it takes and, when the header says, how many there are. */
interface AudioLayout {
	offset: number;
	bytesPerSecond: number;
	dataBytes?: number;
}

/**
 * The layout of an MP3 or WAV file from its first bytes (at least the first 64 KB when the file is
 * that long). WAV: exact, from the format chunk's byte rate. MP3: from the first frame's bitrate,
 * exact for constant-bitrate files and an estimate otherwise. Undefined when the header cannot be read.
 */
function audioLayout(head: Buffer): AudioLayout | undefined {
	const format = sniffUploadFormat(head.subarray(0, 16));
	if (format === 'wav') return wavLayout(head);
	if (format === 'mp3') return mp3Layout(head);
	return undefined;
}

/** The playing time of an MP3 or WAV file of `size` bytes, from its first bytes. */
export function estimateDurationSeconds(head: Buffer, size: number): number | undefined {
	const layout = audioLayout(head);
	if (!layout) return undefined;
	return Math.min(layout.dataBytes ?? Infinity, size - layout.offset) / layout.bytesPerSecond;
}

/** How many bytes a file that starts with `head` has when it plays `seconds` (header included). */
export function bytesForDuration(head: Buffer, seconds: number): number | undefined {
	const layout = audioLayout(head);
	return layout && Math.ceil(layout.offset + layout.bytesPerSecond * seconds);
}

/** Walks the RIFF chunks to the `fmt ` chunk (byte rate) and the `data` chunk (its size). */
function wavLayout(head: Buffer): AudioLayout | undefined {
	let byteRate: number | undefined;
	for (let offset = 12; offset + 8 <= head.length; ) {
		const id = head.toString('latin1', offset, offset + 4);
		const length = head.readUInt32LE(offset + 4);
		if (id === 'fmt ' && offset + 16 <= head.length) byteRate = head.readUInt32LE(offset + 16);
		if (id === 'data') {
			return byteRate
				? { offset: offset + 8, bytesPerSecond: byteRate, dataBytes: length }
				: undefined;
		}
		offset += 8 + length + (length % 2);
	}
	return undefined;
}

function mp3Layout(head: Buffer): AudioLayout | undefined {
	let offset = 0;
	// An ID3v2 tag: 10-byte header, then a size in four 7-bit bytes.
	if (head.toString('latin1', 0, 3) === 'ID3' && head.length >= 10) {
		offset = 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]);
	}
	for (; offset + 4 <= head.length; offset++) {
		if (!isMpegAudioFrameHeader(head.subarray(offset, offset + 4))) continue;
		const mpeg1 = ((head[offset + 1] >> 3) & 0x03) === 0x03;
		const kbps = (mpeg1 ? MPEG1_LAYER3_KBPS : MPEG2_LAYER3_KBPS)[(head[offset + 2] >> 4) & 0x0f];
		return kbps ? { offset, bytesPerSecond: (kbps * 1000) / 8 } : undefined;
	}
	return undefined;
}
