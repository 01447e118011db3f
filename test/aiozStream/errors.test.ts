/**
 * Failures: flaky part uploads, wrong keys, missing input, a failing step after create, a wait
 * timeout, Continue On Fail — and the secret key never showing up in any of it.
 */
import type { INode } from 'n8n-workflow';

import { aiozApiError, aiozNetworkError } from '../../nodes/AiozStream/transport/errors';
import { storeBinary } from '../harness';
import { aioz, apiRequests, bytes, errorOf, expectNoSecret, md5, run } from './helpers';
import { useEmulator } from '../useEmulator';

const MIB = 1024 * 1024;
const INVALID_KEYS = 'Invalid AIOZ Stream API keys: check the public and secret key in the credential [item 0]';

const emu = useEmulator({ transcodeDelayMs: 100 });

async function fileInput(data: Buffer) {
	const binary = await storeBinary(data, { fileName: 'take.mp3', mimeType: 'audio/mpeg' });
	return [{ json: {}, binary: { data: binary } }];
}

const partRequests = () => apiRequests(emu).filter((request) => request.route === 'part');

it('completes byte-exactly when a third of the part requests fail (500, 429, dropped), re-sending only the failed parts', async () => {
	const data = bytes(25 * MIB + 123);
	emu.setFaults({ seed: 7, partFailureRate: 0.34, kinds: ['500', '429', 'drop'], retryAfterSeconds: 1, maxFailuresPerPart: 2 });

	const result = await run(
		emu,
		[aioz('Upload', { operation: 'upload', title: 'Flaky network', waitForCompletion: false, options: { chunkSize: 5 } })],
		{ input: await fileInput(data) },
	);

	expect(result.status).toBe('success');
	const id = result.items('Upload')[0].json.id as string;
	expect(await emu.aioz.md5(id)).toBe(md5(data));

	const parts = partRequests();
	const failed = parts.filter((request) => request.fault);
	expect(failed.length).toBeGreaterThan(0);
	expect(new Set(failed.map((request) => request.fault)).size).toBeGreaterThan(1);
	// Each part range went up once, plus once more per failure of that very range.
	const attemptsByRange = new Map<string, number>();
	for (const request of parts) {
		attemptsByRange.set(request.contentRange!, (attemptsByRange.get(request.contentRange!) ?? 0) + 1);
	}
	expect(attemptsByRange.size).toBe(6);
	for (const [range, attempts] of attemptsByRange) {
		const failures = failed.filter((request) => request.contentRange === range).length;
		expect(attempts).toBe(failures + 1);
	}
	expectNoSecret(result, emu.keys.aiozSecretKey);
});

it('reports wrong keys with the plain 401 message after exactly one request', async () => {
	const result = await run(emu, [aioz('Upload', { operation: 'upload', title: 'Nope' })], {
		input: await fileInput(bytes(1000)),
		secretKey: 'wrong-secret',
	});

	expect(result.status).toBe('error');
	expect(errorOf(result, 'Upload')?.message).toBe(INVALID_KEYS);
	expect(apiRequests(emu)).toHaveLength(1);
	expectNoSecret(result, 'wrong-secret');
});

it('reports wrong keys the same way on the one-request operations, without retrying', async () => {
	const result = await run(emu, [aioz('Get', { operation: 'get', mediaId: 'abc' })], { secretKey: 'wrong-secret' });
	expect(errorOf(result, 'Get')?.message).toBe(INVALID_KEYS);
	expect(apiRequests(emu)).toHaveLength(1);
	expectNoSecret(result, 'wrong-secret');
});

it('names the media id on 404 and passes on the API message of a 400', async () => {
	const missing = await run(emu, [aioz('Complete', { operation: 'complete', mediaId: 'no-such-media' })]);
	expect(errorOf(missing, 'Complete')?.message).toBe('AIOZ Stream media "no-such-media" was not found [item 0]');

	emu.failNext('create', { status: 400, message: 'title contains forbidden words' });
	const rejected = await run(emu, [aioz('Create', { operation: 'create', title: 'Hello' })]);
	expect(errorOf(rejected, 'Create')?.message).toBe('title contains forbidden words [item 0]');
});

it('reports a refused connection with one message on every operation, without the secret', async () => {
	const closed = 'http://127.0.0.1:9/api';
	const file = await fileInput(bytes(1000));
	const operations: Array<[string, Record<string, unknown>]> = [
		['upload', { title: 'Offline' }],
		['create', { title: 'Offline' }],
		['uploadPart', { mediaId: 'abc' }],
		['complete', { mediaId: 'abc' }],
		['get', { mediaId: 'abc' }],
		['getMany', { limit: 5 }],
		['update', { mediaId: 'abc', updateFields: { title: 'New' } }],
		['delete', { mediaId: 'abc' }],
	];
	const failed = 'Could not get an answer from AIOZ Stream: the connection failed';
	for (const [operation, parameters] of operations) {
		const result = await run(emu, [aioz('Node', { operation, ...parameters })], { baseUrl: closed, input: file });
		const error = errorOf(result, 'Node');
		// A part's failure also names the part and the attempts (parts are retried, create is not).
		const expected =
			operation === 'uploadPart' ? `Uploading part 1 of 1 (bytes 0-999) of media "abc" failed after 5 attempts: ${failed} [item 0]` : `${failed} [item 0]`;
		expect([operation, error?.message]).toEqual([operation, expected]);
		expect(error?.description).toContain('[ECONNREFUSED]');
		expectNoSecret(result, emu.keys.aiozSecretKey);
	}
});

it('fails on a missing binary property naming the property and the item, before any request', async () => {
	const result = await run(emu, [aioz('Upload', { operation: 'upload', title: 'No file', binaryPropertyName: 'audio' })], {
		input: [{ json: {} }],
	});
	expect(errorOf(result, 'Upload')?.message).toBe('No binary data in property "audio" (Input Binary Field) [item 0]');
	expect(apiRequests(emu)).toHaveLength(0);
});

describe('a failure after create', () => {
	it('names the step and the media id, and leaves the media to be completed later', async () => {
		const data = bytes(2000);
		emu.failNext('complete', { status: 500, message: 'transcoder queue unavailable' });
		const result = await run(emu, [aioz('Upload', { operation: 'upload', title: 'Half made' })], {
			input: await fileInput(data),
		});

		const [media] = emu.aioz.listMedia();
		const error = errorOf(result, 'Upload');
		expect(error?.message).toContain('step "complete"');
		expect(error?.message).toContain(`media "${media.id}"`);
		expect(error?.message).toContain('transcoder queue unavailable');
		expect(error?.description).toContain(`Media "${media.id}" was left as it is: retry from the failed step`);
		// Nothing deleted it and complete was not re-sent (it is not idempotent): the file is there.
		expect(apiRequests(emu).map((request) => request.route)).toEqual(['create', 'part', 'complete']);
		expect(await emu.aioz.md5(media.id)).toBe(md5(data));

		// Retrying from the failed step, as the description says, finishes the upload.
		const completed = await run(emu, [aioz('Complete', { operation: 'complete', mediaId: media.id })]);
		expect(completed.status).toBe('success');
		expect(emu.aioz.getMedia(media.id)?.status).not.toBe('new');
	});

	it('deletes the half-made media with Delete Media on Failure', async () => {
		emu.failNext('part', { status: 400, message: 'hash mismatch', times: 1 });
		const result = await run(
			emu,
			[aioz('Upload', { operation: 'upload', title: 'Clean up', options: { deleteOnFailure: true } })],
			{ input: await fileInput(bytes(2000)) },
		);

		const created = apiRequests(emu).find((request) => request.route === 'create');
		const id = apiRequests(emu).find((request) => request.route === 'part')!.mediaId!;
		expect(created).toBeDefined();
		const error = errorOf(result, 'Upload');
		expect(error?.message).toContain(`step "upload parts" for media "${id}"`);
		expect(error?.message).toContain('hash mismatch');
		expect(error?.description).toContain('was deleted');
		expect(emu.aioz.getMedia(id)).toBeUndefined();
		expect(apiRequests(emu).map((request) => request.route)).toEqual(['create', 'part', 'delete']);
	});
});

it('stops waiting at the timeout with the media id and its last status', async () => {
	const created = await run(emu, [aioz('Create', { operation: 'create', title: 'Never uploaded' })]);
	const id = created.items('Create')[0].json.id as string;

	const result = await run(emu, [
		aioz('Get', { operation: 'get', mediaId: id, waitForCompletion: true, options: { waitTimeout: 1, pollInterval: 0.3 } }),
	]);
	const message = errorOf(result, 'Get')?.message ?? '';
	expect(message).toContain(`media "${id}"`);
	expect(message).toContain('last status: "new"');
	expect(message).toMatch(/^Timed out after 1 s/);
});

it('fails a wait on a transcoding failure with the media id', async () => {
	emu.aioz.failNextTranscode();
	const result = await run(emu, [aioz('Upload', { operation: 'upload', title: 'Broken file', options: { pollInterval: 0.2 } })], {
		input: await fileInput(bytes(2000)),
	});
	const [media] = emu.aioz.listMedia();
	expect(errorOf(result, 'Upload')?.message).toBe(
		`Upload failed at step "wait for transcoding" for media "${media.id}": Transcoding of media "${media.id}" failed (status "fail") [item 0]`,
	);
});

describe('Continue On Fail', () => {
	const continueOnFail = { onError: 'continueRegularOutput' as const };

	it('turns a failed upload into an error item linked to its input, and the other items go on', async () => {
		const good = await storeBinary(bytes(3000), { fileName: 'ok.mp3', mimeType: 'audio/mpeg' });
		const result = await run(emu, [aioz('Upload', { operation: 'upload', title: '={{ $json.title }}', waitForCompletion: false }, continueOnFail)], {
			input: [
				{ json: { title: 'No file' } },
				{ json: { title: 'Good' }, binary: { data: good } },
				{ json: { title: '' }, binary: { data: good } },
			],
		});

		expect(result.status).toBe('success');
		const [first, second, third] = result.items('Upload');
		expect(first).toEqual({
			json: {
				error: 'No binary data in property "data" (Input Binary Field) [item 0]',
				description: expect.stringContaining('The item has no binary data at all'),
				httpCode: null,
			},
			pairedItem: { item: 0 },
		});
		expect(second.json).toMatchObject({ title: 'Good' });
		expect(second.pairedItem).toEqual({ item: 1 });
		expect(third).toEqual({
			json: { error: 'Title is empty: give the audio a title [item 2]', description: null, httpCode: null },
			pairedItem: { item: 2 },
		});
		expect(apiRequests(emu).filter((request) => request.route === 'create')).toHaveLength(1);
	});

	it('does the same on the one-request operations', async () => {
		const created = await run(emu, [aioz('Create', { operation: 'create', title: 'Exists' })]);
		const id = created.items('Create')[0].json.id as string;

		const result = await run(emu, [aioz('Get', { operation: 'get', mediaId: '={{ $json.id }}' }, continueOnFail)], {
			input: [{ json: { id: 'missing-one' } }, { json: { id } }],
		});

		expect(result.status).toBe('success');
		const [missing, found] = result.items('Get');
		expect(missing).toEqual({
			json: {
				error: 'AIOZ Stream media "missing-one" was not found [item 0]',
				description: expect.stringContaining('Check the Media ID'),
				httpCode: '404',
			},
			pairedItem: { item: 0 },
		});
		expect(found.json).toMatchObject({ id, title: 'Exists' });
		expect(found.pairedItem).toEqual({ item: 1 });

		// A check before the request (here an empty title) is linked to its item the same way.
		const creating = await run(emu, [aioz('Create', { operation: 'create', title: '={{ $json.title }}' }, continueOnFail)], {
			input: [{ json: { title: '' } }, { json: { title: 'Fine' } }],
		});
		const [refused, made] = creating.items('Create');
		expect(refused).toEqual({
			json: { error: 'Title is empty: give the audio a title [item 0]', description: null, httpCode: null },
			pairedItem: { item: 0 },
		});
		expect(made).toMatchObject({ json: { title: 'Fine' }, pairedItem: { item: 1 } });
	});

	it('sends a failed item to the error output with On Error "Continue (using error output)"', async () => {
		const created = await run(emu, [aioz('Create', { operation: 'create', title: 'Exists' })]);
		const id = created.items('Create')[0].json.id as string;

		const result = await run(
			emu,
			[aioz('Get', { operation: 'get', mediaId: '={{ $json.id }}' }, { onError: 'continueErrorOutput' })],
			{ input: [{ json: { id: 'missing-one' } }, { json: { id } }] },
		);

		expect(result.status).toBe('success');
		const [found, ...moreFound] = result.items('Get');
		expect(moreFound).toHaveLength(0);
		expect(found).toMatchObject({ json: { id, title: 'Exists' }, pairedItem: { item: 1 } });
		// n8n keeps only the message in the json of an error output's item
		const [missing, ...moreMissing] = result.items('Get', { outputIndex: 1 });
		expect(moreMissing).toHaveLength(0);
		expect(missing.json).toEqual({ error: 'AIOZ Stream media "missing-one" was not found [item 0]' });
		expect(missing.pairedItem).toEqual({ item: 0 });
	});
});

describe('error texts (transport/errors.ts)', () => {
	const node: INode = { id: 'n', name: 'AIOZ Stream', type: 'aiozStream', typeVersion: 1, position: [0, 0], parameters: {} };

	it('shows the field-level reasons of a 400, not only its headline', () => {
		const body = { status: 'error', message: 'Invalid request', errors: [{ field: 'title', message: 'must not be empty' }, 'tags must be strings'] };
		const error = aiozApiError(node, 400, body, { itemIndex: 0 });
		expect(error.message).toBe('Invalid request: title: must not be empty; tags must be strings');
		expect(error.httpCode).toBe('400');
	});

	it('never shows an HTML error page as the message', () => {
		const error = aiozApiError(node, 502, '<html><body>Bad Gateway</body></html>', { itemIndex: 0 });
		expect(error.message).toBe('AIOZ Stream server error (HTTP 502)');
	});

	it('describes a network failure in words with its code, from the error it wraps', () => {
		const reset = new Error('request failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
		const error = aiozNetworkError(node, reset, { itemIndex: 0 });
		expect(error.message).toBe('Could not get an answer from AIOZ Stream: the connection failed');
		expect(error.description).toMatch(/^No answer: connection reset \[ECONNRESET\]\. Check the network/);
	});
});
