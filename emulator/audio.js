// @ts-check
'use strict';

/**
 * Tiny real audio files for the emulator: format sniffing, WAV/PCM tones, silent MP3 frame sequences.
 */

/**
 * Sniffs MP3 (ID3 tag or an MPEG audio frame sync) or WAV (RIFF....WAVE) from the first bytes of a file.
 * @param {Buffer} head at least the first 12 bytes when available
 * @returns {'mp3' | 'wav' | undefined}
 */
function detectAudioFormat(head) {
	if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') {
		return 'wav';
	}
	if (head.length >= 3 && head.toString('latin1', 0, 3) === 'ID3') return 'mp3';
	// Frame sync: 11 set bits; version != reserved (01); layer III (01).
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) {
		const version = (head[1] >> 3) & 0x03;
		const layer = (head[1] >> 1) & 0x03;
		if (version !== 0x01 && layer === 0x01) return 'mp3';
	}
	return undefined;
}

/**
 * 16-bit signed little-endian mono PCM samples of a sine tone (fading in and out to avoid clicks).
 * @param {number} sampleRate
 * @param {number} seconds
 * @param {number} [frequency]
 */
function pcmTone(sampleRate, seconds, frequency = 440) {
	const count = Math.max(1, Math.round(sampleRate * seconds));
	const out = Buffer.alloc(count * 2);
	const fade = Math.min(count / 2, sampleRate * 0.02);
	for (let i = 0; i < count; i++) {
		const envelope = Math.min(1, i / fade, (count - 1 - i) / fade);
		const value = Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 0.3 * 32767 * envelope);
		out.writeInt16LE(value, i * 2);
	}
	return out;
}

/**
 * A RIFF/WAVE file (PCM, 16-bit, mono) around the given samples.
 * @param {Buffer} samples
 * @param {number} sampleRate
 */
function wavFile(samples, sampleRate) {
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + samples.length, 4);
	header.write('WAVE', 8, 'latin1');
	header.write('fmt ', 12, 'latin1');
	header.writeUInt32LE(16, 16); // fmt chunk size
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * 2, 28); // byte rate
	header.writeUInt16LE(2, 32); // block align
	header.writeUInt16LE(16, 34); // bits per sample
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(samples.length, 40);
	return Buffer.concat([header, samples]);
}

// MPEG audio tables (Layer III).
const MPEG1_RATES = { 44100: 0, 48000: 1, 32000: 2 };
const MPEG2_RATES = { 22050: 0, 24000: 1, 16000: 2 };
const MPEG1_L3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_L3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/**
 * A sequence of silent MPEG Layer III frames (a valid, playable, silent MP3).
 * A frame is a 4-byte header followed by zeroed side information and main data, which decodes to silence.
 * @param {number} sampleRate 16000, 22050, 24000, 32000, 44100 or 48000 (others fall back to 44100)
 * @param {number} bitrate bits per second; the nearest lower allowed bitrate is used
 * @param {number} seconds
 */
function silentMp3(sampleRate, bitrate, seconds) {
	/** @type {Record<number, number>} */
	const m1 = MPEG1_RATES;
	/** @type {Record<number, number>} */
	const m2 = MPEG2_RATES;
	const mpeg1 = sampleRate in m1 || !(sampleRate in m2);
	const rate = mpeg1 ? (sampleRate in m1 ? sampleRate : 44100) : sampleRate;
	const table = mpeg1 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS;
	const wantedKbps = Math.max(1, Math.floor(bitrate / 1000));
	let bitrateIndex = 1;
	for (let i = 1; i < table.length; i++) if (table[i] <= wantedKbps) bitrateIndex = i;
	const kbps = table[bitrateIndex];
	const samplesPerFrame = mpeg1 ? 1152 : 576;
	const frameLength = Math.floor(((samplesPerFrame / 8) * kbps * 1000) / rate);
	const frames = Math.max(1, Math.ceil((seconds * rate) / samplesPerFrame));
	const header = Buffer.alloc(4);
	header[0] = 0xff;
	header[1] = mpeg1 ? 0xfb : 0xf3; // sync, MPEG-1 (11) or MPEG-2 (10), Layer III, no CRC
	header[2] = (bitrateIndex << 4) | ((mpeg1 ? m1[rate] : m2[rate]) << 2); // no padding
	header[3] = 0xc4; // mono, original
	const out = Buffer.alloc(frames * frameLength);
	for (let f = 0; f < frames; f++) header.copy(out, f * frameLength);
	return { data: out, sampleRate: rate, bitrate: kbps * 1000, frames, seconds: (frames * samplesPerFrame) / rate };
}

/**
 * A rough duration estimate of an uploaded file, from its first bytes and size.
 * @param {Buffer} head first bytes of the file (>= 44 for WAV)
 * @param {number} size
 */
function estimateDurationSeconds(head, size) {
	if (detectAudioFormat(head) === 'wav' && head.length >= 32) {
		const byteRate = head.readUInt32LE(28);
		if (byteRate > 0) return Math.max(0, (size - 44) / byteRate);
	}
	return (size * 8) / 128000;
}

module.exports = { detectAudioFormat, estimateDurationSeconds, pcmTone, silentMp3, wavFile };
