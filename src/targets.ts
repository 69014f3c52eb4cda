import * as path from 'node:path';
import { COMPOSE_NAMES } from './compose.js';
import { CONFIG_NAMES, discoverConfigs, findRepoRoot, markedRoot } from './discover.js';
import { isInside, type FileSystem } from './fs.js';
import { SETTINGS_FILES } from './settings/files.js';

/** A service to lint and the repository root its files are confined to. */
export interface ServiceTarget {
  configFile: string;
  repoRoot: string;
}

/** A path that was given but leads to nothing linted, and why (listed under --verbose). */
export interface PathNote {
  path: string;
  reason: string;
}

export interface Targets {
  /** Each service once, in the order the paths name them. */
  services: ServiceTarget[];
  /** Files that belong to no service: skipped. */
  notes: PathNote[];
  /** Folders (or missing paths) with no service in or above them. */
  empty: string[];
}

/** How the repository root is chosen: `--root`, else found (see findRepoRoot), falling back to `cwd` when it holds every path. */
export interface RootChoice {
  cwd?: string;
  root?: string;
}

/**
 * What the paths of a command line name. A service config, a service folder or a folder holding
 * services, or a serverless-compose file names those services; any other file, and a folder inside a service, names the service
 * that owns it (the nearest config above it, up to the repository root), so that
 * `cors-lint $(git diff --name-only)` lints the services a change touches. A settings file names
 * every service below its folder. A path that no longer exists (a deleted file) names its
 * service, or nothing.
 */
export function resolveTargets(fs: FileSystem, paths: string[], choice: RootChoice = {}): Targets {
  const out: Targets = { services: [], notes: [], empty: [] };
  const seen = new Set<string>();
  const { cwd } = choice;
  const inCwd = cwd !== undefined && paths.every((p) => isInside(cwd, p));
  // The root that bounds the search for a path's service: `--root` when it holds the path, else what marks
  // the repository. The working folder and the folder named are fallbacks for reads, no bound: a file below
  // a service folder with nothing marking the repository still names that service.
  const boundOf = (start: string) => (choice.root !== undefined && isInside(choice.root, start) ? choice.root : markedRoot(fs, start));
  const add = (configFile: string, root: string) => {
    if (seen.has(configFile)) return;
    seen.add(configFile);
    // A service a compose file lists outside the root has its own (never --root, which would hide it).
    out.services.push({ configFile, repoRoot: isInside(root, configFile) ? root : findRepoRoot(fs, path.dirname(configFile)) });
  };
  for (const target of paths) {
    const exists = fs.isFile(target) || fs.isDirectory(target);
    const start = exists && fs.isDirectory(target) ? target : nearestFolder(fs, target);
    const bound = boundOf(start);
    const root = choice.root ?? bound ?? (inCwd ? cwd : start);
    const name = path.basename(target);
    if (exists && (fs.isDirectory(target) || SETTINGS_FILES.includes(name) || isConfigName(name))) {
      const { configs } = discoverConfigs(fs, SETTINGS_FILES.includes(name) ? start : target);
      for (const c of configs) add(c, root);
      if (configs.length > 0 || !fs.isDirectory(target)) continue;
    }
    const owner = serviceAbove(fs, start, bound);
    if (owner) add(owner, root);
    else if (fs.isFile(target)) out.notes.push({ path: target, reason: 'belongs to no service (no serverless config in or above its folder): skipped' });
    else if (!exists) out.notes.push({ path: target, reason: 'does not exist and belongs to no service: skipped' });
    else out.empty.push(target);
  }
  return out;
}

/** A service config (standard or custom name, like `serverless.prod.yml`) or a compose file. */
function isConfigName(name: string): boolean {
  return CONFIG_NAMES.includes(name) || COMPOSE_NAMES.includes(name) || /^serverless\.[\w.-]*\.(ya?ml|json|[cm]?js|ts)$/.test(name);
}

/** The folder of a file, or the nearest existing folder above a path that does not exist. */
function nearestFolder(fs: FileSystem, p: string): string {
  let d = path.dirname(p);
  while (!fs.isDirectory(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/**
 * The config of the service owning folder `dir`: the nearest one at or above it, not above `stop`, the
 * repository root (a repository's files never belong to a service outside it), if there is one.
 */
export function serviceAbove(fs: FileSystem, dir: string, stop: string | undefined): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const names = fs.list(d);
    const config = CONFIG_NAMES.find((n) => names.includes(n));
    if (config) return path.join(d, config);
    if (d === stop || path.dirname(d) === d) return undefined;
  }
}
