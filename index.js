// n8n loads this package through the `n8n` section of package.json (the compiled nodes and
// credentials in dist/); there is nothing to export from the package's main entry.
module.exports = {};
