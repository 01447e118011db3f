// @ts-check
/**
 * Engine harness: runs a real workflow through n8n-core's WorkflowExecute, the way n8n
 * tests its own nodes, with binary data in filesystem mode on a temp folder.
 *
 * Plain JavaScript on purpose: the community-node lint applies n8n Cloud's runtime rules
 * (no `process`, no `node:fs`) to every .ts file, and this harness needs the file system.
 * The demo and benchmark scripts use it too.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-audio-upload-'));
// n8n-core reads its folders from the environment when its services are first built.
process.env.N8N_USER_FOLDER ??= path.join(tempRoot, 'user');
process.env.N8N_BINARY_DATA_STORAGE_PATH ??= path.join(tempRoot, 'storage');
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
process.env.N8N_BINARY_DATA_SIGNING_SECRET ??= 'harness-signing-secret';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
process.env.N8N_ENCRYPTION_KEY ??= 'harness-encryption-key';
// Node errors are asserted on (or printed by the scripts), not logged by n8n-core.
process.env.N8N_LOG_LEVEL ??= 'silent';
fs.mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });

require('reflect-metadata');
// The container n8n-core registers its services in (it may carry its own copy of @n8n/di).
const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }));
const { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	deepCopy,
} = require('n8n-workflow');

const PACKAGE_NAME = 'n8n-nodes-audio-upload';

/** Applies a credential type's generic `authenticate` block the way n8n's CLI does. */
class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {Record<string, import('n8n-workflow').ICredentialType>} credentialTypes
	 * @param {Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>} credentials
	 */
	constructor(credentialTypes, credentials) {
		super();
		this.credentialTypes = credentialTypes;
		this.credentials = credentials;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/** @param {any} credentials @param {string} typeName @param {any} requestOptions @param {any} [workflow] @param {any} [node] */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.credentialTypes[typeName];
		if (!type) throw new Error(`Unknown credential type ${typeName}`);
		const { authenticate } = type;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			/** @param {unknown} value */
			const resolve = (value) =>
				typeof value === 'string' && value.startsWith('=') && workflow && node
					? workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials },
							undefined,
							undefined,
							false,
						)
					: value;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				requestOptions[section] ??= {};
				for (const [key, value] of Object.entries(entries ?? {})) {
					requestOptions[section][String(resolve(key))] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @param {any} _nodeCredentials @param {string} type @returns {Promise<any>} */
	async getCredentials(_nodeCredentials, type) {
		throw new Error(`getCredentials(${type}) is not supported by the harness`);
	}

	/** @param {any} _additionalData @param {any} _nodeCredentials @param {string} type */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		const data = this.credentials[type];
		if (!data) throw new Error(`No credentials of type ${type} were given to the harness`);
		return deepCopy(data);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.credentialTypes[type]?.properties ?? [];
	}
}

/** Resolves `n8n-nodes-audio-upload.<name>` to the node classes the caller registered. */
class HarnessNodeTypes {
	/** @param {Record<string, import('n8n-workflow').INodeType | import('n8n-workflow').IVersionedNodeType>} nodeTypes */
	constructor(nodeTypes) {
		this.nodeTypes = nodeTypes;
	}

	/** @param {string} type */
	getByName(type) {
		const nodeType = this.nodeTypes[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	}

	/** @param {string} type @param {number} [version] */
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

let binaryDataReady;
/**
 * Initialises n8n's BinaryDataService once, in filesystem mode (n8n's default).
 * @returns {Promise<import('n8n-core').BinaryDataService>}
 */
async function initBinaryData() {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	await binaryDataReady;
	return Container.get(BinaryDataService);
}

let executionCounter = 0;

/** The n8n instance the harness plays: where its webhook URLs point. */
const DEFAULT_INSTANCE_URL = 'http://127.0.0.1:5678';

/**
 * The additional data n8n's CLI gives executions and webhook contexts: credentials (applied by
 * HarnessCredentialsHelper), the instance's URLs, and no-op UI callbacks.
 * @param {{
 *   hooks?: any,
 *   executionId?: string,
 *   credentialTypes?: Record<string, import('n8n-workflow').ICredentialType>,
 *   credentials?: Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>,
 *   instanceUrl?: string,
 * }} options
 * @returns {any}
 */
function createAdditionalData(options) {
	const instanceUrl = options.instanceUrl ?? DEFAULT_INSTANCE_URL;
	return {
		hooks: options.hooks,
		executionId: options.executionId,
		userId: 'harness-user',
		credentialsHelper: new HarnessCredentialsHelper(options.credentialTypes ?? {}, options.credentials ?? {}),
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restartExecutionId: undefined,
		instanceBaseUrl: `${instanceUrl}/`,
		restApiUrl: `${instanceUrl}/rest`,
		webhookBaseUrl: `${instanceUrl}/webhook`,
		webhookTestBaseUrl: `${instanceUrl}/webhook-test`,
		webhookWaitingBaseUrl: `${instanceUrl}/webhook-waiting`,
		formWaitingBaseUrl: `${instanceUrl}/form-waiting`,
		variables: {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Code execution is not available in the harness');
		},
	};
}

/**
 * Stores a buffer or stream as binary data of a harness execution, the way an upstream node
 * (Read File, Webhook, HTTP Request) would leave it: filesystem mode, with an `id`.
 * @param {Buffer | import('node:stream').Readable} data
 * @param {{ fileName: string, mimeType: string }} meta
 */
async function storeBinary(data, { fileName, mimeType }) {
	const service = await initBinaryData();
	const fileExtension = path.extname(fileName).slice(1) || undefined;
	return await service.store(
		{ type: 'execution', workflowId: 'harness', executionId: 'input' },
		data,
		/** @type {any} */ ({ data: '', fileName, mimeType, fileExtension }),
	);
}

/**
 * Stores a file from disk as filesystem-mode binary data (no copy of it in memory).
 * @param {string} filePath
 * @param {{ fileName?: string, mimeType: string }} meta
 */
async function storeBinaryFile(filePath, { fileName, mimeType }) {
	return await storeBinary(fs.createReadStream(filePath), {
		fileName: fileName ?? path.basename(filePath),
		mimeType,
	});
}

/**
 * Reads binary data back, whatever the mode it is stored in.
 * @param {import('n8n-workflow').IBinaryData} binary
 */
async function readBinary(binary) {
	if (binary.id) return await (await initBinaryData()).getAsBuffer(binary);
	return Buffer.from(binary.data, 'base64');
}

/**
 * @typedef {object} BinaryStoreFaults
 * @property {Error[]} [metadata] errors for the next reads of a file's metadata (getBinaryMetadata), in order
 * @property {Error[]} [open] errors for the next openings of a file as a stream (getBinaryStream), in order
 * @property {Array<{afterBytes: number, error: Error}>} [breaks] the next streams opened fail with `error`
 *   after giving out `afterBytes` bytes, in order (a connection dropped in the middle of a read)
 */

/**
 * Makes n8n's binary data store fail the way a real one does (a database connection dropped, a
 * file gone), for tests of how nodes report it: wraps the filesystem store's reads, each fault
 * applying once, in order, before the store behaves again. `calls` counts the reads; `restore()`
 * undoes the wrapping.
 * @param {BinaryStoreFaults} faults
 */
async function breakBinaryStore(faults) {
	const { Readable } = require('node:stream');
	const service = await initBinaryData();
	/** @type {any} */
	const store = /** @type {any} */ (service).managers.filesystem;
	const pending = {
		metadata: [...(faults.metadata ?? [])],
		open: [...(faults.open ?? [])],
		breaks: [...(faults.breaks ?? [])],
	};
	const calls = { metadata: 0, open: 0 };
	const original = { getMetadata: store.getMetadata, getAsStream: store.getAsStream };
	/** @param {string} fileId */
	store.getMetadata = async (fileId) => {
		calls.metadata++;
		const error = pending.metadata.shift();
		if (error) throw error;
		return await original.getMetadata.call(store, fileId);
	};
	/** @param {string} fileId @param {number} [chunkSize] */
	store.getAsStream = async (fileId, chunkSize) => {
		calls.open++;
		const error = pending.open.shift();
		if (error) throw error;
		const stream = await original.getAsStream.call(store, fileId, chunkSize);
		const fault = pending.breaks.shift();
		if (!fault) return stream;
		return Readable.from(
			(async function* () {
				let given = 0;
				for await (const chunk of stream) {
					const room = fault.afterBytes - given;
					if (chunk.length >= room) {
						if (room > 0) yield chunk.subarray(0, room);
						stream.destroy();
						throw fault.error;
					}
					given += chunk.length;
					yield chunk;
				}
			})(),
			{ objectMode: false },
		);
	};
	return {
		calls,
		restore() {
			store.getMetadata = original.getMetadata;
			store.getAsStream = original.getAsStream;
		},
	};
}

/**
 * Records every chunk n8n's filesystem store hands out from the streams it opens (getBinaryStream),
 * unchanged, so tests can see what a node did with them (e.g. freed them once copied). `restore()`
 * undoes the wrapping.
 */
async function watchBinaryStreams() {
	const service = await initBinaryData();
	/** @type {any} */
	const store = /** @type {any} */ (service).managers.filesystem;
	const original = store.getAsStream;
	/** @type {Buffer[]} */
	const chunks = [];
	/** @param {string} fileId @param {number} [chunkSize] */
	store.getAsStream = async (fileId, chunkSize) => {
		const stream = await original.call(store, fileId, chunkSize);
		const push = stream.push.bind(stream);
		/** @param {Buffer | null} chunk @param {BufferEncoding} [encoding] */
		stream.push = (chunk, encoding) => {
			if (chunk) chunks.push(chunk);
			return push(chunk, encoding);
		};
		return stream;
	};
	return {
		chunks,
		restore() {
			store.getAsStream = original;
		},
	};
}

/**
 * Runs a workflow through WorkflowExecute.
 * The first node receives `input` items (default: one empty item), as a trigger would give them.
 * Without `connections`, the nodes run in a straight line, in the order given.
 * @param {{
 *   nodes: import('n8n-workflow').INode[],
 *   connections?: import('n8n-workflow').IConnections,
 *   nodeTypes: Record<string, import('n8n-workflow').INodeType | import('n8n-workflow').IVersionedNodeType>,
 *   credentialTypes?: Record<string, import('n8n-workflow').ICredentialType>,
 *   credentials?: Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>,
 *   input?: import('n8n-workflow').INodeExecutionData[],
 *   onNodeExecuted?: (nodeName: string, taskData: import('n8n-workflow').ITaskData) => void,
 * }} options
 */
async function runWorkflow(options) {
	await initBinaryData();
	const executionId = `harness-${++executionCounter}`;
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const connections = options.connections ?? chain(...options.nodes.map((node) => node.name));
	const workflowData = {
		id: 'harness',
		name: 'harness',
		active: false,
		nodes: options.nodes,
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: options.nodes,
		connections,
		nodeTypes,
		active: false,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, /** @type {any} */ (workflowData));
	/** @type {string[]} */
	const nodeExecutionOrder = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName, taskData) => {
		nodeExecutionOrder.push(nodeName);
		options.onNodeExecuted?.(nodeName, taskData);
	});
	/** @type {Promise<import('n8n-workflow').IRun>} */
	const finished = new Promise((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});

	const additionalData = createAdditionalData({
		hooks,
		executionId,
		credentialTypes: options.credentialTypes,
		credentials: options.credentials,
	});

	// The first node given plays the trigger's part: it receives `input`.
	const startNode = workflow.getNode(options.nodes[0]?.name ?? '');
	if (!startNode) throw new Error('The workflow has no nodes');
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.input ?? [{ json: {} }]] },
					source: null,
				},
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	};

	const workflowExecute = new WorkflowExecute(
		additionalData,
		'manual',
		/** @type {any} */ (runExecutionData),
	);
	await workflowExecute.processRunExecutionData(workflow);
	/** @type {import('n8n-workflow').IRun} */
	const run = await finished;
	return new HarnessRun(run, nodeExecutionOrder);
}

/** The result of a harness run, with shortcuts for assertions. */
class HarnessRun {
	/** @param {import('n8n-workflow').IRun} run @param {string[]} nodeExecutionOrder */
	constructor(run, nodeExecutionOrder) {
		this.run = run;
		this.nodeExecutionOrder = nodeExecutionOrder;
	}

	get status() {
		return this.run.status;
	}

	/** The workflow-level error, if a node failed without Continue On Fail. */
	get error() {
		return this.run.data.resultData.error;
	}

	/**
	 * Items a node emitted on its output (default: the first run, first output).
	 * @param {string} nodeName
	 */
	items(nodeName, { runIndex = 0, outputIndex = 0 } = {}) {
		const taskData = this.run.data.resultData.runData[nodeName]?.[runIndex];
		if (!taskData) throw new Error(`Node "${nodeName}" did not run (run ${runIndex})`);
		return taskData.data?.main?.[outputIndex] ?? [];
	}

	/**
	 * The error a node stopped with, if any.
	 * @param {string} nodeName
	 */
	nodeError(nodeName, { runIndex = 0 } = {}) {
		return this.run.data.resultData.runData[nodeName]?.[runIndex]?.error;
	}
}

/**
 * Builds an INode for this package's node types with sensible test defaults.
 * @param {string} type
 * @param {string} name
 * @param {import('n8n-workflow').INodeParameters} parameters
 * @param {Partial<import('n8n-workflow').INode>} [extra]
 * @returns {import('n8n-workflow').INode}
 */
function packageNode(type, name, parameters, extra = {}) {
	return {
		id: name,
		name,
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

/**
 * The node types given plus, for each one with `usableAsTool`, the type n8n generates for it as an AI Agent's tool:
 * `<package>.<name>Tool` (n8n's CLI makes it with convertNodeToAiTool: same properties and execute, displayName +
 * " Tool", an `ai_tool` output). The Tools Agent (version 3) runs a tool node as an ordinary node execution
 * (n8n-core's requests-response): one input item whose json holds the model's arguments, which `$fromAI()` reads,
 * and its output items become the tool result. The harness runs the generated type the same way, keeping its main
 * output so that a test reads the items as usual; the node sees its type end in `Tool`, as in n8n.
 * @param {Record<string, import('n8n-workflow').INodeType>} nodeTypes
 * @returns {Record<string, import('n8n-workflow').INodeType>}
 */
function withToolTypes(nodeTypes) {
	/** @type {Record<string, import('n8n-workflow').INodeType>} */
	const all = { ...nodeTypes };
	for (const [type, nodeType] of Object.entries(nodeTypes)) {
		const { description } = nodeType;
		if (!description?.usableAsTool) continue;
		all[`${type}Tool`] = Object.assign(Object.create(nodeType), {
			description: { ...description, name: `${description.name}Tool`, displayName: `${description.displayName} Tool` },
		});
	}
	return all;
}

/**
 * A node of this package run as an AI Agent's tool (`<package>.<type>Tool`, see withToolTypes). With
 * `asAgentRuns: true` it also carries `rewireOutputLogTo: 'ai_tool'`, which n8n sets on a tool node the agent runs:
 * n8n-core then gives a failure to the model as the output `[{ json: { error: message } }]` instead of ending the run.
 * @param {string} type e.g. 'aiozStream'
 * @param {string} name
 * @param {import('n8n-workflow').INodeParameters} parameters
 * @param {Partial<import('n8n-workflow').INode> & { asAgentRuns?: boolean }} [extra]
 * @returns {import('n8n-workflow').INode}
 */
function toolNode(type, name, parameters, extra = {}) {
	const { asAgentRuns, ...rest } = extra;
	return packageNode(`${type}Tool`, name, parameters, {
		...(asAgentRuns ? { rewireOutputLogTo: /** @type {any} */ ('ai_tool') } : {}),
		...rest,
	});
}

/**
 * Connects nodes in a straight line, in the order given.
 * @param {...string} names
 */
function chain(...names) {
	/** @type {import('n8n-workflow').IConnections} */
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

module.exports = {
	PACKAGE_NAME,
	HarnessNodeTypes,
	createAdditionalData,
	runWorkflow,
	storeBinary,
	storeBinaryFile,
	readBinary,
	breakBinaryStore,
	watchBinaryStreams,
	packageNode,
	toolNode,
	withToolTypes,
	tempRoot,
	HarnessRun,
};
