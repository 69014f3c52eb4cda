// Build step: compiles cors-lint's JSON schemas with ajv's standalone code generator into TypeScript
// modules, so cors-lint validates without loading ajv or compiling a schema at every start:
// schema/cors-lint.schema.json (settings) and src/model/cors-schemas.json (the framework's `cors` objects).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

/** Writes the validators (`exports`: export name → schema id) as a TypeScript module, when changed. */
function compile(ajv, exports, from, to, extra = '') {
  const code = standaloneCode.default(ajv, exports);
  // Some keywords compile to require() calls of ajv's runtime, which an ES module cannot make.
  if (/\brequire\(/.test(code)) throw new Error(`${from} uses a keyword whose standalone code needs ajv at run time`);
  const out = path.join(root, to);
  const text = `// @ts-nocheck\n// Generated from ${from} by scripts/compile-schemas.mjs (npm run build).\n${code}\n${extra}`;
  if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
}

// verbose: errors carry their schema, which the messages use for did-you-mean suggestions.
const settings = new Ajv.default({ allErrors: true, verbose: true, code: { source: true, esm: true } });
settings.addSchema(readJson('schema/cors-lint.schema.json'), 'settings');
compile(settings, { validate: 'settings' }, 'schema/cors-lint.schema.json', 'src/settings/validate.generated.ts');

// The framework validates with these options: a scalar where a list belongs becomes a one-element
// list and 'true' becomes true, so neither is a defect.
const cors = new Ajv.default({ allErrors: true, coerceTypes: 'array', strict: false, code: { source: true, esm: true } });
const corsSchemas = readJson('src/model/cors-schemas.json');
for (const [kind, schema] of Object.entries(corsSchemas)) cors.addSchema(schema, kind);
const keys = Object.fromEntries(Object.entries(corsSchemas).map(([kind, schema]) => [kind, Object.keys(schema.properties)]));
compile(
  cors,
  { rest: 'rest', httpApi: 'httpApi' },
  'src/model/cors-schemas.json',
  'src/model/cors-schema.generated.ts',
  `/** The keys each schema knows. */\nexport const keys = ${JSON.stringify(keys)};\n`,
);
