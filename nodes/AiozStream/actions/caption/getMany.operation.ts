/** Get Many: the captions of an audio (language, URL, whether it is the default), one item each. */
import { trackGetMany } from '../tracks';

export const { description, execute } = trackGetMany('caption');
