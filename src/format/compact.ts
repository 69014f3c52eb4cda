import * as path from 'node:path';
import { displayMessage, type RunReport } from '../results.js';
import { escapeText } from './escape.js';

/**
 * One line per finding, `path:line:col: severity: message [rule-id]`: the shape of compiler
 * diagnostics, which editors' problem matchers and grep read.
 */
export function formatCompact(report: RunReport, cwd: string): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const file = escapeText(path.relative(cwd, r.filePath) || r.filePath);
    for (const m of r.messages)
      lines.push(
        `${file}:${m.line}:${m.column}: ${m.severity === 2 ? 'error' : 'warning'}: ${escapeText(displayMessage(m))}${m.ruleId ? ` [${m.ruleId}]` : ''}`,
      );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
