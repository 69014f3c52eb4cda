import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ancestors } from './analysis/repo-files.js';
import type { FileSystem } from './fs.js';

/**
 * Whether git ignores `file` by the `.gitignore` files from the repository root down to its
 * folder (a deeper file's `!pattern` re-includes what a shallower one ignored). A missing file
 * that git ignores is one a clone never has: a secrets file next to its committed example, build
 * output. `.gitignore` files are read through `fs`, which caches them for the run.
 */
export function gitIgnored(fs: FileSystem, repoRoot: string, file: string): boolean {
  let ignored = false;
  for (const dir of ancestors(path.dirname(file), repoRoot).reverse()) {
    const rules = gitignoreOf(fs, dir);
    if (!rules) continue;
    const verdict = rules.test(path.relative(dir, file).split(path.sep).join('/'));
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

const parsed = new WeakMap<FileSystem, Map<string, Ignore | undefined>>();

function gitignoreOf(fs: FileSystem, dir: string): Ignore | undefined {
  let byDir = parsed.get(fs);
  if (!byDir) parsed.set(fs, (byDir = new Map<string, Ignore | undefined>()));
  if (!byDir.has(dir)) {
    const text = fs.read(path.join(dir, '.gitignore'));
    byDir.set(dir, text === undefined ? undefined : ignore().add(text));
  }
  return byDir.get(dir);
}
