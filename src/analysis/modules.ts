import * as path from 'node:path';
import type { FileSystem } from '../fs.js';

/** Where an import / require specifier leads. Only relative specifiers are followed. */
export type Resolution =
  | { kind: 'file'; path: string }
  /** A bare specifier (`@middy/core`, `node:fs`): not read, left to library models. */
  | { kind: 'package'; specifier: string }
  | { kind: 'missing' }
  /** The specifier leads out of the repository root: never read. */
  | { kind: 'outside-root'; path: string };

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];
const TS_SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

function isTypeScriptFile(file: string): boolean {
  return TS_EXTENSIONS.includes(path.extname(file));
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves like Node and TypeScript's bundler resolution do for relative paths: the exact file,
 * then a `.js`-style specifier's TypeScript source (`./x.js` written in TS means `./x.ts`), then
 * the path plus each extension, then `index.*` in a directory. A TypeScript importer prefers
 * TypeScript files and a JavaScript importer JavaScript files, so mixed source/output trees
 * stay on the importer's side.
 */
export function resolveImport(fs: FileSystem, fromFile: string, specifier: string, repoRoot: string): Resolution {
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return { kind: 'package', specifier };
  const target = path.resolve(path.dirname(fromFile), specifier);
  if (!isInside(repoRoot, target)) return { kind: 'outside-root', path: target };
  const ts = isTypeScriptFile(fromFile);
  const extensions = ts ? [...TS_EXTENSIONS, ...JS_EXTENSIONS, '.json'] : [...JS_EXTENSIONS, '.json', ...TS_EXTENSIONS];
  const ext = path.extname(target);
  const tsSources = (TS_SOURCE_OF[ext] ?? []).map((e) => target.slice(0, -ext.length) + e);
  const candidates = [
    ...(ts ? [...tsSources, target] : [target, ...tsSources]),
    ...extensions.map((e) => target + e),
    ...extensions.map((e) => path.join(target, `index${e}`)),
  ];
  const found = candidates.find((c) => fs.isFile(c));
  return found ? { kind: 'file', path: found } : { kind: 'missing' };
}
