import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../transport';

/**
 * Runs a custom operation item by item. Every output item is linked to its input item; with
 * Continue On Fail a failure becomes an `{ error }` item and the next items still run.
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number, item: INodeExecutionData) => Promise<INodeExecutionData>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const result = await run(itemIndex, items[itemIndex]);
			output.push({ ...result, pairedItem });
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem });
		}
	}
	return [output];
}
