import { createHash, randomBytes } from 'node:crypto';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { packageNode, runWorkflow, storeBinary, PACKAGE_NAME } from './index';

/** A throwaway node that proves what the engine hands a node: streamed binary, credentials, expressions. */
class ProbeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Harness probe',
		defaults: { name: 'Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Label', name: 'label', type: 'string', default: '' },
			{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (this.getNodeParameter('fail', i)) {
					throw new NodeOperationError(this.getNode(), `Probe failed on purpose`, { itemIndex: i });
				}
				const binary = this.helpers.assertBinaryData(i, 'data');
				const stream = await this.helpers.getBinaryStream(binary.id!);
				const hash = createHash('md5');
				for await (const chunk of stream) hash.update(chunk as Buffer);
				out.push({
					json: {
						label: this.getNodeParameter('label', i),
						md5: hash.digest('hex'),
						hadId: Boolean(binary.id),
					},
					pairedItem: { item: i },
				});
			} catch (error) {
				if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error, { itemIndex: i });
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

const nodeTypes = { [`${PACKAGE_NAME}.probe`]: new ProbeNode() };

describe('engine harness', () => {
	it('runs a node through WorkflowExecute with filesystem-mode binary and evaluated expressions', async () => {
		const bytes = randomBytes(3 * 1024 * 1024 + 17);
		const binary = await storeBinary(bytes, { fileName: 'tone.mp3', mimeType: 'audio/mpeg' });
		expect(binary.id).toMatch(/^filesystem/);

		const run = await runWorkflow({
			nodes: [packageNode('probe', 'Probe', { label: '={{ $json.title + "!" }}' })],
			nodeTypes,
			input: [{ json: { title: 'My Podcast' }, binary: { data: binary } }],
		});

		expect(run.status).toBe('success');
		const [item] = run.items('Probe');
		expect(item.json).toEqual({
			label: 'My Podcast!',
			md5: createHash('md5').update(bytes).digest('hex'),
			hadId: true,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('reports a node error, and turns it into an error item with Continue On Fail', async () => {
		const failing = await runWorkflow({
			nodes: [packageNode('probe', 'Probe', { fail: true })],
			nodeTypes,
		});
		expect(failing.status).toBe('error');
		expect(failing.error?.message).toBe('Probe failed on purpose');

		const continuing = await runWorkflow({
			nodes: [packageNode('probe', 'Probe', { fail: true }, { onError: 'continueRegularOutput' })],
			nodeTypes,
			input: [{ json: {} }, { json: {} }],
		});
		expect(continuing.status).toBe('success');
		expect(continuing.items('Probe')).toEqual([
			{ json: { error: 'Probe failed on purpose' }, pairedItem: { item: 0 } },
			{ json: { error: 'Probe failed on purpose' }, pairedItem: { item: 1 } },
		]);
	});
});
