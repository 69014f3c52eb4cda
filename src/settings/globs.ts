import * as path from 'node:path';
import type * as Minimatch from 'minimatch';
import { lazy } from '../lazy.js';

/** minimatch (ESLint's glob matcher) loads only when some settings use globs. */
const minimatch = lazy<typeof Minimatch>('minimatch');

/**
 * True when `file` (absolute) matches one of the globs, taken relative to `base` as ESLint does
 * for `files` and `ignores`. A pattern that matches a folder matches everything in it, and
 * `dir/` stands for the folder. Files outside `base` match nothing.
 */
export function matchesAny(patterns: readonly string[], base: string, file: string): boolean {
  if (patterns.length === 0) return false;
  const rel = path.relative(base, file).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return false;
  const candidates: string[] = [];
  for (let p = rel; p !== '.' && p !== ''; p = path.posix.dirname(p)) candidates.push(p);
  const { minimatch: match } = minimatch();
  return patterns.some((pattern) => {
    const glob = pattern.replace(/^\.\//, '').replace(/\/$/, '/**');
    return candidates.some((c) => match(c, glob, { dot: true }));
  });
}
