import { options, union, type Language, type Value } from './values.js';

/**
 * The request Origin and the allowlist tests on it, the same for both interpreters. A response
 * header that echoes the origin is `allowlisted` when it is set (or read) on a path where an
 * allowlist test passed: membership (`ALLOWED.includes(origin)`, `origin in ALLOWED`), equality
 * (`origin === 'https://…'`), a lookup keyed by the origin (`ALLOWED[origin]`, `ALLOWED.get(origin)`),
 * a pattern test (`/re/.test(origin)`, `re.match(p, origin)`, `origin.endswith('.example.com')`,
 * whose strength malformed-origin judges), `list.indexOf(origin) !== -1`, a `switch` / `match`
 * case, or their negations in an early-return guard (`if (!ALLOWED.includes(origin)) return …`). The interpreters spell out which
 * syntax is which test (js/origin-tests.ts, python/expressions.ts); the values are decided here.
 * See docs/cors-semantics.md#browser-rules for why an echo needs the allowlist.
 */

export function containsOrigin<L extends Language>(v: Value<L>): boolean {
  return options(v).some((o) => o.kind === 'origin');
}

/** The value with every origin it may be marked as having passed an allowlist test. */
export function markAllowlisted<L extends Language>(v: Value<L>): Value<L> {
  if (v.kind === 'origin') return v.allowlisted ? v : { kind: 'origin', allowlisted: true };
  if (v.kind === 'union' && containsOrigin(v)) return union(v.options.map(markAllowlisted));
  return v;
}

const PASSED = { kind: 'origin-check', negated: false } as const;
const FAILED = { kind: 'origin-check', negated: true } as const;

/** `item` looked up in `collection` (membership, a key lookup): a test when the item is the origin and the collection is not. */
export function membershipTest<L extends Language>(item: Value<L> | undefined, collection: Value<L>, negated = false): Value<L> | undefined {
  return item !== undefined && containsOrigin(item) && !containsOrigin(collection) ? (negated ? FAILED : PASSED) : undefined;
}

/** The origin matched against a pattern or a part of one (`origin.endsWith(x)`, `re.match(p, origin)`). */
export function patternTest<L extends Language>(subject: Value<L> | undefined, pattern: Value<L> | undefined): Value<L> | undefined {
  return subject !== undefined && pattern !== undefined && containsOrigin(subject) && !containsOrigin(pattern) ? PASSED : undefined;
}

/** `origin.toLowerCase()`, `origin.strip()`: a normalised origin (case, surrounding whitespace) is still the origin. */
export function normalisedOrigin<L extends Language>(receiver: Value<L>): Value<L> | undefined {
  return containsOrigin(receiver) ? receiver : undefined;
}

/**
 * `origin === x` (JS `===`, `==`, Python `==`; negated by `!==`, `!=`) and `list.indexOf(origin)`
 * compared with -1 or 0, as allowlist tests. Comparing with nothing (`origin !== undefined`,
 * `origin == ''`) only tests that there is an origin.
 */
export function compareOrigin<L extends Language>(op: string, left: Value<L>, right: Value<L>): Value<L> | undefined {
  const equality = op === '===' || op === '==' || op === '!==' || op === '!=';
  const negated = op.startsWith('!');
  if (equality) {
    const [o, other] = containsOrigin(left) ? [left, right] : [right, left];
    if (containsOrigin(o) && !containsOrigin(other) && !isEmptyish(other)) return negated ? FAILED : PASSED;
  }
  const [idx, n, flipped] = left.kind === 'origin-index' ? [left, right, false] : [right, left, true];
  if (idx.kind !== 'origin-index' || n.kind !== 'literal' || typeof n.value !== 'number') return undefined;
  const rel = flipped ? mirror(op) : op;
  if (n.value === -1 && equality) return negated ? PASSED : FAILED;
  if ((n.value === -1 && rel === '>') || (n.value === 0 && rel === '>=')) return PASSED;
  if (n.value === 0 && rel === '<') return FAILED;
  return undefined;
}

function isEmptyish<L extends Language>(v: Value<L>): boolean {
  return v.kind === 'literal' && (v.value === undefined || v.value === null || v.value === '');
}

function mirror(op: string): string {
  return ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
}

/** Whether the test being true (or false) means an allowlist test passed. */
export interface Guard {
  whenTrue: boolean;
  whenFalse: boolean;
}

export const NO_GUARD: Guard = { whenTrue: false, whenFalse: false };

export function guardOf<L extends Language>(v: Value<L>): Guard {
  return v.kind === 'origin-check' ? { whenTrue: !v.negated, whenFalse: v.negated } : NO_GUARD;
}

export function notGuard(g: Guard): Guard {
  return { whenTrue: g.whenFalse, whenFalse: g.whenTrue };
}

export function andGuard(a: Guard, b: Guard): Guard {
  return { whenTrue: a.whenTrue || b.whenTrue, whenFalse: a.whenFalse && b.whenFalse };
}

export function orGuard(a: Guard, b: Guard): Guard {
  return { whenTrue: a.whenTrue && b.whenTrue, whenFalse: a.whenFalse || b.whenFalse };
}

/** How a condition decomposes in a language's syntax: `!x` / `not x`, `a && b` / `a and b`, `a || b` / `a or b`, or else a value. */
export type Condition<N> = { not: N } | { and: [N, N] } | { or: [N, N] } | undefined;

/**
 * What a condition's outcome implies about the origin allowlist, read by its structure, so that
 * `if (!ALLOWED.includes(o)) return 403` guards the rest of the function. The right operand of
 * `and` / `or` is evaluated under what the left one implies when it is reached (`st.guarded`).
 */
export function conditionGuard<N, L extends Language>(node: N, shape: (n: N) => Condition<N>, evaluate: (n: N) => Value<L>, st: { guarded: boolean }): Guard {
  const s = shape(node);
  if (s === undefined) return guardOf(evaluate(node));
  if ('not' in s) return notGuard(conditionGuard(s.not, shape, evaluate, st));
  const and = 'and' in s;
  const [l, r] = and ? s.and : s.or;
  const left = conditionGuard(l, shape, evaluate, st);
  const was = st.guarded;
  st.guarded ||= and ? left.whenTrue : left.whenFalse;
  const right = conditionGuard(r, shape, evaluate, st);
  st.guarded = was;
  return and ? andGuard(left, right) : orGuard(left, right);
}

/**
 * `a and b` / `a or b` as a value, when it is an allowlist test: `and` whose right side is one
 * (the value is that test's result or a falsy `a`), `or` of two tests. Otherwise undefined, and
 * the value is the plain `logical` one (values.ts), so that `ALLOWED.has(o) && o` stays the origin.
 */
export function combineTests<L extends Language>(op: 'and' | 'or', left: Value<L>, right: Value<L>): Value<L> | undefined {
  if (right.kind !== 'origin-check' || (op === 'or' && left.kind !== 'origin-check')) return undefined;
  const g = op === 'and' ? andGuard(guardOf(left), guardOf(right)) : orGuard(guardOf(left), guardOf(right));
  if (g.whenTrue === g.whenFalse) return undefined;
  return g.whenTrue ? PASSED : FAILED;
}
