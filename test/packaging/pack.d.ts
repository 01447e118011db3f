export function packAndUnpack(): {
	/** The unpacked `package/` folder, with n8n-workflow linked in as n8n would provide it. */
	packageDir: string;
	/** Every file path in the tarball, relative to the package root. */
	files: string[];
	cleanup: () => void;
};
