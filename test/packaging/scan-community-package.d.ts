/** The part of n8n's community package scanner that community-scan.js uses (the package ships no types). */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	/** What the scanner lints in a package's source repository: package.json, nodes/ and credentials/. */
	export const SOURCE_FILE_PATTERNS: string[];
	/** ESLint with n8n's community-node rules over the files of `packageDir` matching `filePatterns`. */
	export function analyzePackage(
		packageDir: string,
		filePatterns?: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
}
