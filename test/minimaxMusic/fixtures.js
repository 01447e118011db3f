// @ts-check
'use strict';
/**
 * Small, real audio files for the MiniMax tests, built with the emulator's generators
 * (a playable silent MP3 and a WAV tone), plus their md5.
 */
const { createHash } = require('node:crypto');
const { pcmTone, silentMp3, wavFile } = require('../../emulator/audio');

/** @param {Buffer} data */
const md5 = (data) => createHash('md5').update(data).digest('hex');

/** 11 s of silent MP3 (MPEG-1 Layer III, 44.1 kHz, 128 kbps): about 176 KB. */
function songMp3() {
	return silentMp3(44100, 128000, 11).data;
}

/** 11 s WAV tone, 8 kHz mono 16-bit: about 176 KB. */
function songWav() {
	return wavFile(pcmTone(8000, 11, 330), 8000);
}

/** 0.3 s WAV tone: far below the API's 10 s minimum. */
function shortWav() {
	return wavFile(pcmTone(8000, 0.3, 440), 8000);
}

module.exports = { md5, songMp3, songWav, shortWav };
