/** Where a field shows in the editor, the same way for every resource of the node. */
import type { INodeProperties } from 'n8n-workflow';

/** Shows a field for one operation (or several) of one resource. */
export function showForOperation(
	resource: string,
	operation: string | string[],
): INodeProperties['displayOptions'] {
	return {
		show: { resource: [resource], operation: Array.isArray(operation) ? operation : [operation] },
	};
}
