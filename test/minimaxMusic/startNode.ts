import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Stand-in for n8n's Manual Trigger: hands the harness input on unchanged.
 * The harness starts a workflow at `workflow.getStartNode()`, which only finds a start node in a
 * multi-node workflow when one has a starting type such as `n8n-nodes-base.manualTrigger`.
 */
export class StartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Start',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Passes the test input on',
		defaults: { name: 'Start' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}

export const START_TYPE = 'n8n-nodes-base.manualTrigger';

export const startNode = (): INode => ({
	id: 'start',
	name: 'Start',
	type: START_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});
