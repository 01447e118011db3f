/**
 * Failures of n8n's binary data store while a node reads its input file (a database connection
 * dropped in queue mode, a file gone from disk): the error says the store failed, names the field
 * by its editor label and the item, and no part of the file is sent; a transient failure is
 * retried and the file still arrives byte-exactly, each part sent once.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { AimlMinimaxApi } from '../../credentials/AimlMinimaxApi.credentials';
import { MinimaxMusic } from '../../nodes/MinimaxMusic/MinimaxMusic.node';
import { STORE_READ_RETRY } from '../../nodes/shared/binary';
import { isTransientStoreError } from '../../nodes/shared/binaryStoreErrors';
import { aioz, apiRequests, bytes, errorOf, md5, run } from '../aiozStream/helpers';
import { breakBinaryStore, packageNode, runWorkflow, storeBinary, PACKAGE_NAME } from '../harness';
import { useEmulator } from '../useEmulator';

const MIB = 1024 * 1024;
const FILE_SIZE = 12 * MIB + 3;
const STORE_MESSAGE = "n8n's binary data store";

const emu = useEmulator({ transcodeDelayMs: 50 });

let restoreStore: (() => void) | undefined;
afterEach(() => {
	restoreStore?.();
	restoreStore = undefined;
});

/** Makes the store fail as given for the next reads (undone after each test). */
async function storeFails(faults: Parameters<typeof breakBinaryStore>[0]) {
	const broken = await breakBinaryStore(faults);
	restoreStore = broken.restore;
	return broken.calls;
}

async function fileItem(data: Buffer): Promise<INodeExecutionData[]> {
	const binary: IBinaryData = await storeBinary(data, {
		fileName: 'episode.mp3',
		mimeType: 'audio/mpeg',
	});
	return [{ json: {}, binary: { data: binary } }];
}

/** A PostgreSQL connection dropped under a query, as node-postgres reports it. */
const connectionTerminated = () => new Error('Connection terminated');
/** A disk that fails to read: final, not worth a retry. */
const diskError = () => Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });

const uploadNode = () =>
	aioz('Upload', {
		operation: 'upload',
		title: 'From the store',
		options: { chunkSize: 5, pollInterval: 0.2 },
	});
const partRequests = () => apiRequests(emu).filter((request) => /\/part$/.test(request.path));

describe("AIOZ Stream Upload, when n8n's binary data store fails", () => {
	it('reading the size fails: the store is named, with its message, the field and the item; nothing is sent', async () => {
		const input = await fileItem(bytes(FILE_SIZE));
		await storeFails({ metadata: [diskError()] });

		const result = await run(emu, [uploadNode()], { input });

		expect(result.status).toBe('error');
		const error = errorOf(result, 'Upload');
		expect(error?.message).toBe(
			`The input file could not be read from ${STORE_MESSAGE}: EIO: i/o error, read [item 0]`,
		);
		expect(error?.description).toContain('Input Binary Field "data" from');
		expect(error?.description).toContain('(filesystem mode)');
		expect(error?.description).toContain('not the API');
		expect(apiRequests(emu)).toHaveLength(0);
	});

	it('the stored file is gone: the read fails before the first byte and no part request is sent', async () => {
		const input = await fileItem(bytes(FILE_SIZE));
		await storeFails({
			open: [Object.assign(new Error('Missing file: gone'), { name: 'FileNotFoundError' })],
		});

		const result = await run(emu, [uploadNode()], { input });

		expect(result.status).toBe('error');
		const error = errorOf(result, 'Upload');
		// the media was created before the first read: the step and the media are named
		expect(error?.message).toMatch(
			/^Upload failed at step "upload parts" for media "[^"]+": The input file could not be read from n8n's binary data store: Missing file: gone \[item 0\]$/,
		);
		expect(error?.description).toContain('Input Binary Field "data" from');
		expect(error?.description).toContain('before its first byte');
		expect(partRequests()).toHaveLength(0);
	});

	it('a stream that breaks in the middle of the first part with a final error: no part request, the offset is named', async () => {
		const input = await fileItem(bytes(FILE_SIZE));
		const calls = await storeFails({ breaks: [{ afterBytes: 2 * MIB, error: diskError() }] });

		const result = await run(emu, [uploadNode()], { input });

		expect(result.status).toBe('error');
		const error = errorOf(result, 'Upload');
		expect(error?.message).toContain(
			`The input file could not be read from ${STORE_MESSAGE}: EIO: i/o error, read`,
		);
		expect(error?.description).toContain(`after ${2 * MIB} of ${FILE_SIZE} bytes`);
		expect(calls.open).toBe(1); // a disk error is not retried
		expect(partRequests()).toHaveLength(0);
	});

	it('a connection dropped in the middle of the file is retried: every byte arrives once, in order', async () => {
		const data = bytes(FILE_SIZE);
		const input = await fileItem(data);
		// the second part is being read when the connection drops; the first one may already be sent
		const calls = await storeFails({
			metadata: [connectionTerminated()],
			open: [connectionTerminated()],
			breaks: [{ afterBytes: 7 * MIB + 11, error: connectionTerminated() }],
		});

		const result = await run(emu, [uploadNode()], { input });

		expect(result.status).toBe('success');
		const id = result.items('Upload')[0].json.id as string;
		expect(await emu.aioz.md5(id)).toBe(md5(data));
		expect(calls.metadata).toBe(2);
		expect(calls.open).toBe(3);
		const parts = partRequests();
		expect(parts).toHaveLength(3);
		expect(parts.every((request) => request.status === 200 || request.status === 201)).toBe(true);
	});

	it('a transient failure that persists ends after the retries, saying how often it was tried', async () => {
		const input = await fileItem(bytes(FILE_SIZE));
		const attempts = STORE_READ_RETRY.maxAttempts;
		const calls = await storeFails({
			open: Array.from({ length: attempts }, connectionTerminated),
		});

		const result = await run(emu, [uploadNode()], { input });

		expect(result.status).toBe('error');
		const error = errorOf(result, 'Upload');
		expect(error?.message).toContain(
			`The input file could not be read from ${STORE_MESSAGE}: Connection terminated`,
		);
		expect(error?.description).toContain(`(tried ${attempts} times)`);
		expect(calls.open).toBe(attempts);
		expect(partRequests()).toHaveLength(0);
	});
});

describe("MiniMax Music Upload, when n8n's binary data store fails", () => {
	it('says the store failed and sends no upload request', async () => {
		const input = await fileItem(bytes(2 * MIB));
		await storeFails({ open: [diskError()] });

		const result = await runWorkflow({
			nodes: [
				packageNode(
					'minimaxMusic',
					'Upload',
					{ resource: 'music', operation: 'upload', purpose: 'song', inputSource: 'binary' },
					{
						credentials: { aimlMinimaxApi: { id: '1', name: 'AI/ML API' } },
					},
				),
			],
			nodeTypes: { [`${PACKAGE_NAME}.minimaxMusic`]: new MinimaxMusic() },
			credentialTypes: { aimlMinimaxApi: new AimlMinimaxApi() },
			credentials: { aimlMinimaxApi: { apiKey: emu.keys.aimlApiKey, baseUrl: emu.aimlBaseUrl } },
			input,
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`The input file could not be read from ${STORE_MESSAGE}: EIO: i/o error, read [item 0]`,
		);
		expect(result.error?.description).toContain('Input Binary Field "data" from');
		expect(emu.requests.filter((request) => request.path.startsWith('/v1/'))).toHaveLength(0);
	});
});

describe('which store failures are transient', () => {
	const failure = (message: string, fields: Record<string, unknown> = {}) =>
		Object.assign(new Error(message), fields);

	it.each([
		[
			'a PostgreSQL connection dropped (node-postgres)',
			failure('Connection terminated unexpectedly'),
		],
		['a pool that timed out connecting', failure('timeout exceeded when trying to connect')],
		[
			'PostgreSQL shutting down (SQLSTATE 57P01, as TypeORM carries it)',
			failure('terminating connection due to administrator command', { code: '57P01' }),
		],
		[
			'a connection exception class (SQLSTATE 08006)',
			failure('connection failure', { code: '08006' }),
		],
		[
			'too many connections (SQLSTATE 53300)',
			failure('sorry, too many clients already', { code: '53300' }),
		],
		['an S3 answer 503', failure('Service Unavailable', { $metadata: { httpStatusCode: 503 } })],
		[
			'a reset socket under a wrapped error',
			failure('read failed', { cause: failure('read ECONNRESET', { code: 'ECONNRESET' }) }),
		],
	])('%s is retried', (_label, error) => {
		expect(isTransientStoreError(error)).toBe(true);
	});

	it.each([
		[
			"a file that is gone (n8n's FileNotFoundError)",
			failure('Missing file', { name: 'FileNotFoundError' }),
		],
		['a disk error', failure('EIO: i/o error, read', { code: 'EIO' })],
		[
			'a missing database row (TypeORM)',
			failure('Could not find any entity of type "BinaryDataFile"', {
				name: 'EntityNotFoundError',
			}),
		],
		['an S3 answer 403', failure('Access Denied', { $metadata: { httpStatusCode: 403 } })],
		['a syntax error (SQLSTATE 42601)', failure('syntax error', { code: '42601' })],
	])('%s is final', (_label, error) => {
		expect(isTransientStoreError(error)).toBe(false);
	});
});
