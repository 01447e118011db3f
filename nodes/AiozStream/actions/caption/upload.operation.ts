/** Upload: adds a caption (transcript or subtitles, WebVTT) in one language to an audio, replacing one in that language. */
import { trackUpload } from '../tracks';

export const { description, execute } = trackUpload('caption');
