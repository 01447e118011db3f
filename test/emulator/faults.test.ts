import type { FaultKind } from '../../emulator';
import { createMedia, fixtureBytes, md5, splitParts, uploadPart } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 50 });

const DATA = fixtureBytes(12 * 8192 + 100, 21);
const PARTS = splitParts(DATA.length, 8192);

type Outcome = FaultKind | 'ok';

/** Sends one part; a dropped connection makes fetch reject, which is reported as 'drop'. */
async function attempt(id: string, part: { index: number; start: number; end: number }): Promise<Outcome> {
	try {
		const response = await uploadPart(emu, id, DATA.subarray(part.start, part.end + 1), part.start, DATA.length, {
			index: part.index,
		});
		if (response.status === 200) return 'ok';
		if (response.status === 429) expect(response.headers.get('retry-after')).toBe('1');
		expect(response.body).toEqual({ status: 'error', message: expect.any(String) });
		return String(response.status) as FaultKind;
	} catch (error) {
		// fetch failed: the socket was destroyed (TypeError from another realm, so compare by name).
		expect((error as Error).name).toBe('TypeError');
		return 'drop';
	}
}

/** Uploads every part, retrying each until it succeeds; returns what each attempt met, per part. */
async function uploadWithRetries(id: string, parallel: boolean): Promise<Record<number, Outcome[]>> {
	const outcomes: Record<number, Outcome[]> = {};
	const run = async (part: (typeof PARTS)[number]) => {
		const seen: Outcome[] = [];
		for (let i = 0; i < 20; i++) {
			const outcome = await attempt(id, part);
			seen.push(outcome);
			if (outcome === 'ok') break;
			// A failed part leaves no trace.
			expect(emu.aioz.getMedia(id)?.parts.some((p) => p.index === part.index)).toBe(false);
		}
		outcomes[part.index] = seen;
	};
	if (parallel) await Promise.all([...PARTS].reverse().map(run));
	else for (const part of PARTS) await run(part);
	return outcomes;
}

const FAULTS = { seed: 42, partFailureRate: 0.34, kinds: ['500', '503', '429', 'drop'] as FaultKind[], retryAfterSeconds: 1 };

describe('fault injection', () => {
	it('fails the same parts on the same attempts for a seed, whatever the arrival order', async () => {
		emu.setFaults(FAULTS);
		const first = await createMedia(emu);
		const sequential = await uploadWithRetries(first, false);
		expect(await emu.aioz.md5(first)).toBe(md5(DATA));

		const failures = Object.values(sequential).flat().filter((o) => o !== 'ok');
		expect(failures.length).toBeGreaterThan(0);
		expect(new Set(failures).size).toBeGreaterThan(1);

		await emu.reset();
		emu.setFaults(FAULTS);
		const second = await createMedia(emu);
		const parallel = await uploadWithRetries(second, true);
		expect(parallel).toEqual(sequential);
		expect(await emu.aioz.md5(second)).toBe(md5(DATA));

		const logged = emu.requests.filter((r) => r.route === 'part' && r.fault).map((r) => r.fault);
		expect(logged.sort()).toEqual([...failures].sort());
		expect(emu.requests.filter((r) => r.dropped)).toHaveLength(failures.filter((f) => f === 'drop').length);

		await emu.reset();
		emu.setFaults({ ...FAULTS, seed: 43 });
		const third = await createMedia(emu);
		expect(await uploadWithRetries(third, false)).not.toEqual(sequential);
	});

	it('honours the kinds, the Retry-After value and maxFailuresPerPart', async () => {
		emu.setFaults({ seed: 7, partFailureRate: 1, kinds: ['429'], retryAfterSeconds: 4, maxFailuresPerPart: 2 });
		const id = await createMedia(emu);
		const part = PARTS[0];
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) {
			const response = await uploadPart(emu, id, DATA.subarray(part.start, part.end + 1), part.start, DATA.length);
			statuses.push(response.status);
			if (response.status === 429) expect(response.headers.get('retry-after')).toBe('4');
		}
		expect(statuses).toEqual([429, 429, 200]);
	});

	it('does not fail anything once faults are cleared', async () => {
		emu.setFaults({ seed: 1, partFailureRate: 1, kinds: ['500'] });
		emu.setFaults(null);
		const id = await createMedia(emu);
		const outcomes = await uploadWithRetries(id, true);
		expect(Object.values(outcomes).every((o) => o.length === 1 && o[0] === 'ok')).toBe(true);
	});
});
