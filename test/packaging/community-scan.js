// @ts-check
/**
 * Runs the offline part of n8n's community package scanner (`npx @n8n/scan-community-package <name>`) on a
 * folder and prints its verdict as JSON: { passed, message?, details? }.
 *
 * The scanner's command line takes a package *name*: it reads the npm registry for the provenance attestation,
 * downloads the source from the GitHub commit that attestation names, and `npm pack`s the published version.
 * None of that works before a version is published (or without the network). What it then does with the files
 * is `analyzePackage(folder, patterns)`: ESLint with n8n's community-node rules, on two legs. That function is
 * exported by the scanner's module (the package declares no entry point, so it is imported by its path):
 *   - "source": the repository's node and credential sources plus package.json (SOURCE_FILE_PATTERNS);
 *   - "published": the unpacked tarball's compiled .js files and its package.json.
 *
 * Usage: node test/packaging/community-scan.js <folder> source|published
 */
'use strict';
const path = require('node:path');

async function main() {
	// The scanner is an ES module.
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const [folderArg, leg] = process.argv.slice(2);
	/** @type {Record<string, string[]>} */
	const patternsByLeg = { source: SOURCE_FILE_PATTERNS, published: ['**/*.js', 'package.json'] };
	const patterns = patternsByLeg[leg ?? ''];
	if (!folderArg || !patterns) {
		console.error('Usage: node test/packaging/community-scan.js <folder> source|published');
		process.exit(2);
	}
	// ESLint wants an absolute working folder.
	const { passed, message, details } = await analyzePackage(path.resolve(folderArg), patterns);
	process.stdout.write(`${JSON.stringify({ passed, message, details })}\n`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
