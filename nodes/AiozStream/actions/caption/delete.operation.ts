/** Delete: removes the caption of an audio in one language. */
import { trackDelete } from '../tracks';

export const { description, execute } = trackDelete('caption');
