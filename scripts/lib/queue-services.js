// @ts-check
'use strict';
/**
 * The services n8n's queue mode needs, started from scratch on loopback for `npm run test:queue`
 * and stopped again: PostgreSQL (n8n's database, and its binary data store in database mode) and
 * Redis (the queue between the main process and the workers).
 *
 * - PostgreSQL: Debian's server (`pg_config --bindir`, else /usr/lib/postgresql/<version>/bin;
 *   `apt-get install postgresql` when neither is there). initdb and pg_ctl refuse to run as root, so
 *   as root they run as the `postgres` user, in a fresh folder under the system temp folder that
 *   user owns. A throw-away cluster: trust authentication on 127.0.0.1 only, no fsync.
 * - Redis: Debian's redis-server (`apt-get install redis-server` when missing), in the foreground
 *   on a free port, without persistence (`--save '' --appendonly no`).
 */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const lib = require('./n8n-install');

const { log } = lib;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The folder of initdb and pg_ctl, or undefined when PostgreSQL's server is not installed. */
function findPostgresBin() {
	const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
	const candidates = [];
	if (fromPgConfig.status === 0) candidates.push(fromPgConfig.stdout.trim());
	const debianRoot = '/usr/lib/postgresql';
	if (fs.existsSync(debianRoot)) {
		const versions = fs.readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
		candidates.push(...versions.map((v) => path.join(debianRoot, v, 'bin')));
	}
	return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

/** @param {string} dir */
function postgresVersion(dir) {
	const r = spawnSync(path.join(dir, 'pg_ctl'), ['--version'], { encoding: 'utf8' });
	return (r.stdout || '').trim();
}

/** util-linux's runuser, also when /usr/sbin is not on PATH (a minimal CI environment). */
function runuser() {
	return ['/usr/sbin/runuser', '/sbin/runuser'].find((candidate) => fs.existsSync(candidate)) ?? 'runuser';
}

/**
 * Starts a throw-away PostgreSQL cluster on 127.0.0.1 with a database for n8n.
 * @param {{user: string, database: string}} names
 */
async function startPostgres(names) {
	let bin = findPostgresBin();
	if (!bin) {
		lib.aptInstall(['postgresql']);
		bin = findPostgresBin();
		if (!bin) throw new Error('postgresql is installed, but no initdb/pg_ctl was found (pg_config --bindir, /usr/lib/postgresql/*/bin)');
	}
	const owner = isRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined;
	if (owner && owner.status !== 0) throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-audio-upload-postgres-'));
	if (owner) {
		const uid = Number(owner.stdout.trim());
		const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
		fs.chownSync(folder, uid, gid);
	}
	const dataDir = path.join(folder, 'data');
	const logFile = path.join(folder, 'postgres.log');
	/** Runs a PostgreSQL program, as the postgres user when this script runs as root. @param {string} program @param {string[]} args */
	const pg = (program, args) =>
		isRoot
			? lib.run(runuser(), ['-u', 'postgres', '--', path.join(bin, program), ...args], { quiet: true })
			: lib.run(path.join(bin, program), args, { quiet: true });

	log(`  ${postgresVersion(bin)} (${bin}), cluster in ${folder}`);
	pg('initdb', ['-D', dataDir, '-U', names.user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const port = await lib.freePort();
	const serverOptions = [
		`-p ${port}`,
		`-k ${folder}`,
		'-c listen_addresses=127.0.0.1',
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
	].join(' ');
	pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '120', '-o', serverOptions, 'start']);
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		try {
			pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
		} catch (e) {
			log(`  stopping PostgreSQL: ${e instanceof Error ? e.message : e}`);
		}
		fs.rmSync(folder, { recursive: true, force: true });
	};
	try {
		pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', names.user, names.database]);
	} catch (e) {
		stop();
		throw e;
	}
	/**
	 * Runs one SQL statement with psql; rows as arrays of column values (tab-separated output).
	 * @param {string} sql
	 * @returns {string[][]}
	 */
	const query = (sql) => {
		const r = lib.run(
			path.join(bin, 'psql'),
			['-h', '127.0.0.1', '-p', String(port), '-U', names.user, '-d', names.database, '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
			{ quiet: true },
		);
		return String(r.stdout)
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	};
	return { host: '127.0.0.1', port, ...names, logFile, query, stop };
}

/** Answers true once a Redis server on the port answers PING. @param {number} port */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2000);
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('\r\n')) {
				socket.destroy();
				resolve(answer.startsWith('+PONG'));
			}
		});
		socket.on('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.on('error', () => resolve(false));
	});
}

/**
 * Starts redis-server in the foreground on a free loopback port, without persistence.
 * @param {string} folder for its log and working folder
 * @param {(child: import('node:child_process').ChildProcess) => void} onSpawn gets the process at once
 */
async function startRedis(folder, onSpawn) {
	const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	let exe = which.status === 0 ? which.stdout.trim() : '';
	if (!exe) {
		lib.aptInstall(['redis-server']);
		exe = '/usr/bin/redis-server';
	}
	const port = await lib.freePort();
	fs.mkdirSync(folder, { recursive: true });
	const logFile = path.join(folder, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		exe,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--daemonize', 'no'],
		{ stdio: ['ignore', out, out], detached: true },
	);
	fs.closeSync(out);
	onSpawn(child);
	const deadline = Date.now() + 30000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}); log:\n${lib.tail(logFile)}`);
		if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port}; log:\n${lib.tail(logFile)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	const version = spawnSync(exe, ['--version'], { encoding: 'utf8' }).stdout.trim();
	return { host: '127.0.0.1', port, child, logFile, version };
}

module.exports = { startPostgres, startRedis };
