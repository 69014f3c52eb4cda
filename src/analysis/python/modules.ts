import * as path from 'node:path';
import { isInside, type FileSystem } from '../../fs.js';
import type { ModuleRef } from './values.js';

/**
 * Top-level packages cors-lint models itself: never read from the repository, even when a copy
 * is vendored there (lambda-decorators' README suggests curl-ing the single file next to the handler).
 */
const MODELLED_PACKAGES = new Set(['lambda_decorators', 'aws_lambda_powertools']);

/**
 * Resolves `from .x import y` (level 1), `from ..pkg.x import y` (level 2) and absolute
 * `import x.y`. Absolute names are looked up next to the importing file and then in each
 * directory above it up to the repository root, which covers the handler's directory and the
 * service root (Lambda's task root) without knowing which is which. `__init__.py` makes a
 * package; a directory without one is a namespace package. Nothing outside `repoRoot` is read.
 */
export function resolveModule(fs: FileSystem, repoRoot: string, fromFile: string, dotted: string, level: number): ModuleRef | undefined {
  const parts = dotted === '' ? [] : dotted.split('.');
  if (level === 0 && (parts.length === 0 || MODELLED_PACKAGES.has(parts[0]))) return undefined;
  let bases: string[];
  if (level > 0) {
    let base = path.dirname(fromFile);
    for (let i = 1; i < level; i++) base = path.dirname(base);
    bases = [base];
  } else {
    bases = [];
    for (let dir = path.dirname(fromFile); isInside(repoRoot, dir); dir = path.dirname(dir)) {
      bases.push(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  for (const base of bases) {
    const found = locate(fs, repoRoot, path.join(base, ...parts));
    if (found) return found;
  }
  return undefined;
}

function locate(fs: FileSystem, repoRoot: string, target: string): ModuleRef | undefined {
  if (!isInside(repoRoot, target)) return undefined;
  if (fs.isFile(`${target}.py`)) return { file: `${target}.py` };
  if (!fs.isDirectory(target)) return undefined;
  const init = path.join(target, '__init__.py');
  return fs.isFile(init) ? { file: init, dir: target } : { dir: target };
}
