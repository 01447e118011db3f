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
 *
 * As an AI Agent's tool, a node answers a model, not a workflow: n8n gives the model each output
 * item's json (as a JSON array; binary data never reaches it) and, for a failure, the error's message
 * alone. So when the node runs as a tool, each output is reduced to what the model can use (the
 * node's `toolView`: ids, status, links), and a failure's message carries its fix (the description)
 * and no " [item N]" (the agent gives a tool one item, built from the model's arguments).
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
 * What an AI agent gets back of an output item when the node runs as its tool: a small json (the
 * item's binary data stays in the workflow; the model never sees it).
 */
export type ToolView = (item: INodeExecutionData) => IDataObject;

/**
 * True when the node runs as an AI Agent's tool: n8n runs a `usableAsTool` node as the node type it
 * generates for it, `<package>.<name>Tool` (its execution context's `isToolExecution()` stays false
 * on the Tools Agent's path in n8n 2.x).
 */
function runsAsTool(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

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
	if (runsAsTool(ctx)) {
		// A model sees the message only: the fix goes with it. A tool runs for one item: no item to name.
		const fix = nodeError.description ? `. ${nodeError.description.replace(/\.$/, '')}.` : '';
		if (fix && !nodeError.message.endsWith(fix)) nodeError.message = `${nodeError.message}${fix}`;
		return nodeError;
	}
	const suffix = `[item ${itemIndex}]`;
	if (nodeError.message.endsWith(suffix)) return nodeError;
	nodeError.message = `${nodeError.message} ${suffix}`;
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

async function forEachItem(
	ctx: IExecuteFunctions,
	run: ItemRun,
	toolView: ToolView,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	const asTool = runsAsTool(ctx);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const result = await run(itemIndex, items[itemIndex]);
			for (const item of Array.isArray(result) ? result : [result])
				output.push({ ...item, ...(asTool ? { json: toolView(item) } : {}), pairedItem });
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

/** One operation of a node, run for one input item: one output item, or several. */
export type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
) => Promise<INodeExecutionData | INodeExecutionData[]>;

/**
 * The router of both nodes: runs the operation chosen by Resource and Operation for every input item,
 * through `forEachItem`. Resource and Operation take no expressions (noDataExpression), so they are
 * the same for every item.
 */
export async function runChosenOperation(
	ctx: IExecuteFunctions,
	resources: Record<string, Record<string, Operation>>,
	toolView: ToolView,
): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const run = resources[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return await forEachItem(ctx, async (itemIndex, item) => await run.call(ctx, itemIndex, item), toolView);
}
