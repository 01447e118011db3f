import type {
	ExecutionError,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	ITaskData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export const PACKAGE_NAME: 'n8n-nodes-audio-upload';
export const tempRoot: string;

export interface RunWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	/** Full type name (`n8n-nodes-audio-upload.aiozStream`) to node class instance. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes?: Record<string, ICredentialType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items handed to the first node, as a trigger would hand them. */
	input?: INodeExecutionData[];
	/** Called after each node ran, with its task data (its `error` when it failed). */
	onNodeExecuted?: (nodeName: string, taskData: ITaskData) => void;
}

export declare class HarnessRun {
	readonly run: IRun;
	readonly nodeExecutionOrder: string[];
	readonly status: IRun['status'];
	readonly error: ExecutionError | undefined;
	items(nodeName: string, options?: { runIndex?: number; outputIndex?: number }): INodeExecutionData[];
	nodeError(nodeName: string, options?: { runIndex?: number }): ExecutionError | undefined;
}

export function runWorkflow(options: RunWorkflowOptions): Promise<HarnessRun>;

/** Resolves this package's node types by full name, as n8n's NodeTypes does. */
export declare class HarnessNodeTypes {
	constructor(nodeTypes: Record<string, INodeType | IVersionedNodeType>);
	getByName(type: string): INodeType | IVersionedNodeType;
	getByNameAndVersion(type: string, version?: number): INodeType;
	getKnownTypes(): Record<string, never>;
}

/** The additional data n8n's CLI gives executions and webhook contexts (`instanceUrl` defaults to http://127.0.0.1:5678). */
export function createAdditionalData(options: {
	hooks?: unknown;
	executionId?: string;
	credentialTypes?: Record<string, ICredentialType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	instanceUrl?: string;
}): IWorkflowExecuteAdditionalData;
export function storeBinary(
	data: Buffer | NodeJS.ReadableStream,
	meta: { fileName: string; mimeType: string },
): Promise<IBinaryData>;
export function storeBinaryFile(
	filePath: string,
	meta: { fileName?: string; mimeType: string },
): Promise<IBinaryData>;
export function readBinary(binary: IBinaryData): Promise<Buffer>;
export function packageNode(
	type: string,
	name: string,
	parameters: INode['parameters'],
	extra?: Partial<INode>,
): INode;
export function chain(...names: string[]): IConnections;
