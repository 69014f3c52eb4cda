import * as path from 'node:path';
import { DEFAULT_PARSER, parserMissing, withParser } from './analysis/parsers/index.js';
import { CACHE_FILE, cacheKey, ServiceCache } from './cache.js';
import { diskFileSystem, type FileSystem } from './fs.js';
import { formatJson } from './format/json.js';
import type { RuleLevel } from './lint.js';
import type { Rule } from './rule.js';
import { rules as builtInRules } from '../rules/index.js';
import { packageInfo } from './package-info.js';
import type { FileResult, RunReport } from './results.js';
import { run } from './run.js';
import { applySuppressions, prune, readSuppressions, suppress, SUPPRESSIONS_FILE, type Suppressions } from './suppressions.js';
import { writeFixes } from './write-fixes.js';

/** Options of the Node API (`lint`, `fix`): the command line's, with the same defaults. Only `paths` is required. */
export interface CorsLintOptions {
  /** Files and folders, as on the command line (relative to `cwd`): configs, service folders, repositories, any file of a service. */
  paths: string[];
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** `--stage`: the stage for `${sls:stage}` and `${opt:stage}`; several lint each service at each (findings of only some say which). */
  stage?: string | string[];
  /** `--region`. */
  region?: string;
  /** For `${env:…}`; default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** `--rule`: levels that win over every settings file. */
  rules?: Record<string, RuleLevel>;
  /** The rules to run, instead of cors-lint's own (`rules` of the package): a chosen set, or yours added to them. */
  ruleSet?: readonly Rule[];
  /** `-c`: this settings file instead of looking for one (its globs are then relative to `cwd`, as in ESLint). */
  configFile?: string;
  /** False (`--no-config-lookup`): no settings file, no `custom.corsLint`. Default true. */
  configLookup?: boolean;
  /** False (`--no-inline-config`): ignore `cors-lint-disable…` comments. Default true. */
  inlineConfig?: boolean;
  /** `--report-unused-disable-directives`. */
  reportUnusedDisableDirectives?: boolean;
  /** `--eval-config`: evaluate serverless.ts/.js configs that cannot be read statically, as the framework does (runs their code). */
  evalConfig?: boolean;
  /** `--root`: the repository root (relative to `cwd`); default: the git top-level, else the nearest workspace root, else `cwd` when it holds every path. */
  root?: string;
  /** `--parser`: `oxc` (default) or `typescript-estree`, the reference (slower to load and to parse). */
  parser?: 'oxc' | 'typescript-estree';
  /** `--suppressions-location`: default `cors-lint-suppressions.json` in `cwd`, applied when it exists. */
  suppressionsLocation?: string;
  /** `--cache`: reuse the findings of services whose files did not change since the last run with it (cors-lint's own rules only). */
  cache?: boolean;
  /** `--cache-location`: the cache file (default `.cors-lint-cache` in `cwd`). */
  cacheLocation?: string;
}

/** What a run produced, with its suppressions bookkeeping (the CLI reports and writes it). */
export interface Execution {
  report: RunReport;
  /** Suppressed counts no linted file used any more (`--prune-suppressions` drops them). */
  unusedSuppressions: Suppressions;
  /** The suppressions file and its new text, when `suppress`/`prune` changed it. */
  suppressionsUpdate?: { file: string; suppressions: Suppressions };
}

export interface SuppressionsWork {
  /** `--suppress-all` (true) or `--suppress-rule` (the ids). */
  suppress?: true | string[];
  /** `--prune-suppressions`. */
  prune?: boolean;
}

/**
 * One run: lint (and with `fix`, fix in memory), then apply the suppressions file. Writes nothing;
 * the suppressions file's new content, if any, is returned. Files are read through `fs`.
 */
export function execute(options: CorsLintOptions, fix: boolean, work: SuppressionsWork = {}, fs: FileSystem = diskFileSystem): Execution {
  const cwd = options.cwd ?? process.cwd();
  const missing = options.parser && parserMissing(options.parser);
  if (missing) throw new Error(missing);
  const parser = options.parser ?? DEFAULT_PARSER;
  const stages = typeof options.stage === 'string' ? [options.stage] : options.stage;
  // The root decides which files may be read (a `${file()}` beyond it is unknown): part of the cache key.
  const root = { cwd, root: options.root && path.resolve(cwd, options.root) };
  const settings = { configFile: options.configFile && path.resolve(cwd, options.configFile), configBase: cwd, lookup: options.configLookup !== false };
  // Rules passed in are code the cache cannot tell apart: with them, nothing is cached.
  const cache =
    options.cache && !options.ruleSet && !fix
      ? new ServiceCache(
          path.resolve(cwd, options.cacheLocation ?? CACHE_FILE),
          cacheKey(packageInfo().version, [parser, stages, options.region, options.rules, settings, options.inlineConfig !== false, root]),
        )
      : undefined;
  const report = withParser(parser, () =>
    run({
      paths: options.paths.map((p) => path.resolve(cwd, p)),
      fs,
      fix,
      ruleSet: options.ruleSet ?? builtInRules,
      stages,
      region: options.region,
      env: options.env ?? process.env,
      rules: options.rules,
      settings,
      inlineConfig: options.inlineConfig,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      evalConfig: options.evalConfig,
      cache,
      root,
    }),
  );
  cache?.save();
  const file = path.resolve(cwd, options.suppressionsLocation ?? SUPPRESSIONS_FILE);
  if (!work.suppress && !work.prune && !fs.isFile(file)) return { report, unusedSuppressions: {} };
  let suppressions = readSuppressions(fs, file);
  let changed = false;
  if (work.suppress) {
    suppressions = suppress(suppressions, report.results, cwd, work.suppress === true ? undefined : work.suppress);
    changed = true;
  }
  if (work.prune) {
    suppressions = prune(suppressions, applySuppressions(report.results, suppressions, cwd, report.lintedFiles).unused);
    changed = true;
  }
  const applied = applySuppressions(report.results, suppressions, cwd, report.lintedFiles);
  return {
    report: { ...report, results: applied.results },
    unusedSuppressions: applied.unused,
    suppressionsUpdate: changed ? { file, suppressions } : undefined,
  };
}

/** What the `json` format prints, as data. */
function jsonResults(report: RunReport): FileResult[] {
  return JSON.parse(formatJson(report)) as FileResult[];
}

/**
 * Lints the services the paths name and returns what `cors-lint -f json` prints: ESLint-style
 * results, one per file with findings. Nothing is written.
 */
export function lint(options: CorsLintOptions): Promise<FileResult[]> {
  // Async as ESLint's API is (a later version may read files concurrently); what throws becomes a rejection.
  return new Promise((resolve) => resolve(jsonResults(execute(options, false).report)));
}

/**
 * Applies the safe fixes (as `cors-lint --fix`) and returns what `cors-lint --fix -f json` prints:
 * the findings left after fixing, and each changed file's new text in `output`. The changed files
 * are written (atomically) unless `dryRun` is true.
 */
export function fix(options: CorsLintOptions & { dryRun?: boolean }): Promise<FileResult[]> {
  return new Promise((resolve) => resolve(fixNow(options)));
}

function fixNow(options: CorsLintOptions & { dryRun?: boolean }): FileResult[] {
  const { report } = execute(options, true);
  if (!options.dryRun) {
    // As the CLI's exit 2: the files are written all together or not at all, and the reasons say why not.
    const written = writeFixes(report, options.cwd ?? process.cwd());
    if (!written.complete) throw new Error(written.messages.join('\n'));
  }
  return jsonResults(report);
}
