/**
 * Shared set-up of the AIOZ Stream tests: the node and credential registered in the engine harness,
 * an emulator-backed credential per route family, and checks that apply to every run.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IBinaryData, INode, INodeExecutionData } from 'n8n-workflow';

import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import type { Emulator } from '../../emulator';
import { AiozStream } from '../../nodes/AiozStream/AiozStream.node';
import { packageNode, runWorkflow, type HarnessRun, PACKAGE_NAME } from '../harness';

export type Family = 'media' | 'videos';

export const nodeTypes = { [`${PACKAGE_NAME}.aiozStream`]: new AiozStream() };
export const credentialTypes = { aiozStreamApi: new AiozStreamApi() };

export function md5(data: Uint8Array): string {
	return createHash('md5').update(data).digest('hex');
}

/** Random bytes (cached per size, so the big fixture is made once per test file). */
const fixtures = new Map<number, Buffer>();
export function bytes(size: number): Buffer {
	let data = fixtures.get(size);
	if (!data) {
		data = randomBytes(size);
		fixtures.set(size, data);
	}
	return data;
}

/** Binary data kept in the item itself (n8n's in-memory mode: base64, no id). */
export function inMemoryBinary(data: Buffer, fileName = 'clip.mp3'): IBinaryData {
	return { data: data.toString('base64'), mimeType: 'audio/mpeg', fileName, fileExtension: 'mp3' };
}

/** An AIOZ Stream node with the test credential; `resource` defaults to audio. */
export function aioz(name: string, parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return packageNode('aiozStream', name, { resource: 'audio', ...parameters }, {
		credentials: { aiozStreamApi: { id: '1', name: 'AIOZ Stream (emulator)' } },
		...extra,
	});
}

export interface RunOptions {
	family?: Family;
	input?: INodeExecutionData[];
	secretKey?: string;
	/** Another API root than the emulator's (e.g. a closed port). */
	baseUrl?: string;
}

/** The AIOZ Stream credential's data for the emulator (Environment Custom). */
export function emulatorCredential(
	emu: Pick<Emulator, 'keys' | 'aiozBaseUrl'>,
	options: Pick<RunOptions, 'secretKey' | 'baseUrl' | 'family'> = {},
) {
	return {
		publicKey: emu.keys.aiozPublicKey,
		secretKey: options.secretKey ?? emu.keys.aiozSecretKey,
		environment: 'custom',
		baseUrl: options.baseUrl ?? emu.aiozBaseUrl,
		apiRoutes: options.family ?? 'media',
	};
}

/** Runs nodes in a straight line against the emulator; the first node receives `input`. */
export async function run(emu: Emulator, nodes: INode[], options: RunOptions = {}): Promise<HarnessRun> {
	return await runWorkflow({
		nodes,
		nodeTypes,
		credentialTypes,
		credentials: { aiozStreamApi: emulatorCredential(emu, options) },
		input: options.input,
	});
}

/** Requests the node sent to the AIOZ API (the emulator also logs delivery routes). */
export function apiRequests(emu: Emulator) {
	return emu.requests.filter((request) => request.path.startsWith('/api/'));
}

/**
 * Every string anywhere in a value, including error properties that are not enumerable
 * (message, stack, cause), so a secret cannot hide in an error's cause chain.
 */
function collectStrings(value: unknown, out: string[], seen = new WeakSet<object>()): void {
	if (typeof value === 'string') {
		out.push(value);
		return;
	}
	if (!value || typeof value !== 'object' || seen.has(value)) return;
	seen.add(value);
	const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	if (value instanceof Error && !keys.includes('cause')) keys.push('cause');
	for (const key of keys) collectStrings((value as Record<string, unknown>)[key], out, seen);
}

/** The secret key must not appear in anything a run produced: items, errors, their causes. */
export function expectNoSecret(result: HarnessRun, secret: string): void {
	const strings: string[] = [];
	collectStrings(result.run, strings);
	expect(strings.length).toBeGreaterThan(0);
	expect(strings.filter((text) => text.includes(secret))).toEqual([]);
}

/** One node's error: the workflow error when it stopped the run. */
export function errorOf(result: HarnessRun, nodeName: string) {
	return result.nodeError(nodeName) ?? result.error;
}
