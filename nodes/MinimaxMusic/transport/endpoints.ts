/** Where the AI/ML API lives and the routes this node calls. */

export const CREDENTIAL_TYPE = 'aimlMinimaxApi';
export const DEFAULT_BASE_URL = 'https://api.aimlapi.com';

/** Upload Reference Audio: multipart `purpose` + `file`, answers `voice_id` / `instrumental_id`. */
export const UPLOAD_PATH = '/v2/generate/audio/minimax/upload';
/** music-01 generation: synchronous, answers the audio hex-encoded. */
export const MUSIC_01_GENERATE_PATH = '/v2/generate/audio/minimax/generate';
/**
 * The current models (music-1.5, 2.0, 2.6, cover): POST starts a generation and answers its
 * `generation_id`; GET with `?generation_id=` tells its status and, once completed, the file URL.
 */
export const AUDIO_GENERATION_PATH = '/v2/generate/audio';
