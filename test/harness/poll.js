// @ts-check
/**
 * Engine harness for polling trigger nodes: plays the part of n8n's CLI around n8n-core's real
 * PollContext (the node's `poll()`), with the workflow's static data kept the way n8n keeps it.
 *
 * What it mirrors of n8n 2.41 (packages/core ActiveWorkflowTriggers.activatePollTrigger,
 * PollTriggerExecutor, packages/cli TriggerExecutionContextFactory.getExecutePollFunctions):
 * - publishing runs one poll at once (`activate()`, mode 'trigger'), then one per Poll Time
 *   (`poll()`); the editor's "Fetch Test Event" runs `poll()` in mode 'manual';
 * - the static data lives on the workflow object between polls; n8n saves it to its database when a
 *   poll emits (before the execution runs) and after activation. `restart()` is n8n starting again:
 *   a new workflow object (and node instance) from what was saved, the unsaved changes gone;
 * - a manual poll's static data is never saved.
 */
const { PollContext } = require('n8n-core');
const { Workflow } = require('n8n-workflow');

const { HarnessNodeTypes, createAdditionalData } = require('./index');

/**
 * Starts a workflow whose first node is a polling trigger.
 * @param {{
 *   nodes: import('n8n-workflow').INode[],
 *   nodeTypes: () => Record<string, any>,
 *   credentialTypes?: Record<string, import('n8n-workflow').ICredentialType>,
 *   credentials?: Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>,
 * }} options `nodeTypes` makes new node instances (one set per start of n8n)
 */
function startPollWorkflow(options) {
	const triggerNode = options.nodes[0];
	if (!triggerNode) throw new Error('The workflow has no nodes');
	/** The static data as n8n's database holds it (JSON). */
	let saved = '{}';

	function load() {
		const nodeTypes = new HarnessNodeTypes(options.nodeTypes());
		if (!nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion).poll) {
			throw new Error(`${triggerNode.type} has no poll() method`);
		}
		return new Workflow({
			id: 'harnessPoll1',
			name: 'Harness polling workflow',
			nodes: options.nodes,
			connections: {},
			nodeTypes,
			active: true,
			settings: {},
			staticData: JSON.parse(saved),
		});
	}
	let workflow = load();

	function save() {
		saved = JSON.stringify(workflow.staticData);
	}

	/**
	 * One poll, as n8n runs it.
	 * @param {'trigger' | 'manual'} mode
	 * @param {import('n8n-workflow').WorkflowActivateMode} activation
	 * @returns {Promise<import('n8n-workflow').INodeExecutionData[][] | null>}
	 */
	async function runPoll(mode, activation) {
		const nodeType = workflow.nodeTypes.getByNameAndVersion(
			triggerNode.type,
			triggerNode.typeVersion,
		);
		const additionalData = createAdditionalData({
			credentialTypes: options.credentialTypes,
			credentials: options.credentials,
		});
		const context = new PollContext(workflow, triggerNode, additionalData, mode, activation);
		const result = /** @type {any} */ (await nodeType.poll?.call(context));
		if (mode !== 'manual' && result) save();
		return result ?? null;
	}

	/** @param {import('n8n-workflow').INodeExecutionData[][] | null} result */
	const itemsOf = (result) => (result ? result[0].map((item) => item.json) : []);

	return {
		/** Publishing: the first poll, then n8n saves the static data. Returns the items it emitted. */
		async activate() {
			const result = await runPoll('trigger', 'activate');
			save();
			return itemsOf(result);
		},
		/** A scheduled poll. Returns the items it emitted (none when poll() answered null). */
		async poll() {
			return itemsOf(await runPoll('trigger', 'activate'));
		},
		/** The editor's "Fetch Test Event". */
		async fetchTestEvent() {
			return itemsOf(await runPoll('manual', 'manual'));
		},
		/** n8n starting again: the node's state is what was saved; the poll after it is an activation ('init'). */
		restart() {
			workflow = load();
		},
		/** The node's static data now (what `getWorkflowStaticData('node')` holds). */
		staticData: () =>
			/** @type {Record<string, unknown>} */ (workflow.getStaticData('node', triggerNode)),
		/** The node's parameters, to change between polls as an edit in the editor would. */
		parameters: () => workflow.nodes[triggerNode.name].parameters,
	};
}

module.exports = { startPollWorkflow };
