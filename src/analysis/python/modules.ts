import * as path from 'node:path';
import { isInside, type FileSystem } from '../../fs.js';
import { children, textOf, type ParsedPython, type PyNode } from './parse.js';
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

/** The repository files a module imports (`import a.b`, `from .x import y`, `from pkg import mod`). */
export function importedModules(parsed: ParsedPython, resolve: (dotted: string, level: number) => string[]): string[] {
  const out: string[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'ImportStatement') return true;
      const kids = children(ref.node);
      const text = (n: PyNode) => textOf(parsed, n);
      if (kids[0] && text(kids[0]) === 'from') {
        const importIndex = kids.findIndex((k) => text(k) === 'import');
        const source = kids.slice(1, importIndex).map(text).join('');
        const level = /^\.*/.exec(source)![0].length;
        const dotted = source.slice(level);
        const names = kids.slice(importIndex + 1).filter((k) => k.name === 'VariableName');
        out.push(...resolve(dotted, level));
        // `from pkg import mod`: a submodule, when there is one.
        for (const n of names) out.push(...resolve(dotted ? `${dotted}.${text(n)}` : text(n), level));
      } else {
        let dotted = '';
        for (const k of kids.slice(1)) {
          if (k.name === 'VariableName' || k.name === '.') dotted += text(k);
          else if (k.name === ',' || text(k) === 'as') {
            if (dotted) out.push(...resolve(dotted, 0));
            dotted = '';
          }
        }
        if (dotted) out.push(...resolve(dotted, 0));
      }
      return false;
    },
  });
  return out;
}
