/**
 * Runs the chosen operation once per input item, through the per-item loop both nodes share
 * (`pairedItem`, Continue On Fail items of one shape, `itemIndex` on every error).
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import * as audio from './audio';

const resources: Record<string, Record<string, audio.AudioOperation>> = {
	audio: audio.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Resource and operation take no expressions (noDataExpression): the same for every item.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = resources[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return await forEachItem(this, async (itemIndex, item) => await run.call(this, itemIndex, item));
}
