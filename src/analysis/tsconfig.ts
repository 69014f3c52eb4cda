import * as path from 'node:path';
import { isInside, type FileSystem } from '../fs.js';
import { parseJsonc } from './parsers/jsonc.js';
import { isJsonObject, stringItems, type JsonObject } from './repo-files.js';

/** The compiler options that decide where imports and build output lead, as absolute paths. */
export interface TsConfig {
  file: string;
  baseUrl?: string;
  /** `paths` patterns and the directory their substitutions are relative to (`baseUrl`, else the config that set `paths`). */
  paths?: { patterns: Record<string, string[]>; base: string };
  outDir?: string;
  rootDir?: string;
  /** The common directory of the `include` patterns: where tsc's inferred rootDir usually is. */
  includeRoot?: string;
}

/** Config file names looked for in each directory, in order (esbuild reads jsconfig.json like tsconfig.json). */
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** `extends` chains longer than this are cut (they are cycles in practice). */
const MAX_EXTENDS_DEPTH = 16;

interface Options {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** The directory of the config that set `paths`. */
  pathsDir?: string;
  outDir?: string;
  rootDir?: string;
  includeRoot?: string;
}

/** The tsconfig files of a repository, each read and merged with its `extends` chain once. */
export class TsConfigs {
  private readonly inDirs = new Map<string, TsConfig | undefined>();
  private readonly nearestOf = new Map<string, TsConfig | undefined>();

  constructor(
    private readonly fs: FileSystem,
    private readonly repoRoot: string,
  ) {}

  /**
   * The config TypeScript (and esbuild) would use for a file in `dir`: the nearest one in `dir`
   * or above it, up to the repository root. Undefined when there is none or it does not parse.
   */
  nearest(dir: string): TsConfig | undefined {
    if (!this.nearestOf.has(dir)) this.nearestOf.set(dir, this.findNearest(dir));
    return this.nearestOf.get(dir);
  }

  private findNearest(dir: string): TsConfig | undefined {
    if (!isInside(this.repoRoot, dir)) return undefined;
    if (this.configFile(dir) !== undefined) return this.inDir(dir);
    const parent = path.dirname(dir);
    return parent === dir ? undefined : this.nearest(parent);
  }

  /** The config file of `dir` itself, loaded. */
  inDir(dir: string): TsConfig | undefined {
    if (!this.inDirs.has(dir)) {
      const file = this.configFile(dir);
      const options = file === undefined ? undefined : this.options(file, dir, 0);
      this.inDirs.set(dir, options && file ? finish(file, options) : undefined);
    }
    return this.inDirs.get(dir);
  }

  private configFile(dir: string): string | undefined {
    return CONFIG_NAMES.map((n) => path.join(dir, n)).find((f) => this.fs.isFile(f));
  }

  /** The options of `file` over those of what it extends; `leafDir` is what `${configDir}` stands for. */
  private options(file: string, leafDir: string, depth: number): Options | undefined {
    const raw = this.readJsonc(file);
    if (!raw) return undefined;
    const dir = path.dirname(file);
    let merged: Options = {};
    if (depth < MAX_EXTENDS_DEPTH) {
      const bases = typeof raw.extends === 'string' ? [raw.extends] : stringItems(raw.extends);
      for (const spec of bases) {
        // A package (`@tsconfig/node20`) lives in node_modules, which is not read: its options stay unknown.
        const base = this.extendsFile(dir, spec);
        const inherited = base && this.options(base, leafDir, depth + 1);
        if (inherited) merged = { ...merged, ...inherited };
      }
    }
    return { ...merged, ...ownOptions(raw, dir, leafDir) };
  }

  /** A relative or absolute `extends` target, with TypeScript's implied `.json`. */
  private extendsFile(dir: string, spec: string): string | undefined {
    if (!spec.startsWith('.') && !path.isAbsolute(spec)) return undefined;
    const target = path.resolve(dir, spec);
    const candidates = target.endsWith('.json') ? [target] : [target, `${target}.json`];
    return candidates.find((f) => isInside(this.repoRoot, f) && this.fs.isFile(f));
  }

  /** tsconfig is JSON with comments and trailing commas. */
  private readJsonc(file: string): JsonObject | undefined {
    const text = this.fs.read(file);
    const config = text === undefined ? undefined : parseJsonc(text);
    return isJsonObject(config) ? config : undefined;
  }
}

function finish(file: string, o: Options): TsConfig {
  const config: TsConfig = { file };
  if (o.baseUrl !== undefined) config.baseUrl = o.baseUrl;
  const pathsBase = o.baseUrl ?? o.pathsDir;
  if (o.paths && pathsBase !== undefined) config.paths = { patterns: o.paths, base: pathsBase };
  if (o.outDir !== undefined) config.outDir = o.outDir;
  if (o.rootDir !== undefined) config.rootDir = o.rootDir;
  if (o.includeRoot !== undefined) config.includeRoot = o.includeRoot;
  return config;
}

/** The options one config file sets itself, its relative paths made absolute against its own directory. */
function ownOptions(raw: JsonObject, dir: string, leafDir: string): Options {
  const out: Options = {};
  const co = isJsonObject(raw.compilerOptions) ? raw.compilerOptions : {};
  const abs = (v: string) => path.resolve(dir, withConfigDir(v, leafDir));
  if (typeof co.baseUrl === 'string') out.baseUrl = abs(co.baseUrl);
  if (typeof co.outDir === 'string') out.outDir = abs(co.outDir);
  if (typeof co.rootDir === 'string') out.rootDir = abs(co.rootDir);
  if (isJsonObject(co.paths)) {
    out.paths = Object.fromEntries(Object.entries(co.paths).map(([k, v]) => [k, stringItems(v).map((s) => withConfigDir(s, leafDir))]));
    out.pathsDir = dir;
  }
  const include = stringItems(raw.include);
  if (include.length > 0) out.includeRoot = commonDir(include.map((p) => abs(literalPrefix(p))));
  return out;
}

/** TypeScript 5.5's `${configDir}` prefix: the directory of the config in use, whichever file of the chain says it. */
function withConfigDir(value: string, leafDir: string): string {
  return value.startsWith('${configDir}') ? leafDir + value.slice('${configDir}'.length) : value;
}

/** The directory part of a glob before its first wildcard: `src/**\/*.ts` → `src`. */
function literalPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const wild = segments.findIndex((s) => /[*?{[]/.test(s));
  const literal = wild === -1 ? segments : segments.slice(0, wild);
  // `src/index.ts` names a file: its directory is the root.
  if (wild === -1 && path.extname(literal[literal.length - 1] ?? '') !== '') literal.pop();
  return literal.join('/') || '.';
}

function commonDir(dirs: string[]): string {
  return dirs.reduce((a, b) => {
    let d = a;
    while (!isInside(d, b)) d = path.dirname(d);
    return d;
  });
}

/**
 * Where `paths` and `baseUrl` send a bare specifier, in the order TypeScript tries them: the
 * substitutions of the matching pattern (an exact key, else the `*` pattern with the longest
 * prefix), then the specifier under `baseUrl`.
 */
export function aliasTargets(config: TsConfig, specifier: string): string[] {
  const out: string[] = [];
  if (config.paths) {
    const { patterns, base } = config.paths;
    let best: { subs: string[]; star: string; prefix: number } | undefined;
    for (const [key, subs] of Object.entries(patterns)) {
      if (key === specifier) {
        best = { subs, star: '', prefix: Infinity };
        break;
      }
      const star = key.indexOf('*');
      if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      const fits = specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
      if (fits && (!best || prefix.length > best.prefix)) {
        best = { subs, star: specifier.slice(prefix.length, specifier.length - suffix.length), prefix: prefix.length };
      }
    }
    for (const sub of best?.subs ?? []) out.push(path.resolve(base, sub.replace('*', best!.star)));
  }
  if (config.baseUrl !== undefined) out.push(path.resolve(config.baseUrl, specifier));
  return out;
}

/**
 * The source paths (without extension) tsc compiles into an output path (without extension):
 * `<outDir>/x` comes from `<rootDir>/x`. Without `rootDir` tsc infers the sources' common
 * directory, approximated by `include`'s, else the config's directory or its `src`.
 * Empty when the path is not under `outDir`.
 */
export function sourceBasesOf(config: TsConfig, outputBase: string): string[] {
  const { outDir } = config;
  if (outDir === undefined || outDir === outputBase || !isInside(outDir, outputBase)) return [];
  const rel = path.relative(outDir, outputBase);
  const configDir = path.dirname(config.file);
  const roots =
    config.rootDir !== undefined ? [config.rootDir] : config.includeRoot !== undefined ? [config.includeRoot] : [configDir, path.join(configDir, 'src')];
  return roots.filter((r) => r !== outDir).map((r) => path.join(r, rel));
}
