// Build step: compiles schema/cors-lint.schema.json with ajv's standalone code generator into a
// TypeScript module, so cors-lint validates settings without compiling the schema at every start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'cors-lint.schema.json'), 'utf8'));
// verbose: errors carry their schema, which the messages use for did-you-mean suggestions.
const ajv = new Ajv.default({ allErrors: true, verbose: true, code: { source: true, esm: true } });
const code = standaloneCode.default(ajv, ajv.compile(schema));
// Some keywords compile to require() calls of ajv's runtime, which an ES module cannot make.
if (/\brequire\(/.test(code)) throw new Error('the settings schema uses a keyword whose standalone code needs ajv at run time');
const out = path.join(root, 'src', 'settings', 'validate.generated.ts');
const text = `// @ts-nocheck\n// Generated from schema/cors-lint.schema.json by scripts/compile-settings-schema.mjs (npm run build).\n${code}\n`;
if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
