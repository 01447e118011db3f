// @ts-check
'use strict';

/**
 * A scripted OpenAI-compatible chat completions endpoint, for running n8n's AI Agent (with the OpenAI Chat Model
 * pointed at the emulator through the `openAiApi` credential's Base URL `${emu.url}/v1`) offline.
 *
 *   POST /v1/chat/completions   answered by the next step of the script registered with `emu.openai.script()`:
 *                               a `chat.completion` JSON, or `chat.completion.chunk` SSE events when the request
 *                               says `stream: true` (then `data: [DONE]`)
 *   GET  /v1/models             the model list (the OpenAI credential's test and the Chat Model's model list)
 *   GET  /v1/models/{id}        one model
 *
 * Every route requires `Authorization: Bearer <KEYS.openAiApiKey>` (401 in OpenAI's error shape otherwise).
 * No model is involved: each step of the script is a function of the conversation so far (the request's messages
 * and tools) that returns the next answer, `{ toolCall: { name, arguments } }` or `{ content }`. An exhausted
 * script or a step that throws answers HTTP 500 with a message saying so.
 */

const { randomBytes } = require('node:crypto');

const { HttpError, readBody, sendJson } = require('./http-util');

/** The models `GET /v1/models` lists (any model name is accepted by chat completions). */
const MODELS = Object.freeze(['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini']);

/**
 * A function tool as the request declares it.
 * @typedef {object} ChatTool
 * @property {string} name
 * @property {string} [description]
 * @property {Record<string, any>} [parameters] its JSON schema
 */

/**
 * A tool result message (role 'tool') of the conversation.
 * @typedef {object} ToolResult
 * @property {string} toolCallId
 * @property {string | undefined} name the name of the tool called (from the assistant message that called it)
 * @property {string} content the text n8n sent back (for n8n tools: `JSON.stringify` of the node's output json)
 * @property {unknown} json `content` parsed as JSON, or undefined when it is not JSON
 */

/**
 * What a script step sees: the request's conversation and helpers to read it.
 * @typedef {object} ChatConversation
 * @property {number} step index of this step in the script (0-based)
 * @property {Record<string, any>} body the whole request body
 * @property {any[]} messages `body.messages`
 * @property {ChatTool[]} tools the request's function tools (`body.tools[].function`), [] when none
 * @property {(pattern: RegExp | string) => ChatTool} findTool the first tool whose name matches (a string matches
 *   case-insensitively as a substring); throws, listing the tool names, when none does
 * @property {() => ToolResult | undefined} lastToolResult the last tool result message, if any
 * @property {() => ToolResult[]} toolResults every tool result message, in order
 * @property {() => string} lastUserMessage the text of the last user message ('' when none)
 */

/**
 * One tool call a step answers: `arguments` is an object (sent as its JSON text) or already a JSON string.
 * @typedef {object} ScriptToolCall
 * @property {string} name
 * @property {Record<string, unknown> | string} [arguments]
 * @property {string} [id] default: a fresh 'call_…' id
 */

/**
 * The answer of a script step.
 * @typedef {object} ScriptAnswer
 * @property {ScriptToolCall} [toolCall] call one tool (finish_reason 'tool_calls')
 * @property {ScriptToolCall[]} [toolCalls] call several tools at once (finish_reason 'tool_calls')
 * @property {string} [content] the assistant's text (finish_reason 'stop' when there is no tool call)
 */

/**
 * A step: a function of the conversation (may be async), or a fixed answer.
 * @typedef {ScriptAnswer | ((conversation: ChatConversation) => ScriptAnswer | Promise<ScriptAnswer>)} ScriptStep
 */

/**
 * One request the endpoint got (chat completions, models, refused ones too).
 * @typedef {object} OpenAiRequest
 * @property {number} seq 1-based, in arrival order
 * @property {string} method
 * @property {string} path
 * @property {number} status HTTP status answered
 * @property {boolean} stream whether the answer was SSE
 * @property {Record<string, any> | undefined} body the full JSON body (model, messages, tools, tool_choice, …)
 * @property {number} [step] the script step that answered (chat completions)
 * @property {Record<string, any>} [answer] the assistant message answered (role, content, tool_calls)
 * @property {string} [error] the error message answered
 */

/**
 * @param {unknown} content a message's content: a string, or an array of parts ({ type: 'text', text })
 * @returns {string}
 */
function messageText(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : ''))
			.join('');
	}
	return '';
}

/**
 * The conversation a step sees.
 * @param {Record<string, any>} body
 * @param {number} step
 * @returns {ChatConversation}
 */
function conversationOf(body, step) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	/** @type {ChatTool[]} */
	const tools = (Array.isArray(body.tools) ? body.tools : [])
		.filter((tool) => tool && tool.type === 'function' && tool.function && typeof tool.function.name === 'string')
		.map((tool) => tool.function);
	/** @type {Map<string, string>} */
	const calledNames = new Map();
	for (const message of messages) {
		if (message?.role !== 'assistant' || !Array.isArray(message.tool_calls)) continue;
		for (const call of message.tool_calls) {
			if (call?.id && call.function?.name) calledNames.set(call.id, call.function.name);
		}
	}
	const toolResults = () =>
		messages
			.filter((message) => message?.role === 'tool')
			.map((message) => {
				const content = messageText(message.content);
				/** @type {unknown} */
				let json;
				try {
					json = JSON.parse(content);
				} catch {
					json = undefined;
				}
				return {
					toolCallId: String(message.tool_call_id ?? ''),
					name: calledNames.get(message.tool_call_id),
					content,
					json,
				};
			});
	return {
		step,
		body,
		messages,
		tools,
		findTool(pattern) {
			const matches =
				typeof pattern === 'string'
					? (/** @type {string} */ name) => name.toLowerCase().includes(pattern.toLowerCase())
					: (/** @type {string} */ name) => pattern.test(name);
			const found = tools.find((tool) => matches(tool.name));
			if (!found) {
				const names = tools.map((tool) => tool.name).join(', ') || 'none';
				throw new Error(`no tool matches ${String(pattern)} (the request's tools: ${names})`);
			}
			return found;
		},
		lastToolResult: () => toolResults().at(-1),
		toolResults,
		lastUserMessage() {
			const user = messages.filter((message) => message?.role === 'user').at(-1);
			return user ? messageText(user.content) : '';
		},
	};
}

/** @param {string} prefix */
function newId(prefix) {
	return `${prefix}${randomBytes(12).toString('base64url')}`;
}

/** A rough token count (about 4 characters a token), for `usage`. */
function tokens(/** @type {unknown} */ value) {
	const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
	return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * The assistant message of a step's answer (throws on an answer that is neither text nor a tool call).
 * @param {unknown} answer
 */
function toAssistantMessage(answer) {
	if (!answer || typeof answer !== 'object') {
		throw new Error(`a step must answer { toolCall }, { toolCalls } or { content }, not ${JSON.stringify(answer)}`);
	}
	const { toolCall, toolCalls, content } = /** @type {ScriptAnswer} */ (answer);
	const calls = toolCalls ?? (toolCall ? [toolCall] : []);
	if (calls.length === 0 && typeof content !== 'string') {
		throw new Error(`a step must answer { toolCall }, { toolCalls } or { content }, not ${JSON.stringify(answer)}`);
	}
	const toolCallsOut = calls.map((call) => {
		if (!call || typeof call.name !== 'string' || call.name === '') {
			throw new Error(`a tool call needs a name: ${JSON.stringify(call)}`);
		}
		const args = call.arguments ?? {};
		return {
			id: call.id ?? newId('call_'),
			type: /** @type {const} */ ('function'),
			function: { name: call.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
		};
	});
	/** @type {{ role: 'assistant', content: string | null, refusal: null, tool_calls?: typeof toolCallsOut }} */
	const message = { role: 'assistant', content: typeof content === 'string' ? content : null, refusal: null };
	if (toolCallsOut.length > 0) message.tool_calls = toolCallsOut;
	return message;
}

/** Splits a string in pieces of at most `size` characters (at least one piece). */
function pieces(/** @type {string} */ text, size = 16) {
	/** @type {string[]} */
	const out = [];
	for (let offset = 0; offset < text.length; offset += size) out.push(text.slice(offset, offset + size));
	return out.length > 0 ? out : [''];
}

class OpenAiService {
	/**
	 * @param {{ keys: { openAiApiKey: string } }} options
	 */
	constructor(options) {
		this.keys = options.keys;
		/** @type {OpenAiRequest[]} */
		this.requests = [];
		/** @type {ScriptStep[]} */
		this.steps = [];
		this.nextStep = 0;
		this.seq = 0;
	}

	/**
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {{ route: 'openaiChat' | 'openaiModels' | 'openaiModel', model?: string } | undefined}
	 */
	match(method, pathname) {
		if (pathname === '/v1/chat/completions') return method === 'POST' ? { route: 'openaiChat' } : undefined;
		if (pathname === '/v1/models') return method === 'GET' ? { route: 'openaiModels' } : undefined;
		const model = /^\/v1\/models\/([^/]+)$/.exec(pathname);
		if (model && method === 'GET') return { route: 'openaiModel', model: decodeURIComponent(model[1]) };
		return undefined;
	}

	/** Whether `pathname` is one of this service's paths (any method). */
	owns(/** @type {string} */ pathname) {
		return pathname === '/v1/chat/completions' || pathname === '/v1/models' || pathname.startsWith('/v1/models/');
	}

	/**
	 * Replaces the script (and restarts it at its first step).
	 * @param {ScriptStep[]} steps
	 */
	script(steps) {
		if (!Array.isArray(steps)) throw new TypeError('script takes an array of steps');
		this.steps = [...steps];
		this.nextStep = 0;
	}

	/** Forgets the script, its position and the recorded requests. */
	reset() {
		this.steps = [];
		this.nextStep = 0;
		this.requests.length = 0;
	}

	/**
	 * Answers an error in OpenAI's shape: `{ error: { message, type, param, code } }`.
	 * @param {import('./http-util').RequestContext} ctx
	 * @param {number} status
	 * @param {string} message
	 * @param {string} type
	 * @param {string | null} code
	 */
	async sendError(ctx, status, message, type, code) {
		ctx.log.error = message;
		await sendJson(ctx, status, { error: { message, type, param: null, code } });
	}

	/**
	 * Handles a request whose path this service owns (`owns(pathname)`), authorization included.
	 * @param {import('./http-util').RequestContext} ctx
	 */
	async handle(ctx) {
		const { req, url, log } = ctx;
		const method = req.method ?? 'GET';
		/** @type {OpenAiRequest} */
		const record = { seq: ++this.seq, method, path: url.pathname, status: 0, stream: false, body: undefined };
		this.requests.push(record);
		const fail = async (
			/** @type {number} */ status,
			/** @type {string} */ message,
			type = 'invalid_request_error',
			code = /** @type {string | null} */ (null),
		) => {
			record.status = status;
			record.error = message;
			await this.sendError(ctx, status, message, type, code);
		};

		const matched = this.match(method, url.pathname);
		if (matched) log.route = matched.route;
		if (method === 'POST') {
			try {
				const raw = await readBody(req, 32 * 1024 * 1024);
				if (raw.length > 0) record.body = JSON.parse(raw.toString('utf8'));
			} catch (error) {
				if (error instanceof HttpError) return await fail(error.status, error.message);
				return await fail(
					400,
					`We could not parse the JSON body of your request. (${/** @type {Error} */ (error).message})`,
				);
			}
		}

		const auth = req.headers.authorization;
		if (typeof auth !== 'string' || !/^Bearer\s+\S/i.test(auth)) {
			return await fail(
				401,
				"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
			);
		}
		if (auth.replace(/^Bearer\s+/i, '').trim() !== this.keys.openAiApiKey) {
			// Unlike OpenAI, never echo any part of the key.
			return await fail(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
		}

		if (!matched) return await fail(404, `Invalid URL (${method} ${url.pathname})`);
		if (matched.route === 'openaiModels') {
			record.status = 200;
			await sendJson(ctx, 200, { object: 'list', data: MODELS.map((id) => this.model(id)) });
			return;
		}
		if (matched.route === 'openaiModel') {
			record.status = 200;
			await sendJson(ctx, 200, this.model(matched.model ?? ''));
			return;
		}
		await this.chat(ctx, record, fail);
	}

	/** @param {string} id */
	model(id) {
		return { id, object: 'model', created: 1_700_000_000, owned_by: 'emulator' };
	}

	/**
	 * POST /v1/chat/completions.
	 * @param {import('./http-util').RequestContext} ctx
	 * @param {OpenAiRequest} record
	 * @param {(status: number, message: string, type?: string, code?: string | null) => Promise<void>} fail
	 */
	async chat(ctx, record, fail) {
		const body = record.body;
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return await fail(400, 'The request body must be a JSON object.');
		}
		if (typeof body.model !== 'string' || body.model === '') {
			return await fail(
				400,
				'you must provide a model parameter',
				'invalid_request_error',
				'missing_required_parameter',
			);
		}
		if (!Array.isArray(body.messages) || body.messages.length === 0) {
			return await fail(
				400,
				"Missing required parameter: 'messages'.",
				'invalid_request_error',
				'missing_required_parameter',
			);
		}

		const stepIndex = this.nextStep;
		record.step = stepIndex;
		if (stepIndex >= this.steps.length) {
			return await fail(
				500,
				`emulator: the chat script is exhausted (${this.steps.length} step${this.steps.length === 1 ? '' : 's'}, ` +
					`all answered; register more with emu.openai.script([...]))`,
				'server_error',
				'script_exhausted',
			);
		}
		/** @type {ReturnType<typeof toAssistantMessage>} */
		let message;
		try {
			const step = this.steps[stepIndex];
			const answer = typeof step === 'function' ? await step(conversationOf(body, stepIndex)) : step;
			message = toAssistantMessage(answer);
		} catch (error) {
			// The step stays current: a retried request runs it again.
			return await fail(
				500,
				`emulator: chat script step ${stepIndex} failed: ${error instanceof Error ? error.message : String(error)}`,
				'server_error',
				'script_step_failed',
			);
		}
		this.nextStep++;
		record.answer = message;

		const finishReason = message.tool_calls ? 'tool_calls' : 'stop';
		const id = newId('chatcmpl-');
		const created = Math.floor(Date.now() / 1000);
		const promptTokens = tokens({ messages: body.messages, tools: body.tools });
		const completionTokens = tokens(message.tool_calls ?? message.content);
		const usage = {
			prompt_tokens: promptTokens,
			completion_tokens: completionTokens,
			total_tokens: promptTokens + completionTokens,
			prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
			completion_tokens_details: {
				reasoning_tokens: 0,
				audio_tokens: 0,
				accepted_prediction_tokens: 0,
				rejected_prediction_tokens: 0,
			},
		};
		record.status = 200;

		if (body.stream !== true) {
			await sendJson(ctx, 200, {
				id,
				object: 'chat.completion',
				created,
				model: body.model,
				choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
				usage,
				service_tier: 'default',
				system_fingerprint: 'fp_emulator',
			});
			return;
		}

		record.stream = true;
		const includeUsage = body.stream_options?.include_usage === true;
		const { res, log } = ctx;
		log.status = 200;
		res.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache',
			connection: 'keep-alive',
		});
		const chunk = (/** @type {Record<string, any>} */ delta, finish = /** @type {string | null} */ (null)) => ({
			id,
			object: 'chat.completion.chunk',
			created,
			model: body.model,
			service_tier: 'default',
			system_fingerprint: 'fp_emulator',
			choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
			...(includeUsage ? { usage: null } : {}),
		});
		/** @type {Record<string, any>[]} */
		const events = [chunk({ role: 'assistant', content: message.tool_calls ? null : '', refusal: null })];
		if (typeof message.content === 'string' && message.content !== '') {
			for (const piece of pieces(message.content)) events.push(chunk({ content: piece }));
		}
		(message.tool_calls ?? []).forEach((call, index) => {
			events.push(
				chunk({
					tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
				}),
			);
			for (const piece of pieces(call.function.arguments)) {
				events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
			}
		});
		events.push(chunk({}, finishReason));
		// The usage chunk, when asked for: a chunk without choices.
		if (includeUsage) events.push({ ...chunk({}), choices: [], usage });
		for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
		res.end('data: [DONE]\n\n');
	}
}

module.exports = { OpenAiService, MODELS, conversationOf, messageText };
