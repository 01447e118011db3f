// @ts-check
/**
 * Reads every examples/*.json (plain JavaScript: the community-node lint allows no file system access in .ts).
 */
const fs = require('node:fs');
const path = require('node:path');

const examplesDir = path.resolve(__dirname, '..', '..', 'examples');

/**
 * @typedef {object} ExampleWorkflow
 * @property {unknown} [id]
 * @property {string} name
 * @property {import('n8n-workflow').INode[]} nodes
 * @property {import('n8n-workflow').IConnections} connections
 */

/** @returns {Array<{ file: string, workflow: ExampleWorkflow }>} every examples/*.json, parsed, by file name */
function readExamples() {
	return fs
		.readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) }));
}

module.exports = { readExamples };
