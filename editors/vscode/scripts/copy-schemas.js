// Copies the JSON Schemas from the Go module (../../schema/*.json) into
// schemas/, which package.json's yamlValidation and jsonValidation point at.
// The copies are build output (gitignored): the Go tree is the one source.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const from = path.resolve(__dirname, '..', '..', '..', 'schema');
const to = path.resolve(__dirname, '..', 'schemas');

const files = fs.readdirSync(from).filter((f) => f.endsWith('.json')).sort();
if (!files.includes('appspec.schema.json')) {
  console.error(`copy-schemas: ${from} has no appspec.schema.json`);
  process.exit(1);
}
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const f of files) {
  fs.copyFileSync(path.join(from, f), path.join(to, f));
}
console.log(`copy-schemas: ${files.length} schemas from ${path.relative(process.cwd(), from)} to ${path.relative(process.cwd(), to)}`);
