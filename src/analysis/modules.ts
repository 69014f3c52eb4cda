import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import { isInside, type FileSystem } from '../fs.js';
import { BundlerConfigs, aliasedSpecifiers } from './bundler-aliases.js';
import { FolderIndex } from './folder-index.js';
import { ancestors, isJsonObject, readPackageJson, type JsonObject } from './repo-files.js';
import { TsConfigs, aliasTargets, sourceBasesOf } from './tsconfig.js';
import { Workspaces, splitPackageSpecifier } from './workspaces.js';

/** Where an import / require specifier leads. */
export type Resolution =
  /** `guessed`: a bare specifier no package answers, read from the one folder that provides it. */
  | { kind: 'file'; path: string; guessed?: true }
  /** A bare specifier (`@middy/core`, `node:fs`) that is not repository code: not read, left to library models. */
  | { kind: 'package'; specifier: string }
  /** Repository code that cannot be found: its value is unknown. */
  | { kind: 'missing' }
  /** The specifier leads out of the repository root: never read. */
  | { kind: 'outside-root'; path: string }
  /** A bare specifier that several folders provide (`folders`, absolute): which one the build means is unknown. */
  | { kind: 'ambiguous'; folders: string[] };

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];
const TS_SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** A package entry's extension → what it is compiled from, source first (`.d.ts` entries come from `.ts`). */
const OUTPUT_EXTENSIONS: [string, string[]][] = [
  ['.d.ts', ['.ts', '.tsx']],
  ['.d.mts', ['.mts']],
  ['.d.cts', ['.cts']],
  ['.js', ['.ts', '.tsx', '.js', '.jsx']],
  ['.jsx', ['.tsx', '.jsx']],
  ['.mjs', ['.mts', '.mjs']],
  ['.cjs', ['.cts', '.cjs']],
];

/** Build folders of packages whose sources conventionally sit in `src/` (`dist/index.js` ← `src/index.ts`). */
const PACKAGE_OUTPUT_DIRS = new Set(['dist', 'build']);

/** An alias whose target is itself aliased is followed this many times (a cycle stops there). */
const MAX_ALIAS_HOPS = 4;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** A bare specifier resolved to the one folder that provides it, for `--verbose`. */
export interface GuessedImport {
  file: string;
  specifier: string;
  path: string;
}

/** Declaration files hold types, no values: resolving to one would invent exports. */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

function isTypeScriptFile(file: string): boolean {
  return TS_EXTENSIONS.includes(path.extname(file));
}

/**
 * Resolves specifiers the way the project's build does (tsc / esbuild / webpack / babel with the
 * project's configs), without running anything: relative paths; package.json `imports` (`#lib/x`);
 * tsconfig `paths` and `baseUrl`; webpack and babel-plugin-module-resolver aliases; packages of
 * the repository's own workspaces (standing in for the node_modules links a package manager
 * makes); webpack `resolve.modules` and module-resolver `root` folders; package.json entry points
 * mapped back to their sources. A bare specifier no installed or declared package answers is read
 * from the one folder of the package, else of the repository, that provides it (`utils/response`
 * → `src/utils/response.js`). Anything else is a package. One resolver per lint run: configs and
 * indexes are read once, answers are memoised.
 */
export class ModuleResolver {
  readonly tsconfigs: TsConfigs;
  private readonly workspaces: Workspaces;
  private readonly bundlers: BundlerConfigs;
  private readonly folders: FolderIndex;
  private readonly memo = new Map<string, Resolution>();
  private readonly guesses = new Map<string, GuessedImport>();

  constructor(
    private readonly fs: FileSystem,
    private readonly repoRoot: string,
  ) {
    this.tsconfigs = new TsConfigs(fs, repoRoot);
    this.workspaces = new Workspaces(fs, repoRoot);
    this.bundlers = new BundlerConfigs(fs, repoRoot);
    this.folders = new FolderIndex(fs);
  }

  /** esbuild aliases of a service (`custom.esbuild.alias`) for the files below its folder. */
  addServiceAliases(serviceDir: string, alias: JsonObject): void {
    this.bundlers.addServiceAliases(serviceDir, alias);
    this.memo.clear();
  }

  /** The bare specifiers resolved to the one folder providing them so far, by importing file. */
  guessed(): GuessedImport[] {
    return [...this.guesses.values()];
  }

  resolve(fromFile: string, specifier: string): Resolution {
    // A TypeScript importer prefers TypeScript files and a JavaScript importer JavaScript files,
    // so mixed source/output trees stay on the importer's side.
    const ts = isTypeScriptFile(fromFile);
    const fromDir = path.dirname(fromFile);
    const key = `${fromDir}\0${ts}\0${specifier}`;
    let r = this.memo.get(key);
    if (!r) this.memo.set(key, (r = this.compute(fromDir, specifier, ts, 0)));
    if (r.kind === 'file' && r.guessed) this.guesses.set(`${fromFile}\0${specifier}`, { file: fromFile, specifier, path: r.path });
    return r;
  }

  private compute(fromDir: string, specifier: string, ts: boolean, hops: number): Resolution {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) return this.resolvePath(path.resolve(fromDir, specifier), ts);
    if (specifier.startsWith('node:')) return { kind: 'package', specifier };
    const imported = specifier.startsWith('#') ? this.packageImport(fromDir, specifier, ts) : undefined;
    if (imported && imported.kind !== 'missing') return imported;
    const config = this.tsconfigs.nearest(fromDir);
    for (const target of config ? aliasTargets(config, specifier) : []) {
      const r = this.resolvePath(target, ts);
      if (r.kind !== 'missing') return r;
    }
    const bundlers = this.bundlers.forDir(fromDir);
    for (const target of aliasedSpecifiers(bundlers, specifier)) {
      // An alias to another package (`lodash` → `lodash-es`) is resolved as that specifier.
      const r = path.isAbsolute(target) ? this.resolvePath(target, ts) : hops < MAX_ALIAS_HOPS ? this.compute(fromDir, target, ts, hops + 1) : undefined;
      if (r && r.kind !== 'missing') return r;
    }
    const { name, subpath } = splitPackageSpecifier(specifier);
    const dir = this.workspaces.packageDir(fromDir, name);
    if (dir !== undefined) {
      const found = subpath === '.' ? this.directoryEntry(dir, ts) : this.packageEntry(dir, subpath, ts);
      return found ? { kind: 'file', path: found } : { kind: 'missing' };
    }
    for (const moduleDir of bundlers.flatMap((b) => b.moduleDirs)) {
      const r = this.resolvePath(path.join(moduleDir, specifier), ts);
      if (r.kind === 'file') return r;
    }
    // An unmapped `#` specifier is a broken import, never a package.
    return imported ?? this.providingFolder(fromDir, specifier, ts) ?? { kind: 'package', specifier };
  }

  /** package.json `imports` of the package the importer belongs to: `#lib/x` mapped like an `exports` subpath. */
  private packageImport(fromDir: string, specifier: string, ts: boolean): Resolution {
    const dir = ancestors(fromDir, this.repoRoot).find((d) => this.fs.isFile(path.join(d, 'package.json')));
    const pkg = dir === undefined ? undefined : readPackageJson(this.fs, dir);
    if (dir === undefined || !pkg) return { kind: 'missing' };
    for (const target of subpathTargets(pkg.imports, specifier, '#')) {
      if (!target.startsWith('.')) return this.compute(fromDir, target, ts, MAX_ALIAS_HOPS);
      const found = this.entrySource(dir, target, false, ts);
      if (found) return { kind: 'file', path: found };
    }
    return { kind: 'missing' };
  }

  /**
   * A bare specifier into a folder (`utils/response`, never a lone name, which is a package in all
   * likelihood) that names no built-in module and no package installed (node_modules) or declared
   * (package.json) above the importer, which exactly one folder of the importer's package
   * provides, else exactly one folder of the repository: the file there. Two candidates leave it
   * ambiguous (unknown), as the build would need a setting cors-lint cannot see.
   */
  private providingFolder(fromDir: string, specifier: string, ts: boolean): Resolution | undefined {
    const { name } = splitPackageSpecifier(specifier);
    if (!specifier.includes('/') || name.startsWith('@') || isBuiltin(name) || this.isPackage(fromDir, name)) return undefined;
    const packageDir = ancestors(fromDir, this.repoRoot).find((d) => this.fs.isFile(path.join(d, 'package.json')));
    const [first] = specifier.split('/');
    for (const scope of new Set([packageDir ?? this.repoRoot, this.repoRoot])) {
      // Each file found, with the folder providing it (`src/helpers` for `helpers/page`).
      const files = new Map<string, string>();
      for (const dir of this.folders.providers(scope, first)) {
        const r = this.resolvePath(path.join(dir, specifier), ts);
        if (r.kind === 'file') files.set(r.path, path.join(dir, first));
      }
      if (files.size === 1) return { kind: 'file', path: [...files.keys()][0], guessed: true };
      if (files.size > 1) return { kind: 'ambiguous', folders: [...new Set(files.values())].sort() };
    }
    return undefined;
  }

  private isPackage(fromDir: string, name: string): boolean {
    return ancestors(fromDir, this.repoRoot).some((d) => {
      if (this.fs.isDirectory(path.join(d, 'node_modules', name))) return true;
      const pkg = readPackageJson(this.fs, d);
      return !!pkg && DEPENDENCY_FIELDS.some((f) => isJsonObject(pkg[f]) && name in pkg[f]);
    });
  }

  /**
   * Like Node and TypeScript's bundler resolution: the exact file, then a `.js`-style
   * specifier's TypeScript source (`./x.js` written in TS means `./x.ts`), then the path plus
   * each extension, then a directory's package.json entry point or `index.*`.
   */
  private resolvePath(target: string, ts: boolean): Resolution {
    if (!isInside(this.repoRoot, target)) return { kind: 'outside-root', path: target };
    const found = this.firstFile(this.fileForms(target, ts)) ?? (this.fs.isDirectory(target) ? this.directoryEntry(target, ts) : undefined);
    return found ? { kind: 'file', path: found } : { kind: 'missing' };
  }

  private fileForms(target: string, ts: boolean): string[] {
    const ext = path.extname(target);
    const tsSources = (TS_SOURCE_OF[ext] ?? []).map((e) => target.slice(0, -ext.length) + e);
    return [...(ts ? [...tsSources, target] : [target, ...tsSources]), ...extensionsFor(ts).map((e) => target + e)];
  }

  private indexForms(dir: string, ts: boolean): string[] {
    return extensionsFor(ts).map((e) => path.join(dir, `index${e}`));
  }

  private directoryEntry(dir: string, ts: boolean): string | undefined {
    return this.packageEntry(dir, '.', ts) ?? this.firstFile(this.indexForms(dir, ts));
  }

  /**
   * The source file behind a local package's entry point (`.`) or subpath (`./utils`): the
   * targets of `source`, `exports`, `main`, `module` and `types` for `.`; of `exports` (or the
   * path itself when there is none) for a subpath. Each target is mapped back from build output
   * to source first (see `entrySource`).
   */
  private packageEntry(dir: string, subpath: string, ts: boolean): string | undefined {
    const pkg = readPackageJson(this.fs, dir);
    if (!pkg) return undefined;
    const targets =
      subpath === '.'
        ? [pkg.source, ...subpathTargets(pkg.exports, '.', '.'), pkg.main, pkg.module, pkg.types, pkg.typings].filter((t): t is string => typeof t === 'string')
        : pkg.exports === undefined
          ? [subpath]
          : subpathTargets(pkg.exports, subpath, '.');
    for (const target of targets) {
      const found = this.entrySource(dir, target, subpath === '.', ts);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The file an entry target stands for, its source preferred over build output: through the
   * package's tsconfig `outDir` → `rootDir`, then `dist/x.js` → `src/x.ts` (and `src/index.ts`
   * for the main entry), then the target itself. Declaration files are never the answer.
   */
  private entrySource(dir: string, target: string, mainEntry: boolean, ts: boolean): string | undefined {
    const abs = path.resolve(dir, target);
    if (!isInside(this.repoRoot, abs)) return undefined;
    const [outExt, sourceExts] = OUTPUT_EXTENSIONS.find(([e]) => abs.endsWith(e)) ?? ['', TS_EXTENSIONS.concat(JS_EXTENSIONS)];
    const base = abs.slice(0, abs.length - outExt.length);
    const config = this.tsconfigs.nearest(dir);
    const bases = config ? sourceBasesOf(config, base) : [];
    const [top, ...rest] = path.relative(dir, base).split(path.sep);
    if (PACKAGE_OUTPUT_DIRS.has(top) && rest.length > 0) {
      bases.push(path.join(dir, 'src', ...rest));
      if (mainEntry) bases.push(path.join(dir, 'src', 'index'));
    }
    const sources = bases.filter((b) => isInside(this.repoRoot, b)).flatMap((b) => sourceExts.map((e) => b + e));
    return this.firstFile([...sources, ...this.fileForms(abs, ts), ...this.indexForms(abs, ts)]);
  }

  private firstFile(candidates: string[]): string | undefined {
    return candidates.find((c) => !DECLARATION_FILE.test(c) && this.fs.isFile(c));
  }
}

function extensionsFor(ts: boolean): string[] {
  return ts ? [...TS_EXTENSIONS, ...JS_EXTENSIONS, '.json'] : [...JS_EXTENSIONS, '.json', ...TS_EXTENSIONS];
}

/**
 * The string targets package.json `exports` (keys starting with `.`) or `imports` (keys starting
 * with `#`) gives a subpath, in the order written: a subpath key (exact, else the `*` pattern
 * with the longest prefix), then every condition's target (`import`, `require`, `types`,
 * `default` … all name builds of the same module).
 */
function subpathTargets(exports: unknown, subpath: string, keyStart: '.' | '#'): string[] {
  const isSubpathMap = isJsonObject(exports) && Object.keys(exports).some((k) => k.startsWith(keyStart));
  if (!isSubpathMap) return subpath === '.' ? conditionTargets(exports, '') : [];
  const map = exports;
  if (subpath in map) return conditionTargets(map[subpath], '');
  let best: { key: string; prefix: number; star: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    const fits = subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix);
    if (fits && (!best || star > best.prefix)) best = { key, prefix: star, star: subpath.slice(star, subpath.length - suffix.length) };
  }
  return best ? conditionTargets(map[best.key], best.star) : [];
}

function conditionTargets(value: unknown, star: string): string[] {
  if (typeof value === 'string') return [value.replaceAll('*', star)];
  if (Array.isArray(value)) return value.flatMap((v) => conditionTargets(v, star));
  if (isJsonObject(value)) return Object.values(value).flatMap((v) => conditionTargets(v, star));
  return [];
}

const resolvers = new WeakMap<FileSystem, Map<string, ModuleResolver>>();

/**
 * The resolver of a file system and root. A lint run reads through its own FileSystem object
 * (service.ts wraps one per run), so this is one resolver per run, shared by handler lookup
 * and the module graph without threading it through every constructor.
 */
export function moduleResolver(fs: FileSystem, repoRoot: string): ModuleResolver {
  let byRoot = resolvers.get(fs);
  if (!byRoot) resolvers.set(fs, (byRoot = new Map<string, ModuleResolver>()));
  let resolver = byRoot.get(repoRoot);
  if (!resolver) byRoot.set(repoRoot, (resolver = new ModuleResolver(fs, repoRoot)));
  return resolver;
}

/** What an ambiguous specifier's folders are, for a reason: `provided by two folders (src/helpers, lib/helpers)`. */
export function providedBy(folders: string[], repoRoot: string): string {
  const count = ['two', 'three'][folders.length - 2] ?? String(folders.length);
  return `provided by ${count} folders (${folders.map((f) => path.relative(repoRoot, f) || '.').join(', ')})`;
}

export function resolveImport(fs: FileSystem, fromFile: string, specifier: string, repoRoot: string): Resolution {
  return moduleResolver(fs, repoRoot).resolve(fromFile, specifier);
}
