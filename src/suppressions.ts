import * as path from 'node:path';
import type { FileSystem } from './fs.js';
import { withMessages, type FileResult, type LintMessage } from './results.js';

/**
 * Bulk suppressions, as ESLint's `eslint-suppressions.json`: per file (relative to the working
 * folder, POSIX separators) and rule, how many errors are tolerated. Adopting cors-lint on a large
 * repository records today's errors (`--suppress-all`); later runs report only what is new. When a
 * file has more errors of a rule than its count, all of them are reported (which one is new cannot
 * be told); when it has fewer, the rest of the count is unused and `--prune-suppressions` drops it.
 * Warnings are never suppressed.
 */
export type Suppressions = Record<string, Record<string, { count: number }>>;

export const SUPPRESSIONS_FILE = 'cors-lint-suppressions.json';

export class SuppressionsError extends Error {}

export function readSuppressions(fs: FileSystem, file: string): Suppressions {
  const text = fs.read(file);
  if (text === undefined) return {};
  try {
    const data = JSON.parse(text) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected an object');
    return data as Suppressions;
  } catch (e) {
    throw new SuppressionsError(`${file}: not a suppressions file: ${(e as Error).message}`);
  }
}

export function serializeSuppressions(s: Suppressions): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

const relative = (cwd: string, file: string) => path.relative(cwd, file).split(path.sep).join('/');
const suppressible = (m: LintMessage) => m.severity === 2 && m.ruleId !== null;

/** Errors per rule in one result. */
function countByRule(messages: LintMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) if (suppressible(m)) counts.set(m.ruleId!, (counts.get(m.ruleId!) ?? 0) + 1);
  return counts;
}

/** `--suppress-all` / `--suppress-rule`: today's errors (of `rules`, or all) recorded over the existing entries. */
export function suppress(existing: Suppressions, results: FileResult[], cwd: string, rules?: string[]): Suppressions {
  const out = structuredClone(existing);
  for (const r of results) {
    for (const [rule, count] of countByRule(r.messages)) {
      if (rules && !rules.includes(rule)) continue;
      (out[relative(cwd, r.filePath)] ??= {})[rule] = { count };
    }
  }
  return out;
}

/**
 * The results with suppressed errors moved to `suppressedMessages` and the counts redone, and
 * the suppressions left unused by the linted files (a file that was not linted leaves its entries
 * alone).
 */
export function applySuppressions(
  results: FileResult[],
  suppressions: Suppressions,
  cwd: string,
  linted: Iterable<string>,
): { results: FileResult[]; unused: Suppressions } {
  const unused: Suppressions = {};
  const byFile = new Map(results.map((r) => [relative(cwd, r.filePath), r]));
  for (const file of linted) {
    const key = relative(cwd, file);
    const entries = suppressions[key];
    if (!entries) continue;
    const counts = countByRule(byFile.get(key)?.messages ?? []);
    for (const [rule, { count }] of Object.entries(entries)) {
      const actual = counts.get(rule) ?? 0;
      if (actual < count) (unused[key] ??= {})[rule] = { count: count - actual };
    }
  }
  const out = results.map((r) => {
    const entries = suppressions[relative(cwd, r.filePath)];
    if (!entries) return r;
    const counts = countByRule(r.messages);
    const hidden = (m: LintMessage) => suppressible(m) && counts.get(m.ruleId!)! <= (entries[m.ruleId!]?.count ?? 0);
    const messages = r.messages.filter((m) => !hidden(m));
    const suppressedMessages = r.messages.filter(hidden).map((m) => ({ ...m, suppressions: [{ kind: 'file', justification: '' }] }));
    return suppressedMessages.length === 0 ? r : { ...withMessages(r, messages), suppressedMessages };
  });
  return { results: out, unused };
}

/** `--prune-suppressions`: the unused part of every count removed, empty entries dropped. */
export function prune(suppressions: Suppressions, unused: Suppressions): Suppressions {
  const out = structuredClone(suppressions);
  for (const [file, rules] of Object.entries(unused)) {
    for (const [rule, { count }] of Object.entries(rules)) {
      const entry = out[file]?.[rule];
      if (!entry) continue;
      if (entry.count <= count) delete out[file][rule];
      else entry.count -= count;
    }
    if (out[file] && Object.keys(out[file]).length === 0) delete out[file];
  }
  return out;
}
