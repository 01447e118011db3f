#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Standalone emulator for building workflows offline:
 *   node emulator/cli.js [--port N] [--host H] [--transcode-delay-ms N] [--link-mibps N] [--latency-ms N] [--source-mib N] [--quiet]
 * Prints the base URLs and test keys to paste into the n8n credentials; stops cleanly on SIGINT/SIGTERM.
 */

const { startEmulator } = require('./index');

const USAGE = `Usage: node emulator/cli.js [--port N] [--host H] [--transcode-delay-ms N] [--link-mibps N] [--latency-ms N] [--source-mib N] [--quiet]

  --port N                 port to listen on (default 8787; 0 picks a free port)
  --host H                 interface to bind (default 127.0.0.1)
  --transcode-delay-ms N   time from "complete" to status "done" (default 3000)
  --link-mibps N           model an internet uplink: each connection uploads parts at most N MiB/s
                           (default: no cap; 20 is typical of one long-haul TCP connection)
  --latency-ms N           model an internet round trip: every request waits N ms before it is answered
  --source-mib N           serve a generated N MiB WAV file behind a presigned-looking URL (printed), to try
                           an upload from a URL
  --quiet                  do not print one line per request
`;

/**
 * @param {string[]} argv
 */
function parseArgs(argv) {
	const out = { port: 8787, host: '127.0.0.1', transcodeDelayMs: 3000, linkMiBps: 0, latencyMs: 0, sourceMiB: 0, quiet: false, help: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [name, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${name} needs a value`);
			return v;
		};
		/** @param {string} v */
		const int = (v) => {
			if (!/^\d+$/.test(v)) throw new Error(`${name} must be a non-negative integer (got "${v}")`);
			return Number(v);
		};
		switch (name) {
			case '--port':
			case '-p':
				out.port = int(value());
				break;
			case '--host':
				out.host = value();
				break;
			case '--transcode-delay-ms':
				out.transcodeDelayMs = int(value());
				break;
			case '--link-mibps': {
				const v = value();
				if (!/^\d+(\.\d+)?$/.test(v) || Number(v) === 0) throw new Error(`${name} must be a positive number (got "${v}")`);
				out.linkMiBps = Number(v);
				break;
			}
			case '--latency-ms':
				out.latencyMs = int(value());
				break;
			case '--source-mib':
				out.sourceMiB = int(value());
				break;
			case '--quiet':
			case '-q':
				out.quiet = true;
				break;
			case '--help':
			case '-h':
				out.help = true;
				break;
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	return out;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${/** @type {Error} */ (error).message}\n\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	if (args.help) {
		process.stdout.write(USAGE);
		return;
	}
	// Handlers first, so a signal that arrives while starting still stops cleanly.
	/** @type {import('./index').Emulator | undefined} */
	let emu;
	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal} received, stopping the emulator...\n`);
		(emu ? emu.stop() : Promise.resolve()).then(
			() => process.exit(0),
			(error) => {
				process.stderr.write(`error while stopping: ${error && error.message}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	emu = await startEmulator({
		port: args.port,
		host: args.host,
		transcodeDelayMs: args.transcodeDelayMs,
		linkMiBps: args.linkMiBps,
		latencyMs: args.latencyMs,
		onRequest: args.quiet
			? undefined
			: (entry) => {
					const extra = entry.fault ? ` [fault ${entry.fault}]` : entry.error ? ` (${entry.error})` : '';
					const status = entry.dropped ? 'dropped' : String(entry.status);
					process.stdout.write(`${new Date().toISOString()} ${entry.method} ${entry.path} -> ${status}${extra}\n`);
				},
	});
	process.stdout.write(
		[
			`AIOZ Stream + AI/ML API (MiniMax) emulator listening on ${emu.url}`,
			'',
			'n8n credential "AIOZ Stream API":',
			'  Environment:  Custom',
			`  Base URL:     ${emu.aiozBaseUrl}`,
			'  Routes:       media  (videos works too)',
			`  Public key:   ${emu.keys.aiozPublicKey}`,
			`  Secret key:   ${emu.keys.aiozSecretKey}`,
			'',
			'n8n credential "AI/ML API (MiniMax)":',
			`  Base URL:     ${emu.aimlBaseUrl}`,
			`  API key:      ${emu.keys.aimlApiKey}`,
			'',
			`Transcoding takes ${args.transcodeDelayMs} ms after "complete". Uploaded parts live in ${emu.dataDir}`,
			...(args.linkMiBps || args.latencyMs
				? [`Link model: ${args.linkMiBps ? `${args.linkMiBps} MiB/s per connection` : 'no throughput cap'}, ${args.latencyMs} ms added per request.`]
				: []),
			'and are deleted on exit. Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);
	if (args.sourceMiB > 0) {
		const file = emu.source.add({ name: `source-${args.sourceMiB}MiB.wav`, size: args.sourceMiB * 1024 * 1024 });
		process.stdout.write(`File source (${args.sourceMiB} MiB WAV, byte ranges, S3-like presigned URL):\n  ${file.url}\n\n`);
	}

	if (stopping) await emu.stop();
}

main().catch((error) => {
	process.stderr.write(`emulator failed to start: ${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
