/** Get Many: the chapters files of an audio (language and URL), one item each. */
import { trackGetMany } from '../tracks';

export const { description, execute } = trackGetMany('chapter');
