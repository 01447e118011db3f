/** AIOZ Stream's resources and their operations, run per item by the package's one router. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runChosenOperation } from '../../shared/items';
import { aiozToolView } from '../helpers/toolView';
import * as audio from './audio';
import * as caption from './caption';
import * as chapter from './chapter';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runChosenOperation(
		this,
		{
			audio: audio.operations,
			caption: caption.operations,
			chapter: chapter.operations,
		},
		aiozToolView,
	);
}
