import { PYTHON_STEP_LIMIT } from '../../limits.js';
import type { Span } from '../../source.js';
import { literalTruth, logical, not, type Truth } from '../operators.js';
import {
  compareOrigin,
  conditionGuard,
  guardOf,
  markAllowlisted,
  membershipTest,
  normalisedOrigin,
  patternTest,
  type Condition,
  type Guard,
} from '../origin.js';
import { Budget, type FactSink } from '../run.js';
import { getObj, isNullish, literal, newObj, NULL, openObjects, options, spreadInto, union, UNKNOWN, type Literal } from '../values.js';
import { dictMethod, keywordProp, spreadSources } from './dicts.js';
import { callExtModel } from './libraries.js';
import { children, spanOf, textOf, type PyNode } from './parse.js';
import { decodeString, quoteOf } from './strings.js';
import type { Args, Heap, ModelHost, ModuleHost, Obj, Py, PyFunction, PyModule, State, Value } from './values.js';

/** One analysis: a handler, or a module's top level. */
export interface Run {
  sink: FactSink<Py>;
  budget: Budget;
  /** Functions being called (recursion guard). */
  stack: PyNode[];
  /** The handler-level call being followed: the site of what happens inside it. */
  site?: Span;
}

export function newRun(sink: FactSink<Py>, stack: PyNode[] = []): Run {
  return { sink, budget: new Budget(PYTHON_STEP_LIMIT, sink), stack };
}

export interface Frame {
  module: PyModule;
  /** Module top level (functions defined here read globals live), else a function body. */
  moduleLevel: boolean;
  /** 0 for the handler itself, +1 per helper call. */
  depth: number;
  run: Run;
  closure?: Map<string, Value>;
  returns: Array<{ value: Value; state: State }>;
  /** States leaving the innermost loop by `break` / `continue`. */
  loopExits: State[][];
  /** Exceptions raised here are caught: inside a `try` with an `except` clause, here or in a caller. */
  caught?: boolean;
}

const BUILTINS = new Set([
  'str',
  'dict',
  'int',
  'float',
  'bool',
  'len',
  'print',
  'isinstance',
  'list',
  'tuple',
  'set',
  'repr',
  'sorted',
  'any',
  'all',
  'getattr',
  'hasattr',
  'type',
  'range',
  'enumerate',
  'zip',
  'min',
  'max',
  'abs',
  'round',
  'iter',
  'next',
  'format',
]);
/**
 * Methods that neither keep nor change a dict passed to them: loggers (as JS's), and string and
 * dict reads. `list.append(d)` keeps `d`, which whatever later gets the list may change.
 */
const HARMLESS_METHODS = new Set([
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'exception',
  'critical',
  'log',
  'items',
  'keys',
  'values',
  'format',
  'join',
  'startswith',
  'endswith',
  'split',
  'encode',
  'decode',
]);
/** Methods of the origin string that normalise it (still the origin), and that test it against a pattern. */
const ORIGIN_NORMALISERS = new Set(['lower', 'casefold', 'strip', 'rstrip', 'lstrip']);
const ORIGIN_PATTERN_TESTS = new Set(['startswith', 'endswith']);

/**
 * Expressions: values of names, literals, dicts, calls (helpers are followed per call site by
 * the statement runner, `invoke`), and the request-origin tests that guard responses.
 */
export abstract class ExpressionEvaluator {
  constructor(protected readonly program: ModuleHost) {}

  protected get heap(): Heap {
    return this.program.heap;
  }

  protected abstract invoke(fn: PyFunction, args: Args, name: string, st: State, frame: Frame): Value;
  protected abstract functionValue(node: PyNode, st: State, frame: Frame): Value;

  /** A value read on a path that passed an allowlist test carries it (the origin becomes allowlisted). */
  protected eval(node: PyNode, st: State, frame: Frame): Value {
    const v = this.evalNode(node, st, frame);
    return st.guarded ? markAllowlisted(v) : v;
  }

  private evalNode(node: PyNode, st: State, frame: Frame): Value {
    const parsed = frame.module.parsed;
    const kids = children(node);
    switch (node.name) {
      case 'VariableName':
        return this.lookup(textOf(parsed, node), st, frame);
      case 'Number':
        return numberValue(textOf(parsed, node));
      case 'String': {
        const s = decodeString(textOf(parsed, node));
        return s === undefined ? UNKNOWN : literal(s);
      }
      case 'FormatString':
        return this.formatString(node, st, frame);
      case 'ContinuedString':
        return kids.map((k) => this.eval(k, st, frame)).reduce((a, b) => this.concat(a, b));
      case 'Boolean':
        return literal(textOf(parsed, node) === 'True');
      case 'None':
        return NULL;
      case 'ParenthesizedExpression':
        return kids[1] ? this.eval(kids[1], st, frame) : UNKNOWN;
      case 'DictionaryExpression':
        return this.dictLiteral(kids, st, frame);
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression':
        return this.listLiteral(kids, st, frame);
      case 'DictionaryComprehensionExpression':
        return newObj(st, this.heap, { props: new Map(), open: true });
      case 'MemberExpression':
        return this.member(node, kids, st, frame);
      case 'CallExpression':
        return this.call(node, kids, st, frame);
      case 'BinaryExpression':
        return this.binary(kids, st, frame);
      case 'UnaryExpression': {
        const op = textOf(parsed, kids[0]);
        const v = this.eval(kids[1], st, frame);
        if (op === 'not') return not(v) ?? UNKNOWN;
        if (op === '-' && v.kind === 'literal' && typeof v.value === 'number') return literal(-v.value);
        return UNKNOWN;
      }
      case 'ConditionalExpression': {
        const [yesNode, , testNode, , noNode] = kids;
        const guard = this.test(testNode, st, frame);
        return union([this.evalGuarded(yesNode, guard.whenTrue, st, frame), this.evalGuarded(noNode, guard.whenFalse, st, frame)]);
      }
      case 'AwaitExpression':
        return kids[1] ? this.eval(kids[1], st, frame) : UNKNOWN;
      case 'NamedExpression': {
        const v = this.eval(kids[2], st, frame);
        st.vars.set(textOf(parsed, kids[0]), v);
        return v;
      }
      case 'LambdaExpression':
        return this.functionValue(node, st, frame);
      default:
        return UNKNOWN;
    }
  }

  /** Evaluates a condition and says what its outcome implies about the origin allowlist (../origin.ts). */
  protected test(node: PyNode, st: State, frame: Frame): Guard {
    return conditionGuard(
      node,
      (n) => pyCondition(n, frame),
      (n) => this.eval(n, st, frame),
      st,
    );
  }

  private evalGuarded(node: PyNode, guarded: boolean, st: State, frame: Frame): Value {
    const was = st.guarded;
    st.guarded ||= guarded;
    const v = this.eval(node, st, frame);
    st.guarded = was;
    return v;
  }

  protected lookup(name: string, st: State, frame: Frame): Value {
    const global = frame.module.globals.get(name) ?? frame.module.running?.vars.get(name);
    return st.vars.get(name) ?? frame.closure?.get(name) ?? global ?? (BUILTINS.has(name) ? { kind: 'package', name: `builtins.${name}` } : UNKNOWN);
  }

  private formatString(node: PyNode, st: State, frame: Frame): Value {
    const parsed = frame.module.parsed;
    const token = textOf(parsed, node);
    const fields = node.getChildren('FormatReplacement');
    if (fields.length === 0) {
      const s = decodeString(token, true);
      return s === undefined ? UNKNOWN : literal(s);
    }
    // Literal pieces between `{…}` fields, each decoded in a shell of the original quotes.
    const prefix = /^[a-zA-Z]*/.exec(token)![0];
    const quote = quoteOf(token);
    let out = '';
    let at = node.from + prefix.length + quote.length;
    for (const field of fields) {
      const piece = decodeString(prefix + quote + parsed.text.slice(at, field.from) + quote, true);
      const parts = children(field).filter((c) => c.name !== '{' && c.name !== '}');
      const v = parts.length === 1 ? this.eval(parts[0], st, frame) : UNKNOWN;
      if (piece === undefined || v.kind !== 'literal' || v.value === null) return UNKNOWN;
      out += piece + pyStr(v.value);
      at = field.to;
    }
    const tail = decodeString(prefix + quote + parsed.text.slice(at, node.to - quote.length) + quote, true);
    return tail === undefined ? UNKNOWN : literal(out + tail);
  }

  protected concat(a: Value, b: Value): Value {
    if (a.kind === 'literal' && b.kind === 'literal' && typeof a.value === 'string' && typeof b.value === 'string') return literal(a.value + b.value);
    return UNKNOWN;
  }

  private dictLiteral(kids: PyNode[], st: State, frame: Frame): Value {
    const parsed = frame.module.parsed;
    const dict: Obj = { props: new Map(), open: false };
    const items = kids.filter((k) => !['{', '}', ','].includes(k.name));
    for (let i = 0; i < items.length; i++) {
      const k = items[i];
      if (k.name === '**') {
        spreadInto(dict, spreadSources(this.eval(items[++i], st, frame), st, this.heap));
        continue;
      }
      const valueNode = items[i + 2];
      if (items[i + 1]?.name !== ':' || !valueNode) break;
      const key = this.eval(k, st, frame);
      const value = this.eval(valueNode, st, frame);
      i += 2;
      if (key.kind === 'literal' && typeof key.value === 'string') {
        dict.props.set(key.value, { value, span: spanOf(parsed, { from: k.from, to: valueNode.to }), valueSpan: spanOf(parsed, valueNode), always: true });
      } else if (key.kind !== 'literal') dict.open = true;
    }
    return newObj(st, this.heap, dict);
  }

  private listLiteral(kids: PyNode[], st: State, frame: Frame): Value {
    const items: Value[] = [];
    let open = false;
    for (const k of kids) {
      if (['(', ')', '[', ']', '{', '}', ','].includes(k.name)) continue;
      if (k.name === '*') open = true;
      else items.push(this.eval(k, st, frame));
    }
    return { kind: 'array', items, open };
  }

  private member(node: PyNode, kids: PyNode[], st: State, frame: Frame): Value {
    const object = this.eval(kids[0], st, frame);
    if (node.getChild('PropertyName')) return this.attribute(object, textOf(frame.module.parsed, kids[2]));
    const key = kids[2] && kids[3]?.name === ']' ? this.eval(kids[2], st, frame) : UNKNOWN;
    // `ALLOWED[origin]` on a known dict: the entry exists only for listed origins (else a KeyError).
    if (object.kind === 'object') {
      const test = membershipTest(key, object);
      if (test) return test;
    }
    return union(options(object).map((o) => this.subscript(o, key, st)));
  }

  private subscript(o: Value, key: Value, st: State): Value {
    const name = key.kind === 'literal' && typeof key.value === 'string' ? key.value : undefined;
    if (o.kind === 'event') return name === 'headers' ? { kind: 'request-headers' } : UNKNOWN;
    if (o.kind === 'request-headers') return name?.toLowerCase() === 'origin' ? { kind: 'origin', allowlisted: st.guarded } : UNKNOWN;
    if (o.kind === 'object' && name !== undefined) return getObj(st, this.heap, o.id).props.get(name)?.value ?? UNKNOWN;
    if (o.kind === 'array' && key.kind === 'literal' && typeof key.value === 'number') return o.items.at(key.value) ?? UNKNOWN;
    return UNKNOWN;
  }

  protected attribute(o: Value, name: string): Value {
    return union(
      options(o).map((v): Value => {
        if (v.kind === 'package') return { kind: 'package', name: `${v.name}.${name}` };
        if (v.kind === 'library') return v.model.attribute?.(name) ?? UNKNOWN;
        if (v.kind !== 'module') return UNKNOWN;
        const found = v.module.file ? this.program.module(v.module.file)?.globals.get(name) : undefined;
        if (found) return found;
        return (v.module.dir && this.program.submodule(v.module.dir, name)) || UNKNOWN;
      }),
    );
  }

  protected evalArgs(argList: PyNode, call: PyNode, st: State, frame: Frame): Args {
    const parsed = frame.module.parsed;
    const args: Args = { positional: [], keywords: new Map(), spread: false, span: spanOf(parsed, call) };
    const items = children(argList).filter((k) => !['(', ')', ','].includes(k.name));
    for (let i = 0; i < items.length; i++) {
      const k = items[i];
      if (k.name === '*' || k.name === '**') {
        const v = this.eval(items[++i], st, frame);
        if (k.name === '**' && v.kind === 'object') {
          for (const [key, e] of getObj(st, this.heap, v.id).props) args.keywords.set(key, { value: e.value, span: e.span, valueSpan: e.valueSpan });
          args.spread ||= getObj(st, this.heap, v.id).open;
        } else if (k.name === '*' && v.kind === 'array') {
          // `fn(*args)` in a wrapper passes on what it was given.
          args.positional.push(...v.items);
          args.spread ||= v.open === true;
        } else args.spread = true;
      } else if (k.name === 'VariableName' && items[i + 1]?.name === 'AssignOp') {
        const valueNode = items[i + 2];
        const end = valueNode ?? k;
        args.keywords.set(textOf(parsed, k), {
          value: valueNode ? this.eval(valueNode, st, frame) : UNKNOWN,
          span: spanOf(parsed, { from: k.from, to: end.to }),
          valueSpan: spanOf(parsed, end),
        });
        i += 2;
      } else if (k.name === 'for') {
        args.element = args.positional[0];
        args.positional = [UNKNOWN]; // a generator argument
        break;
      } else {
        args.positional.push(this.eval(k, st, frame));
      }
    }
    return args;
  }

  private call(node: PyNode, kids: PyNode[], st: State, frame: Frame): Value {
    const [callee, argList] = kids;
    const name = textOf(frame.module.parsed, callee);
    if (callee.name === 'MemberExpression' && callee.getChild('PropertyName')) {
      const [objNode, , prop] = children(callee);
      const receiver = this.eval(objNode, st, frame);
      const method = textOf(frame.module.parsed, prop);
      const args = argList ? this.evalArgs(argList, node, st, frame) : emptyArgs(node, frame);
      const test = originMethod(method, receiver, args);
      if (test) return test;
      return union(options(receiver).map((r) => this.callMethod(r, method, args, name, st, frame)));
    }
    const fn = this.eval(callee, st, frame);
    return this.callValue(fn, argList ? this.evalArgs(argList, node, st, frame) : emptyArgs(node, frame), name, st, frame);
  }

  protected callValue(fn: Value, args: Args, name: string, st: State, frame: Frame): Value {
    return union(
      options(fn).map((f): Value => {
        if (f.kind === 'function') return this.invoke(f.fn, args, name, st, frame);
        if (f.kind === 'package') return this.callExt(f.name, args, st, frame) ?? this.unknownCall(name, args, undefined, st);
        if (f.kind === 'library') return f.model.call?.(args, this.modelHost(st, frame)) ?? this.unknownCall(name, args, undefined, st);
        return this.unknownCall(name, args, undefined, st);
      }),
    );
  }

  protected callMethod(r: Value, method: string, args: Args, name: string, st: State, frame: Frame): Value {
    const [first, second] = args.positional;
    switch (r.kind) {
      case 'object':
        return dictMethod(st, this.heap, r.id, method, args);
      case 'event':
        return method === 'get' && first?.kind === 'literal' && first.value === 'headers' ? { kind: 'request-headers' } : UNKNOWN;
      case 'request-headers':
        if (method === 'get' && first?.kind === 'literal' && typeof first.value === 'string' && first.value.toLowerCase() === 'origin') {
          const origin: Value = { kind: 'origin', allowlisted: st.guarded };
          // `.get('origin', '')` is still the origin; another fallback makes an alternative.
          return second === undefined || isNullish(second) || (second.kind === 'literal' && second.value === '') ? origin : union([origin, second]);
        }
        return UNKNOWN;
      case 'module':
      case 'package':
        return this.callValue(this.attribute(r, method), args, name, st, frame);
      case 'library': {
        const result = r.model.method?.(method, args, this.modelHost(st, frame));
        if (result) return result;
        const bound = r.model.attribute?.(method);
        return bound ? this.callValue(bound, args, name, st, frame) : this.unknownCall(name, args, method, st);
      }
      case 'literal':
        return UNKNOWN; // string methods neither keep nor change their arguments
      default:
        return this.unknownCall(name, args, method, st);
    }
  }

  protected callExt(name: string, args: Args, st: State, frame: Frame): Value | undefined {
    if (name === 'builtins.str') {
      const [v] = args.positional;
      return v?.kind === 'literal' && (typeof v.value !== 'number' || Number.isInteger(v.value)) ? literal(pyStr(v.value)) : UNKNOWN;
    }
    if (name === 'builtins.dict') {
      const dict: Obj = { props: new Map(), open: args.spread };
      for (const a of args.positional) spreadInto(dict, spreadSources(a, st, this.heap));
      for (const [k, v] of args.keywords) dict.props.set(k, keywordProp(v));
      return newObj(st, this.heap, dict);
    }
    const check = originCheck(name, args);
    if (check) return check;
    if (name.startsWith('builtins.') || name.startsWith('json.')) return UNKNOWN;
    return callExtModel(name, args, this.modelHost(st, frame));
  }

  /** An unknown function may add keys to any dict it is given (except logging-like methods). */
  protected unknownCall(name: string, args: Args, method: string | undefined, st: State): Value {
    if (!(method && HARMLESS_METHODS.has(method))) {
      for (const a of [...args.positional, ...[...args.keywords.values()].map((k) => k.value)]) openObjects(a, st, this.heap);
    }
    return { kind: 'unknown', call: name.replace(/\s+/g, '') };
  }

  private binary(kids: PyNode[], st: State, frame: Frame): Value {
    const parsed = frame.module.parsed;
    const [leftNode] = kids;
    const rightNode = kids.at(-1)!;
    const op = kids
      .slice(1, -1)
      .map((k) => textOf(parsed, k))
      .join(' ');
    if (op === 'and' || op === 'or') {
      const left = this.eval(leftNode, st, frame);
      // The right side runs only when the left is true (`and`) or false (`or`): a test there holds for it.
      const lg = guardOf(left);
      const right = this.evalGuarded(rightNode, op === 'and' ? lg.whenTrue : lg.whenFalse, st, frame);
      return logical(op, left, right, truthOf(left), NULL);
    }
    const left = this.eval(leftNode, st, frame);
    const right = this.eval(rightNode, st, frame);
    // `origin in ALLOWED`, or `'example.com' in origin` (a pattern test, negated by `not in`).
    if (op === 'in' || op === 'not in') {
      const test = membershipTest(left, right) ?? patternTest(right, left);
      return test ? (op === 'in' ? test : (not(test) ?? UNKNOWN)) : UNKNOWN;
    }
    if (op === '==' || op === '!=') return compareOrigin(op, left, right) ?? UNKNOWN;
    if (op === '+') return this.concat(left, right);
    if (op === '|' && options(left).some((o) => o.kind === 'object')) {
      const dict: Obj = { props: new Map(), open: false };
      spreadInto(dict, spreadSources(left, st, this.heap));
      spreadInto(dict, spreadSources(right, st, this.heap));
      return newObj(st, this.heap, dict);
    }
    return UNKNOWN;
  }

  protected modelHost(st: State, frame: Frame): ModelHost {
    return {
      module: frame.module,
      newObj: (props, open) => newObj(st, this.heap, { props, open }),
      read: (v) => (v.kind === 'object' ? getObj(st, this.heap, v.id) : undefined),
    };
  }
}

/**
 * A method call that is an allowlist test or keeps the origin: `origin.endswith(x)`,
 * `origin.lower()`, `ALLOWED.get(origin)` (a value only for listed origins).
 */
function originMethod(method: string, receiver: Value, args: Args): Value | undefined {
  const [first] = args.positional;
  if (ORIGIN_PATTERN_TESTS.has(method)) return patternTest(receiver, first);
  if (ORIGIN_NORMALISERS.has(method) && args.positional.length === 0) return normalisedOrigin(receiver);
  if (method === 'get') return membershipTest(first, receiver);
  return undefined;
}

function pyCondition(node: PyNode, frame: Frame): Condition<PyNode> {
  const kids = children(node);
  if (node.name === 'ParenthesizedExpression' && kids.length === 3) return pyCondition(kids[1], frame);
  if (node.name === 'UnaryExpression' && textOf(frame.module.parsed, kids[0]) === 'not') return { not: kids[1] };
  const op = node.name === 'BinaryExpression' && kids.length === 3 ? textOf(frame.module.parsed, kids[1]) : '';
  if (op === 'and') return { and: [kids[0], kids[2]] };
  if (op === 'or') return { or: [kids[0], kids[2]] };
  return undefined;
}

/** Functions whose truthy result means the origin passed a pattern test. */
const RE_TESTS = new Set(['re.match', 're.fullmatch', 're.search']);

/**
 * Allowlist tests written as calls: `re.match(pattern, origin)` (and `fullmatch`, `search`), and
 * `any(test for p in PATTERNS)` over such a test.
 */
function originCheck(name: string, args: Args): Value | undefined {
  if (RE_TESTS.has(name)) return patternTest(args.positional[1], args.positional[0]);
  if (name === 'builtins.any' && args.element?.kind === 'origin-check' && !args.element.negated) return args.element;
  return undefined;
}

function emptyArgs(node: PyNode, frame: Frame): Args {
  return { positional: [], keywords: new Map(), spread: false, span: spanOf(frame.module.parsed, node) };
}

/**
 * Python truth: literals by their value; the request's headers (`event.get('headers') or {}` is
 * still them) and functions and modules are true; a dict or list is false when empty, which is
 * not tracked, so their truth is unknown.
 */
function truthOf(v: Value): Truth {
  if (v.kind === 'literal') return literalTruth(v);
  return ['event', 'request-headers', 'function', 'module'].includes(v.kind) ? 'truthy' : 'unknown';
}

function numberValue(text: string): Value {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return UNKNOWN;
  if (/^0[xX]/.test(t)) return literal(parseInt(t.slice(2), 16));
  if (/^0[oO]/.test(t)) return literal(parseInt(t.slice(2), 8));
  if (/^0[bB]/.test(t)) return literal(parseInt(t.slice(2), 2));
  const n = Number(t);
  return Number.isFinite(n) ? literal(n) : UNKNOWN;
}

/** Python's `str()` of a literal. */
function pyStr(v: Literal['value']): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}
