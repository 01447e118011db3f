/** The repository's root folder. */
export const repoRoot: string;

export function packAndUnpack(): {
	/** The unpacked `package/` folder, with n8n-workflow linked in as n8n would provide it. */
	packageDir: string;
	/** Every file path in the tarball, relative to the package root. */
	files: string[];
	cleanup: () => void;
};

/** One offline leg of n8n's community package scanner (`analyzePackage`): ESLint with its community-node rules. */
export function communityScan(
	folder: string,
	leg: 'source' | 'published',
): { passed: boolean; message?: string; details?: string };

/** `npm publish --dry-run --offline` against an address where nothing listens; `prepublishOnly` runs as in a real publish. */
export function publishDryRun(options: { releaseMode: boolean }): { status: number | null; output: string };
