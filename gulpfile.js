const { src, dest } = require('gulp');

/**
 * Copies every node's and credential's icons (light and dark SVG/PNG) and each node's codex
 * file into dist/, beside the compiled code that references them with `file:` paths.
 */
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
