/**
 * Both nodes as AI Agent tools, run through n8n's engine the way the Tools Agent (version 3) runs a tool:
 * the node type n8n generates (`…aiozStreamTool`, `…minimaxMusicTool`), one input item holding the model's
 * arguments (read by `$fromAI()`), and its output items' json as what the model gets back (n8n drops binary).
 * The same runs in a real n8n 2.41.1 with a scripted chat model are in scripts/test-n8n.js (--only=agent).
 */
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { AimlMinimaxApi } from '../../credentials/AimlMinimaxApi.credentials';
import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import { AiozStream } from '../../nodes/AiozStream/AiozStream.node';
import { MinimaxMusic } from '../../nodes/MinimaxMusic/MinimaxMusic.node';
import { PACKAGE_NAME, packageNode, runWorkflow, toolNode, withToolTypes, type HarnessRun } from '../harness';
import { emulatorCredential } from '../aiozStream/helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 50 });

const nodeTypes = withToolTypes({
	[`${PACKAGE_NAME}.aiozStream`]: new AiozStream(),
	[`${PACKAGE_NAME}.minimaxMusic`]: new MinimaxMusic(),
});
const credentialTypes = { aiozStreamApi: new AiozStreamApi(), aimlMinimaxApi: new AimlMinimaxApi() };
const credentialRefs = {
	aiozStreamApi: { id: '1', name: 'AIOZ Stream (emulator)' },
	aimlMinimaxApi: { id: '2', name: 'AI/ML API (emulator)' },
};

async function run(node: INode, input: INodeExecutionData[]) {
	return await runWorkflow({
		nodes: [node],
		nodeTypes,
		credentialTypes,
		credentials: {
			aiozStreamApi: emulatorCredential(emu),
			aimlMinimaxApi: { apiKey: emu.keys.aimlApiKey, baseUrl: emu.aimlBaseUrl },
		},
		input,
	});
}

/**
 * The items a tool node gave the agent: n8n-core logs a tool node's output (`rewireOutputLogTo: 'ai_tool'`)
 * under `ai_tool`, which the Tools Agent reads (each item's json, as a JSON array).
 */
function toolResult(result: HarnessRun, nodeName: string): INodeExecutionData[] {
	const task = result.run.data.resultData.runData[nodeName]?.[0];
	if (!task?.data?.ai_tool) throw new Error(`no ai_tool output of ${nodeName}: ${JSON.stringify(task?.error?.message)}`);
	return task.data.ai_tool[0] ?? [];
}

/** AIOZ Stream Upload from a URL, its File URL and Title given as the research's example workflow gives them. */
const uploadFromUrl = {
	resource: 'audio',
	operation: 'upload',
	title: "={{ $fromAI('title', 'a short title for the recording', 'string') }}",
	inputSource: 'url',
	fileUrl: "={{ $fromAI('fileUrl', 'the http(s) link of the audio file', 'string') }}",
	options: { pollInterval: 1 },
};

/** What the agent hands the tool node: its own input item's json, the model's arguments and the call's id. */
const argumentsItem = (args: Record<string, string>): INodeExecutionData[] => [
	{ json: { chatInput: 'Publish the recording at the link', ...args, toolCallId: 'call_1' } },
];

describe('AI Agent tools (the node types n8n generates for usableAsTool, run as the Tools Agent runs them)', () => {
	it('AIOZ Stream Upload from a URL as a tool: only the compact json (≤ 1 KB: id, status, hls_url), no binary', async () => {
		const source = emu.source.add({ name: 'tool-episode.wav', size: 1536 * 1024 });
		const result = await run(
			toolNode('aiozStream', 'Publish audio', uploadFromUrl, { credentials: credentialRefs, asAgentRuns: true }),
			argumentsItem({ fileUrl: source.url, title: 'Tool episode' }),
		);
		expect(result.status).toBe('success');
		const [item, ...more] = toolResult(result, 'Publish audio');
		expect(more).toHaveLength(0);
		const media = emu.aioz.getMedia(String(item.json.id))!;
		expect(await emu.aioz.md5(media.id)).toBe(source.md5);
		expect(media.assets.hls_url).toBeTruthy();
		expect(item.json).toMatchObject({ id: media.id, title: 'Tool episode', status: 'done', hls_url: media.assets.hls_url });
		expect(Object.keys(item.json)).toEqual(
			expect.arrayContaining(['id', 'title', 'status', 'hls_url', 'hls_player_url']),
		);
		for (const left of ['qualities', 'assets', 'metadata', 'iframe', 'source_url']) expect(item.json).not.toHaveProperty(left);
		const sent = JSON.stringify([item.json]);
		expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(1024);
		expect(sent).not.toContain(source.signature);
		expect(item.binary).toBeUndefined();
	});

	it('the same upload as a normal node keeps the full media object', async () => {
		const source = emu.source.add({ name: 'node-episode.wav', size: 1536 * 1024 });
		const result = await run(
			packageNode(
				'aiozStream',
				'Upload',
				{ ...uploadFromUrl, title: 'Node episode', fileUrl: source.url },
				{ credentials: credentialRefs },
			),
			[{ json: {} }],
		);
		expect(result.status).toBe('success');
		const [item] = result.items('Upload');
		expect(item.json.status).toBe('done');
		expect(item.json.assets).toMatchObject({ hls_url: expect.stringContaining('.m3u8') });
		expect(item.json).toHaveProperty('qualities');
		expect(item.json).not.toHaveProperty('hls_url');
		expect(Buffer.byteLength(JSON.stringify(item.json))).toBeGreaterThan(1024);
	});

	it('a bad File URL as a tool: the message the model gets carries the fix (and no item suffix)', async () => {
		// As the agent runs it, n8n-core turns the failure into the tool's output: [{ json: { error: message } }]
		const asAgent = await run(
			toolNode('aiozStream', 'Publish audio', uploadFromUrl, { credentials: credentialRefs, asAgentRuns: true }),
			argumentsItem({ fileUrl: 'not a url', title: 'Broken' }),
		);
		// (the harness's run ends there with the node's error; in n8n the agent goes on: scripts/test-n8n.js)
		const [item] = toolResult(asAgent, 'Publish audio');
		expect(item.json).toEqual({
			error:
				'File URL is not an http(s) URL. Give the full address of the audio file, starting with https:// (or http://), e.g. a presigned S3 URL or a direct download link.',
		});
		expect(emu.aioz.listMedia()).toHaveLength(0);

		// Without the agent (no rewiring), the same node error ends the run with that message
		const alone = await run(
			toolNode('aiozStream', 'Publish audio', uploadFromUrl, { credentials: credentialRefs }),
			argumentsItem({ fileUrl: 'not a url', title: 'Broken' }),
		);
		expect(alone.status).toBe('error');
		expect(alone.error?.message).toMatch(/^File URL is not an http\(s\) URL\. Give the full address .*https:\/\//);
	});

	it('the same bad File URL in a normal node keeps the short message, the item and the fix in the description', async () => {
		const result = await run(
			packageNode('aiozStream', 'Upload', { ...uploadFromUrl, title: 'Broken', fileUrl: 'not a url' }, { credentials: credentialRefs }),
			[{ json: {} }],
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('File URL is not an http(s) URL [item 0]');
		expect(result.error?.description).toMatch(/https:\/\//);
	});

	it('MiniMax Generate (music-2.6) as a tool: generation_id, credits and audio_url, where the file went, no base_resp', async () => {
		const result = await run(
			toolNode(
				'minimaxMusic',
				'Generate music',
				{
					resource: 'music',
					operation: 'generate',
					model: 'minimax/music-2.6',
					prompt: "={{ $fromAI('prompt', 'the style, mood and instruments of the song', 'string') }}",
					options: { pollInterval: 0.2 },
				},
				{ credentials: credentialRefs, asAgentRuns: true },
			),
			argumentsItem({ prompt: 'calm lo-fi hip hop with soft piano' }),
		);
		expect(result.status).toBe('success');
		const [item] = toolResult(result, 'Generate music');
		const [generation] = emu.minimax.audioGenerations;
		expect(generation.body.prompt).toBe('calm lo-fi hip hop with soft piano');
		expect(item.json).toMatchObject({
			model: 'minimax/music-2.6',
			generation_id: generation.generation_id,
			status: 'completed',
			audio_url: expect.stringMatching(/^http/),
			audio_file_in_workflow: { binary_field: 'data', mime_type: 'audio/mpeg' },
		});
		expect(item.json).toHaveProperty('credits_used');
		expect(item.json).not.toHaveProperty('base_resp');
		expect(Buffer.byteLength(JSON.stringify([item.json]))).toBeLessThanOrEqual(1024);
		expect(JSON.stringify(item.json)).not.toContain(emu.keys.aimlApiKey);
	});
});
