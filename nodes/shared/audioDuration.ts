/**
 * How long an MP3 or WAV file plays, from its first bytes: MiniMax checks a reference audio's length
 * with it, AIOZ Stream's Upload prices a file before creating it. Formats are recognised by their
 * first bytes; names and MIME types are only hints.
 */
import { isMpegAudioFrameHeader } from './fileSignatures';

export type WavOrMp3 = 'mp3' | 'wav';

/**
 * Recognises MP3 (ID3v2 tag or an MPEG audio frame header) and WAV (RIFF....WAVE)
 * from the first bytes of a file. Returns undefined for anything else.
 */
export function detectWavOrMp3(head: Uint8Array): WavOrMp3 | undefined {
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
	const format = detectWavOrMp3(head.subarray(0, 16));
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
