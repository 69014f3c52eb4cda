import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { OriginTest } from '../facts.js';
import { spanOf } from './syntax.js';
import { options, union, type ModuleRecord, type Value } from './values.js';

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

/** Membership tests with the origin as argument: `list.includes(o)`, `set.has(o)`, `map.get(o)`, `re.test(o)`. */
const TEST_METHODS = new Set(['includes', 'has', 'get', 'test']);
/** Methods of the origin string itself that test it against a pattern (how well is malformed-origin's call). */
export const ORIGIN_STRING_TESTS = new Set(['endsWith', 'startsWith', 'includes', 'match']);

/** `receiver.method(args)` as an allowlist test, when it is one. */
export function allowlistCall(method: string, receiver: Value, args: Value[]): Value | undefined {
  if (containsOrigin(receiver)) {
    return ORIGIN_STRING_TESTS.has(method) && args[0] !== undefined && !containsOrigin(args[0]) ? { kind: 'origin-check', negated: false } : undefined;
  }
  if (args[0] === undefined || !containsOrigin(args[0])) return undefined;
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

/**
 * The test a call applies to the origin, with its pattern when written as a literal: the regular
 * expression of `/re/.test(origin)`, `RE.test(origin)` (RE a module-level `const RE = /re/`) or
 * `origin.match(/re/)`, the string of `origin.endsWith('…')`.
 */
export function originTest(module: ModuleRecord, call: TSESTree.CallExpression, method: string): OriginTest {
  const span = spanOf(module, call);
  const callee = call.callee;
  const arg = call.arguments[0];
  const source = method === 'test' && callee.type === 'MemberExpression' ? callee.object : arg;
  const pattern = regexSource(module, source) ?? stringValue(source);
  return pattern === undefined ? { span, method } : { span, method, pattern };
}

/**
 * The tests a list search applies (`PATTERNS.some((re) => re.test(origin))`): one per regular
 * expression listed, or per string when the predicate builds a `RegExp` from it or tests the
 * origin's start or end with it (`origin.startsWith(entry)`), so that
 * malformed-origin can judge each pattern. The list is an array literal, inline or a module-level
 * `const`; other lists give no patterns.
 */
export function listOriginTests(module: ModuleRecord, call: TSESTree.CallExpression): OriginTest[] {
  const span = spanOf(module, call);
  const callee = call.callee;
  const list = callee.type === 'MemberExpression' ? constInit(module, callee.object) : undefined;
  if (list?.type !== 'ArrayExpression') return [];
  const predicate = call.arguments[0];
  const text = predicate === undefined ? '' : module.file.text.slice(predicate.range[0], predicate.range[1]);
  // How string entries are used: made into a RegExp, or as the origin's prefix or suffix.
  const stringMethod = /\bRegExp\s*\(/.test(text) ? 'test' : /\.(startsWith|endsWith)\s*\(/.exec(text)?.[1];
  const tests: OriginTest[] = [];
  for (const item of list.elements) {
    if (!item || item.type === 'SpreadElement') continue;
    const regex = regexSource(module, item);
    const string = stringMethod ? stringValue(item) : undefined;
    if (regex !== undefined) tests.push({ span, method: 'test', pattern: regex });
    else if (string !== undefined) tests.push({ span, method: stringMethod!, pattern: string });
  }
  return tests;
}

/** An expression, or the initializer of the module-level `const` it names. */
function constInit(module: ModuleRecord, node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type !== 'Identifier') return node;
  for (const statement of module.file.program.body) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === node.name) return d.init ?? undefined;
  }
  return undefined;
}

function regexSource(module: ModuleRecord, node: TSESTree.Node | undefined, depth = 0): string | undefined {
  if (node?.type === 'Literal' && 'regex' in node && node.regex) return node.regex.pattern;
  if (node?.type !== 'Identifier' || depth > 3) return undefined;
  return regexSource(module, constInit(module, node), depth + 1);
}

function stringValue(node: TSESTree.Node | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}
