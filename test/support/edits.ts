import { expect } from 'vitest';
import { applyFixes } from '../../src/edit/apply.js';
import { reparses } from '../../src/edit/reparse.js';
import type { TextEdit } from '../../src/edit/text-edit.js';

/** The span of the first occurrence of `part` in `text` at or after `from`. */
export function spanOf(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from);
  if (start === -1) throw new Error(`${part} not in text`);
  return { start, end: start + part.length };
}

/** Applies the edits of one fix, asserting there are some and that the result re-parses. */
export function apply(path: string, text: string, edits: TextEdit[] | null): string {
  expect(edits).not.toBeNull();
  const out = applyFixes(text, [{ description: 'test', edits: edits! }]).text;
  expect(reparses(path, out), out).toBeUndefined();
  return out;
}
