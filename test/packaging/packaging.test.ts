import { PackageDirectoryLoader } from 'n8n-core';

import packageJson from '../../package.json';
import { communityScan, packAndUnpack, publishDryRun, repoRoot } from './pack';

/** `icons/<package>/dist/nodes/X/x.svg` → `dist/nodes/X/x.svg` */
const iconFile = (iconUrl: string) => iconUrl.replace(`icons/${packageJson.name}/`, '');

describe('the npm package, loaded the way n8n loads an installed community package', () => {
	const packed = packAndUnpack();
	const loader = new PackageDirectoryLoader(packed.packageDir);

	beforeAll(async () => {
		await loader.loadAll();
	});

	afterAll(() => packed.cleanup());

	it('ships only dist/, the main entry and the package metadata', () => {
		const metadata = ['package.json', 'README.md', 'LICENSE', packageJson.main];
		const outside = packed.files.filter((file) => !file.startsWith('dist/') && !metadata.includes(file));
		expect(outside).toEqual([]);
		expect(packed.files).toEqual(expect.arrayContaining([...packageJson.n8n.nodes, ...packageJson.n8n.credentials]));
	});

	it('loads every node listed in package.json, with light and dark icons and its codex', () => {
		const loadedNames = loader.types.nodes.map((node) => node.name);
		expect(loadedNames).toHaveLength(packageJson.n8n.nodes.length);

		for (const node of loader.types.nodes) {
			// Action nodes can be AI agent tools; a trigger starts workflows and cannot be one.
			expect(node.usableAsTool).toBe(node.group.includes('trigger') ? undefined : true);
			const iconUrl = node.iconUrl as { light: string; dark: string };
			expect(iconUrl).toEqual({ light: expect.any(String), dark: expect.any(String) });
			expect(iconUrl.light).not.toEqual(iconUrl.dark);
			expect(packed.files).toEqual(
				expect.arrayContaining([iconFile(iconUrl.light), iconFile(iconUrl.dark)]),
			);
			// The codex file was read: its categories and documentation link are on the description.
			expect(node.codex?.categories?.length).toBeGreaterThan(0);
			expect(node.codex?.resources?.primaryDocumentation?.[0]?.url).toMatch(/^https:\/\//);
		}
	});

	it('loads every credential listed in package.json, with light and dark icons and a test', () => {
		expect(loader.types.credentials).toHaveLength(packageJson.n8n.credentials.length);
		for (const credential of loader.types.credentials) {
			const iconUrl = credential.iconUrl as { light: string; dark: string };
			expect(iconUrl).toEqual({ light: expect.any(String), dark: expect.any(String) });
			expect(packed.files).toEqual(
				expect.arrayContaining([iconFile(iconUrl.light), iconFile(iconUrl.dark)]),
			);
			// The credential's Test button sends a real request to the service, from the credential's own fields,
			// and says plainly when the key is wrong; every request carries the key (generic authentication).
			expect(credential.test?.request).toEqual(
				expect.objectContaining({ baseURL: expect.stringMatching(/^=\{\{.*\$credentials/s), url: expect.any(String) }),
			);
			expect(credential.test?.request.method).toMatch(/^(GET|POST)$/);
			const wrongKeyRule = credential.test?.rules?.find(
				(rule) => rule.type === 'responseCode' && rule.properties.value === 401,
			);
			expect(wrongKeyRule?.properties.message).toMatch(/key/i);
			expect(credential.authenticate).toEqual(
				expect.objectContaining({ type: 'generic', properties: { headers: expect.any(Object) } }),
			);
		}
	});

	it('resolves each node class from the unpacked package', () => {
		for (const node of loader.types.nodes) {
			const { type } = loader.getNode(node.name);
			expect('description' in type ? type.description.name : undefined).toBe(node.name);
		}
	});

	// n8n's community package scanner, without its online steps (provenance and source download need a published
	// version): its ESLint legs on the published files and on the sources they are built from.
	it("passes n8n's community package scanner on the published files (compiled .js and package.json)", () => {
		const verdict = communityScan(packed.packageDir, 'published');
		expect(verdict.details ?? '').toBe('');
		expect(verdict.passed).toBe(true);
	});

	it("passes n8n's community package scanner on the node and credential sources", () => {
		const verdict = communityScan(repoRoot, 'source');
		expect(verdict.details ?? '').toBe('');
		expect(verdict.passed).toBe(true);
	});
});

describe('publishing', () => {
	it('refuses a hand `npm publish`: prepublishOnly runs `n8n-node prerelease`', () => {
		const { status, output } = publishDryRun({ releaseMode: false });
		expect(status).not.toBe(0);
		expect(output).toContain('Run `npm run release` to publish the package');
		expect(output).not.toContain(`+ ${packageJson.name}@`);
	});

	it('publishes through the release path (`n8n-node release` sets RELEASE_MODE): this version, with every node and credential', () => {
		const { status, output } = publishDryRun({ releaseMode: true });
		expect(output).toContain(`+ ${packageJson.name}@${packageJson.version}`);
		expect(status).toBe(0);
		for (const file of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(output).toMatch(new RegExp(`npm notice [\\d.]+k?B ${file.replace(/[.]/g, '\\.')}\\n`));
		}
	});
});
