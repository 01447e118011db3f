// @ts-check
/**
 * Packs the package with `npm pack` and unpacks the tarball into a temp folder, the way n8n
 * receives an installed community package; runs n8n's community package scanner and `npm publish --dry-run`
 * on it. Plain JavaScript: it needs child_process and fs.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The repository's root folder. */
const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * @returns {{ packageDir: string, files: string[], cleanup: () => void }} `packageDir`: the unpacked `package/`
 *   folder, with n8n-workflow linked in as n8n would provide it; `files`: every file path in the tarball, relative
 *   to the package root
 */
function packAndUnpack() {
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` before the packaging test');
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-audio-upload-pack-'));
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const [packed] = JSON.parse(
		execFileSync(npm, ['pack', '--json', '--pack-destination', workDir], {
			cwd: repoRoot,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	);
	const tarball = path.join(workDir, packed.filename);
	execFileSync('tar', ['-xzf', tarball, '-C', workDir]);
	const packageDir = path.join(workDir, 'package');
	// n8n provides its own n8n-workflow to community packages (the peer dependency).
	fs.mkdirSync(path.join(packageDir, 'node_modules'), { recursive: true });
	fs.symlinkSync(
		path.dirname(require.resolve('n8n-workflow/package.json')),
		path.join(packageDir, 'node_modules', 'n8n-workflow'),
	);
	/** @type {string[]} */
	const files = packed.files.map((/** @type {{ path: string }} */ file) => file.path);
	return { packageDir, files, cleanup: () => fs.rmSync(workDir, { recursive: true, force: true }) };
}

/**
 * Runs one offline leg of n8n's community package scanner on a folder (see community-scan.js).
 * @param {string} folder
 * @param {'source' | 'published'} leg
 * @returns {{ passed: boolean, message?: string, details?: string }}
 */
function communityScan(folder, leg) {
	// Jest sets NODE_ENV=test, and eslint-plugin-n8n-nodes-base then lints as in its own tests (with a made-up
	// file name), reporting false errors; the scanner runs with NODE_ENV unset.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const output = execFileSync(process.execPath, [path.join(__dirname, 'community-scan.js'), folder, leg], {
		cwd: repoRoot,
		env,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return JSON.parse(output.trim().split('\n').pop() ?? '');
}

/**
 * `npm publish --dry-run --offline` of the repository, against a registry address where nothing listens, so nothing can
 * leave the machine whatever happens. The `prepublishOnly` script (`n8n-node prerelease`) runs as in a real
 * publish.
 * @param {{ releaseMode: boolean }} options releaseMode: set RELEASE_MODE, as `n8n-node release` does
 * @returns {{ status: number | null, output: string }}
 */
function publishDryRun({ releaseMode }) {
	const env = { ...process.env };
	delete env.RELEASE_MODE;
	if (releaseMode) env.RELEASE_MODE = 'true';
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const result = spawnSync(npm, ['publish', '--dry-run', '--offline', '--registry=http://127.0.0.1:9/'], {
		cwd: repoRoot,
		env,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

module.exports = { repoRoot, packAndUnpack, communityScan, publishDryRun };
