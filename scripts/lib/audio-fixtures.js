// @ts-check
'use strict';
/**
 * Small, valid audio files for the end-to-end run, written on the fly (nothing binary in the repository).
 *
 * - mp3: MPEG-1 Layer III frames (CBR, 44.1 kHz, stereo) whose side information declares no main data,
 *   so every decoder plays silence; the rest of each frame is ancillary data, filled with random bytes so
 *   that every part of the file differs (a reordered or repeated chunk changes the md5).
 * - wav: 16-bit PCM mono with a sine tone plus a little noise.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');

const MP3_BITRATES = { 128: 0x9, 192: 0xb, 256: 0xd, 320: 0xe };

/**
 * @param {string} file
 * @param {{seconds?: number, minBytes?: number, kbps?: 128|192|256|320}} [opts]
 * @returns {{file: string, size: number, md5: string}}
 */
function writeMp3(file, opts = {}) {
	const kbps = opts.kbps || 128;
	const frameLength = Math.floor((144 * kbps * 1000) / 44100); // no padding bit
	const framesForSeconds = Math.ceil(((opts.seconds || 12) * 44100) / 1152);
	const framesForBytes = Math.ceil((opts.minBytes || 0) / frameLength);
	const frames = Math.max(framesForSeconds, framesForBytes);
	const header = Buffer.from([0xff, 0xfb, (MP3_BITRATES[kbps] << 4) | 0x00, 0x04]); // stereo, original
	const sideInfo = 32; // stereo MPEG-1: 32 bytes, all zero = no main data
	const fd = fs.openSync(file, 'w');
	const hash = crypto.createHash('md5');
	try {
		const batch = 256;
		for (let f = 0; f < frames; f += batch) {
			const n = Math.min(batch, frames - f);
			const buf = Buffer.alloc(n * frameLength);
			for (let i = 0; i < n; i++) {
				const off = i * frameLength;
				header.copy(buf, off);
				crypto.randomFillSync(buf, off + 4 + sideInfo, frameLength - 4 - sideInfo);
			}
			fs.writeSync(fd, buf);
			hash.update(buf);
		}
	} finally {
		fs.closeSync(fd);
	}
	return { file, size: frames * frameLength, md5: hash.digest('hex') };
}

/**
 * @param {string} file
 * @param {{seconds?: number, sampleRate?: number, frequency?: number}} [opts]
 * @returns {{file: string, size: number, md5: string}}
 */
function writeWav(file, opts = {}) {
	const rate = opts.sampleRate || 16000;
	const samples = Math.round((opts.seconds || 12) * rate);
	const freq = opts.frequency || 440;
	const data = Buffer.alloc(samples * 2);
	const noise = crypto.randomBytes(samples);
	for (let i = 0; i < samples; i++) {
		const v = Math.sin((2 * Math.PI * freq * i) / rate) * 12000 + (noise[i] - 128) * 8;
		data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v))), i * 2);
	}
	const head = Buffer.alloc(44);
	head.write('RIFF', 0, 'ascii');
	head.writeUInt32LE(36 + data.length, 4);
	head.write('WAVE', 8, 'ascii');
	head.write('fmt ', 12, 'ascii');
	head.writeUInt32LE(16, 16);
	head.writeUInt16LE(1, 20); // PCM
	head.writeUInt16LE(1, 22); // mono
	head.writeUInt32LE(rate, 24);
	head.writeUInt32LE(rate * 2, 28);
	head.writeUInt16LE(2, 32);
	head.writeUInt16LE(16, 34);
	head.write('data', 36, 'ascii');
	head.writeUInt32LE(data.length, 40);
	const all = Buffer.concat([head, data]);
	fs.writeFileSync(file, all);
	return { file, size: all.length, md5: crypto.createHash('md5').update(all).digest('hex') };
}

module.exports = { writeMp3, writeWav };
