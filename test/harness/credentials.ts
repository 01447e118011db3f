/**
 * Credentials as n8n uses them, for the tests of both credentials: their expressions evaluated by
 * n8n-workflow, and their Test button run the way n8n's CLI runs it (CredentialsTester.runRequestTest
 * in n8n 2.x): the credential's `test.request` becomes the routing of a temporary node run by
 * n8n-core's RoutingNode, which evaluates its expressions and sends it through
 * `httpRequestWithAuthentication`, where the credential's `authenticate` block adds the key (the
 * harness's credentials helper, as n8n's CLI). A failed request is matched against the credential's
 * `rules`, as n8n shows it.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeType,
} from 'n8n-workflow';

import { createAdditionalData } from './index';

/** A one-node workflow whose node type is `nodeType`: enough for n8n to evaluate expressions and route requests. */
function workflowOf(node: INode, nodeType: INodeType): Workflow {
	return new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
	});
}

/** Evaluates an n8n expression of a credential (`={{ $credentials.… }}`) with these credential values. */
export function evaluateCredentialExpression(expression: string, credentials: IDataObject): unknown {
	const node: INode = { id: 'n', name: 'N', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = workflowOf(node, { description: { properties: [] } } as unknown as INodeType);
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials });
}

/** What n8n's Test button answers: OK, or the matching rule's message. */
export async function testCredential(
	credential: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const request = credential.test?.request;
	if (!request) throw new Error(`the credential ${credential.name} has no test request`);
	const nodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request }, default: '' }],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credential.name]: { id: '1', name: credential.displayName } },
	};
	const additionalData = createAdditionalData({
		credentialTypes: { [credential.name]: credential },
		credentials: { [credential.name]: data },
	});
	const context = new ExecuteContext(
		workflowOf(node, nodeType),
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const credentialsDecrypted = { id: '1', name: credential.displayName, type: credential.name, data };
	try {
		await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const statusCode = (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
		const rule = credential.test?.rules?.find((r) => r.type === 'responseCode' && r.properties.value === statusCode);
		return { status: 'Error', message: rule?.properties.message ?? `HTTP ${String(statusCode)}: ${(error as Error).message}` };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
