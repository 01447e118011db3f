// @ts-check
/**
 * Reads every examples/*.json (plain JavaScript: the community-node lint allows no file system access in .ts).
 */
const fs = require('node:fs');
const path = require('node:path');

const examplesDir = path.resolve(__dirname, '..', '..', 'examples');

function readExamples() {
	return fs
		.readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) }));
}

module.exports = { readExamples };
