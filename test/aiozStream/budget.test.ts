/**
 * The process-wide part buffer budget (nodes/shared/partBuffers.ts): uploads running at once in
 * one process share it and wait for buffers instead of each allocating its own; a failed upload
 * gives its buffers back.
 */
import type { IBinaryData } from 'n8n-workflow';

import { storeBinary } from '../harness';
import { aioz, bytes, md5, run } from './helpers';
import { useEmulator } from '../useEmulator';
import { PartBufferBudget, partBuffers } from '../../nodes/shared/partBuffers';

const MIB = 1024 * 1024;
const emu = useEmulator({ transcodeDelayMs: 0 });

async function fileItem(data: Buffer, fileName: string) {
	const binary: IBinaryData = await storeBinary(data, { fileName, mimeType: 'audio/mpeg' });
	return [{ json: {}, binary: { data: binary } }];
}

/** The sizes of the part buffers allocated from now on (5 MiB parts and more), until the mocks are restored. */
function partBufferAllocations(): number[] {
	const allocations: number[] = [];
	const allocUnsafeSlow = Buffer.allocUnsafeSlow.bind(Buffer);
	jest.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation((size: number) => {
		if (size >= 5 * MIB) allocations.push(size);
		return allocUnsafeSlow(size);
	});
	return allocations;
}

describe('part buffer budget in the engine', () => {
	const defaultLimit = partBuffers.limitBytes;
	afterEach(() => {
		partBuffers.limitBytes = defaultLimit;
		jest.restoreAllMocks();
	});

	it('two uploads at once share a budget of two part buffers and both arrive byte-exactly', async () => {
		// Room for two 5 MiB request bodies in all, while each upload asks for 3 parts in flight.
		partBuffers.limitBytes = 2 * (5 * MIB + 64 * 1024);
		const allocations = partBufferAllocations();
		const first = bytes(16 * MIB + 3);
		const second = bytes(13 * MIB + 11).reverse();
		const upload = async (data: Buffer, title: string) =>
			await run(emu, [aioz('Upload', { operation: 'upload', title, options: { chunkSize: 5, concurrency: 3 } })], {
				input: await fileItem(data, `${title}.mp3`),
			});

		const [a, b] = await Promise.all([upload(first, 'first'), upload(second, 'second')]);

		expect([a.status, b.status]).toEqual(['success', 'success']);
		expect(await emu.aioz.md5(a.items('Upload')[0].json.id as string)).toBe(md5(first));
		expect(await emu.aioz.md5(b.items('Upload')[0].json.id as string)).toBe(md5(second));
		// 8 parts went up through 2 buffers at most, reused from part to part and upload to upload.
		expect(allocations.length).toBeGreaterThanOrEqual(1);
		expect(allocations.length).toBeLessThanOrEqual(2);
		// With no upload running, the idle buffers stay (warm) within the budget.
		expect(partBuffers.allocated).toBeLessThanOrEqual(partBuffers.limitBytes);
	});

	it('an upload right after another takes the part buffers it left warm: no new allocation', async () => {
		const allocations = partBufferAllocations();
		const data = bytes(12 * MIB + 5);
		const upload = async (title: string) =>
			await run(emu, [aioz('Upload', { operation: 'upload', title, options: { chunkSize: 5, concurrency: 2 } })], {
				input: await fileItem(data, `${title}.mp3`),
			});

		const first = await upload('first');
		const made = allocations.length;
		const second = await upload('second');

		expect([first.status, second.status]).toEqual(['success', 'success']);
		expect(await emu.aioz.md5(second.items('Upload')[0].json.id as string)).toBe(md5(data));
		expect(made).toBeLessThanOrEqual(2);
		expect(allocations.length).toBe(made);
	});

	it('a failed upload gives its buffers back: the next upload gets the whole budget', async () => {
		partBuffers.limitBytes = 2 * (5 * MIB + 64 * 1024);
		emu.failNext('part', { status: 400, message: 'refused part', times: 1 });
		const data = bytes(12 * MIB);
		const failed = await run(emu, [aioz('Upload', { operation: 'upload', title: 'fails', options: { chunkSize: 5, concurrency: 2 } })], {
			input: await fileItem(data, 'fails.mp3'),
		});
		expect(failed.status).toBe('error');
		expect(partBuffers.allocated).toBeLessThanOrEqual(partBuffers.limitBytes);

		const next = await run(emu, [aioz('Upload', { operation: 'upload', title: 'works', options: { chunkSize: 5, concurrency: 2 } })], {
			input: await fileItem(data, 'works.mp3'),
		});
		expect(next.status).toBe('success');
		expect(await emu.aioz.md5(next.items('Upload')[0].json.id as string)).toBe(md5(data));
	});
});

describe('PartBufferBudget', () => {
	const KIB = 1024;

	it('makes a second lease wait until the first gives a buffer back, then reuses that buffer', async () => {
		const budget = new PartBufferBudget(100 * KIB);
		const first = budget.lease();
		const second = budget.lease();
		const held = await first.acquire(60 * KIB);
		let got: Buffer | undefined;
		const waiting = second.acquire(60 * KIB).then((buffer) => (got = buffer));
		await Promise.resolve();
		expect(got).toBeUndefined();
		first.release(held);
		await waiting;
		expect(got).toBe(held);
		expect(budget.allocated).toBe(64 * KIB);
		first.close();
		second.close();
		expect(budget.allocated).toBe(0);
	});

	it('closing a lease returns what it holds and fails its waits; an abort closes it', async () => {
		const budget = new PartBufferBudget(100 * KIB);
		const controller = new AbortController();
		const holder = budget.lease(controller.signal);
		const waiter = budget.lease();
		const held = await holder.acquire(80 * KIB);
		const waiting = waiter.acquire(80 * KIB);
		controller.abort(new Error('cancelled'));
		await expect(waiting).resolves.toBe(held);
		await expect(holder.acquire(10 * KIB)).rejects.toThrow('cancelled');
		const blocked = budget.lease();
		const never = blocked.acquire(50 * KIB);
		blocked.close(new Error('upload failed'));
		await expect(never).rejects.toThrow('upload failed');
		waiter.close();
		expect(budget.allocated).toBe(0);
	});

	it('keeps idle buffers warm up to its limit once no upload runs, and the next upload reuses them', async () => {
		const budget = new PartBufferBudget(200 * KIB, 128 * KIB);
		const first = budget.lease();
		const held = await Promise.all([first.acquire(60 * KIB), first.acquire(60 * KIB), first.acquire(60 * KIB)]);
		first.close();
		// Two of the three 64 KiB buffers fit in the 128 KiB kept warm.
		expect(budget.allocated).toBe(128 * KIB);
		const next = budget.lease();
		const reused = await Promise.all([next.acquire(60 * KIB), next.acquire(60 * KIB)]);
		expect(reused.every((buffer) => held.includes(buffer))).toBe(true);
		expect(budget.allocated).toBe(128 * KIB);
		next.close();
		// Never more than the budget, even when it is lowered below what is kept warm.
		budget.limitBytes = 64 * KIB;
		budget.lease().close();
		expect(budget.allocated).toBe(64 * KIB);
	});

	it('gives an upload holding nothing a buffer larger than the whole budget', async () => {
		const budget = new PartBufferBudget(10 * KIB);
		const lease = budget.lease();
		expect((await lease.acquire(50 * KIB)).length).toBeGreaterThanOrEqual(50 * KIB);
		lease.close();
	});
});
