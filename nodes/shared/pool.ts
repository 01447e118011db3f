/**
 * Bounded concurrency over a lazy source: `concurrency` workers each take the next value from the
 * source only when they are free, so at most `concurrency` values are alive at once (for chunked
 * uploads: memory bounded by chunk size × concurrency).
 *
 * On the first failure no new values are taken; the workers in flight finish, the source is closed
 * (releasing e.g. a file stream), and the first error is rethrown.
 */
export async function forEachConcurrent<T>(
	source: AsyncGenerator<T>,
	concurrency: number,
	worker: (value: T) => Promise<void>,
): Promise<void> {
	let failed = false;
	let firstError: unknown;

	const run = async () => {
		while (!failed) {
			const next = await source.next();
			if (next.done || failed) return;
			try {
				await worker(next.value);
			} catch (error) {
				if (!failed) firstError = error;
				failed = true;
			}
		}
	};

	const workers = Array.from({ length: Math.max(1, Math.floor(concurrency)) }, async () => {
		try {
			await run();
		} catch (error) {
			// The source itself failed (e.g. the binary stream could not be read).
			if (!failed) firstError = error;
			failed = true;
		}
	});
	await Promise.all(workers);
	if (failed) {
		await source.return(undefined);
		throw firstError;
	}
}
