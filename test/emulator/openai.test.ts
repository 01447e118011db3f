import type { ChatConversation } from '../../emulator';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 50 });

/** Two tools as n8n declares them to the model (names are not known in advance by the script). */
const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Upload_an_audio_file_in_AIOZ_Stream',
			description: 'Uploads the audio file at a link to AIOZ Stream',
			parameters: {
				type: 'object',
				properties: {
					fileUrl: { type: 'string', description: 'the http(s) link of the audio file' },
				},
				required: ['fileUrl'],
				additionalProperties: false,
			},
		},
	},
	{
		type: 'function',
		function: {
			name: 'Generate_music_in_MiniMax_Music',
			description: 'Generates a song',
			parameters: {
				type: 'object',
				properties: { prompt: { type: 'string' } },
				required: ['prompt'],
			},
		},
	},
];

const USER = 'Publish https://files.example/recording.mp3 and give me the streaming link.';
const TOOL_RESULT = [
	{ id: 'media-1', status: 'done', hls_url: 'https://cdn.example/media-1/manifest.m3u8' },
];

/** The script of the tests: call the AIOZ tool with the URL of the user message, then answer with the HLS URL. */
function twoStepScript(seen: ChatConversation[]) {
	return [
		(conversation: ChatConversation) => {
			seen.push(conversation);
			const tool = conversation.findTool(/aioz/i);
			const link = /https?:\/\/\S+/.exec(conversation.lastUserMessage())?.[0];
			return { toolCall: { name: tool.name, arguments: { fileUrl: link } } };
		},
		(conversation: ChatConversation) => {
			seen.push(conversation);
			const result = conversation.lastToolResult();
			const media = (result?.json as typeof TOOL_RESULT)[0];
			return { content: `Published (${result?.name}): ${media.hls_url}` };
		},
	];
}

/** POST /v1/chat/completions with the emulator's key (or `key`; null sends no Authorization header). */
function chat(body: Record<string, unknown>, key: string | null = emu.keys.openAiApiKey) {
	return fetch(`${emu.openAiBaseUrl}/chat/completions`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(key === null ? {} : { authorization: `Bearer ${key}` }),
		},
		body: JSON.stringify(body),
	});
}

interface ChatCompletion {
	id: string;
	object: string;
	model: string;
	choices: Array<{
		index: number;
		finish_reason: string;
		message: {
			role: string;
			content: string | null;
			tool_calls?: Array<{
				id: string;
				type: string;
				function: { name: string; arguments: string };
			}>;
		};
	}>;
	usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
	error?: { message: string; type: string; code: string | null };
}

interface Chunk {
	id: string;
	object: string;
	choices: Array<{
		index: number;
		finish_reason: string | null;
		delta: {
			role?: string;
			content?: string | null;
			tool_calls?: Array<{
				index: number;
				id?: string;
				type?: string;
				function: { name?: string; arguments?: string };
			}>;
		};
	}>;
	usage?: { total_tokens: number } | null;
}

/** Reads an SSE answer: the JSON events and whether it ended with `data: [DONE]`. */
async function readSse(response: Response): Promise<{ chunks: Chunk[]; done: boolean }> {
	const text = await response.text();
	const events = text
		.split('\n\n')
		.filter((event) => event.trim() !== '')
		.map((event) => {
			expect(event.startsWith('data: ')).toBe(true);
			return event.slice('data: '.length);
		});
	const done = events.at(-1) === '[DONE]';
	return {
		chunks: events.filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as Chunk),
		done,
	};
}

/** Assembles streamed chunks the way OpenAI clients do. */
function assemble(chunks: Chunk[]) {
	let content = '';
	let finishReason: string | null = null;
	const calls: Array<{ id: string; type: string; name: string; arguments: string }> = [];
	for (const chunk of chunks) {
		expect(chunk.object).toBe('chat.completion.chunk');
		expect(chunk.id).toBe(chunks[0].id);
		for (const choice of chunk.choices) {
			content += choice.delta.content ?? '';
			for (const delta of choice.delta.tool_calls ?? []) {
				calls[delta.index] ??= { id: '', type: '', name: '', arguments: '' };
				const call = calls[delta.index];
				if (delta.id) call.id = delta.id;
				if (delta.type) call.type = delta.type;
				call.name += delta.function.name ?? '';
				call.arguments += delta.function.arguments ?? '';
			}
			if (choice.finish_reason) finishReason = choice.finish_reason;
		}
	}
	return { content, finishReason, calls };
}

describe('OpenAI emulator: scripted chat completions', () => {
	it('answers a tool call, then the final answer after seeing the tool result (non-streaming)', async () => {
		const seen: ChatConversation[] = [];
		emu.openai.script(twoStepScript(seen));
		const messages: Array<Record<string, unknown>> = [
			{ role: 'system', content: 'You are a helpful assistant' },
			{ role: 'user', content: USER },
		];

		const first = await chat({ model: 'gpt-4o-mini', messages, tools: TOOLS, tool_choice: 'auto' });
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toMatch(/^application\/json/);
		const completion = (await first.json()) as ChatCompletion;
		expect(completion).toMatchObject({
			id: expect.stringMatching(/^chatcmpl-/),
			object: 'chat.completion',
			model: 'gpt-4o-mini',
			choices: [
				{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null } },
			],
		});
		expect(completion.usage.total_tokens).toBe(
			completion.usage.prompt_tokens + completion.usage.completion_tokens,
		);
		const calls = completion.choices[0].message.tool_calls ?? [];
		expect(calls).toHaveLength(1);
		expect(calls[0]).toEqual({
			id: expect.stringMatching(/^call_/),
			type: 'function',
			function: { name: 'Upload_an_audio_file_in_AIOZ_Stream', arguments: expect.any(String) },
		});
		expect(JSON.parse(calls[0].function.arguments)).toEqual({
			fileUrl: 'https://files.example/recording.mp3',
		});

		messages.push(completion.choices[0].message as unknown as Record<string, unknown>);
		messages.push({
			role: 'tool',
			tool_call_id: calls[0].id,
			content: JSON.stringify(TOOL_RESULT),
		});
		const second = await chat({ model: 'gpt-4o-mini', messages, tools: TOOLS });
		expect(second.status).toBe(200);
		const final = (await second.json()) as ChatCompletion;
		expect(final.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: {
				role: 'assistant',
				content: `Published (Upload_an_audio_file_in_AIOZ_Stream): ${TOOL_RESULT[0].hls_url}`,
			},
		});
		expect(final.choices[0].message).not.toHaveProperty('tool_calls');

		// The steps saw the conversation and the request's tools.
		expect(seen.map((conversation) => conversation.step)).toEqual([0, 1]);
		expect(seen[0].tools.map((tool) => tool.name)).toEqual(TOOLS.map((tool) => tool.function.name));
		expect(seen[0].lastToolResult()).toBeUndefined();
		expect(seen[1].toolResults()).toEqual([
			{
				toolCallId: calls[0].id,
				name: 'Upload_an_audio_file_in_AIOZ_Stream',
				content: JSON.stringify(TOOL_RESULT),
				json: TOOL_RESULT,
			},
		]);

		// Every request is recorded with its full body; the key is in neither log.
		expect(emu.openai.stepsAnswered()).toBe(2);
		const recorded = emu.openai.chatRequests();
		expect(recorded).toHaveLength(2);
		expect(recorded[0]).toMatchObject({
			seq: 1,
			method: 'POST',
			path: '/v1/chat/completions',
			status: 200,
			stream: false,
			step: 0,
			body: {
				model: 'gpt-4o-mini',
				tool_choice: 'auto',
				tools: TOOLS,
				messages: messages.slice(0, 2),
			},
			answer: { tool_calls: calls },
		});
		expect(recorded[1].body?.messages).toEqual(messages);
		expect(recorded[1].answer?.content).toBe(final.choices[0].message.content);
		const logged = emu.requests.filter((entry) => entry.path === '/v1/chat/completions');
		expect(logged.map((entry) => [entry.route, entry.status])).toEqual([
			['openaiChat', 200],
			['openaiChat', 200],
		]);
		expect(logged[0].headers.authorization).toBe('Bearer [redacted]');
		expect(JSON.stringify([emu.requests, emu.openai.requests])).not.toContain(
			emu.keys.openAiApiKey,
		);
	});

	it('answers the same script as chat.completion.chunk SSE events when the request streams', async () => {
		const seen: ChatConversation[] = [];
		emu.openai.script(twoStepScript(seen));
		const messages: Array<Record<string, unknown>> = [
			{ role: 'user', content: [{ type: 'text', text: USER }] },
		];

		const first = await chat({
			model: 'gpt-4o-mini',
			messages,
			tools: TOOLS,
			stream: true,
			stream_options: { include_usage: true },
		});
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const { chunks, done } = await readSse(first);
		expect(done).toBe(true);
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		// With include_usage: a last chunk without choices holds the usage; the others say usage: null.
		expect(chunks.at(-1)?.choices).toEqual([]);
		expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
		expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
		const assembled = assemble(chunks);
		expect(assembled.finishReason).toBe('tool_calls');
		expect(assembled.content).toBe('');
		expect(assembled.calls).toEqual([
			{
				id: expect.stringMatching(/^call_/),
				type: 'function',
				name: 'Upload_an_audio_file_in_AIOZ_Stream',
				arguments: JSON.stringify({ fileUrl: 'https://files.example/recording.mp3' }),
			},
		]);
		// The arguments arrive in several deltas, as OpenAI streams them.
		expect(chunks.filter((chunk) => chunk.choices[0]?.delta.tool_calls).length).toBeGreaterThan(2);

		const call = assembled.calls[0];
		messages.push({
			role: 'assistant',
			content: null,
			tool_calls: [
				{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } },
			],
		});
		messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(TOOL_RESULT) });
		const second = await chat({ model: 'gpt-4o-mini', messages, tools: TOOLS, stream: true });
		const streamed = await readSse(second);
		expect(streamed.done).toBe(true);
		expect(streamed.chunks.every((chunk) => !('usage' in chunk))).toBe(true);
		const final = assemble(streamed.chunks);
		expect(final).toEqual({
			content: `Published (Upload_an_audio_file_in_AIOZ_Stream): ${TOOL_RESULT[0].hls_url}`,
			finishReason: 'stop',
			calls: [],
		});
		expect(emu.openai.chatRequests().map((request) => [request.stream, request.step])).toEqual([
			[true, 0],
			[true, 1],
		]);
	});

	it('answers 401 in OpenAI shape without a key or with a wrong one, and consumes no step', async () => {
		emu.openai.script([{ content: 'never sent' }]);
		for (const key of [null, 'sk-wrong-key']) {
			const response = await chat(
				{ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
				key,
			);
			expect(response.status).toBe(401);
			const body = (await response.json()) as ChatCompletion;
			expect(body.error).toEqual({
				message: expect.any(String),
				type: 'invalid_request_error',
				param: null,
				code: key === null ? null : 'invalid_api_key',
			});
			expect(body.error?.message).not.toContain('sk-wrong');
		}
		const models = await fetch(`${emu.openAiBaseUrl}/models`);
		expect(models.status).toBe(401);
		expect(emu.openai.stepsAnswered()).toBe(0);
		expect(emu.openai.requests.map((request) => request.status)).toEqual([401, 401, 401]);
		expect(JSON.stringify(emu.requests)).not.toContain('sk-wrong-key');

		// The script is still at its first step.
		const ok = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
		expect(((await ok.json()) as ChatCompletion).choices[0].message.content).toBe('never sent');
	});

	it('lists models for the credential test (GET /v1/models)', async () => {
		const response = await fetch(`${emu.openAiBaseUrl}/models`, {
			headers: { authorization: `Bearer ${emu.keys.openAiApiKey}` },
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			object: string;
			data: Array<{ id: string; object: string }>;
		};
		expect(body.object).toBe('list');
		expect(body.data.map((model) => model.id)).toContain('gpt-4o-mini');
		expect(body.data.every((model) => model.object === 'model')).toBe(true);
	});

	it('answers 500 with a clear message when the script is exhausted or a step throws', async () => {
		const messages = [{ role: 'user', content: 'hi' }];
		// No script at all.
		const none = await chat({ model: 'gpt-4o-mini', messages });
		expect(none.status).toBe(500);
		expect(((await none.json()) as ChatCompletion).error).toMatchObject({
			type: 'server_error',
			code: 'script_exhausted',
			message: expect.stringContaining('chat script is exhausted (0 steps'),
		});

		emu.openai.script([{ content: 'only answer' }]);
		expect((await chat({ model: 'gpt-4o-mini', messages })).status).toBe(200);
		const exhausted = await chat({ model: 'gpt-4o-mini', messages, stream: true });
		expect(exhausted.status).toBe(500);
		expect(((await exhausted.json()) as ChatCompletion).error?.message).toMatch(
			/chat script is exhausted \(1 step, all answered/,
		);

		// A step that cannot find its tool: the message names the request's tools.
		emu.openai.script([
			(conversation: ChatConversation) => ({
				toolCall: { name: conversation.findTool('minimax').name },
			}),
		]);
		const failed = await chat({ model: 'gpt-4o-mini', messages, tools: [TOOLS[0]] });
		expect(failed.status).toBe(500);
		const error = ((await failed.json()) as ChatCompletion).error;
		expect(error?.code).toBe('script_step_failed');
		expect(error?.message).toBe(
			'emulator: chat script step 0 failed: no tool matches minimax ' +
				"(the request's tools: Upload_an_audio_file_in_AIOZ_Stream)",
		);
		// The failed step stays current: with the tool present, a retry is answered by it.
		const retried = await chat({ model: 'gpt-4o-mini', messages, tools: TOOLS });
		const retriedBody = (await retried.json()) as ChatCompletion;
		expect(retriedBody.choices[0].message.tool_calls?.[0].function).toEqual({
			name: 'Generate_music_in_MiniMax_Music',
			arguments: '{}',
		});
		expect(emu.openai.chatRequests().map((request) => request.status)).toEqual([
			500, 200, 500, 500, 200,
		]);
	});
});
