#!/usr/bin/env node
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
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
import { writeFileAtomic } from './write.js';
import { writeFixes } from './write-fixes.js';

const HELP = `Usage: cors-lint [options] [paths...]

Lints the CORS setup of Serverless Framework services: serverless.yml/.yaml/.json (or .ts/.js,
read without running them) and the Lambda handlers they point at. A path is a config file, a
serverless-compose file, a folder searched recursively for services, or any file or folder of a
service, which lints that service (default: .).

Options:
  --fix                 apply safe fixes and write the changed files (all or none)
  --fix-dry-run         compute the fixes without writing (stylish prints a diff, json an "output")
  -f, --format NAME     stylish (default), json, compact, sarif or github
  -o, --output-file PATH
                        write the report to PATH instead of stdout
  --color, --no-color   force or disable colours (default: only on a terminal,
                        honouring NO_COLOR and FORCE_COLOR)
  --stage NAME          the stage for \${sls:stage} and \${opt:stage} (repeatable: lint at each stage)
  --region NAME         the region for \${opt:region}
  --rule ID:LEVEL       set a rule to off, warn or error (repeatable; wins over settings files)
  -c, --config FILE     use this settings file instead of looking for .cors-lint.json/.yaml
  --no-config-lookup    ignore settings files and custom.corsLint
  --print-config PATH   print the settings that apply to PATH, and exit
  --eval-config         evaluate serverless.ts/.js configs that cannot be read statically (runs their code)
  --no-inline-config    ignore cors-lint-disable/-enable comments
  --report-unused-disable-directives
                        report cors-lint-disable comments that silence nothing (as errors)
  --suppress-all        record every error in the suppressions file; later runs report only new ones
  --suppress-rule ID    record the errors of this rule only (repeatable)
  --suppressions-location FILE
                        the suppressions file (default: cors-lint-suppressions.json)
  --prune-suppressions  drop suppressions of errors that are gone
  --pass-on-unpruned-suppressions
                        do not fail when suppressions are left that no error uses
  --max-warnings N      exit 1 when there are more than N warnings
  --quiet               report errors only
  --verbose             list the functions that could not be fully analysed, and why
  --debug               print stack traces of internal errors
  -h, --help            show this help
  -v, --version         print the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage, bad settings, no service
found, suppressions left unused, fixes that could not be written, or an internal error.
`;

class UsageError extends Error {}

function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(nodeFs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

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

const OPTIONS = {
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  stage: { type: 'string', multiple: true },
  region: { type: 'string' },
  rule: { type: 'string', multiple: true },
  config: { type: 'string', short: 'c' },
  'config-lookup': { type: 'boolean' },
  'print-config': { type: 'string' },
  'inline-config': { type: 'boolean' },
  'eval-config': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  'suppress-all': { type: 'boolean' },
  'suppress-rule': { type: 'string', multiple: true },
  'suppressions-location': { type: 'string' },
  'prune-suppressions': { type: 'boolean' },
  'pass-on-unpruned-suppressions': { type: 'boolean' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** node:util's parser, with a did-you-mean for a misspelt option. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, allowNegative: true, options: OPTIONS });
  } catch (e) {
    const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && (e as Error).message.match(/'(-{1,2}[^']+)'/)?.[1];
    if (!unknown) throw e;
    const names = Object.keys(OPTIONS).flatMap((n) => [`--${n}`, ...(OPTIONS[n as keyof typeof OPTIONS].type === 'boolean' ? [`--no-${n}`] : [])]);
    throw new UsageError(`unknown option ${unknown}${didYouMean(unknown, names)}`);
  }
}

/** Drops warnings (--quiet) and recounts. */
function errorsOnly(report: RunReport): RunReport {
  return { ...report, results: report.results.map((r) => withMessages(r, r.messages.filter((m) => m.severity === 2))) };
}

function main(argv: string[]): number {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}" (${Object.keys(FORMATS).join(', ')})`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError('--max-warnings takes a whole number');
    maxWarnings = Number(values['max-warnings']);
  }
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
    suppressionsLocation: values['suppressions-location'],
  };
  const execution = execute(options, !!(values.fix || values['fix-dry-run']), { suppress: values['suppress-all'] || suppressRules, prune: values['prune-suppressions'] });
  let { report } = execution;
  const update = execution.suppressionsUpdate;
  if (update) writeFileAtomic(update.file, serializeSuppressions(update.suppressions));
  for (const d of report.droppedFixes) {
    process.stderr.write(`cors-lint: ${escapeText(`fix not applied to ${path.relative(cwd, d.file)} (${d.description}): the result would not parse: ${d.reason}`)}\n`);
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
    root: findRepoRoot(diskFileSystem, cwd),
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

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  const debug = process.argv.includes('--debug');
  const expected = e instanceof UsageError || e instanceof NoConfigError || e instanceof SettingsError || e instanceof SuppressionsError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  for (const line of (e as Error).message.split('\n')) process.stderr.write(`cors-lint: ${expected ? '' : 'internal error: '}${escapeText(line)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}
