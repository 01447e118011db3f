import { AimlMinimaxApi } from '../../credentials/AimlMinimaxApi.credentials';
import { AiozStreamApi } from '../../credentials/AiozStreamApi.credentials';
import packageJson from '../../package.json';
import { AiozStream } from '../../nodes/AiozStream/AiozStream.node';
import { MinimaxMusic } from '../../nodes/MinimaxMusic/MinimaxMusic.node';
import { readExamples } from './read-examples';

// What scripts/test-n8n.js checks in a real n8n (each file imports with `n8n import:workflow --input=<file>`)
// needs these properties of the files; this test finds a missing one in seconds, without n8n.

const examples = readExamples();
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
/** The editor's name of each credential this package defines, which the sticky note must use. */
const ownCredentialNames: Record<string, string> = Object.fromEntries(
	[new AiozStreamApi(), new AimlMinimaxApi()].map((credential) => [credential.name, credential.displayName]),
);
/** `dist/nodes/AiozStream/AiozStream.node.js` → `n8n-nodes-audio-upload.aiozStream` (n8n's file name rule). */
const ownNodeTypes = packageJson.n8n.nodes.map((file) => {
	const base = file.split('/').pop()!.replace('.node.js', '');
	return `${packageJson.name}.${base[0].toLowerCase()}${base.slice(1)}`;
});
/** n8n also registers a `<type>Tool` for a node with `usableAsTool` (the node as an AI Agent's tool). */
const toolNodeTypes = [new AiozStream(), new MinimaxMusic()]
	.filter((node) => node.description.usableAsTool)
	.map((node) => `${packageJson.name}.${node.description.name}Tool`);

describe.each(examples.map(({ file, workflow }) => [file, workflow] as const))('examples/%s', (_file, workflow) => {
	const working = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
	const notes = workflow.nodes.filter((node) => node.type === STICKY_NOTE).map((node) => String(node.parameters.content));

	it("carries a workflow id like n8n's own exports (16 letters and digits), used by no other example", () => {
		expect(workflow.id).toMatch(/^[0-9A-Za-z]{16}$/);
		expect(examples.filter((other) => other.workflow.id === workflow.id)).toHaveLength(1);
	});

	it("uses this package's nodes by their registered type names", () => {
		const own = working.filter((node) => node.type.startsWith(`${packageJson.name}.`));
		expect(own.length).toBeGreaterThan(0);
		for (const node of own) expect([...ownNodeTypes, ...toolNodeTypes]).toContain(node.type);
	});

	it('has a sticky note naming every node with a credential, and the credential to pick', () => {
		expect(notes.length).toBeGreaterThan(0);
		const text = notes.join('\n');
		for (const node of working.filter((n) => n.credentials)) {
			expect(text).toContain(`**${node.name}**`);
			for (const type of Object.keys(node.credentials!)) {
				if (ownCredentialNames[type]) expect(text).toContain(`**${ownCredentialNames[type]}**`);
			}
		}
	});

	it('has a sticky note naming every file it reads or writes, with the folders n8n allows', () => {
		const fileNodes = working.filter((node) => node.type === 'n8n-nodes-base.readWriteFile');
		const text = notes.join('\n');
		for (const node of fileNodes) expect(text).toContain(`**${node.name}**`);
		if (fileNodes.length) expect(text).toContain('N8N_RESTRICT_FILE_ACCESS_TO');
	});

	it('holds placeholders instead of credential ids', () => {
		for (const node of working) {
			for (const credential of Object.values(node.credentials ?? {})) {
				expect(credential.id).toMatch(/^REPLACE_WITH_YOUR_[A-Z_]+_CREDENTIAL_ID$/);
			}
		}
	});
});
