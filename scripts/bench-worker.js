// @ts-check
/**
 * One benchmark sample of the node: a fresh process that stores the file as filesystem-mode
 * binary data (not timed), then runs the AIOZ Stream one-step upload through n8n's execution
 * engine (timed) and reports the wall time and the process's peak RSS as one JSON line.
 *
 * Usage: node scripts/bench-worker.js '<json: {file, aiozBaseUrl, routes, keys, parameters}>'
 */
const path = require('node:path');

const harness = require('../test/harness');
const { AiozStream } = require('../dist/nodes/AiozStream/AiozStream.node.js');
const { AiozStreamApi } = require('../dist/credentials/AiozStreamApi.credentials.js');

async function main() {
	const job = JSON.parse(process.argv[2]);
	const binary = await harness.storeBinaryFile(job.file, {
		fileName: path.basename(job.file),
		mimeType: 'audio/wav',
	});
	const credential = new AiozStreamApi();
	const node = harness.packageNode('aiozStream', 'AIOZ Stream', job.parameters, {
		credentials: { aiozStreamApi: { id: '1', name: 'AIOZ Stream (emulator)' } },
	});

	const started = process.hrtime.bigint();
	const cpuBefore = process.cpuUsage();
	const run = await harness.runWorkflow({
		nodes: [node],
		connections: {},
		nodeTypes: { [`${harness.PACKAGE_NAME}.aiozStream`]: new AiozStream() },
		credentialTypes: { [credential.name]: credential },
		credentials: { [credential.name]: job.credentials },
		input: [{ json: {}, binary: { data: binary } }],
	});
	const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);

	if (run.status !== 'success') {
		throw new Error(`upload failed: ${run.error?.message ?? run.status}`);
	}
	const [item] = run.items('AIOZ Stream');
	process.stdout.write(
		`${JSON.stringify({
			ms: elapsedMs,
			maxRssMiB: process.resourceUsage().maxRSS / 1024,
			cpuMs: (cpu.user + cpu.system) / 1000,
			mediaId: item.json.id,
		})}\n`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
