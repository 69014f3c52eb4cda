import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { RunReport } from '../results.js';
import { formatStylish, type StylishOptions } from './stylish.js';

export interface GithubOptions extends StylishOptions {
  /** Annotation paths are relative to it: GitHub resolves them against the repository root. */
  root: string;
}

/** A workflow command's message: %, CR and LF would end or corrupt the command. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A property value also must not contain the `,` and `:` that separate properties. */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const posix = (p: string) => p.split(path.sep).join('/');

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), one annotation per finding,
 * followed by the stylish report: GitHub shows only the first ten annotations of each kind per step,
 * so the log must still hold every finding.
 */
export function formatGithub(report: RunReport, opts: GithubOptions): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const file = posix(path.relative(opts.root, r.filePath));
    for (const m of r.messages) {
      const props = [`file=${escapeProperty(file)}`, `line=${m.line}`, `endLine=${m.endLine}`];
      // The runner rejects columns on an annotation that spans several lines.
      if (m.line === m.endLine) props.push(`col=${m.column}`, `endColumn=${m.endColumn}`);
      props.push(`title=${escapeProperty(m.ruleId ? `cors-lint (${m.ruleId})` : 'cors-lint')}`);
      const body = [
        m.message,
        ...(m.related ?? []).map((x) => `${posix(path.relative(opts.root, x.filePath))}:${x.line}:${x.column}: ${x.message}`),
        m.docsUrl,
      ];
      lines.push(`::${m.severity === 2 ? 'error' : 'warning'} ${props.join(',')}::${escapeData(body.join('\n'))}`);
    }
  }
  const annotations = lines.length ? `${lines.join('\n')}\n` : '';
  const text = formatStylish(report, opts);
  if (!text) return annotations;
  // The report quotes project text (paths, names), which must never be read as a command: the runner
  // ignores commands between stop-commands and its token, a hash the text cannot contain beforehand.
  const token = createHash('sha256').update(text).digest('hex');
  return `${annotations}::stop-commands::${token}\n${text}::${token}::\n`;
}
