#!/usr/bin/env node
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatCompact } from './format/compact.js';
import { formatJson } from './format/json.js';
import { formatStylish } from './format/stylish.js';
import { escapeText } from './format/escape.js';
import { diskFileSystem } from './fs.js';
import { describeInternalError } from './internal-error.js';
import type { RuleLevel } from './lint.js';
import type { RunReport } from './results.js';
import { NoConfigError, run, type RunOptions } from './run.js';
import { SettingsError } from './settings.js';
import { writeFixes } from './write-fixes.js';
import { rules } from '../rules/index.js';

const HELP = `Usage: cors-lint [options] [paths...]

Lints the CORS setup of Serverless Framework services: serverless.yml/.yaml/.json and the
Lambda handlers it points at. A path is a config file, a service folder, or a folder searched
recursively for services (default: .).

Options:
  --fix                 apply safe fixes and write the changed files (all or none)
  --fix-dry-run         compute the fixes without writing (stylish prints a diff, json an "output")
  -f, --format NAME     stylish (default), json or compact
  --stage NAME          the stage for \${sls:stage} and \${opt:stage}
  --region NAME         the region for \${opt:region}
  --rule ID:LEVEL       set a rule to off, warn or error (repeatable; overrides .cors-lint.json)
  --max-warnings N      exit 1 when there are more than N warnings
  --quiet               report errors only
  --verbose             list the functions that could not be fully analysed, and why
  --debug               print stack traces of internal errors
  -h, --help            show this help
  -v, --version         print the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage, fixes that could
not be written, or an internal error.
`;

class UsageError extends Error {}

function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(nodeFs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

function parseRuleFlags(values: string[]): Record<string, RuleLevel> {
  const ids = new Set(rules.map((r) => r.meta.id));
  const out: Record<string, RuleLevel> = {};
  for (const v of values) {
    const m = v.match(/^([a-z0-9-]+):(off|warn|error)$/);
    if (!m) throw new UsageError(`--rule takes ID:LEVEL with LEVEL off, warn or error, got "${v}"`);
    if (!ids.has(m[1])) throw new UsageError(`--rule: unknown rule "${m[1]}"`);
    out[m[1]] = m[2] as RuleLevel;
  }
  return out;
}

/** Drops warnings (--quiet) and recounts. */
function errorsOnly(report: RunReport): RunReport {
  const results = report.results.map((r) => {
    const messages = r.messages.filter((m) => m.severity === 2);
    return { ...r, messages, warningCount: 0, fixableWarningCount: 0 };
  });
  return { ...report, results };
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      format: { type: 'string', short: 'f' },
      stage: { type: 'string' },
      region: { type: 'string' },
      rule: { type: 'string', multiple: true },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const format = values.format ?? 'stylish';
  if (!['stylish', 'json', 'compact'].includes(format)) throw new UsageError(`unknown format "${format}" (stylish, json or compact)`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError('--max-warnings takes a whole number');
    maxWarnings = Number(values['max-warnings']);
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('use either --fix or --fix-dry-run');

  const cwd = process.cwd();
  const paths = (positionals.length ? positionals : ['.']).map((p) => path.resolve(cwd, p));
  for (const p of paths) if (!nodeFs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);

  const runOptions: RunOptions = {
    paths,
    fs: diskFileSystem,
    fix: !!(values.fix || values['fix-dry-run']),
    stage: values.stage,
    region: values.region,
    env: process.env,
    rules: parseRuleFlags(values.rule ?? []),
  };
  let report = run(runOptions);
  for (const d of report.droppedFixes) {
    process.stderr.write(`cors-lint: ${escapeText(`fix not applied to ${path.relative(cwd, d.file)} (${d.description}): the result would not parse: ${d.reason}`)}\n`);
  }
  // Exit 2 at the end when something went wrong: an unwritten fix, a crash caught in one rule or service.
  let failed = false;
  if (values.fix) {
    const written = writeFixes(report, cwd);
    for (const m of written.messages) process.stderr.write(`cors-lint: ${m}\n`);
    // What was not written is reported as it now is on disk.
    if (!written.complete) report = run({ ...runOptions, fix: false });
    failed = !written.complete;
  }
  for (const e of report.internalErrors) process.stderr.write(`${describeInternalError(e, cwd, !!values.debug)}\n`);
  if (report.internalErrors.length > 0) failed = true;
  if (values.quiet) report = errorsOnly(report);

  const text =
    format === 'json'
      ? formatJson(report)
      : format === 'compact'
        ? formatCompact(report, cwd)
        : formatStylish(report, { cwd, verbose: !!values.verbose, diff: !!values['fix-dry-run'] });
  process.stdout.write(text);
  // Machine formats keep stdout parseable: --verbose lists what was not fully analysed on stderr.
  if (values.verbose && format !== 'stylish') {
    for (const i of report.incomplete) {
      const subject = i.functionName === undefined ? 'the service' : `function ${i.functionName}`;
      process.stderr.write(`cors-lint: ${escapeText(`${path.relative(cwd, i.configFile)}: ${subject} not fully analysed: ${i.reason}`)}\n`);
    }
    for (const s of report.skipped) process.stderr.write(`cors-lint: ${escapeText(path.relative(cwd, s))}: not read: the configuration is a program\n`);
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
  const expected = e instanceof UsageError || e instanceof NoConfigError || e instanceof SettingsError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`cors-lint: ${expected ? '' : 'internal error: '}${escapeText((e as Error).message)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}
