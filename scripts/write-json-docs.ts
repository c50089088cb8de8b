// npm run docs:json: writes docs/json.md from the --json schemas in packages/cli/src/json-schemas.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonDocs } from '../packages/cli/src/json-schemas/json-docs.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'json.md');
fs.writeFileSync(target, renderJsonDocs());
process.stderr.write(`wrote ${path.relative(process.cwd(), target)}\n`);
