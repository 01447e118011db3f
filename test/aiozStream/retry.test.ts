/**
 * The one retry policy of the AIOZ Stream requests: 429 with Retry-After is retried on every
 * request; 5xx and dropped connections only on the idempotent ones. And Continue On Fail items
 * have the same keys whatever failed.
 */
import type { INode } from 'n8n-workflow';

import type { EmulatorRoute } from '../../emulator';
import { aioz, apiRequests, errorOf, run } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 100 });

async function createOne(): Promise<string> {
	const result = await run(emu, [aioz('Create', { operation: 'create', title: 'Retry me' })]);
	emu.clearRequests();
	return result.items('Create')[0].json.id as string;
}

const routeRequests = (route: string) => apiRequests(emu).filter((request) => request.route === route);

type Case = [operation: string, route: EmulatorRoute, parameters: (id: string) => INode['parameters']];

const cases: Case[] = [
	['create', 'create', () => ({ title: 'Made on the second try' })],
	['complete', 'complete', (id) => ({ mediaId: id })],
	['get', 'get', (id) => ({ mediaId: id })],
	['getMany', 'list', () => ({ limit: 5 })],
	['update', 'update', (id) => ({ mediaId: id, updateFields: { title: 'Renamed' } })],
	['delete', 'delete', (id) => ({ mediaId: id })],
];

it.each(cases)('%s: a 429 with Retry-After is retried after the wait and succeeds', async (operation, route, parameters) => {
	const id = await createOne();
	// Complete needs the file: one part, uploaded before the 429 is armed.
	if (operation === 'complete') {
		await run(emu, [aioz('Part', { operation: 'uploadPart', mediaId: id })], {
			input: [{ json: {}, binary: { data: { data: Buffer.from('audio bytes').toString('base64'), mimeType: 'audio/mpeg' } } }],
		});
		emu.clearRequests();
	}
	emu.failNext(route, { status: 429, message: 'slow down', retryAfterSeconds: 1 });

	const result = await run(emu, [aioz('Node', { operation, ...parameters(id) })]);

	expect(result.status).toBe('success');
	const sent = routeRequests(route);
	expect(sent.map((request) => request.status)).toEqual([429, 200]);
	expect(sent[0].fault).toBe('failNext');
	// The answer of the second attempt is the output (Get Many lists the one media there is).
	expect(result.items('Node')[0].json).toMatchObject(operation === 'create' ? { title: 'Made on the second try' } : { id });
});

it('retries a 5xx and a dropped connection on the idempotent requests (get, update, delete)', async () => {
	const id = await createOne();
	emu.failNext('get', { status: 503, message: 'busy' });
	emu.failNext('update', { status: 'drop' });
	emu.failNext('delete', { status: 500, message: 'oops' });

	const got = await run(emu, [aioz('Get', { operation: 'get', mediaId: id })]);
	const updated = await run(emu, [aioz('Update', { operation: 'update', mediaId: id, updateFields: { title: 'New' } })]);
	const deleted = await run(emu, [aioz('Delete', { operation: 'delete', mediaId: id })]);

	expect([got.status, updated.status, deleted.status]).toEqual(['success', 'success', 'success']);
	expect(routeRequests('get')).toHaveLength(2);
	expect(routeRequests('update')).toHaveLength(2);
	expect(routeRequests('delete')).toHaveLength(2);
	expect(emu.aioz.getMedia(id)).toBeUndefined();
});

it('does not retry a 5xx on create or complete: the server may have done the work', async () => {
	emu.failNext('create', { status: 500, message: 'maybe created' });
	const created = await run(emu, [aioz('Create', { operation: 'create', title: 'Once' })]);
	expect(errorOf(created, 'Create')?.message).toBe('AIOZ Stream server error (HTTP 500): maybe created [item 0]');
	expect(routeRequests('create')).toHaveLength(1);

	const id = await createOne();
	emu.failNext('complete', { status: 502, message: 'gateway' });
	const completed = await run(emu, [aioz('Complete', { operation: 'complete', mediaId: id })]);
	expect(errorOf(completed, 'Complete')?.message).toBe('AIOZ Stream server error (HTTP 502): gateway [item 0]');
	expect(routeRequests('complete')).toHaveLength(1);
});

it('Continue On Fail gives items with the same keys for a refused input, an API error and a network error', async () => {
	const continueOnFail = { onError: 'continueRegularOutput' as const };
	const checked = await run(emu, [aioz('Get', { operation: 'get', mediaId: '={{ $json.id }}' }, continueOnFail)], {
		input: [{ json: { id: '..' } }, { json: { id: 'missing-one' } }],
	});
	const offline = await run(emu, [aioz('Create', { operation: 'create', title: 'Offline' }, continueOnFail)], {
		baseUrl: 'http://127.0.0.1:9/api',
	});

	const [validation, api] = checked.items('Get');
	const [network] = offline.items('Create');
	expect(validation.json).toEqual({
		error: 'Media ID ".." is not an ID [item 0]',
		description: expect.stringContaining('not "." or ".."'),
		httpCode: null,
	});
	expect(api.json).toEqual({
		error: 'AIOZ Stream media "missing-one" was not found [item 1]',
		description: expect.stringContaining('Check the Media ID'),
		httpCode: '404',
	});
	expect(network.json).toEqual({
		error: 'Could not get an answer from AIOZ Stream: the connection failed [item 0]',
		description: expect.stringContaining('[ECONNREFUSED]'),
		httpCode: null,
	});
	expect([validation.pairedItem, api.pairedItem, network.pairedItem]).toEqual([{ item: 0 }, { item: 1 }, { item: 0 }]);
});
