import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';

/**
 * Starts the emulator for the test file (before all tests), resets it before each test and stops
 * it after all. Returns a stand-in that forwards to the running emulator, so tests can write
 * `emu.aioz.getMedia(id)` at the top level of the file.
 */
export function useEmulator(options: EmulatorOptions = {}): Emulator {
	let running: Emulator | undefined;
	beforeAll(async () => {
		running = await startEmulator({ port: 0, host: '127.0.0.1', ...options });
	});
	afterAll(async () => {
		await running?.stop();
	});
	beforeEach(async () => {
		await running?.reset();
	});
	return new Proxy({} as Emulator, {
		get(_target, key) {
			if (!running) throw new Error('The emulator is used outside a test (it starts in beforeAll)');
			const value: unknown = Reflect.get(running, key);
			return typeof value === 'function' ? value.bind(running) : value;
		},
	});
}
