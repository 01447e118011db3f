/**
 * One memory budget per n8n process for the buffers that hold upload parts, shared by every
 * execution of the nodes in that process.
 *
 * Without it each upload brings its own chunk size × parallel uploads of buffers, so memory
 * follows the load: ten webhook executions uploading at once hold ten times as much, and a busy
 * n8n runs out of memory. With it, an upload asks the budget for each part buffer and waits when
 * the budget is spent, until another upload (or its own earlier part) gives one back. One upload
 * alone gets all it asks for (its chunk size × parallel uploads fits the default budget), so it
 * runs at full speed; several at once share the budget and each goes a little slower.
 *
 * Buffers are reused: a released buffer serves the next part of any upload that fits in it (no
 * fresh allocation, no page faults, nothing for the garbage collector). When the last upload in
 * the process ends, the idle buffers beyond `PART_BUFFERS_KEPT_WARM_BYTES` (one upload's worth at
 * the node's defaults) are dropped: the next upload starts on memory already touched. A fresh
 * 128 MiB of part buffers costs 0.3-0.5 CPU-seconds of page faults on a virtual machine, a tenth
 * of the whole upload's CPU for 1 GiB (docs/benchmark.md); keeping them costs an idle n8n that
 * has uploaded that much memory. No timer lets them go later: nodes may not use timers.
 *
 * Every upload takes a lease; closing the lease (in a `finally`) gives back whatever the upload
 * still holds, so a failed or cancelled upload never keeps buffers from the others.
 */

const MIB = 1024 * 1024;
/**
 * Buffers are made in multiples of this, so uploads with the same chunk size share them even when
 * their multipart framing (which holds the file name) differs by a few bytes.
 */
const BUFFER_SIZE_STEP = 64 * 1024;

/**
 * Bytes of part buffers one n8n process holds at most (all uploads together): room for the
 * default chunk size × parallel uploads of two uploads at once.
 */
export const PART_BUFFER_BUDGET_BYTES = 256 * MIB;
/**
 * Bytes of idle part buffers kept while no upload runs: the node's default chunk size × parallel
 * uploads (16 MiB × 8), so back-to-back uploads at the defaults reuse warm memory.
 */
export const PART_BUFFERS_KEPT_WARM_BYTES = 128 * MIB;

interface Waiter {
	lease: PartBufferLease;
	size: number;
	resolve: (buffer: Buffer) => void;
	reject: (error: unknown) => void;
}

export class PartBufferBudget {
	/** Bytes of all buffers that exist: held by leases or idle. */
	private allocatedBytes = 0;
	private readonly idle: Buffer[] = [];
	private readonly waiters: Waiter[] = [];
	private openLeases = 0;

	/**
	 * @param limitBytes the budget (tests lower the process-wide one to see uploads wait)
	 * @param keptWarmBytes idle buffers kept while no upload runs (at most the budget)
	 */
	constructor(
		public limitBytes: number,
		public keptWarmBytes = 0,
	) {}

	/** Opens a lease for one upload; close it when the upload ends, however it ends. */
	lease(signal?: AbortSignal): PartBufferLease {
		this.openLeases++;
		return new PartBufferLease(this, signal);
	}

	/** Bytes allocated now (held and idle), for tests and diagnostics. */
	get allocated(): number {
		return this.allocatedBytes;
	}

	/** @internal A buffer of at least `size` bytes, now if the budget allows, else in turn. */
	take(lease: PartBufferLease, size: number): Promise<Buffer> {
		if (this.waiters.length === 0) {
			const buffer = this.tryTake(size);
			if (buffer) {
				lease.adopt(buffer);
				return Promise.resolve(buffer);
			}
		}
		return new Promise((resolve, reject) => {
			this.waiters.push({ lease, size, resolve, reject });
		});
	}

	/** @internal */
	give(buffer: Buffer): void {
		this.idle.push(buffer);
		this.serveWaiters();
	}

	/**
	 * @internal A lease closed: its waits fail; with no lease left the idle buffers go, but for
	 * those kept warm.
	 */
	closed(lease: PartBufferLease, reason: unknown): void {
		for (let i = this.waiters.length - 1; i >= 0; i--) {
			if (this.waiters[i].lease === lease) this.waiters.splice(i, 1)[0].reject(reason);
		}
		this.openLeases--;
		if (this.openLeases === 0) {
			// With no lease open every buffer is idle, so what is allocated is what is idle.
			const keep = Math.min(this.keptWarmBytes, this.limitBytes);
			while (this.allocatedBytes > keep && this.idle.length > 0) {
				this.allocatedBytes -= (this.idle.pop() as Buffer).length;
			}
		}
		this.serveWaiters();
	}

	private serveWaiters(): void {
		while (this.waiters.length > 0) {
			const next = this.waiters[0];
			const buffer = this.tryTake(next.size);
			if (!buffer) return;
			this.waiters.shift();
			next.lease.adopt(buffer);
			next.resolve(buffer);
		}
	}

	/**
	 * The smallest idle buffer that fits, or a new one if the budget allows (dropping idle buffers
	 * too small to serve). When no upload holds any buffer, one is made even beyond the budget (a
	 * chunk larger than the whole budget): nothing could ever free enough, and the upload must go on.
	 */
	private tryTake(size: number): Buffer | undefined {
		let best = -1;
		for (let i = 0; i < this.idle.length; i++) {
			const length = this.idle[i].length;
			if (length >= size && (best < 0 || length < this.idle[best].length)) best = i;
		}
		if (best >= 0) return this.idle.splice(best, 1)[0];
		while (this.allocatedBytes + size > this.limitBytes && this.idle.length > 0) {
			// idle buffers too small for this part: make room for one that fits
			this.allocatedBytes -= (this.idle.pop() as Buffer).length;
		}
		const rounded = Math.ceil(size / BUFFER_SIZE_STEP) * BUFFER_SIZE_STEP;
		if (this.allocatedBytes + rounded <= this.limitBytes || this.allocatedBytes === 0) {
			this.allocatedBytes += rounded;
			return Buffer.allocUnsafeSlow(rounded);
		}
		return undefined;
	}
}

/** One upload's share of the budget. */
export class PartBufferLease {
	private readonly held = new Set<Buffer>();
	private closedReason: unknown;
	private isClosed = false;
	private readonly stopOnAbort?: () => void;

	constructor(
		private readonly budget: PartBufferBudget,
		private readonly signal?: AbortSignal,
	) {
		if (signal) {
			// A cancelled execution stops waiting for buffers at once.
			this.stopOnAbort = () => this.close(signal.reason);
			signal.addEventListener('abort', this.stopOnAbort, { once: true });
		}
	}

	/** Waits until the budget has a buffer of at least `size` bytes (it may be larger). */
	async acquire(size: number): Promise<Buffer> {
		if (this.isClosed) throw this.closedReason;
		const buffer = await this.budget.take(this, size);
		// Closed while the buffer was on its way: close() has given it back already.
		if (this.isClosed) throw this.closedReason;
		return buffer;
	}

	/** Gives a buffer back for the next part, of this upload or another. */
	release(buffer: Buffer): void {
		if (!this.held.delete(buffer)) return;
		this.budget.give(buffer);
	}

	/** Gives back every buffer still held and fails any wait; call once the upload has ended. */
	close(reason: unknown = new Error('The upload ended')): void {
		if (this.isClosed) return;
		this.isClosed = true;
		this.closedReason = reason;
		if (this.stopOnAbort) this.signal?.removeEventListener('abort', this.stopOnAbort);
		const held = [...this.held];
		this.held.clear();
		for (const buffer of held) this.budget.give(buffer);
		this.budget.closed(this, reason);
	}

	/** @internal A buffer the budget hands to this lease's acquire. */
	adopt(buffer: Buffer): void {
		this.held.add(buffer);
	}
}

/** The process-wide budget every upload of the nodes shares. */
export const partBuffers = new PartBufferBudget(
	PART_BUFFER_BUDGET_BYTES,
	PART_BUFFERS_KEPT_WARM_BYTES,
);
