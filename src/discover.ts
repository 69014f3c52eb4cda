import * as path from 'node:path';
import { COMPOSE_NAMES, composeServices } from './compose.js';
import type { FileSystem } from './fs.js';
import { readPackageJson } from './analysis/repo-files.js';

/** The framework's lookup order for a service's config (lib/cli/resolve-configuration-path.js). */
export const CONFIG_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.js', 'serverless.cjs', 'serverless.mjs', 'serverless.ts'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.serverless', '.build', '.esbuild', '.webpack']);

/** A config that is a program (serverless.ts/.js/.cjs/.mjs): read statically (src/program-config/), never run by default. */
export function isProgramConfig(file: string): boolean {
  return /\.(ts|[cm]?js)$/.test(file);
}

export interface Discovery {
  configs: string[];
}

/**
 * Every service config at or below `target` (a config file, a compose file, a service folder or
 * a repository), one per folder, plus the configs compose files list; never following symbolic links.
 */
export function discoverConfigs(fs: FileSystem, target: string): Discovery {
  const found = new Set<string>();
  const configIn = (dir: string, names = fs.list(dir)) => CONFIG_NAMES.find((n) => names.includes(n));
  const fromCompose = (file: string) => {
    for (const s of composeServices(fs, file)) {
      const config = fs.isFile(s) ? s : configIn(s) && path.join(s, configIn(s)!);
      if (config) found.add(config);
    }
  };
  if (fs.isFile(target)) {
    if (COMPOSE_NAMES.includes(path.basename(target))) fromCompose(target);
    else found.add(target);
    return { configs: [...found] };
  }
  const walk = (dir: string): void => {
    const names = fs.list(dir);
    const config = configIn(dir, names);
    if (config) found.add(path.join(dir, config));
    const compose = COMPOSE_NAMES.find((n) => names.includes(n));
    if (compose) fromCompose(path.join(dir, compose));
    for (const name of names) {
      if (SKIPPED_DIRS.has(name)) continue;
      const child = path.join(dir, name);
      if (!fs.isSymlink(child) && fs.isDirectory(child)) walk(child);
    }
  };
  if (fs.isDirectory(target)) walk(target);
  return { configs: [...found] };
}

/** Files whose folder is the top of a repository or workspace (with package.json `workspaces`). */
const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'lerna.json', 'nx.json', ...COMPOSE_NAMES];

/**
 * The repository root of `start`: the git top-level; without git (an extracted archive, a CI
 * workspace), the nearest folder at or above `start` that marks a repository or workspace; else
 * `fallback` (the caller's choice: the working folder, or the folder named on the command line).
 */
export function findRepoRoot(fs: FileSystem, start: string, fallback = start): string {
  return markedRoot(fs, start) ?? fallback;
}

/** The root something marks (the git top-level, else a workspace root), undefined when only a fallback would do. */
export function markedRoot(fs: FileSystem, start: string): string | undefined {
  return gitRoot(fs, start) ?? workspaceRoot(fs, start);
}

/** The nearest folder at or above `start` holding a workspace marker or a package.json with `workspaces`. */
export function workspaceRoot(fs: FileSystem, start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (WORKSPACE_MARKERS.some((n) => fs.isFile(path.join(dir, n))) || readPackageJson(fs, dir)?.workspaces !== undefined) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The git top-level at or above `start`, undefined outside a repository. */
export function gitRoot(fs: FileSystem, start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.isDirectory(path.join(dir, '.git')) || fs.isFile(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
