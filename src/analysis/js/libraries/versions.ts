import * as path from 'node:path';
import { ancestors } from '../../repo-files.js';

/**
 * The major version of an npm package as a service installs it. Walking up from the importing
 * file to the repository root, the first lockfile that lists the package answers
 * (package-lock.json, yarn.lock, pnpm-lock.yaml); else the nearest package.json range
 * (`^5.0.0`, `~5.1`, `5.x` → 5). A lockfile holding several majors of the package answers with
 * the one the nearest range names (package-lock.json: the copy Node would load from the file).
 * Undefined when nothing says, or the range does not pin a major (`*`, `latest`, `>=5`, `^5 || ^6`).
 */
export function declaredMajor(read: (file: string) => string | undefined, fromFile: string, pkg: string, repoRoot: string): number | undefined {
  // The nearest declaration, even one that pins no major (`latest`).
  let declared: string | undefined;
  for (const dir of ancestors(path.dirname(fromFile), repoRoot)) {
    declared ??= declaredRange(json(read(path.join(dir, 'package.json'))), pkg);
    const range = majorOf(declared);
    const locked = npmLocked(json(read(path.join(dir, 'package-lock.json'))), pkg, path.relative(dir, path.dirname(fromFile)));
    if (locked !== undefined) return locked;
    const majors = new Set([...yarnLocked(read(path.join(dir, 'yarn.lock')), pkg), ...pnpmLocked(read(path.join(dir, 'pnpm-lock.yaml')), pkg)]);
    if (majors.size === 1) return [...majors][0];
    if (majors.size > 1) return range !== undefined && majors.has(range) ? range : undefined;
  }
  return majorOf(declared);
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

/**
 * lockfileVersion 2/3 `packages`: the copy Node loads from `fromDir` (a workspace's own
 * `node_modules` before the hoisted one), then version 1 `dependencies`.
 */
function npmLocked(lock: unknown, pkg: string, fromDir: string): number | undefined {
  const packages = field(lock, 'packages');
  const dirs = fromDir === '' ? [] : fromDir.split(path.sep);
  for (let n = dirs.length; n >= 0; n--) {
    const prefix = dirs.slice(0, n).join('/');
    const version = asString(field(packages, `${prefix ? `${prefix}/` : ''}node_modules/${pkg}`, 'version'));
    if (version !== undefined) return majorOf(version);
  }
  return majorOf(asString(field(lock, 'dependencies', pkg, 'version')));
}

/**
 * The majors yarn.lock resolves the package to: classic (`"pkg@^1.5.0", pkg@^1.4.0:` then
 * `version "1.5.2"`) and berry (`"pkg@npm:^4.0.0":` then `version: 4.7.0`).
 */
function yarnLocked(text: string | undefined, pkg: string): number[] {
  if (text === undefined) return [];
  const out: number[] = [];
  let inEntry = false;
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      inEntry = line
        .replace(/:\s*$/, '')
        .split(',')
        .some((spec) => {
          const s = spec.trim().replace(/^"|"$/g, '');
          return s.slice(0, s.lastIndexOf('@')) === pkg;
        });
      continue;
    }
    const version = inEntry ? /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line)?.[1] : undefined;
    const major = majorOf(version);
    if (major !== undefined) out.push(major);
  }
  return out;
}

/** The majors of pnpm-lock.yaml `packages` keys: `/pkg/1.2.3:` (v5), `/pkg@1.2.3:` (v6), `'pkg@1.2.3':` (v9). */
function pnpmLocked(text: string | undefined, pkg: string): number[] {
  if (text === undefined) return [];
  const escaped = pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const key = new RegExp(`^\\s+['"]?/?${escaped}[@/](\\d+)\\.\\d+\\.\\d+[^:\\s]*['"]?:\\s*$`, 'gm');
  return [...text.matchAll(key)].map((m) => Number(m[1]));
}

function declaredRange(manifest: unknown, pkg: string): string | undefined {
  return asString(field(manifest, 'dependencies', pkg)) ?? asString(field(manifest, 'devDependencies', pkg));
}

export function majorOf(range: string | undefined): number | undefined {
  const m = range?.trim().match(/^[\^~=v]*\s*(\d+)(?:\.(?:\d+|x|\*)){0,2}(?:[-+][\w.-]*)?$/i);
  return m ? Number(m[1]) : undefined;
}
