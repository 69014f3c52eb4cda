import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isInside, type FileSystem } from '../fs.js';
import { globTokens, matchesTokens } from '../wildcard.js';
import { isJsonObject, readPackageJson, stringItems } from './repo-files.js';

/** `**` in a workspace glob descends at most this many directories. */
const MAX_GLOBSTAR_DEPTH = 5;

/**
 * The packages of the monorepos in a repository, found the way package managers link them into
 * node_modules (which cors-lint does not read): the workspace root's package.json `workspaces`
 * (npm, yarn, bun) or pnpm-workspace.yaml `packages` list folder globs; each folder's
 * package.json `name` is the specifier that reaches it. Each root is indexed once.
 */
export class Workspaces {
  private readonly roots = new Map<string, string | undefined>();
  private readonly indexes = new Map<string, Map<string, string>>();

  constructor(
    private readonly fs: FileSystem,
    private readonly repoRoot: string,
  ) {}

  /** The folder of the workspace package `name` of the monorepo `fromDir` belongs to. */
  packageDir(fromDir: string, name: string): string | undefined {
    const root = this.rootOf(fromDir);
    return root === undefined ? undefined : this.index(root).get(name);
  }

  /** The nearest directory at or above `dir` (inside the root) that declares workspaces. */
  private rootOf(dir: string): string | undefined {
    if (!this.roots.has(dir)) this.roots.set(dir, this.findRoot(dir));
    return this.roots.get(dir);
  }

  private findRoot(dir: string): string | undefined {
    if (!isInside(this.repoRoot, dir)) return undefined;
    if (this.patterns(dir).length > 0) return dir;
    const parent = path.dirname(dir);
    return parent === dir ? undefined : this.rootOf(parent);
  }

  private patterns(dir: string): string[] {
    const ws = readPackageJson(this.fs, dir)?.workspaces;
    // yarn classic also accepts `{ "packages": [...] }`.
    const fromPackage = stringItems(isJsonObject(ws) ? ws.packages : ws);
    return [...fromPackage, ...this.pnpmPatterns(dir)];
  }

  private pnpmPatterns(dir: string): string[] {
    const text = this.fs.read(path.join(dir, 'pnpm-workspace.yaml'));
    if (text === undefined) return [];
    try {
      const doc: unknown = parseYaml(text);
      return isJsonObject(doc) ? stringItems(doc.packages) : [];
    } catch {
      return [];
    }
  }

  private index(root: string): Map<string, string> {
    let index = this.indexes.get(root);
    if (!index) {
      index = new Map();
      const patterns = this.patterns(root);
      const excluded = new Set(patterns.filter((p) => p.startsWith('!')).flatMap((p) => this.expand(root, p.slice(1))));
      for (const dir of patterns.filter((p) => !p.startsWith('!')).flatMap((p) => this.expand(root, p))) {
        const name = excluded.has(dir) ? undefined : readPackageJson(this.fs, dir)?.name;
        // The first folder claiming a name wins, as a package manager would refuse duplicates anyway.
        if (typeof name === 'string' && !index.has(name)) index.set(name, dir);
      }
      this.indexes.set(root, index);
    }
    return index;
  }

  /** The directories a folder glob matches (`packages/*`, `apps/**`, `tools/cli`); links and node_modules are skipped. */
  private expand(root: string, pattern: string): string[] {
    const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..')) return [];
    const out = new Set<string>();
    const walk = (dir: string, i: number, depth: number): void => {
      if (i === segments.length) {
        out.add(dir);
        return;
      }
      const seg = segments[i];
      if (seg === '**') {
        walk(dir, i + 1, depth);
        if (depth < MAX_GLOBSTAR_DEPTH) for (const child of this.subdirs(dir, () => true)) walk(child, i, depth + 1);
      } else if (/[*?]/.test(seg)) {
        const tokens = globTokens(seg);
        for (const child of this.subdirs(dir, (name) => matchesTokens(tokens, name))) walk(child, i + 1, depth);
      } else if (this.fs.isDirectory(path.join(dir, seg)) && !this.fs.isSymlink(path.join(dir, seg))) {
        walk(path.join(dir, seg), i + 1, depth);
      }
    };
    walk(root, 0, 0);
    return [...out];
  }

  private subdirs(dir: string, accept: (name: string) => boolean): string[] {
    return this.fs
      .list(dir)
      .filter((n) => !n.startsWith('.') && n !== 'node_modules' && accept(n))
      .map((n) => path.join(dir, n))
      .filter((d) => this.fs.isDirectory(d) && !this.fs.isSymlink(d));
  }
}

/** `@acme/shared/utils` → `{ name: '@acme/shared', subpath: './utils' }`; `lodash` → `{ name: 'lodash', subpath: '.' }`. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(count).join('/');
  return { name: parts.slice(0, count).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}
