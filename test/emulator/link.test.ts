import { createMedia, fixtureBytes, md5, uploadPart } from './helpers';
import { useEmulator } from '../useEmulator';

// A slow link (1 MiB/s per connection, 150 ms per request): the bounds below are lower bounds only, which a
// busy machine can only exceed, so they do not make the test timing-sensitive.
const emu = useEmulator({ transcodeDelayMs: 0, linkMiBps: 1, latencyMs: 150 });

describe('AIOZ Stream emulator: link model (linkMiBps, latencyMs)', () => {
	it('caps the throughput of a part upload per connection and still stores it byte-exactly', async () => {
		const id = await createMedia(emu);
		const data = fixtureBytes(600 * 1024, 5);
		const started = performance.now();
		const response = await uploadPart(emu, id, data, 0, data.length);
		const elapsedMs = performance.now() - started;
		expect(response.status).toBe(200);
		// 600 KiB at 1 MiB/s is about 586 ms, plus the 150 ms of the request's round trip.
		expect(elapsedMs).toBeGreaterThanOrEqual(500 + 150);
		expect(await emu.aioz.md5(id)).toBe(md5(data));
	});

	it('adds the latency to every request, small ones too', async () => {
		const started = performance.now();
		await createMedia(emu);
		expect(performance.now() - started).toBeGreaterThanOrEqual(150);
	});
});
