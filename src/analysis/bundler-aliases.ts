import * as path from 'node:path';
import { getPath, type CfgValue } from '../config/tree.js';
import { isInside, type FileSystem } from '../fs.js';
import { readProgramConfig } from '../program-config/static.js';
import { parseJsonc } from './parsers/jsonc.js';
import { ancestors, isJsonObject, stringItems, type JsonObject } from './repo-files.js';

/** One alias rule: `key` (and `key/…` unless `exact`) is replaced by each of `targets` (absolute paths or bare specifiers). */
export interface Alias {
  key: string;
  exact: boolean;
  targets: string[];
}

/** What a bundler config adds to resolution: aliases, then folders searched for bare specifiers. */
export interface BundlerResolve {
  aliases: Alias[];
  /** Folders a bare specifier is looked up in (webpack `resolve.modules` and babel `root` entries). */
  moduleDirs: string[];
}

const WEBPACK_CONFIGS = ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.ts'];
const BABEL_JSON_CONFIGS = ['.babelrc', '.babelrc.json', 'babel.config.json'];
const BABEL_JS_CONFIGS = ['babel.config.js', 'babel.config.cjs', 'babel.config.mjs', '.babelrc.js', '.babelrc.cjs'];
const MODULE_RESOLVER = new Set(['module-resolver', 'babel-plugin-module-resolver']);

/**
 * The resolve options of the project's bundler, read as data, never run: webpack's
 * `resolve.alias` / `resolve.modules` and babel-plugin-module-resolver's `alias` / `root`, from
 * the nearest config of each kind at or above a folder (within the root). Values written as
 * literals or as `path.resolve(__dirname, …)` are known; anything computed is left out, so its
 * imports stay what they were (packages, whose values are unknown). Each config is read once.
 */
export class BundlerConfigs {
  private readonly byFile = new Map<string, BundlerResolve | undefined>();
  private readonly byDir = new Map<string, BundlerResolve[]>();
  /** esbuild aliases a service config sets (serverless-esbuild's `custom.esbuild.alias`), by service folder. */
  private readonly serviceAliases = new Map<string, BundlerResolve>();

  constructor(
    private readonly fs: FileSystem,
    private readonly repoRoot: string,
  ) {}

  /**
   * esbuild's `alias` from `custom.esbuild` (serverless-esbuild 1.57.2 hands every option it does
   * not know to esbuild): keys match a package name and its subpaths; relative targets are from the
   * service folder, where the build runs. They apply to the files below `serviceDir`.
   */
  addServiceAliases(serviceDir: string, alias: JsonObject): void {
    const aliases = Object.entries(alias).map(([key, value]) => ({ key, exact: false, targets: strings(value).map((t) => target(t, serviceDir)) }));
    this.serviceAliases.set(serviceDir, confined({ aliases, moduleDirs: [] }, this.repoRoot));
    this.byDir.clear();
  }

  /** The webpack, babel and esbuild settings that apply to files in `dir`, nearest config of each kind. */
  forDir(dir: string): BundlerResolve[] {
    let found = this.byDir.get(dir);
    if (!found) {
      // Reading a JS config resolves its own imports through here: it sees no aliases while it is read.
      this.byDir.set(dir, []);
      const dirs = ancestors(dir, this.repoRoot);
      const nearest = (names: string[]) => dirs.flatMap((d) => names.map((n) => path.join(d, n))).find((f) => this.fs.isFile(f));
      const webpack = nearest(WEBPACK_CONFIGS);
      const babel = nearest([...BABEL_JSON_CONFIGS, ...BABEL_JS_CONFIGS]);
      const service = dirs.map((d) => this.serviceAliases.get(d)).find((r) => r !== undefined);
      found = [webpack && this.read(webpack, webpackResolve), babel && this.read(babel, babelResolve), service].filter(
        (r): r is BundlerResolve => r !== undefined,
      );
      this.byDir.set(dir, found);
    }
    return found;
  }

  private read(file: string, extract: (config: JsonObject, dir: string) => BundlerResolve): BundlerResolve | undefined {
    if (!this.byFile.has(file)) {
      this.byFile.set(file, undefined);
      const config = this.configValue(file);
      const r = config && extract(config, path.dirname(file));
      this.byFile.set(file, r && confined(r, this.repoRoot));
    }
    return this.byFile.get(file);
  }

  /** A JSON config parsed as JSON with comments; a JS one read statically, as a program config is. */
  private configValue(file: string): JsonObject | undefined {
    let json: unknown;
    if (BABEL_JSON_CONFIGS.includes(path.basename(file))) {
      const text = this.fs.read(file);
      json = text === undefined ? undefined : parseJsonc(text);
    } else {
      const read = readProgramConfig(this.fs, file, this.repoRoot);
      json = read.ok ? toJson(read.value) : undefined;
    }
    return isJsonObject(json) ? json : undefined;
  }
}

/** The settings without targets beyond the root (never read). */
function confined(r: BundlerResolve, repoRoot: string): BundlerResolve {
  const inside = (p: string) => !path.isAbsolute(p) || isInside(repoRoot, p);
  return {
    aliases: r.aliases.map((a) => ({ ...a, targets: a.targets.filter(inside) })).filter((a) => a.targets.length > 0),
    moduleDirs: r.moduleDirs.filter(inside),
  };
}

/** webpack's `resolve`: `alias` keys match the specifier or its prefix (`key$` only exactly); `modules` are searched in order. */
function webpackResolve(config: JsonObject, dir: string): BundlerResolve {
  const resolve = isJsonObject(config.resolve) ? config.resolve : {};
  const aliases = Object.entries(isJsonObject(resolve.alias) ? resolve.alias : {}).map(([key, value]) => {
    const exact = key.endsWith('$');
    return { key: exact ? key.slice(0, -1) : key, exact, targets: strings(value).map((t) => target(t, dir)) };
  });
  const modules = strings(resolve.modules).filter((m) => m !== 'node_modules');
  return { aliases, moduleDirs: modules.map((m) => path.resolve(dir, m)) };
}

/**
 * babel-plugin-module-resolver's options (5.0.3, lib/normalizeOptions.js): `alias` keys match the
 * specifier or its prefix, keys starting with `^` or ending with `$` are regular expressions (left
 * out); `root` folders are searched for any specifier. Relative paths are from its `cwd`, which
 * is where the build runs: taken as the config's folder.
 */
function babelResolve(config: JsonObject, dir: string): BundlerResolve {
  const plugins: unknown[] = Array.isArray(config.plugins) ? config.plugins : [];
  for (const plugin of plugins) {
    const [name, options] = Array.isArray(plugin) ? (plugin as unknown[]) : [plugin];
    if (typeof name !== 'string' || !MODULE_RESOLVER.has(name) || !isJsonObject(options)) continue;
    const aliases = Object.entries(isJsonObject(options.alias) ? options.alias : {})
      .filter(([key]) => !key.startsWith('^') && !key.endsWith('$'))
      .map(([key, value]) => ({ key, exact: false, targets: strings(value).map((t) => target(t, dir)) }));
    return { aliases, moduleDirs: strings(options.root).map((r) => path.resolve(dir, r)) };
  }
  return { aliases: [], moduleDirs: [] };
}

/** A path target made absolute against the config's folder; a bare specifier stays one. */
function target(value: string, dir: string): string {
  return value.startsWith('.') || path.isAbsolute(value) ? path.resolve(dir, value) : value;
}

/** A string, or the strings of a list. */
function strings(v: unknown): string[] {
  return typeof v === 'string' ? [v] : stringItems(v);
}

/** Where the aliases send a specifier (absolute paths or other specifiers), the longest matching key first. */
export function aliasedSpecifiers(configs: BundlerResolve[], specifier: string): string[] {
  const matches: { targets: string[]; keyLength: number }[] = [];
  for (const c of configs) {
    for (const a of c.aliases) {
      const rest = specifier === a.key ? '' : !a.exact && specifier.startsWith(`${a.key}/`) ? specifier.slice(a.key.length) : undefined;
      if (rest !== undefined) matches.push({ targets: a.targets.map((t) => t + rest), keyLength: a.key.length });
    }
  }
  return matches.sort((a, b) => b.keyLength - a.keyLength).flatMap((m) => m.targets);
}

/** serverless-esbuild's `custom.esbuild.alias` of a service config, its known entries. */
export function esbuildAlias(config: CfgValue): JsonObject | undefined {
  const alias = getPath(config, 'custom', 'esbuild', 'alias');
  const json = alias && toJson(alias);
  return isJsonObject(json) ? json : undefined;
}

/** A statically read value as JSON; what cannot be known is left out. */
function toJson(v: CfgValue): unknown {
  if (v.kind === 'scalar') return v.value;
  if (v.kind === 'seq') return v.items.map(toJson).filter((i) => i !== undefined);
  if (v.kind === 'map') return Object.fromEntries(v.entries.map((e) => [e.key, toJson(e.value)]).filter(([, value]) => value !== undefined));
  return undefined;
}
