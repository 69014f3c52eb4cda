import { combineTests } from './origin.js';
import { literal, union, type Language, type Literal, type Value } from './values.js';

/** Operators on abstract values whose meaning both languages share; each interpreter maps its syntax onto them. */

export type Truth = 'truthy' | 'falsy' | 'unknown';

/** The truth of a literal; other values are judged by each language (a Python dict may be empty, a JS object never is falsy). */
export function literalTruth(v: Literal): Truth {
  return v.value ? 'truthy' : 'falsy';
}

/**
 * The value of `a or b` / `a and b` (`||` / `&&`) once both sides are evaluated, given the truth of
 * `a` as its language judges it. With `a`'s truth unknown, allowlist tests combine into one
 * (origin.ts `combineTests`). `a and b` is `b` or a falsy `a`, which adds nothing to a spread or a
 * header: an `a` of unknown truth then stands as `nothing` (`undefined` in JS, `None` in Python).
 */
export function logical<L extends Language>(op: 'and' | 'or', left: Value<L>, right: Value<L>, truth: Truth, nothing: Literal): Value<L> {
  if (truth === 'unknown') {
    const test = combineTests(op, left, right);
    if (test) return test;
  }
  if (op === 'or') return truth === 'truthy' ? left : truth === 'falsy' ? right : union([left, right]);
  return truth === 'truthy' ? right : truth === 'falsy' ? left : union([nothing, right]);
}

/** `!x` / `not x`: a test negated, a literal's truth inverted; undefined when not known. */
export function not<L extends Language>(v: Value<L>): Value<L> | undefined {
  if (v.kind === 'origin-check') return { kind: 'origin-check', negated: !v.negated };
  return v.kind === 'literal' ? literal(!v.value) : undefined;
}
