// ESLint with @typescript-eslint/parser and no rules (bench/README.md, measurement d): what any
// ESLint run over these files costs before its first rule. Usage: node bench/eslint-no-rules.mjs ROOT LIST
// (ROOT: the folder that holds every listed file; ESLint ignores files outside its cwd)
import * as fs from 'node:fs';
import * as path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

const [root, list] = process.argv.slice(2);
const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
const eslint = new ESLint({
  cwd: path.resolve(root),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'], languageOptions: { parser: tsParser } }],
});
const results = await eslint.lintFiles(files);
const fatal = results.filter((r) => r.fatalErrorCount > 0);
if (fatal.length > 0) throw new Error(`ESLint could not parse ${fatal.map((r) => r.filePath).join(', ')}`);
