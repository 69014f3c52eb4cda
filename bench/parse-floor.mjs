// The parse floor (bench/README.md, measurement b): parses each file of a list once, with the
// parsers cors-lint uses and nothing else: `yaml` for YAML, JSON.parse for JSON, typescript-estree
// (or, with `oxc`, oxc-parser) for JavaScript and TypeScript with cors-lint's options
// (src/analysis/parsers/), @lezer/python for Python.
// Usage: node bench/parse-floor.mjs LIST [typescript-estree|oxc] (LIST: one absolute path a line)
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const oxc = process.argv[3] === 'oxc';
let yaml, estree, oxcParser, python;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  if (/\.ya?ml$/.test(file)) {
    yaml ??= require('yaml');
    yaml.parseDocument(text, { keepSourceTokens: true, merge: true });
  } else if (file.endsWith('.json')) {
    JSON.parse(text);
  } else if (file.endsWith('.py')) {
    python ??= require('@lezer/python').parser;
    python.parse(text);
  } else if (oxc) {
    oxcParser ??= require('oxc-parser');
    const lang = /\.[cm]?ts$/.test(file) ? 'ts' : 'tsx';
    void oxcParser.parseSync(file, text, { lang, sourceType: 'unambiguous', astType: 'ts', range: true, preserveParens: false }).program;
  } else {
    estree ??= require('@typescript-eslint/typescript-estree');
    estree.parse(text, { filePath: file, range: true, loc: false, comment: true, jsx: /\.[jt]sx$/.test(file), errorOnUnknownASTType: false });
  }
}
