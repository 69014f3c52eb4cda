// The command line's work past --help and --version (src/cli.ts): lint, fix, print settings.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { isParserName, PARSER_NAMES, parserMissing } from './analysis/parsers/index.js';
import type { CommandLine } from './cli.js';
import { didYouMean } from './did-you-mean.js';
import { findRepoRoot } from './discover.js';
import { shouldColor } from './format/color.js';
import { FORMATS, isFormatName, isHumanFormat } from './format/index.js';
import { diskFileSystem } from './fs.js';
import type { RuleLevel } from './lint.js';
import { rules } from '../rules/index.js';
import { withMessages, type RunReport } from './results.js';
import { execute, type CorsLintOptions } from './api.js';
import { escapeText } from './format/escape.js';
import { describeInternalError } from './internal-error.js';
import { NoConfigError } from './run.js';
import { printableSettings } from './settings/print.js';
import { SettingsError } from './settings/validate.js';
import { serializeSuppressions, SuppressionsError } from './suppressions.js';
import { UsageError } from './usage-error.js';
import { writeFileAtomic } from './write.js';
import { writeFixes } from './write-fixes.js';

function ruleId(flag: string, id: string): string {
  const ids = rules.map((r) => r.meta.id);
  if (!ids.includes(id)) throw new UsageError(`${flag}: unknown rule "${id}"${didYouMean(id, ids)}`);
  return id;
}

function parseRuleFlags(values: string[]): Record<string, RuleLevel> {
  const out: Record<string, RuleLevel> = {};
  for (const v of values) {
    const m = v.match(/^([a-z0-9-]+):(off|warn|error)$/);
    if (!m) throw new UsageError(`--rule takes ID:LEVEL with LEVEL off, warn or error, got "${v}"`);
    out[ruleId('--rule', m[1])] = m[2] as RuleLevel;
  }
  return out;
}

/** Drops warnings (--quiet) and recounts. */
function errorsOnly(report: RunReport): RunReport {
  return {
    ...report,
    results: report.results.map((r) =>
      withMessages(
        r,
        r.messages.filter((m) => m.severity === 2),
      ),
    ),
  };
}

export function lintCommand({ values, positionals }: CommandLine): number {
  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}" (${Object.keys(FORMATS).join(', ')})`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError('--max-warnings takes a whole number');
    maxWarnings = Number(values['max-warnings']);
  }
  const parser = values.parser;
  if (parser !== undefined && !isParserName(parser)) throw new UsageError(`--parser: unknown parser "${parser}" (${PARSER_NAMES.join(', ')})`);
  const missingParser = parser && parserMissing(parser);
  if (missingParser) throw new UsageError(`--parser: ${missingParser}`);
  if (values.fix && values['fix-dry-run']) throw new UsageError('use either --fix or --fix-dry-run');
  if ((values.fix || values['fix-dry-run']) && (values.stage?.length ?? 0) > 1) throw new UsageError('fixes are made for one --stage at a time');

  const cwd = process.cwd();
  const settings = { configFile: values.config && path.resolve(cwd, values.config), configBase: cwd, lookup: values['config-lookup'] !== false };
  if (settings.configFile && !nodeFs.existsSync(settings.configFile)) throw new UsageError(`-c: no such file: ${settings.configFile}`);
  const ruleLevels = parseRuleFlags(values.rule ?? []);
  if (values['print-config'] !== undefined) {
    const printed = printableSettings(diskFileSystem, path.resolve(cwd, values['print-config']), settings, ruleLevels);
    process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  }
  if (values['suppress-all'] && values['suppress-rule']) throw new UsageError('use either --suppress-all or --suppress-rule');
  const suppressRules = values['suppress-rule']?.map((id) => ruleId('--suppress-rule', id));

  const options: CorsLintOptions = {
    paths: positionals.length ? positionals : ['.'],
    cwd,
    stage: values.stage,
    region: values.region,
    env: process.env,
    rules: ruleLevels,
    configFile: settings.configFile,
    configLookup: settings.lookup,
    inlineConfig: values['inline-config'] !== false,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'],
    evalConfig: values['eval-config'],
    root: values.root,
    parser,
    suppressionsLocation: values['suppressions-location'],
    cache: values.cache,
    cacheLocation: values['cache-location'],
  };
  const execution = execute(options, !!(values.fix || values['fix-dry-run']), {
    suppress: values['suppress-all'] || suppressRules,
    prune: values['prune-suppressions'],
  });
  let { report } = execution;
  const update = execution.suppressionsUpdate;
  if (update) writeFileAtomic(update.file, serializeSuppressions(update.suppressions));
  for (const d of report.droppedFixes) {
    process.stderr.write(
      `cors-lint: ${escapeText(`fix not applied to ${path.relative(cwd, d.file)} (${d.description}): the result would not parse: ${d.reason}`)}\n`,
    );
  }
  // Exit 2 at the end when something went wrong: an unwritten fix, a crash caught in one rule or service.
  let failed = false;
  if (values.fix) {
    const written = writeFixes(report, cwd);
    for (const m of written.messages) process.stderr.write(`cors-lint: ${m}\n`);
    // What was not written is reported as it now is on disk.
    if (!written.complete) report = execute(options, false).report;
    failed = !written.complete;
  }
  for (const e of report.internalErrors) process.stderr.write(`${describeInternalError(e, cwd, !!values.debug)}\n`);
  if (report.internalErrors.length > 0) failed = true;
  if (values.quiet) report = errorsOnly(report);

  const outputFile = values['output-file'] && path.resolve(cwd, values['output-file']);
  const text = FORMATS[format](report, {
    cwd,
    root: values.root ? path.resolve(cwd, values.root) : findRepoRoot(diskFileSystem, cwd),
    verbose: !!values.verbose,
    diff: !!values['fix-dry-run'],
    color: shouldColor(values.color, process.env, !outputFile && !!process.stdout.isTTY),
  });
  if (outputFile) {
    nodeFs.mkdirSync(path.dirname(outputFile), { recursive: true });
    writeFileAtomic(outputFile, text);
  } else {
    process.stdout.write(text);
  }
  // Machine formats keep stdout parseable: --verbose lists what was not fully analysed on stderr.
  if (values.verbose && !isHumanFormat(format)) {
    for (const i of report.incomplete) {
      const subject = i.functionName === undefined ? 'the service' : `function ${i.functionName}`;
      process.stderr.write(`cors-lint: ${escapeText(`${path.relative(cwd, i.configFile)}: ${subject} not fully analysed: ${i.reason}`)}\n`);
    }
    for (const s of report.skipped) process.stderr.write(`cors-lint: ${escapeText(`${path.relative(cwd, s.path)}: not read: ${s.reason}`)}\n`);
    for (const n of report.notes) process.stderr.write(`cors-lint: ${escapeText(`${path.relative(cwd, n.path)}: ${n.reason}`)}\n`);
  }

  if (Object.keys(execution.unusedSuppressions).length > 0 && !values['pass-on-unpruned-suppressions']) {
    process.stderr.write('cors-lint: there are suppressions left that do not occur any more: run again with --prune-suppressions to drop them\n');
    return 2;
  }
  const errors = report.results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = report.results.reduce((n, r) => n + r.warningCount, 0);
  if (failed) return 2;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    process.stderr.write(`cors-lint found too many warnings (maximum: ${maxWarnings})\n`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

/** Errors that are the user's to fix, printed without "internal error". */
export function isExpectedError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof NoConfigError || e instanceof SettingsError || e instanceof SuppressionsError;
}
