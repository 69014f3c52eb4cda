import * as path from 'node:path';
import { discoverConfigs, findRepoRoot } from './discover.js';
import { fixService } from './fix.js';
import type { FileSystem } from './fs.js';
import { lintService, type LintOptions, type RuleLevel } from './lint.js';
import { emptyFileResult, mergeFileResults, toFileResults, type FileResult, type RunReport } from './results.js';
import { loadSettings } from './settings.js';

export interface RunOptions {
  /** Absolute paths: config files, service folders or repositories. */
  paths: string[];
  fs: FileSystem;
  fix: boolean;
  stage?: string;
  region?: string;
  env: Record<string, string | undefined>;
  /** Levels that override the settings file. */
  rules?: Record<string, RuleLevel>;
}

export class NoConfigError extends Error {}

/** Lints (and with `fix`, fixes in memory) every service below the given paths. Writes nothing. */
export function run(options: RunOptions): RunReport {
  const report: RunReport = { results: [], incomplete: [], skipped: [], notes: [], originals: new Map(), droppedFixes: [] };
  const perService: FileResult[] = [];
  let found = 0;
  for (const target of options.paths) {
    const { configs, programConfigs } = discoverConfigs(options.fs, target);
    report.skipped.push(...programConfigs);
    found += configs.length + programConfigs.length;
    const start = options.fs.isFile(target) ? path.dirname(target) : target;
    const repoRoot = findRepoRoot(options.fs, start);
    for (const configFile of configs) {
      const settings = loadSettings(options.fs, path.dirname(configFile), repoRoot);
      const lintOptions = {
        fs: options.fs, repoRoot, stage: options.stage, region: options.region, env: options.env,
        rules: { ...settings.rules, ...options.rules },
      };
      perService.push(...serviceResults(configFile, lintOptions, options.fix, report));
    }
  }
  if (found === 0) throw new NoConfigError(`no serverless.yml, serverless.yaml or serverless.json found in ${options.paths.join(', ')}`);
  report.results = mergeFileResults(perService);
  // A `${file()}` shared by several services is noted once.
  report.notes = [...new Map(report.notes.map((n) => [`${n.file}\0${n.message}`, n])).values()];
  return report;
}

/**
 * One service's results, its incomplete functions added to the report. With `fix`, each fixed
 * file's result carries its new text in `output`, and the report gets the original texts and the
 * fixes dropped for not parsing.
 */
function serviceResults(configFile: string, options: LintOptions, fix: boolean, report: RunReport): FileResult[] {
  if (!fix) {
    const lint = lintService(configFile, options);
    report.incomplete.push(...lint.incomplete.map((i) => ({ ...i, configFile })));
    report.notes.push(...lint.notes);
    return toFileResults(lint.diagnostics, lint.source);
  }
  const outcome = fixService(configFile, options);
  const results = toFileResults(outcome.result.diagnostics, outcome.result.source);
  for (const [file, text] of outcome.outputs) {
    report.originals.set(file, options.fs.read(file) ?? '');
    let r = results.find((x) => x.filePath === file);
    if (!r) {
      r = emptyFileResult(file);
      results.push(r);
    }
    r.output = text;
  }
  report.incomplete.push(...outcome.result.incomplete.map((i) => ({ ...i, configFile })));
  report.notes.push(...outcome.result.notes);
  report.droppedFixes.push(...outcome.dropped.map((d) => ({ file: d.file, description: d.fix.description, reason: d.reason })));
  return results;
}
