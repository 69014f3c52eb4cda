import * as path from 'node:path';
import { cachedFileSystem } from './cached-fs.js';
import { discoverConfigs, findRepoRoot } from './discover.js';
import { fixService } from './fix.js';
import type { FileSystem } from './fs.js';
import { lintService, type LintOptions, type RuleLevel } from './lint.js';
import { emptyFileResult, emptyReport, mergeFileResults, toFileResults, type FileResult, type RunReport } from './results.js';
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
  const report = emptyReport();
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
      try {
        perService.push(...serviceResults(configFile, lintOptions, options.fix, report));
      } catch (error) {
        // A crash outside rules and handler analysis loses this service's results, not the run's.
        report.internalErrors.push({ where: 'the service', file: configFile, error });
      }
    }
  }
  if (found === 0) throw new NoConfigError(`no serverless.yml, serverless.yaml or serverless.json found in ${options.paths.join(', ')}`);
  report.results = mergeFileResults(perService);
  return report;
}

/**
 * One service's results, its incomplete functions and internal errors added to the report. With
 * `fix`, each fixed file's result carries its new text in `output`, and the report gets the
 * original texts and the fixes dropped for not parsing. Every file is read once for the service
 * (one snapshot): all fix passes and the originals see the same text, which is what --fix checks
 * the disk against before writing.
 */
function serviceResults(configFile: string, lintOptions: LintOptions, fix: boolean, report: RunReport): FileResult[] {
  const options = { ...lintOptions, fs: cachedFileSystem(lintOptions.fs) };
  if (!fix) {
    const lint = lintService(configFile, options);
    report.incomplete.push(...lint.incomplete.map((i) => ({ ...i, configFile })));
    report.internalErrors.push(...lint.internalErrors);
    return toFileResults(lint.diagnostics, lint.source);
  }
  const outcome = fixService(configFile, options);
  report.internalErrors.push(...outcome.result.internalErrors);
  const results = toFileResults(outcome.result.diagnostics, outcome.result.source);
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
  report.incomplete.push(...outcome.result.incomplete.map((i) => ({ ...i, configFile })));
  report.droppedFixes.push(...outcome.dropped.map((d) => ({ file: d.file, description: d.fix.description, reason: d.reason })));
  return results;
}
