import { options, union, type Value } from './values.js';

/**
 * Recognising the request Origin and allowlist tests on it. A response header that echoes the
 * origin is `allowlisted` when it is set (or read) on a path where an allowlist test passed:
 * `ALLOWED.includes(origin)`, `set.has(origin)`, `origin === 'https://…'`,
 * `/^https:\/\/…$/.test(origin)`, `list.indexOf(origin) !== -1`, or their negations in an
 * early-return guard (`if (!ALLOWED.includes(origin)) return …`).
 */

export function containsOrigin(v: Value): boolean {
  return options(v).some((o) => o.kind === 'origin');
}

/** The value with every origin it may be marked as having passed an allowlist test. */
export function markAllowlisted(v: Value): Value {
  if (v.kind === 'origin') return v.allowlisted ? v : { kind: 'origin', allowlisted: true };
  if (v.kind === 'union' && containsOrigin(v)) return union(v.options.map(markAllowlisted));
  return v;
}

const TEST_METHODS = new Set(['includes', 'has', 'test']);

/** `receiver.method(args)` as an allowlist test, when it is one. Methods of the origin string itself are not. */
export function allowlistCall(method: string, receiver: Value, args: Value[]): Value | undefined {
  if (containsOrigin(receiver) || args[0] === undefined || !containsOrigin(args[0])) return undefined;
  if (TEST_METHODS.has(method)) return { kind: 'origin-check', negated: false };
  if (method === 'indexOf') return { kind: 'origin-index' };
  return undefined;
}

/** `origin === x`, `list.indexOf(origin) !== -1` and the like as allowlist tests. */
export function compareOrigin(op: string, left: Value, right: Value): Value | undefined {
  const equality = op === '===' || op === '==' || op === '!==' || op === '!=';
  const negated = op.startsWith('!');
  if (equality) {
    const [o, other] = containsOrigin(left) ? [left, right] : [right, left];
    if (containsOrigin(o) && !containsOrigin(other) && !isEmptyish(other)) return { kind: 'origin-check', negated };
  }
  const [idx, n, flipped] = left.kind === 'origin-index' ? [left, right, false] : [right, left, true];
  if (idx.kind !== 'origin-index' || n.kind !== 'literal' || typeof n.value !== 'number') return undefined;
  const rel = flipped ? mirror(op) : op;
  if (n.value === -1 && equality) return { kind: 'origin-check', negated: !negated };
  if ((n.value === -1 && rel === '>') || (n.value === 0 && rel === '>=')) return { kind: 'origin-check', negated: false };
  if (n.value === 0 && rel === '<') return { kind: 'origin-check', negated: true };
  return undefined;
}

/** Comparing with nothing (`origin !== undefined`, `origin === ''`) only tests presence. */
function isEmptyish(v: Value): boolean {
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

export function guardOf(v: Value): Guard {
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
