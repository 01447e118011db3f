export function md5(data: Buffer): string;
/** 11 s of silent MP3 (MPEG-1 Layer III, 44.1 kHz, 128 kbps). */
export function songMp3(): Buffer;
/** 11 s WAV tone, 8 kHz mono 16-bit. */
export function songWav(): Buffer;
/** 0.3 s WAV tone, far below the API's 10 s minimum. */
export function shortWav(): Buffer;
