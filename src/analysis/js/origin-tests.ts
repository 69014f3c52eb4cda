import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { OriginTest } from '../facts.js';
import { containsOrigin, membershipTest, normalisedOrigin, patternTest } from '../origin.js';
import { spanOf } from './syntax.js';
import type { ModuleRecord, Value } from './values.js';

/**
 * Which JavaScript calls are allowlist tests on the request origin (../origin.ts decides what
 * each kind of test means), and the `OriginTest` facts malformed-origin judges them by.
 */

/** Membership tests with the origin as argument: `list.includes(o)`, `set.has(o)`, `map.get(o)`, `re.test(o)`. */
const TEST_METHODS = new Set(['includes', 'has', 'get', 'test']);
/** Methods of the origin string itself that test it against a pattern (how well is malformed-origin's call). */
const ORIGIN_STRING_TESTS = new Set(['endsWith', 'startsWith', 'includes', 'match']);

/** Methods of the origin string that normalise it: the result is still the origin. */
const ORIGIN_NORMALISERS = new Set(['toLowerCase', 'toLocaleLowerCase', 'trim', 'trimStart', 'trimEnd']);

/** `origin.toLowerCase()`, `origin.trim()`: the origin, when `receiver` is one. */
export function normalisingCall(method: string, receiver: Value): Value | undefined {
  return ORIGIN_NORMALISERS.has(method) ? normalisedOrigin(receiver) : undefined;
}

/** `receiver.method(args)` as an allowlist test, when it is one. */
export function allowlistCall(method: string, receiver: Value, args: Value[]): Value | undefined {
  if (containsOrigin(receiver)) return ORIGIN_STRING_TESTS.has(method) ? patternTest(receiver, args[0]) : undefined;
  if (TEST_METHODS.has(method)) return membershipTest(args[0], receiver);
  if (method === 'indexOf' && args[0] !== undefined && containsOrigin(args[0])) return { kind: 'origin-index' };
  return undefined;
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
