/**
 * What MiniMax accepts and returns: MP3 or WAV in, MP3 / WAV / raw PCM out.
 * Formats are recognised by their first bytes; names and MIME types are only hints.
 */
import type { WavOrMp3 } from '../../shared/audioDuration';

export {
	bytesForDuration,
	detectWavOrMp3 as sniffUploadFormat,
	estimateDurationSeconds,
} from '../../shared/audioDuration';

export type UploadFormat = WavOrMp3;
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
