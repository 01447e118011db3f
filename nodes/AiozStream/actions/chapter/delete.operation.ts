/** Delete: removes the chapters file of an audio in one language. */
import { trackDelete } from '../tracks';

export const { description, execute } = trackDelete('chapter');
