/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Every test file talks to a loopback server and the file system; give slow shared machines room.
	testTimeout: 120_000,
	// One worker at a time keeps multi-MiB uploads from competing for the two cores.
	maxWorkers: 1,
};
