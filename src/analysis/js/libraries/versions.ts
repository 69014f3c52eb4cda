import * as path from 'node:path';
import { ancestors } from '../../repo-files.js';

/**
 * The major version of an npm package as a service declares it: the nearest package-lock.json
 * entry (walking up from the importing file to the repository root) wins over the nearest
 * package.json range (`^5.0.0`, `~5.1`, `5.x` → 5). Undefined when neither says, or the range
 * does not pin a major (`*`, `latest`, `>=5`, `^5 || ^6`). yarn and pnpm lockfiles are not read.
 */
export function declaredMajor(read: (file: string) => string | undefined, fromFile: string, pkg: string, repoRoot: string): number | undefined {
  let range: string | undefined;
  let locked: string | undefined;
  for (const dir of ancestors(path.dirname(fromFile), repoRoot)) {
    locked = lockedVersion(json(read(path.join(dir, 'package-lock.json'))), pkg);
    if (locked !== undefined) break;
    range ??= declaredRange(json(read(path.join(dir, 'package.json'))), pkg);
  }
  return majorOf(locked ?? range);
}

function json(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** lockfileVersion 2/3 `packages`, then version 1 `dependencies`. */
function lockedVersion(lock: unknown, pkg: string): string | undefined {
  return asString(field(lock, 'packages', `node_modules/${pkg}`, 'version')) ?? asString(field(lock, 'dependencies', pkg, 'version'));
}

function declaredRange(manifest: unknown, pkg: string): string | undefined {
  return asString(field(manifest, 'dependencies', pkg)) ?? asString(field(manifest, 'devDependencies', pkg));
}

export function majorOf(range: string | undefined): number | undefined {
  const m = range?.trim().match(/^[\^~=v]*\s*(\d+)(?:\.(?:\d+|x|\*)){0,2}(?:[-+][\w.-]*)?$/i);
  return m ? Number(m[1]) : undefined;
}
