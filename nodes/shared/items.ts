/**
 * The per-item loop of both nodes: runs an operation once per input item, links every output item
 * to its input item (`pairedItem`), and makes every failure a node error carrying the item's index.
 *
 * The item an error is about is said one way in the whole package: the loop sets `itemIndex` on the
 * error and ends its message with " [item N]", as n8n's editor writes it (the editor adds that suffix
 * itself only when a node has several input items, and leaves a message that already names the item
 * alone). No operation writes the item index into its messages.
 *
 * With Continue On Fail, a failed item becomes one output item of a single shape, whatever failed
 * (a check of the user's input, an API answer, the network, the binary data store):
 * `{ error, description, httpCode }`, where the two last are null when the failure has none.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

export type ItemRun = (
	itemIndex: number,
	item: INodeExecutionData,
) => Promise<INodeExecutionData | INodeExecutionData[]>;

/**
 * Keeps n8n's node errors (setting their item index when missing), wraps anything else, and ends
 * the message with the item: "… [item 2]".
 */
function asItemError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	if (nodeError.context && nodeError.context.itemIndex === undefined)
		nodeError.context.itemIndex = itemIndex;
	const suffix = `[item ${itemIndex}]`;
	if (!nodeError.message.endsWith(suffix)) nodeError.message = `${nodeError.message} ${suffix}`;
	return nodeError;
}

/** The Continue On Fail item of a failure: the same keys for every kind of failure. */
function failedItemJson(error: NodeApiError | NodeOperationError): IDataObject {
	return {
		error: error.message,
		description: error.description ?? null,
		httpCode: (error as NodeApiError).httpCode ?? null,
	};
}

export async function forEachItem(
	ctx: IExecuteFunctions,
	run: ItemRun,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const result = await run(itemIndex, items[itemIndex]);
			for (const item of Array.isArray(result) ? result : [result])
				output.push({ ...item, pairedItem });
		} catch (error) {
			const nodeError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			// n8n sends an item to the error output ("Continue (using error output)") when it carries
			// `error`, or when its json has no keys but error, message and details: this json has more.
			const toErrorOutput =
				ctx.getNode().onError === 'continueErrorOutput' ? { error: nodeError } : {};
			output.push({ json: failedItemJson(nodeError), ...toErrorOutput, pairedItem });
		}
	}
	return [output];
}
