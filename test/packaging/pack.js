// @ts-check
/**
 * Packs the package with `npm pack` and unpacks the tarball into a temp folder, the way n8n
 * receives an installed community package. Plain JavaScript: it needs child_process and fs.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

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

module.exports = { packAndUnpack };
