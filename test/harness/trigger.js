// @ts-check
/**
 * Engine harness for webhook trigger nodes: plays the part of n8n's CLI around n8n-core's real
 * HookContext (webhookMethods on activation / deactivation) and WebhookContext (the node's
 * `webhook()` for each request), and serves n8n's webhook endpoints on a loopback port.
 *
 * What it mirrors of n8n's CLI (packages/cli/src/webhooks): activation runs `checkExists`, then
 * `create` only when it answered false; deactivation runs `delete`. A request to the node's
 * webhook URL runs `webhook()`; when the node answered the request itself (`noWebhookResponse`)
 * nothing more is sent; without `workflowData` the answer is its `webhookResponse` (or n8n's
 * "Webhook call received") and no execution starts; with it the answer is n8n's "Workflow was
 * started" and the workflow runs (through `runWorkflow`) from the trigger's items. A throwing
 * `webhook()` is answered 500. JSON bodies are parsed the way n8n's body parser does.
 */
const http = require('node:http');

const { HookContext, WebhookContext } = require('n8n-core');
const { NodeHelpers, Workflow } = require('n8n-workflow');

const { HarnessNodeTypes, createAdditionalData, runWorkflow } = require('./index');

/**
 * The bits of Express's Response that nodes use, on a plain http.ServerResponse.
 * @param {http.ServerResponse} res
 */
function expressLikeResponse(res) {
	const response = /** @type {any} */ (res);
	response.status = (/** @type {number} */ code) => {
		res.statusCode = code;
		return response;
	};
	response.json = (/** @type {unknown} */ body) => {
		res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return response;
	};
	response.send = (/** @type {unknown} */ body) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return response.json(body);
		res.end(body);
		return response;
	};
	return response;
}

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
async function readRequestBody(req) {
	/** @type {Buffer[]} */
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/**
 * @typedef {object} TriggerRequestRecord
 * @property {'production' | 'test'} kind which webhook URL was called
 * @property {string} path path and query string
 * @property {number} status the HTTP status answered
 * @property {unknown} answer the JSON answered (undefined when not JSON)
 * @property {import('./index').HarnessRun} [run] the execution the request started
 * @property {Error} [error] what `webhook()` threw
 */

/**
 * Starts a workflow whose first node is a webhook trigger, with its webhook endpoints served on
 * 127.0.0.1 (the instance URL the node's webhook URLs point at).
 * @param {{
 *   nodes: import('n8n-workflow').INode[],
 *   connections: import('n8n-workflow').IConnections,
 *   nodeTypes: Record<string, any>,
 *   credentialTypes?: Record<string, import('n8n-workflow').ICredentialType>,
 *   credentials?: Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>,
 *   workflowId?: string,
 *   workflowName?: string,
 * }} options
 */
async function startTriggerWorkflow(options) {
	const triggerNode = options.nodes[0];
	if (!triggerNode) throw new Error('The workflow has no nodes');
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const nodeType = nodeTypes.getByNameAndVersion(triggerNode.type, triggerNode.typeVersion);
	if (!nodeType.webhook) throw new Error(`${triggerNode.type} has no webhook() method`);
	/** @type {(this: any) => Promise<import('n8n-workflow').IWebhookResponseData>} */
	const runNodeWebhook = nodeType.webhook;
	const workflow = new Workflow({
		id: options.workflowId ?? 'harnessTrigger1',
		name: options.workflowName ?? 'Harness trigger workflow',
		nodes: options.nodes,
		connections: options.connections,
		nodeTypes,
		active: false,
		settings: {},
		staticData: {},
	});

	/** @type {TriggerRequestRecord[]} */
	const requests = [];
	/** @type {Promise<unknown>[]} */
	const pending = [];

	const server = http.createServer((req, res) => {
		const handled = handle(req, expressLikeResponse(res)).catch((error) => {
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end(String(error));
			}
		});
		pending.push(handled);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const instanceUrl = `http://127.0.0.1:${address.port}`;

	const credentialOptions = {
		credentialTypes: options.credentialTypes,
		credentials: options.credentials,
		instanceUrl,
	};

	/**
	 * The webhook data n8n builds for the trigger's first webhook description.
	 * @param {boolean} isTest
	 * @returns {import('n8n-workflow').IWebhookData}
	 */
	function webhookData(isTest) {
		const description = nodeType.description.webhooks?.[0];
		if (!description) throw new Error(`${triggerNode.type} has no webhook description`);
		return /** @type {any} */ ({
			httpMethod: description.httpMethod,
			node: triggerNode.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: createAdditionalData(credentialOptions),
			isTest,
		});
	}

	/** @param {'production' | 'test'} kind */
	function webhookPath(kind) {
		const data = webhookData(kind === 'test');
		return `/${kind === 'test' ? 'webhook-test' : 'webhook'}/${NodeHelpers.getNodeWebhookPath(workflow.id, triggerNode, data.path)}`;
	}

	/**
	 * Runs one of the node's webhookMethods the way n8n's WebhookService does.
	 * @param {'checkExists' | 'create' | 'delete'} method
	 * @param {'production' | 'test'} kind
	 */
	async function runWebhookMethod(method, kind) {
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`${triggerNode.type} has no webhookMethods.default.${method}`);
		const data = webhookData(kind === 'test');
		const mode = kind === 'test' ? 'manual' : 'trigger';
		const activation = kind === 'test' ? 'manual' : 'activate';
		const context = new HookContext(workflow, triggerNode, data.workflowExecuteAdditionalData, mode, activation, data);
		return /** @type {boolean} */ (await fn.call(context));
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {any} res
	 */
	async function handle(req, res) {
		const url = new URL(req.url ?? '/', instanceUrl);
		/** @type {'production' | 'test' | undefined} */
		const kind = url.pathname === webhookPath('production') ? 'production' : url.pathname === webhookPath('test') ? 'test' : undefined;
		const raw = await readRequestBody(req);
		if (!kind || req.method !== webhookData(false).httpMethod) {
			res.status(404).json({ code: 404, message: `The requested webhook "${req.method} ${url.pathname}" is not registered.` });
			return;
		}
		/** @type {TriggerRequestRecord} */
		const record = { kind, path: url.pathname + url.search, status: 0, answer: undefined };
		requests.push(record);

		let body = {};
		if (raw.length > 0 && String(req.headers['content-type'] ?? '').includes('json')) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				record.status = 400;
				res.status(400).json({ message: 'Failed to parse request body' });
				return;
			}
		}
		const request = /** @type {any} */ (req);
		request.body = body;
		request.rawBody = raw;
		request.query = Object.fromEntries(url.searchParams);
		request.params = {};

		const data = webhookData(kind === 'test');
		const additionalData = createAdditionalData(credentialOptions);
		additionalData.httpRequest = request;
		additionalData.httpResponse = res;
		const mode = kind === 'test' ? 'manual' : 'webhook';
		const context = new WebhookContext(workflow, triggerNode, additionalData, mode, data, [], null);

		/** @type {import('n8n-workflow').IWebhookResponseData} */
		let result;
		try {
			result = await runNodeWebhook.call(context);
		} catch (error) {
			record.error = /** @type {Error} */ (error);
			record.status = 500;
			res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}
		if (result.noWebhookResponse) {
			record.status = res.statusCode;
			return;
		}
		if (result.workflowData === undefined) {
			record.answer = result.webhookResponse ?? { message: 'Webhook call received' };
			record.status = 200;
			res.status(200).json(record.answer);
			return;
		}
		record.answer = { message: 'Workflow was started' };
		record.status = 200;
		res.status(200).json(record.answer);
		record.run = await runWorkflow({
			nodes: options.nodes,
			connections: options.connections,
			nodeTypes: options.nodeTypes,
			credentialTypes: options.credentialTypes,
			credentials: options.credentials,
			input: result.workflowData[0],
		});
	}

	return {
		workflow,
		instanceUrl,
		requests,
		/** The node's production (or test) webhook URL, as n8n computes it. */
		webhookUrl: (/** @type {'production' | 'test'} */ kind = 'production') => `${instanceUrl}${webhookPath(kind)}`,
		/** The node's static data (what `getWorkflowStaticData('node')` holds). */
		staticData: () => /** @type {Record<string, unknown>} */ (workflow.getStaticData('node', triggerNode)),
		/** @param {'checkExists' | 'create' | 'delete'} method @param {'production' | 'test'} [kind] */
		runWebhookMethod: (method, kind = 'production') => runWebhookMethod(method, kind),
		/**
		 * Activation as n8n does it: checkExists, then create when it answered false.
		 * @param {'production' | 'test'} [kind]
		 * @returns {Promise<{ existed: boolean }>}
		 */
		async activate(kind = 'production') {
			const existed = await runWebhookMethod('checkExists', kind);
			if (!existed) await runWebhookMethod('create', kind);
			return { existed };
		},
		/** @param {'production' | 'test'} [kind] */
		deactivate: (kind = 'production') => runWebhookMethod('delete', kind),
		/** Resolves once every request received so far has been answered and its execution has ended. */
		async settled() {
			let count;
			do {
				count = pending.length;
				await Promise.all(pending);
			} while (count !== pending.length);
		},
		async stop() {
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startTriggerWorkflow };
