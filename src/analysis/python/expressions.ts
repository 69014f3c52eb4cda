import { dictMethod, newDict, spreadInto, writable } from './dicts.js';
import { callExtModel } from './libraries.js';
import { children, spanOf, textOf, type PyNode } from './parse.js';
import { decodeString, quoteOf } from './strings.js';
import {
  NONE,
  UNKNOWN,
  containsOrigin,
  guardOf,
  isNone,
  lit,
  markAllowlisted,
  options,
  union,
  Heap,
  type Args,
  type Entry,
  type Guard,
  type ModelHost,
  type PyFunction,
  type PyModule,
  type RawResponse,
  type State,
  type Val,
} from './values.js';

/** One handler analysis: where its responses go and why it may be incomplete. */
export interface Run {
  steps: number;
  stack: PyNode[];
  responses: RawResponse[];
  incomplete?: string;
}

export interface Frame {
  module: PyModule;
  /** Module top level (functions defined here read globals live), else a function body. */
  moduleLevel: boolean;
  /** 0 for the handler itself, +1 per helper call. */
  depth: number;
  run: Run;
  closure?: Map<string, Val>;
  returns: Array<{ value: Val; state: State }>;
  /** States leaving the innermost loop by `break` / `continue`. */
  loopExits: State[][];
}

const BUILTINS = new Set(['str', 'dict', 'int', 'float', 'bool', 'len', 'print', 'isinstance', 'list', 'tuple', 'set', 'repr', 'sorted', 'any', 'all', 'getattr', 'hasattr', 'type', 'range', 'enumerate', 'zip', 'min', 'max', 'abs', 'round', 'iter', 'next', 'format']);
/** Methods that do not keep or change a dict passed to them (logging, list and string helpers). */
const HARMLESS_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'append', 'add', 'extend', 'items', 'keys', 'values', 'format', 'join', 'startswith', 'endswith', 'split', 'encode', 'decode']);
const ORIGIN_STRING_METHODS = new Set(['lower', 'strip', 'rstrip', 'lstrip', 'casefold']);

/**
 * Expressions: values of names, literals, dicts, calls (helpers are followed per call site by
 * the statement runner, `invoke`), and the request-origin tests that guard responses.
 */
export abstract class ExpressionEvaluator {
  readonly heap = new Heap();

  /** The module with its top level run (once); undefined when missing or not parsing. */
  abstract module(file: string): PyModule | undefined;
  protected abstract invoke(fn: PyFunction, args: Args, name: string, st: State, frame: Frame): Val;
  protected abstract functionValue(node: PyNode, st: State, frame: Frame): Val;
  /** A package's submodule, for `pkg.sub` attribute access. */
  protected abstract submodule(dir: string, name: string): Val | undefined;

  protected eval(node: PyNode, st: State, frame: Frame): Val {
    const parsed = frame.module.parsed;
    const kids = children(node);
    switch (node.name) {
      case 'VariableName':
        return this.lookup(textOf(parsed, node), st, frame);
      case 'Number':
        return numberValue(textOf(parsed, node));
      case 'String': {
        const s = decodeString(textOf(parsed, node));
        return s === undefined ? UNKNOWN : lit(s);
      }
      case 'FormatString':
        return this.formatString(node, st, frame);
      case 'ContinuedString':
        return kids.map((k) => this.eval(k, st, frame)).reduce((a, b) => this.concat(a, b));
      case 'Boolean':
        return lit(textOf(parsed, node) === 'True');
      case 'None':
        return NONE;
      case 'ParenthesizedExpression':
        return kids[1] ? this.eval(kids[1], st, frame) : UNKNOWN;
      case 'DictionaryExpression':
        return this.dictLiteral(kids, st, frame);
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression':
        return this.listLiteral(kids, st, frame);
      case 'DictionaryComprehensionExpression':
        return newDict(st, this.heap, new Map(), true);
      case 'MemberExpression':
        return this.member(node, kids, st, frame);
      case 'CallExpression':
        return this.call(node, kids, st, frame);
      case 'BinaryExpression':
        return this.binary(kids, st, frame);
      case 'UnaryExpression': {
        const op = textOf(parsed, kids[0]);
        const v = this.eval(kids[1], st, frame);
        if (op === 'not') return v.kind === 'check' ? { kind: 'check', guard: { whenTrue: v.guard.whenFalse, whenFalse: v.guard.whenTrue } } : UNKNOWN;
        if (op === '-' && v.kind === 'lit' && typeof v.value === 'number') return lit(-v.value);
        return UNKNOWN;
      }
      case 'ConditionalExpression': {
        const [yesNode, , testNode, , noNode] = kids;
        const guard = guardOf(this.eval(testNode, st, frame));
        return union([this.evalGuarded(yesNode, guard.whenTrue, st, frame), this.evalGuarded(noNode, guard.whenFalse, st, frame)]);
      }
      case 'AwaitExpression':
        return kids[1] ? this.eval(kids[1], st, frame) : UNKNOWN;
      case 'NamedExpression': {
        const v = this.eval(kids[2], st, frame);
        st.locals.set(textOf(parsed, kids[0]), v);
        return v;
      }
      case 'LambdaExpression':
        return this.functionValue(node, st, frame);
      default:
        return UNKNOWN;
    }
  }

  private evalGuarded(node: PyNode, guarded: boolean, st: State, frame: Frame): Val {
    const was = st.guarded;
    st.guarded ||= guarded;
    const v = this.eval(node, st, frame);
    st.guarded = was;
    return v;
  }

  protected lookup(name: string, st: State, frame: Frame): Val {
    const global = frame.module.globals.get(name) ?? frame.module.running?.locals.get(name);
    const v = st.locals.get(name) ?? frame.closure?.get(name) ?? global ?? (BUILTINS.has(name) ? { kind: 'ext', name: `builtins.${name}` } : UNKNOWN);
    return st.guarded ? markAllowlisted(v) : v;
  }

  private formatString(node: PyNode, st: State, frame: Frame): Val {
    const parsed = frame.module.parsed;
    const token = textOf(parsed, node);
    const fields = node.getChildren('FormatReplacement');
    if (fields.length === 0) {
      const s = decodeString(token, true);
      return s === undefined ? UNKNOWN : lit(s);
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
      if (piece === undefined || v.kind !== 'lit' || v.value === null) return UNKNOWN;
      out += piece + pyStr(v.value);
      at = field.to;
    }
    const tail = decodeString(prefix + quote + parsed.text.slice(at, node.to - quote.length) + quote, true);
    return tail === undefined ? UNKNOWN : lit(out + tail);
  }

  protected concat(a: Val, b: Val): Val {
    if (a.kind === 'lit' && b.kind === 'lit' && typeof a.value === 'string' && typeof b.value === 'string') return lit(a.value + b.value);
    return UNKNOWN;
  }

  private dictLiteral(kids: PyNode[], st: State, frame: Frame): Val {
    const parsed = frame.module.parsed;
    const entries = new Map<string, Entry>();
    let open = false;
    const items = kids.filter((k) => !['{', '}', ','].includes(k.name));
    for (let i = 0; i < items.length; i++) {
      const k = items[i];
      if (k.name === '**') {
        const spread = this.eval(items[++i], st, frame);
        open = spreadInto(entries, spread, st, this.heap) || open;
        continue;
      }
      const valueNode = items[i + 2];
      if (items[i + 1]?.name !== ':' || !valueNode) break;
      const key = this.eval(k, st, frame);
      const value = this.eval(valueNode, st, frame);
      i += 2;
      if (key.kind === 'lit' && typeof key.value === 'string') {
        entries.set(key.value, { value, span: spanOf(parsed, { from: k.from, to: valueNode.to }), valueSpan: spanOf(parsed, valueNode), always: true });
      } else if (key.kind !== 'lit') open = true;
    }
    return newDict(st, this.heap, entries, open);
  }

  private listLiteral(kids: PyNode[], st: State, frame: Frame): Val {
    const items: Val[] = [];
    let open = false;
    for (const k of kids) {
      if (['(', ')', '[', ']', '{', '}', ','].includes(k.name)) continue;
      if (k.name === '*') open = true;
      else items.push(this.eval(k, st, frame));
    }
    return { kind: 'list', items, open };
  }

  private member(node: PyNode, kids: PyNode[], st: State, frame: Frame): Val {
    const object = this.eval(kids[0], st, frame);
    if (node.getChild('PropertyName')) return this.attribute(object, textOf(frame.module.parsed, kids[2]));
    const key = kids[2] && kids[3]?.name === ']' ? this.eval(kids[2], st, frame) : UNKNOWN;
    return union(options(object).map((o) => this.subscript(o, key, st)));
  }

  private subscript(o: Val, key: Val, st: State): Val {
    const name = key.kind === 'lit' && typeof key.value === 'string' ? key.value : undefined;
    if (o.kind === 'event') return name === 'headers' ? { kind: 'request-headers' } : UNKNOWN;
    if (o.kind === 'request-headers') return name?.toLowerCase() === 'origin' ? { kind: 'origin', allowlisted: st.guarded } : UNKNOWN;
    if (o.kind === 'dict' && name !== undefined) return this.heap.get(st, o.id).entries.get(name)?.value ?? UNKNOWN;
    if (o.kind === 'list' && key.kind === 'lit' && typeof key.value === 'number') return o.items.at(key.value) ?? UNKNOWN;
    return UNKNOWN;
  }

  protected attribute(o: Val, name: string): Val {
    return union(
      options(o).map((v): Val => {
        if (v.kind === 'ext') return { kind: 'ext', name: `${v.name}.${name}` };
        if (v.kind === 'model') return v.model.attribute?.(name) ?? UNKNOWN;
        if (v.kind !== 'module') return UNKNOWN;
        const found = v.module.file ? this.module(v.module.file)?.globals.get(name) : undefined;
        if (found) return found;
        return (v.module.dir && this.submodule(v.module.dir, name)) || UNKNOWN;
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
        if (k.name === '**' && v.kind === 'dict') {
          for (const [key, e] of this.heap.get(st, v.id).entries) args.keywords.set(key, { value: e.value, span: e.span, valueSpan: e.valueSpan });
          args.spread ||= this.heap.get(st, v.id).open;
        } else args.spread = true;
      } else if (k.name === 'VariableName' && items[i + 1]?.name === 'AssignOp') {
        const valueNode = items[i + 2];
        const end = valueNode ?? k;
        args.keywords.set(textOf(parsed, k), { value: valueNode ? this.eval(valueNode, st, frame) : UNKNOWN, span: spanOf(parsed, { from: k.from, to: end.to }), valueSpan: spanOf(parsed, end) });
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

  private call(node: PyNode, kids: PyNode[], st: State, frame: Frame): Val {
    const [callee, argList] = kids;
    const name = textOf(frame.module.parsed, callee);
    if (callee.name === 'MemberExpression' && callee.getChild('PropertyName')) {
      const [objNode, , prop] = children(callee);
      const receiver = this.eval(objNode, st, frame);
      const method = textOf(frame.module.parsed, prop);
      const args = argList ? this.evalArgs(argList, node, st, frame) : emptyArgs(node, frame);
      return union(options(receiver).map((r) => this.callMethod(r, method, args, name, st, frame)));
    }
    const fn = this.eval(callee, st, frame);
    return this.callValue(fn, argList ? this.evalArgs(argList, node, st, frame) : emptyArgs(node, frame), name, st, frame);
  }

  protected callValue(fn: Val, args: Args, name: string, st: State, frame: Frame): Val {
    return union(
      options(fn).map((f): Val => {
        if (f.kind === 'func') return this.invoke(f.fn, args, name, st, frame);
        if (f.kind === 'ext') return this.callExt(f.name, args, st, frame) ?? this.unknownCall(name, args, undefined, st);
        if (f.kind === 'model') return f.model.call?.(args, this.host(st, frame)) ?? this.unknownCall(name, args, undefined, st);
        return this.unknownCall(name, args, undefined, st);
      }),
    );
  }

  protected callMethod(r: Val, method: string, args: Args, name: string, st: State, frame: Frame): Val {
    const [first, second] = args.positional;
    switch (r.kind) {
      case 'dict':
        return dictMethod(st, this.heap, r.id, method, args);
      case 'event':
        return method === 'get' && first?.kind === 'lit' && first.value === 'headers' ? { kind: 'request-headers' } : UNKNOWN;
      case 'request-headers':
        if (method === 'get' && first?.kind === 'lit' && typeof first.value === 'string' && first.value.toLowerCase() === 'origin') {
          const origin: Val = { kind: 'origin', allowlisted: st.guarded };
          // `.get('origin', '')` is still the origin; another fallback makes an alternative.
          return second === undefined || isNone(second) || (second.kind === 'lit' && second.value === '') ? origin : union([origin, second]);
        }
        return UNKNOWN;
      case 'origin':
        return ORIGIN_STRING_METHODS.has(method) ? r : UNKNOWN;
      case 'module':
      case 'ext':
        return this.callValue(this.attribute(r, method), args, name, st, frame);
      case 'model': {
        const result = r.model.method?.(method, args, this.host(st, frame));
        if (result) return result;
        const bound = r.model.attribute?.(method);
        return bound ? this.callValue(bound, args, name, st, frame) : this.unknownCall(name, args, method, st);
      }
      case 'lit':
      case 'list':
        return UNKNOWN;
      default:
        return this.unknownCall(name, args, method, st);
    }
  }

  protected callExt(name: string, args: Args, st: State, frame: Frame): Val | undefined {
    if (name === 'builtins.str') {
      const [v] = args.positional;
      return v?.kind === 'lit' && (typeof v.value !== 'number' || Number.isInteger(v.value)) ? lit(pyStr(v.value)) : UNKNOWN;
    }
    if (name === 'builtins.dict') {
      const entries = new Map<string, Entry>();
      let open = args.spread;
      for (const a of args.positional) open = spreadInto(entries, a, st, this.heap) || open;
      for (const [k, v] of args.keywords) entries.set(k, { value: v.value, span: v.span, valueSpan: v.valueSpan, always: true });
      return newDict(st, this.heap, entries, open);
    }
    const check = originCheck(name, args);
    if (check) return check;
    if (name.startsWith('builtins.') || name.startsWith('json.')) return UNKNOWN;
    return callExtModel(name, args, this.host(st, frame));
  }

  /** An unknown function may add keys to any dict it is given (except logging-like methods). */
  protected unknownCall(name: string, args: Args, method: string | undefined, st: State): Val {
    if (!(method && HARMLESS_METHODS.has(method))) {
      for (const a of [...args.positional, ...[...args.keywords.values()].map((k) => k.value)]) {
        for (const o of options(a)) if (o.kind === 'dict') writable(st, this.heap, o.id).open = true;
      }
    }
    return { kind: 'unknown', call: name.replace(/\s+/g, '') };
  }

  private binary(kids: PyNode[], st: State, frame: Frame): Val {
    const parsed = frame.module.parsed;
    const [leftNode] = kids;
    const rightNode = kids.at(-1)!;
    const op = kids.slice(1, -1).map((k) => textOf(parsed, k)).join(' ');
    if (op === 'and' || op === 'or') {
      const left = this.eval(leftNode, st, frame);
      const lg = guardOf(left);
      const right = this.evalGuarded(rightNode, op === 'and' ? lg.whenTrue : lg.whenFalse, st, frame);
      if (left.kind === 'check' || right.kind === 'check') {
        const rg = guardOf(right);
        const guard: Guard = op === 'and' ? { whenTrue: lg.whenTrue || rg.whenTrue, whenFalse: lg.whenFalse && rg.whenFalse } : { whenTrue: lg.whenTrue && rg.whenTrue, whenFalse: lg.whenFalse || rg.whenFalse };
        return { kind: 'check', guard };
      }
      if (op === 'or') return orValue(left, right, this.heap, st);
      return union([left, right]);
    }
    const left = this.eval(leftNode, st, frame);
    const right = this.eval(rightNode, st, frame);
    if (op === 'in' || op === 'not in') {
      const test = containsOrigin(left) && !containsOrigin(right);
      return test ? { kind: 'check', guard: op === 'in' ? { whenTrue: true, whenFalse: false } : { whenTrue: false, whenFalse: true } } : UNKNOWN;
    }
    if (op === '==' || op === '!=') {
      const [o, other] = containsOrigin(left) ? [left, right] : [right, left];
      const test = containsOrigin(o) && !containsOrigin(other) && !(other.kind === 'lit' && (other.value === '' || other.value === null));
      return test ? { kind: 'check', guard: op === '==' ? { whenTrue: true, whenFalse: false } : { whenTrue: false, whenFalse: true } } : UNKNOWN;
    }
    if (op === '+') return this.concat(left, right);
    if (op === '|' && options(left).some((o) => o.kind === 'dict')) {
      const entries = new Map<string, Entry>();
      const leftOpen = spreadInto(entries, left, st, this.heap);
      const open = spreadInto(entries, right, st, this.heap) || leftOpen;
      return newDict(st, this.heap, entries, open);
    }
    return UNKNOWN;
  }

  protected host(st: State, frame: Frame): ModelHost {
    return { module: frame.module, newDict: (entries, open) => newDict(st, this.heap, entries, open) };
  }
}

/** Functions whose truthy result means the origin passed a pattern test. */
const RE_TESTS = new Set(['re.match', 're.fullmatch', 're.search']);
const PASSED: Val = { kind: 'check', guard: { whenTrue: true, whenFalse: false } };

/**
 * Allowlist tests written as calls: `re.match(pattern, origin)` (and `fullmatch`, `search`), and
 * `any(test for p in PATTERNS)` over such a test.
 */
function originCheck(name: string, args: Args): Val | undefined {
  if (RE_TESTS.has(name)) {
    const [pattern, subject] = args.positional;
    return subject && containsOrigin(subject) && pattern && !containsOrigin(pattern) ? PASSED : undefined;
  }
  if (name === 'builtins.any' && args.element?.kind === 'check' && args.element.guard.whenTrue) return PASSED;
  return undefined;
}

function emptyArgs(node: PyNode, frame: Frame): Args {
  return { positional: [], keywords: new Map(), spread: false, span: spanOf(frame.module.parsed, node) };
}

/** `a or b`: `event.get('headers') or {}` stays the request headers; otherwise either side. */
function orValue(left: Val, right: Val, heap: Heap, st: State): Val {
  const emptyDict = right.kind === 'dict' && heap.get(st, right.id).entries.size === 0 && !heap.get(st, right.id).open;
  if (emptyDict && left.kind === 'request-headers') return left;
  if (left.kind === 'lit') return left.value ? left : right;
  return union([left, right]);
}

function numberValue(text: string): Val {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return UNKNOWN;
  if (/^0[xX]/.test(t)) return lit(parseInt(t.slice(2), 16));
  if (/^0[oO]/.test(t)) return lit(parseInt(t.slice(2), 8));
  if (/^0[bB]/.test(t)) return lit(parseInt(t.slice(2), 2));
  const n = Number(t);
  return Number.isFinite(n) ? lit(n) : UNKNOWN;
}

/** Python's `str()` of a literal. */
function pyStr(v: string | number | boolean | null): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

