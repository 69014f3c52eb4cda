import * as path from 'node:path';
import { addPart, serviceKey, type ServiceCache } from './cache.js';
import { cachedFileSystem } from './cached-fs.js';
import { fixService } from './fix.js';
import type { FileSystem } from './fs.js';
import { sortAndDedupe } from './diagnostic.js';
import { directiveDiagnostic, unusedDirectives, type DirectiveUse } from './directives/directives.js';
import { lintService, type LintOptions, type RuleLevel, type ServiceLint } from './lint.js';
import type { Rule } from './rule.js';
import { emptyFileResult, emptyRunReport, mergeFileResults, toFileResults, type FileResult, type RunReport } from './results.js';
import { SettingsFiles, type SettingsLookup } from './settings/files.js';
import { SettingsError } from './settings/validate.js';
import { matchesAny } from './settings/globs.js';
import { settingsFor } from './settings/resolve.js';
import { mergeStages } from './stages.js';
import type { ParsedConfigs } from './config/load.js';
import type { SiblingCache } from './siblings.js';
import { resolveTargets, type RootChoice } from './targets.js';

export interface RunOptions {
  /** Absolute paths: config files, service folders, repositories, or any file or folder of a service. */
  paths: string[];
  fs: FileSystem;
  fix: boolean;
  /** The rules to run (cors-lint's own: `rules` of rules/index.ts). */
  ruleSet: readonly Rule[];
  /** `--stage`, repeatable: each service is linted at every stage (with `fix`, at most one). */
  stages?: string[];
  region?: string;
  env: Record<string, string | undefined>;
  /** Levels that override the settings files. */
  rules?: Record<string, RuleLevel>;
  /** `-c` and `--no-config-lookup`. */
  settings?: SettingsLookup;
  /** False (`--no-inline-config`): `cors-lint-disable…` comments are ignored. */
  inlineConfig?: boolean;
  /** `--report-unused-disable-directives`: directives that silence nothing are errors. */
  reportUnusedDisableDirectives?: boolean;
  /** `--eval-config`: evaluate program configs (serverless.ts/.js) that cannot be read statically. */
  evalConfig?: boolean;
  /**
   * `--cache`: services whose files have not changed since the cache was written are not linted
   * again. Not used with `fix`, `reportUnusedDisableDirectives` (which need each directive's use)
   * or `evalConfig` (a program config may read anything).
   */
  cache?: ServiceCache;
  /** The working folder and `--root`: how the repository root is chosen outside git. */
  root?: RootChoice;
}

export class NoConfigError extends Error {}

/** Lints (and with `fix`, fixes in memory) every service the paths name. Writes nothing. */
export function run(options: RunOptions): RunReport {
  const report = emptyRunReport();
  const targets = resolveTargets(options.fs, options.paths, options.root);
  if (targets.services.length === 0 && targets.empty.length > 0) {
    throw new NoConfigError(`no serverless.yml, serverless.yaml or serverless.json found in or above ${targets.empty.join(', ')}`);
  }
  report.notes.push(...targets.notes, ...targets.empty.map((p) => ({ path: p, reason: 'no service in or above this folder' })));
  const settingsFiles = new SettingsFiles(options.fs, options.settings);
  const perService: FileResult[] = [];
  // Shared by every service: a module or include that many services reach is read (and stat'ed) once.
  const fs = cachedFileSystem(options.fs);
  const cache = options.fix || options.reportUnusedDisableDirectives || options.evalConfig ? undefined : options.cache;
  const directives = new DirectiveUses();
  // The repository's services as models, read once for every service that looks into its siblings.
  const siblings: SiblingCache = new Map();
  const parsedConfigs: ParsedConfigs = new Map();
  for (const { configFile, repoRoot } of targets.services) {
    const file = settingsFiles.forDir(path.dirname(configFile), repoRoot);
    if (file && matchesAny(file.settings.ignores ?? [], file.dir, configFile)) {
      report.notes.push({ path: configFile, reason: `ignored by ${file.file}` });
      continue;
    }
    const key = cache && serviceKey(configFile, file?.file, fs);
    const hit = key !== undefined ? cache!.lookup(key, fs, options.env) : undefined;
    if (hit) {
      perService.push(...addPart(report, hit));
      continue;
    }
    const recorder = key !== undefined ? cache!.recorder(fs, options.env) : undefined;
    const lintOptions: LintOptions = {
      fs: recorder?.fs ?? fs,
      ruleSet: options.ruleSet,
      repoRoot,
      region: options.region,
      env: recorder?.env ?? options.env,
      settings: settingsFor(settingsFiles, options.rules ?? {}, repoRoot),
      inlineConfig: options.inlineConfig,
      evalConfig: options.evalConfig,
      siblings,
      parsedConfigs,
    };
    try {
      if (!recorder) {
        perService.push(...serviceResults(configFile, lintOptions, options, report, directives));
        continue;
      }
      // Linted into a report of its own, which is stored unless cors-lint crashed on it.
      const part = emptyRunReport();
      const results = serviceResults(configFile, lintOptions, options, part, directives);
      const { incomplete, skipped, notes, checked, lintedFiles, internalErrors } = part;
      if (internalErrors.length === 0) recorder.store(key!, { results, incomplete, skipped, notes, checked, lintedFiles });
      report.internalErrors.push(...internalErrors);
      perService.push(...addPart(report, { results, incomplete, skipped, notes, checked, lintedFiles }));
    } catch (error) {
      // Bad settings stop the run (exit 2, as in ESLint); a crash outside rules and handler analysis
      // loses this service's results, not the run's.
      if (error instanceof SettingsError) throw error;
      report.internalErrors.push({ where: 'the service', file: configFile, error });
    }
  }
  if (options.reportUnusedDisableDirectives) perService.push(...directives.unused());
  report.results = mergeFileResults(perService);
  report.lintedFiles = [...new Set(report.lintedFiles)];
  // A `${file()}` shared by several services is noted once.
  report.notes = [...new Map(report.notes.map((n) => [`${n.path}\0${n.reason}`, n])).values()];
  return report;
}

/**
 * One service's results, its counts and incomplete functions added to the report. With `fix`,
 * each fixed file's result carries its new text in `output`, and the report gets the original
 * texts and the fixes dropped for not parsing. With several stages, the service is linted at each.
 * `options.fs` reads every file once per run (one snapshot): all fix passes and the originals see
 * the same text, which is what --fix checks the disk against before writing.
 */
function serviceResults(configFile: string, options: LintOptions, run: RunOptions, report: RunReport, directives: DirectiveUses): FileResult[] {
  const stages = run.stages?.length ? run.stages : [undefined];
  if (run.fix && stages.length > 1) throw new Error('fixes are made for one stage at a time');
  const outcome = run.fix ? fixService(configFile, { ...options, stage: stages[0] }) : undefined;
  const lints = outcome ? [outcome.result] : stages.map((stage) => lintService(configFile, { ...options, stage }));
  if (lints[0].unreadable) {
    report.skipped.push({ path: configFile, reason: lints[0].unreadable });
    return [];
  }
  report.checked.services++;
  report.checked.functions += new Set(lints.flatMap((l) => l.project.functions.map((f) => f.name))).size;
  const incomplete = new Map(lints.flatMap((l) => l.incomplete).map((i) => [`${i.functionName}\0${i.reason}`, { ...i, configFile }]));
  report.incomplete.push(...incomplete.values());
  for (const l of lints) {
    report.internalErrors.push(...l.internalErrors);
    report.lintedFiles.push(...l.files);
    report.notes.push(...l.notes);
    directives.add(l);
  }
  const diagnostics = lints.length === 1 ? lints[0].diagnostics : mergeStages(lints.map((l, i) => ({ stage: stages[i]!, diagnostics: l.diagnostics })));
  const results = toFileResults(diagnostics, (file) => lints.map((l) => l.source(file)).find(Boolean));
  if (!outcome) return results;
  for (const [file, text] of outcome.outputs) {
    report.originals.set(file, options.fs.read(file) ?? '');
    report.fixedBy.set(file, configFile);
    let r = results.find((x) => x.filePath === file);
    if (!r) {
      r = emptyFileResult(file);
      results.push(r);
    }
    r.output = text;
  }
  report.droppedFixes.push(...outcome.dropped.map((d) => ({ file: d.file, description: d.fix.description, reason: d.reason })));
  return results;
}

/** The inline directives every lint of the run read, for `--report-unused-disable-directives`. */
class DirectiveUses {
  private readonly uses: DirectiveUse[] = [];
  private readonly sources = new Map<string, ServiceLint['source']>();

  add(lint: ServiceLint): void {
    this.uses.push(...lint.directives);
    for (const u of lint.directives) if (!this.sources.has(u.directive.span.file)) this.sources.set(u.directive.span.file, lint.source);
  }

  unused(): FileResult[] {
    const diagnostics = unusedDirectives(this.uses).map((p) => directiveDiagnostic(p, 'unusedDirective'));
    return toFileResults(sortAndDedupe(diagnostics), (file) => this.sources.get(file)?.(file));
  }
}
