export function packAndUnpack(): {
	/** The unpacked `package/` folder, with n8n-workflow linked in as n8n would provide it. */
	packageDir: string;
	/** Every file path in the tarball, relative to the package root. */
	files: string[];
	cleanup: () => void;
};

/** `npm publish --dry-run` against an address where nothing listens; `prepublishOnly` runs as in a real publish. */
export function publishDryRun(options: { releaseMode: boolean }): { status: number | null; output: string };
