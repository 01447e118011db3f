import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import * as music from './music';

type OperationHandler = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, OperationHandler>> = {
	music: {
		upload: music.upload.execute,
		generate: music.generate.execute,
	},
};

/**
 * Runs the chosen operation once per input item, through the package's one per-item loop
 * (pairedItem, Continue On Fail, the item index on every error).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (itemIndex) => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const handler = operations[resource]?.[operation];
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of "${resource}" is not supported`,
				{ itemIndex },
			);
		}
		return await handler.call(this, itemIndex);
	});
}
