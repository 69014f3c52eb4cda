import * as path from 'node:path';
import { lazy } from '../lazy.js';
import type * as Diff from 'diff';
import { displayMessage, type RunReport } from '../results.js';
import { palette } from './color.js';
import { escapeText } from './escape.js';

export interface StylishOptions {
  cwd: string;
  verbose: boolean;
  /** --fix-dry-run: print what --fix would write as unified diffs. */
  diff: boolean;
  /** ANSI colours (see shouldColor). */
  color?: boolean;
}

/** jsdiff is loaded only for --fix-dry-run. */
const jsdiff = lazy<typeof Diff>('diff');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** ESLint's stylish layout, with related locations and a closing line saying what was checked and what could not be analysed. */
export function formatStylish(report: RunReport, opts: StylishOptions): string {
  const rel = (f: string) => escapeText(path.relative(opts.cwd, f) || f);
  const c = palette(!!opts.color);
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
    out.push('', c.underline(rel(r.filePath)));
    for (const m of r.messages) {
      const level = m.severity === 2 ? c.red('error  ') : c.yellow('warning');
      out.push(`  ${c.dim(`${m.line}:${m.column}`.padEnd(7))} ${level}  ${escapeText(displayMessage(m))}  ${c.dim(m.ruleId ?? '')}`.trimEnd());
      for (const x of m.related ?? []) out.push(c.dim(`          ${rel(x.filePath)}:${x.line}:${x.column}: ${escapeText(x.message)}`));
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
    const summary = errors > 0 ? (t: string) => c.bold(c.red(t)) : (t: string) => c.bold(c.yellow(t));
    out.push('', summary(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`));
    if (fixableErrors + fixableWarnings > 0) {
      out.push(summary(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`));
    }
  }
  const hint = opts.verbose ? ':' : ' (--verbose lists them)';
  const { services, functions } = report.checked;
  // Entries without a function are services whose configuration reached a limit.
  const partialFunctions = report.incomplete.filter((i) => i.functionName !== undefined).length;
  const partialServices = new Set(report.incomplete.filter((i) => i.functionName === undefined).map((i) => i.configFile)).size;
  const partial = partialServices > 0 ? `${plural(partialFunctions, 'function')} and ${plural(partialServices, 'service')}` : `${partialFunctions}`;
  out.push(`${plural(services, 'service')}, ${plural(functions, 'function')}; ${partial} not fully analysed${report.incomplete.length > 0 ? hint : ''}`);
  if (opts.verbose) {
    for (const i of report.incomplete) {
      out.push(`  ${rel(i.configFile)}: ${i.functionName === undefined ? '' : `function ${escapeText(i.functionName)}: `}${escapeText(i.reason)}`);
    }
  }
  if (report.skipped.length > 0) {
    out.push(`${plural(report.skipped.length, 'service')} not read:`);
    for (const s of report.skipped) out.push(`  ${rel(s.path)}: ${escapeText(s.reason)}`);
  }
  if (opts.verbose && report.notes.length > 0) {
    out.push(`${plural(report.notes.length, 'note')} (paths not linted, and how files were read):`);
    for (const n of report.notes) out.push(`  ${rel(n.path)}: ${escapeText(n.reason)}`);
  }
  return out.length ? `${out.join('\n').replace(/^\n/, '')}\n` : '';
}
