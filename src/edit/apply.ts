import type { Fix, TextEdit } from './text-edit.js';

/**
 * One fixing pass over one file (docs/architecture.md#fixes), in the manner of ESLint's source-code-fixer
 * and oxc: fixes are taken in source order and a fix is accepted only when none of its edits
 * overlaps or touches an edit accepted before it. Touching counts (as in oxc) because two edits
 * meeting at one offset have no defined order; for the same reason two insertions at one offset
 * conflict. A skipped fix is simply left for the next pass of the fix loop.
 *
 * All fixes must target `text`'s file (see groupByFile). A fix is also skipped when it is
 * malformed: no edits, edits in more than one file, offsets outside the text, or edits of its
 * own that overlap each other. Edits of one fix may touch each other (delete [3,5) + insert at 5).
 */
export function applyFixes(text: string, fixes: Fix[]): { text: string; applied: Fix[]; skipped: Fix[] } {
  const skipped: Fix[] = [];
  const candidates: { fix: Fix; edits: TextEdit[] }[] = [];
  for (const fix of fixes) {
    const edits = sortedEdits(fix, text.length);
    if (edits) candidates.push({ fix, edits });
    else skipped.push(fix);
  }
  // Sorting makes the outcome independent of the order in which rules reported their fixes.
  candidates.sort((a, b) => compareEdits(a.edits[0], b.edits[0]) || compareFixes(a.fix, b.fix));

  const applied: Fix[] = [];
  const accepted: TextEdit[] = [];
  for (const { fix, edits } of candidates) {
    if (edits.some((e) => accepted.some((a) => touches(a, e)))) {
      skipped.push(fix);
      continue;
    }
    applied.push(fix);
    accepted.push(...edits);
  }

  // Accepted edits are disjoint, so building the output left to right equals splicing from the end.
  accepted.sort(compareEdits);
  let out = '';
  let pos = 0;
  for (const e of accepted) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return { text: out + text.slice(pos), applied, skipped };
}

/**
 * Fixes grouped by the file they edit (the file of their first edit). Fixes without edits are
 * dropped; a fix spanning several files lands under its first file, where applyFixes skips it.
 */
export function groupByFile(fixes: Fix[]): Map<string, Fix[]> {
  const groups = new Map<string, Fix[]>();
  for (const fix of fixes) {
    const file = fix.edits[0]?.file;
    if (file === undefined) continue;
    const group = groups.get(file);
    if (group) group.push(fix);
    else groups.set(file, [fix]);
  }
  return groups;
}

/** The fix's edits in source order, or undefined when the fix is malformed. */
function sortedEdits(fix: Fix, length: number): TextEdit[] | undefined {
  const edits = [...fix.edits].sort(compareEdits);
  if (edits.length === 0) return undefined;
  for (const [i, e] of edits.entries()) {
    const inText = Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= length;
    if (!inText || e.file !== edits[0].file) return undefined;
    const prev = edits[i - 1];
    if (prev && (prev.end > e.start || (prev.start === e.start && prev.end === e.end))) return undefined;
  }
  return edits;
}

/** Two edits overlap or meet at a boundary (so two insertions at one offset also touch). */
function touches(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.start - b.start || a.end - b.end;
}

/** A total order for fixes whose first edits start and end alike, so ties never depend on input order. */
function compareFixes(a: Fix, b: Fix): number {
  const key = (f: Fix) => JSON.stringify([f.description, f.edits]);
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
