/** Upload: adds a chapters file (WebVTT) in one language to an audio, replacing one in that language. */
import { trackUpload } from '../tracks';

export const { description, execute } = trackUpload('chapter');
