import * as path from 'node:path';
import type { RunReport } from '../results.js';
import { escapeText } from './escape.js';

/** The canonical one-line form `path:line:col: message [rule-id]` (tests, editors, grep). */
export function formatCompact(report: RunReport, cwd: string): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const file = escapeText(path.relative(cwd, r.filePath) || r.filePath);
    for (const m of r.messages) lines.push(`${file}:${m.line}:${m.column}: ${escapeText(m.message)} [${m.ruleId}]`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
