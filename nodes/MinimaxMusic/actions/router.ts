/** MiniMax Music's resources and their operations, run per item by the package's one router. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runChosenOperation } from '../../shared/items';
import { minimaxToolView } from '../helpers/toolView';
import * as music from './music';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runChosenOperation(
		this,
		{ music: { upload: music.upload.execute, generate: music.generate.execute } },
		minimaxToolView,
	);
}
