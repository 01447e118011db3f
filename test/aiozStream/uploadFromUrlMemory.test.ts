/**
 * Upload from a URL holds parts, never the file (issue #20): a generated 256 MiB WAV behind a
 * ranged URL goes up with the default chunking (16 MiB parts, 8 in flight) md5-exactly, while the
 * peak memory of the process n8n runs in (heapUsed + arrayBuffers, sampled every 20 ms after full
 * collections: ../minimaxMusic/memory.js) stays well below the file's size. The emulator runs in a child process here, so its
 * own buffers (the source's chunks, the parts it receives) are not counted as the node's.
 */
import type { Emulator } from '../../emulator';
import { measurePeakGrowth, report } from '../minimaxMusic/memory';
import { startEmulatorProcess } from './emulatorProcess';
import { aioz, run } from './helpers';

const MIB = 1024 * 1024;
const SIZE = 256 * MIB;
const PART = 16 * MIB;
/** The default chunk size × parallel uploads. */
const PART_BUFFERS = 8 * PART;

let emu: Awaited<ReturnType<typeof startEmulatorProcess>>;
beforeAll(async () => {
	emu = await startEmulatorProcess({ transcodeDelayMs: 100 });
});
afterAll(async () => {
	await emu?.stop();
});

it('a 256 MiB file from a ranged URL, with the default chunking: md5-exact, peak memory far below its size', async () => {
	// Hashed by the emulator before the measurement (it generates the file block by block).
	const file = await emu.addSource({ name: 'master.wav', size: SIZE });

	const started = performance.now();
	const { result, growth } = await measurePeakGrowth(
		async () =>
			await run(emu as unknown as Emulator, [
				aioz('Upload', { operation: 'upload', title: 'Master', inputSource: 'url', fileUrl: file.url, waitForCompletion: false }),
			]),
	);
	report(
		`Upload from a ranged URL, ${SIZE / MIB} MiB in 16 MiB parts × 8: peak memory growth ${(growth / MIB).toFixed(1)} MiB (${((performance.now() - started) / 1000).toFixed(1)} s, sampled every 20 ms, after full collections)`,
	);

	expect(result.status).toBe('success');
	const id = result.items('Upload')[0].json.id as string;
	expect(await emu.mediaMd5(id)).toBe(file.md5);
	const parts = (await emu.requests()).filter((request) => request.route === 'part');
	expect(parts).toHaveLength(SIZE / PART);
	// 1 probe + 1 ranged GET per part, each byte sent once.
	const source = await emu.source(file.id);
	expect(source.requests.filter((request) => request.method === 'GET')).toHaveLength(1 + SIZE / PART);
	expect(source.served).toBe(64 * 1024 + SIZE);
	// 8 part buffers of 16 MiB are 128 MiB (measured: 130-132 MiB in all). The file itself (256 MiB)
	// is never held.
	expect(growth).toBeLessThan(PART_BUFFERS + 32 * MIB);
}, 300_000);
