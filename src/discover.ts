import * as path from 'node:path';
import { parse } from 'yaml';
import { isInside, type FileSystem } from './fs.js';

/** The framework's lookup order for a service's config (lib/cli/resolve-configuration-path.js). */
export const CONFIG_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json'];
/** Configs that are programs: cors-lint never executes them, so they are listed as not analysed. */
export const PROGRAM_CONFIG_NAMES = ['serverless.js', 'serverless.cjs', 'serverless.mjs', 'serverless.ts'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.serverless', '.build', '.esbuild', '.webpack']);

export interface Discovery {
  configs: string[];
  /** Service folders whose only config is a program (serverless.ts/js). */
  programConfigs: string[];
}

/**
 * Every service config at or below `target` (a config file, a service folder or a repository),
 * one per folder, never following symbolic links.
 */
export function discoverConfigs(fs: FileSystem, target: string): Discovery {
  const out: Discovery = { configs: [], programConfigs: [] };
  if (fs.isFile(target)) {
    // A program config named on the command line is skipped like one found by the walk, not parsed as YAML.
    (PROGRAM_CONFIG_NAMES.includes(path.basename(target)) ? out.programConfigs : out.configs).push(target);
    return out;
  }
  const walk = (dir: string): void => {
    const names = fs.list(dir);
    const compose = COMPOSE_NAMES.find((n) => names.includes(n));
    if (compose) composedConfigs.push(...composeServiceConfigs(fs, path.join(dir, compose)));
    const config = CONFIG_NAMES.find((n) => names.includes(n));
    if (config) out.configs.push(path.join(dir, config));
    else {
      const program = PROGRAM_CONFIG_NAMES.find((n) => names.includes(n));
      if (program) out.programConfigs.push(path.join(dir, program));
    }
    for (const name of names) {
      if (SKIPPED_DIRS.has(name)) continue;
      const child = path.join(dir, name);
      if (!fs.isSymlink(child) && fs.isDirectory(child)) walk(child);
    }
  };
  // Services a serverless-compose file names by a config of their own (`config: serverless-api.yml`).
  const composedConfigs: string[] = [];
  if (fs.isDirectory(target)) walk(target);
  for (const c of composedConfigs) if (!out.configs.includes(c) && fs.isFile(c)) out.configs.push(c);
  return out;
}

/** serverless-compose lists its services; it is not a service itself. */
const COMPOSE_NAMES = ['serverless-compose.yml', 'serverless-compose.yaml'];

/**
 * The config files of the services a serverless-compose file lists with a `config:` name the
 * directory walk does not look for; unreadable or unparsable compose files give none.
 */
function composeServiceConfigs(fs: FileSystem, file: string): string[] {
  const text = fs.read(file);
  let compose: unknown;
  try {
    compose = text === undefined ? undefined : parse(text);
  } catch {
    return [];
  }
  const services = (compose as { services?: unknown } | undefined)?.services;
  if (typeof services !== 'object' || services === null) return [];
  const out: string[] = [];
  for (const s of Object.values(services as Record<string, unknown>)) {
    const { path: dir, config } = (s ?? {}) as { path?: unknown; config?: unknown };
    if (typeof dir !== 'string' || typeof config !== 'string' || CONFIG_NAMES.includes(config)) continue;
    const configFile = path.resolve(path.dirname(file), dir, config);
    if (isInside(path.dirname(file), configFile)) out.push(configFile);
  }
  return out;
}

/** The git top-level above `start` (a `.git` folder or file), else `start` itself. */
export function findRepoRoot(fs: FileSystem, start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.isDirectory(path.join(dir, '.git')) || fs.isFile(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
