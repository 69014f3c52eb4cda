import * as path from 'node:path';
import { lazy } from '../lazy.js';
import type * as Diff from 'diff';
import type { RunReport } from '../results.js';
import { escapeText } from './escape.js';

export interface StylishOptions {
  cwd: string;
  verbose: boolean;
  /** --fix-dry-run: print what --fix would write as unified diffs. */
  diff: boolean;
}

/** jsdiff is loaded only for --fix-dry-run. */
const jsdiff = lazy<typeof Diff>('diff');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** ESLint's stylish layout, with related locations and a closing line about what could not be analysed. */
export function formatStylish(report: RunReport, opts: StylishOptions): string {
  const rel = (f: string) => escapeText(path.relative(opts.cwd, f) || f);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of report.results) {
    errors += r.errorCount;
    warnings += r.warningCount;
    fixableErrors += r.fixableErrorCount;
    fixableWarnings += r.fixableWarningCount;
    if (r.messages.length === 0) continue;
    out.push('', rel(r.filePath));
    for (const m of r.messages) {
      const level = m.severity === 2 ? 'error  ' : 'warning';
      out.push(`  ${`${m.line}:${m.column}`.padEnd(7)} ${level}  ${escapeText(m.message)}  ${m.ruleId}`);
      for (const x of m.related ?? []) out.push(`          ${rel(x.filePath)}:${x.line}:${x.column}: ${escapeText(x.message)}`);
    }
  }
  if (opts.diff) {
    const { createTwoFilesPatch } = jsdiff();
    for (const r of report.results) {
      const before = report.originals.get(r.filePath);
      if (r.output === undefined || before === undefined) continue;
      const patch = createTwoFilesPatch(rel(r.filePath), rel(r.filePath), before, r.output, 'original', 'fixed').trimEnd();
      // A line's own CR (a CRLF file) stays as it is; any other control character is shown escaped.
      out.push('', ...patch.split('\n').map((line) => escapeText(line.replace(/\r$/, '')) + (line.endsWith('\r') ? '\r' : '')));
    }
  }
  const total = errors + warnings;
  if (total > 0) {
    out.push('', `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`);
    if (fixableErrors + fixableWarnings > 0) {
      out.push(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`);
    }
  }
  const hint = opts.verbose ? ':' : ' (--verbose lists them)';
  if (report.incomplete.length > 0) {
    // Entries without a function are services whose configuration reached a limit.
    const functions = report.incomplete.filter((i) => i.functionName !== undefined).length;
    const services = new Set(report.incomplete.filter((i) => i.functionName === undefined).map((i) => i.configFile)).size;
    const what = [functions > 0 && plural(functions, 'function'), services > 0 && plural(services, 'service')].filter(Boolean).join(' and ');
    out.push(`${what} not fully analysed${hint}`);
    if (opts.verbose) {
      for (const i of report.incomplete) {
        out.push(`  ${rel(i.configFile)}: ${i.functionName === undefined ? '' : `function ${escapeText(i.functionName)}: `}${escapeText(i.reason)}`);
      }
    }
  }
  if (report.skipped.length > 0) {
    out.push(`${plural(report.skipped.length, 'service')} not read: the configuration is a program, which cors-lint does not execute${hint}`);
    if (opts.verbose) for (const s of report.skipped) out.push(`  ${rel(s)}`);
  }
  return out.length ? `${out.join('\n').replace(/^\n/, '')}\n` : '';
}
