import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import type { FileSystem } from './fs.js';
import type { FileResult, RunReport } from './results.js';
import { writeFileAtomic } from './write.js';

/** `--cache-location`'s default, in the working folder (as ESLint's `.eslintcache`). */
export const CACHE_FILE = '.cors-lint-cache';

/** What one service added to the run's report: stored, and replayed on a hit. */
export type ServicePart = Pick<RunReport, 'results' | 'incomplete' | 'skipped' | 'notes' | 'checked' | 'lintedFiles'>;

/**
 * One question the lint of a service asked of the file system, with its answer then: a file's
 * text as a hash, a `stat`, a listing. The stored findings hold while every answer is the same.
 */
type Query = [kind: 'read' | 'problem' | 'file' | 'dir' | 'list' | 'link' | 'real', path: string, answer: string | boolean | null];

interface Entry {
  queries: Query[];
  /** The `${env:…}` variables the service read, and their values then (null: unset). */
  env: Record<string, string | null>;
  part: ServicePart;
}

interface CacheFile {
  /** cors-lint's version and the run's options: another key, and every entry is stale. */
  key: string;
  entries: Record<string, Entry>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The answer `kind` gets from `fs` for `path`, as stored. */
function answer(fs: FileSystem, kind: Query[0], path: string): Query[2] {
  switch (kind) {
    case 'read': {
      const text = fs.read(path);
      return text === undefined ? null : hash(text);
    }
    case 'problem': {
      const problem = fs.readProblem(path);
      return problem === undefined ? null : JSON.stringify(problem);
    }
    case 'file':
      return fs.isFile(path);
    case 'dir':
      return fs.isDirectory(path);
    case 'list':
      return JSON.stringify(fs.list(path));
    case 'link':
      return fs.isSymlink(path);
    case 'real':
      return fs.realPath(path);
  }
}

/**
 * `--cache`: each service's findings, kept while nothing they depend on changes: cors-lint's
 * version and options (`key`), the settings file that applies (`serviceKey`), and every file and
 * folder the lint of the service looked at (its config, includes, handlers, the modules they
 * import, tsconfigs, package.json files), checked by content hash. A cache file that cannot be
 * read or parsed is ignored, and rewritten at the end of the run.
 */
export class ServiceCache {
  private entries: Record<string, Entry> = {};
  private changed = false;

  constructor(
    private readonly file: string,
    private readonly key: string,
  ) {
    let stored: Partial<CacheFile> | undefined;
    try {
      stored = JSON.parse(nodeFs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    } catch {
      // Missing or corrupt: start empty.
    }
    if (stored?.key === key && typeof stored.entries === 'object' && stored.entries !== null) this.entries = stored.entries;
    else this.changed = true;
  }

  /** The stored part of the service, if every answer it depended on is still the same. */
  lookup(serviceKey: string, fs: FileSystem, env: Record<string, string | undefined>): ServicePart | undefined {
    const entry = this.entries[serviceKey];
    try {
      if (!entry || !Array.isArray(entry.queries) || typeof entry.env !== 'object' || !isPart(entry.part)) return undefined;
      if (Object.entries(entry.env).some(([name, value]) => (env[name] ?? null) !== value)) return undefined;
      return entry.queries.every(([kind, path, stored]) => answer(fs, kind, path) === stored) ? entry.part : undefined;
    } catch {
      // An entry of the wrong shape (a hand-edited file): a miss.
      return undefined;
    }
  }

  /** A view of `fs` and `env` that records what the lint of one service asks; `store` keeps its result. */
  recorder(fs: FileSystem, env: Record<string, string | undefined>) {
    const queries = new Map<string, Query>();
    const ask =
      <A extends unknown[], T>(kind: Query[0], f: (path: string, ...rest: A) => T) =>
      (path: string, ...rest: A): T => {
        const id = `${kind}\0${path}`;
        if (!queries.has(id)) queries.set(id, [kind, path, answer(fs, kind, path)]);
        return f(path, ...rest);
      };
    const read: Record<string, string | null> = {};
    const recordedEnv = new Proxy(env, {
      get(target, name) {
        if (typeof name !== 'string') return Reflect.get(target, name) as unknown;
        read[name] = target[name] ?? null;
        return target[name];
      },
      has(target, name) {
        if (typeof name === 'string') read[name] = target[name] ?? null;
        return name in target;
      },
    });
    const recorded: FileSystem = {
      read: ask('read', (p) => fs.read(p)),
      readProblem: ask('problem', (p) => fs.readProblem(p)),
      isFile: ask('file', (p) => fs.isFile(p)),
      isDirectory: ask('dir', (p) => fs.isDirectory(p)),
      list: ask('list', (p) => fs.list(p)),
      isSymlink: ask('link', (p) => fs.isSymlink(p)),
      realPath: ask('real', (p) => fs.realPath(p)),
    };
    return {
      fs: recorded,
      env: recordedEnv,
      store: (serviceKey: string, part: ServicePart) => {
        this.entries[serviceKey] = { queries: [...queries.values()], env: { ...read }, part };
        this.changed = true;
      },
    };
  }

  /** Writes the cache file when something changed (atomically: a reader never sees half of it). */
  save(): void {
    if (!this.changed) return;
    writeFileAtomic(this.file, JSON.stringify({ key: this.key, entries: this.entries } satisfies CacheFile));
  }
}

function isPart(part: unknown): part is ServicePart {
  const p = part as Partial<ServicePart> | undefined;
  return (
    typeof p === 'object' &&
    p !== null &&
    [p.results, p.incomplete, p.skipped, p.notes, p.lintedFiles].every(Array.isArray) &&
    typeof p.checked?.services === 'number' &&
    typeof p.checked.functions === 'number'
  );
}

/** The key of one service's entry: its config file and the settings file that applies to it. */
export function serviceKey(configFile: string, settingsFile: string | undefined, fs: FileSystem): string {
  return JSON.stringify([configFile, settingsFile, settingsFile === undefined ? null : hash(fs.read(settingsFile) ?? '')]);
}

/** The key of a whole cache file: what every entry depends on besides its service's files. */
export function cacheKey(version: string, options: unknown): string {
  return hash(JSON.stringify([version, options]));
}

/** Merges one service's part into the run's report (its results go to the caller's list). */
export function addPart(report: RunReport, part: ServicePart): FileResult[] {
  report.incomplete.push(...part.incomplete);
  report.skipped.push(...part.skipped);
  report.notes.push(...part.notes);
  report.lintedFiles.push(...part.lintedFiles);
  report.checked.services += part.checked.services;
  report.checked.functions += part.checked.functions;
  return part.results;
}
