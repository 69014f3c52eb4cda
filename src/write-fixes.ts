import * as path from 'node:path';
import { escapeText } from './format/escape.js';
import type { RunReport } from './results.js';
import { commitWrites } from './write.js';

/**
 * `--fix`: writes the fixed files of a run, all together (write.ts), and returns the lines that
 * say what was not written and why. `complete` is false when anything was left unwritten.
 */
export function writeFixes(report: RunReport, cwd: string): { complete: boolean; messages: string[] } {
  const rel = (f: string) => escapeText(path.relative(cwd, f) || f);
  const plans = report.results.flatMap((r) =>
    r.output === undefined || !report.originals.has(r.filePath)
      ? []
      : [{ file: r.filePath, original: report.originals.get(r.filePath)!, text: r.output, service: report.fixedBy.get(r.filePath) ?? r.filePath }],
  );
  const outcome = commitWrites(plans);
  const messages: string[] = [];
  for (const c of outcome.changed) messages.push(`${rel(c.file)} changed on disk while cors-lint ran: nothing written for the service ${rel(c.service)}`);
  for (const r of outcome.refused) messages.push(`${rel(r.file)} is not written: ${r.reason}`);
  if (outcome.refused.length > 0) messages.push('--fix wrote nothing: the fixed files are written all together or not at all');
  if (outcome.failed)
    messages.push(`--fix wrote nothing: writing ${rel(outcome.failed.file)} failed (${outcome.failed.reason}), and every file already replaced was restored`);
  return { complete: outcome.changed.length === 0 && outcome.refused.length === 0 && !outcome.failed, messages };
}
