import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import type { Span } from '../src/source.js';
import { DEFECT_OWNERS, ownerOf, SHARED_PLACES } from '../src/precedence.js';
import { rules } from '../rules/index.js';
import { lintCase } from './support/fixture.js';

/**
 * One defect, one finding, checked with every rule on at once (the fixture runner turns one rule
 * on at a time, so it cannot see two rules describing one defect). Over every rule fixture and
 * every handler corpus case: no two findings of different rules about one function meet (their
 * places overlap, or one points at the other's place) unless SHARED_PLACES says they describe
 * different defects there; and every finding the ownership table drops is reported by the rule
 * that owns its defect, so precedence never loses one.
 */
const ROOT = import.meta.dirname;
const ALL_RULES = rules.map((r) => r.meta.id);
const cases = ['fixtures', 'corpus'].flatMap((group) => {
  const base = path.join(ROOT, group);
  const dirs =
    group === 'fixtures'
      ? nodeFs.readdirSync(base).flatMap((rule) => nodeFs.readdirSync(path.join(base, rule)).map((c) => path.join(rule, c)))
      : nodeFs.readdirSync(base);
  return dirs.sort().map((c) => path.join(base, c));
});

const place = (d: Diagnostic) => `${path.relative(ROOT, d.span.file)}:${d.span.start}-${d.span.end}`;
const same = (a: Span, b: Span) => a.file === b.file && a.start === b.start && a.end === b.end;
const overlap = (a: Span, b: Span) => a.file === b.file && (a.start === b.start || (a.start < b.end && b.start < a.end));
const functionsOf = (d: Diagnostic) => d.functionNames ?? [d.functionName];

/** Two findings meet: about one function (or the service), at overlapping places, or one pointing at the other's place. */
function meet(a: Diagnostic, b: Diagnostic): boolean {
  if (!functionsOf(a).some((f) => functionsOf(b).includes(f))) return false;
  return overlap(a.span, b.span) || a.related.some((r) => same(r.span, b.span)) || b.related.some((r) => same(r.span, a.span));
}
const sharesPlace = (a: string, b: string) => SHARED_PLACES.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
const defectKey = (d: { kind: string; at: { file: string; start: number; end: number } }) => `${d.kind}@${d.at.file}:${d.at.start}-${d.at.end}`;

describe('the ownership table', () => {
  it('gives each defect to a registered rule, and allows shared places between registered rules only', () => {
    for (const owner of Object.values(DEFECT_OWNERS)) expect(ALL_RULES).toContain(owner);
    for (const pair of SHARED_PLACES) for (const id of pair) expect(ALL_RULES).toContain(id);
  });
});

describe('all rules together', () => {
  const overruledKinds = new Set<string>();
  it('cover the fixtures and the handler corpus', () => expect(cases.length).toBeGreaterThan(200));

  for (const dir of cases) {
    it(path.relative(ROOT, dir), () => {
      const { lints } = lintCase(dir, ALL_RULES);
      const kept = lints.flatMap((l) => l.diagnostics).filter((d) => d.ruleId !== null);
      const met = kept.flatMap((a, i) =>
        kept
          .slice(i + 1)
          .filter((b) => a.ruleId !== b.ruleId && !sharesPlace(a.ruleId!, b.ruleId!) && meet(a, b))
          .map((b) => `${a.ruleId} at ${place(a)} and ${b.ruleId} at ${place(b)}`),
      );
      expect(met, 'two rules describe one defect').toEqual([]);

      const reported = new Set(kept.flatMap((d) => (d.defect && d.ruleId === ownerOf(d.defect) ? [defectKey(d.defect)] : [])));
      for (const o of lints.flatMap((l) => l.overruled)) overruledKinds.add(o.problem.defect!.kind);
      const lost = lints.flatMap((l) => l.overruled).filter((o) => !reported.has(defectKey(o.problem.defect!)));
      expect(
        lost.map((o) => `${o.ruleId}: ${defectKey(o.problem.defect!)}`),
        'dropped for an owner that does not report it',
      ).toEqual([]);
    });
  }

  // Last (tests of a file run in order): each entry of the table keeps a finding out somewhere, so none is dead.
  it('overrule a finding of every kind the table lists', () => expect([...overruledKinds].sort()).toEqual(Object.keys(DEFECT_OWNERS).sort()));
});
