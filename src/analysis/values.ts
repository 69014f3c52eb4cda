import type { Span } from '../source.js';

/**
 * The abstract values both handler interpreters compute (JavaScript/TypeScript in js/, Python in
 * python/), and the states they compute them in: docs/architecture.md#handler-analysis. Only what
 * matters for response headers is modelled; everything else is `unknown`. Objects (JS objects,
 * Python dicts) live in a heap keyed by id, so that a header added through one reference
 * (`response.headers.X = …`, `response['headers']['X'] = …`) is seen through the others.
 *
 * Each interpreter adds the values only its language has (functions, classes, modules, library
 * objects …) through `Language`; everything here is the same for both.
 */

/** The kinds the interpreters add (js/values.ts, python/values.ts), kept apart from the shared ones. */
export type LanguageKind = 'function' | 'class' | 'module' | 'namespace' | 'import' | 'package' | 'library' | 'builtin' | 'context' | 'responder' | 'resolver';

/** What a language adds to the domain: its own kinds of values, and what keys a variable in a state. */
export interface Language {
  value: { readonly kind: LanguageKind };
  /** A scope cell in JS (names are resolved by scope first), the name itself in Python. */
  binding: unknown;
}

/** A primitive: Python's `None` is `null`; `undefined` is JavaScript's own. */
export interface Literal {
  kind: 'literal';
  value: string | number | boolean | null | undefined;
}

export interface ObjectRef {
  kind: 'object';
  id: number;
  /** The helper `return` that produced this reference (a response's `builtAt`). */
  returnedAt?: Span;
  /**
   * JS: the `return` of a `.then` / `.catch` callback, or the `resolve(…)` call, in the handler's
   * file that made this a promise's value: the response's site when the handler returns it.
   */
  settledAt?: Span;
  /** JS: the response of a web app an adapter serves, called from the handler (`return cached(event, context)`); `returnedAt` is where the app is made. */
  app?: true;
}

/**
 * `call`: the function whose unknown result this is, for "wrapped by middy(...)" messages.
 * `limit`: unknown because a documented limit stopped the analysis (a module past the size limit); it says which.
 */
export interface Unknown {
  kind: 'unknown';
  call?: string;
  limit?: string;
}

export type Value<L extends Language> =
  | Literal
  | ObjectRef
  /** A JS array, a Python list, tuple or set; `open` when it may hold items not listed (`[*rest]`). */
  | { kind: 'array'; items: Value<L>[]; open?: boolean }
  /** The handler's event, its headers, and the request Origin read from them. */
  | { kind: 'event' }
  | { kind: 'request-headers' }
  | { kind: 'origin'; allowlisted: boolean }
  /** The boolean result of an allowlist test on the origin (`negated`: true when the origin failed it). See origin.ts. */
  | { kind: 'origin-check'; negated: boolean }
  /** `list.indexOf(origin)`: becomes an origin-check when compared with -1 or 0. */
  | { kind: 'origin-index' }
  /** One of several values, depending on the path taken. */
  | { kind: 'union'; options: Value<L>[] }
  | Unknown
  | L['value'];

export interface Prop<L extends Language> {
  value: Value<L>;
  /** The property (`key: value`), dict entry or assignment that set it. */
  span: Span;
  valueSpan: Span;
  /** False when set on some paths only. */
  always: boolean;
}

export interface Obj<L extends Language> {
  /** Keyed as written (keys are case-sensitive; header lookups lower-case later). */
  props: Map<string, Prop<L>>;
  /** May hold properties not listed (a spread of an unknown value, a computed key, an unknown function that got it). */
  open: boolean;
}

/**
 * What is known on one path through the code. Statements update a state in place; branches fork
 * it and `joinStates` merges the forks back (a value differing between forks becomes a union, an
 * object property set in only one fork gets `always: false`).
 */
export interface State<L extends Language> {
  vars: Map<L['binding'], Value<L>>;
  objs: Map<number, Obj<L>>;
  /** The path ended (return / throw / raise / break / continue). */
  dead: boolean;
  /** The path passed an allowlist test on the request origin. */
  guarded: boolean;
}

/** What finished module top levels left, shared by every later analysis (read where a state has no entry). */
export class Heap<L extends Language> {
  readonly vars = new Map<L['binding'], Value<L>>();
  readonly objs = new Map<number, Obj<L>>();
  private nextId = 0;

  newId(): number {
    return this.nextId++;
  }

  /** Makes a finished top level's objects visible to all later states. */
  freezeObjects(state: State<L>): void {
    for (const [id, o] of state.objs) this.objs.set(id, o);
  }

  /**
   * Makes a finished top level's variables visible to all later states. Only for bindings that
   * are unique per scope (JS cells): Python keeps module globals per module (python/values.ts).
   */
  freezeVars(state: State<L>): void {
    for (const [b, v] of state.vars) this.vars.set(b, v);
  }
}

export const UNKNOWN: Unknown = { kind: 'unknown' };
export const UNDEFINED: Literal = { kind: 'literal', value: undefined };
export const NULL: Literal = { kind: 'literal', value: null };

export function literal(value: Literal['value']): Literal {
  return { kind: 'literal', value };
}

/** `null` or `undefined` (JS), `None` (Python): no value at all. */
export function isNullish<L extends Language>(v: Value<L>): boolean {
  return v.kind === 'literal' && (v.value === null || v.value === undefined);
}

/** Could be nothing (so `callback(err, x)` may be a success). */
export function mayBeEmpty<L extends Language>(v: Value<L>): boolean {
  return options(v).some((o) => isNullish(o) || o.kind === 'unknown');
}

export function newState<L extends Language>(): State<L> {
  return { vars: new Map(), objs: new Map(), dead: false, guarded: false };
}

export function fork<L extends Language>(state: State<L>): State<L> {
  return { vars: new Map(state.vars), objs: new Map(state.objs), dead: state.dead, guarded: state.guarded };
}

/** Replaces `target`'s contents (callers hold a reference to it). */
export function assignState<L extends Language>(target: State<L>, source: State<L>): void {
  target.vars = source.vars;
  target.objs = source.objs;
  target.dead = source.dead;
  target.guarded = source.guarded;
}

export function readVar<L extends Language>(state: State<L>, heap: Heap<L>, binding: L['binding']): Value<L> {
  return state.vars.get(binding) ?? heap.vars.get(binding) ?? UNKNOWN;
}

export function getObj<L extends Language>(state: State<L>, heap: Heap<L>, id: number): Obj<L> {
  return state.objs.get(id) ?? heap.objs.get(id) ?? { props: new Map(), open: true };
}

/** The object for writing in this state: copied on first write, so forks and the heap stay as they were. */
export function writableObj<L extends Language>(state: State<L>, heap: Heap<L>, id: number): Obj<L> {
  const current = getObj(state, heap, id);
  const copy: Obj<L> = { props: new Map(current.props), open: current.open };
  state.objs.set(id, copy);
  return copy;
}

export function newObj<L extends Language>(state: State<L>, heap: Heap<L>, obj: Obj<L>, returnedAt?: Span): ObjectRef {
  const id = heap.newId();
  state.objs.set(id, obj);
  return { kind: 'object', id, ...(returnedAt && { returnedAt }) };
}

/** `object[key] = …` on every object `object` may be; set on one of several, the property is there on some paths only. */
export function setProp<L extends Language>(object: Value<L>, key: string, prop: Omit<Prop<L>, 'always'>, st: State<L>, heap: Heap<L>): void {
  const targets = options(object).filter((o) => o.kind === 'object');
  for (const t of targets) writableObj(st, heap, t.id).props.set(key, { ...prop, always: targets.length === 1 });
}

/** `delete object[key]`, `del d[key]`: gone from one known object; from one of several, no longer always there. */
export function deleteProp<L extends Language>(object: Value<L>, key: string, st: State<L>, heap: Heap<L>): void {
  const targets = options(object).filter((o) => o.kind === 'object');
  for (const t of targets) {
    const prop = getObj(st, heap, t.id).props.get(key);
    if (!prop) continue;
    const props = writableObj(st, heap, t.id).props;
    if (targets.length === 1) props.delete(key);
    else props.set(key, { ...prop, always: false });
  }
}

/**
 * Marks the objects `v` may be as possibly holding more properties (a computed key, an unknown
 * function that got them), and the objects they hold one level down: `lib(response)` may set
 * `response.headers.X`.
 */
export function openObjects<L extends Language>(v: Value<L>, st: State<L>, heap: Heap<L>, deref: (v: Value<L>) => Value<L> = (x) => x, depth = 0): void {
  for (const o of options(deref(v))) {
    if (o.kind !== 'object') continue;
    const obj = getObj(st, heap, o.id);
    if (!obj.open) st.objs.set(o.id, { props: obj.props, open: true });
    if (depth === 0) for (const p of obj.props.values()) openObjects(p.value, st, heap, deref, 1);
  }
}

/** The options of a value (a union's members, or the value itself). */
export function options<L extends Language>(v: Value<L>): Value<L>[] {
  return v.kind === 'union' ? v.options : [v];
}

/** Past this many alternatives a value is treated as unknown (keeps joins cheap). */
const MAX_UNION = 32;

export function union<L extends Language>(values: Value<L>[]): Value<L> {
  const out: Value<L>[] = [];
  for (const v of values.flatMap(options)) if (!out.some((o) => sameValue(o, v))) out.push(v);
  if (out.length > MAX_UNION) return UNKNOWN;
  return out.length === 1 ? out[0] : { kind: 'union', options: out };
}

/**
 * Whether two values stand for the same thing, so that a union lists it once. Arrays are never
 * merged (their items may differ); a language's own kinds are the same when every field is.
 */
function sameValue<L extends Language>(a: Value<L>, b: Value<L>): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'literal':
      return b.kind === 'literal' && Object.is(a.value, b.value);
    case 'object':
      return b.kind === 'object' && a.id === b.id && a.returnedAt === b.returnedAt && a.settledAt === b.settledAt;
    case 'origin':
      return b.kind === 'origin' && a.allowlisted === b.allowlisted;
    case 'origin-check':
      return b.kind === 'origin-check' && a.negated === b.negated;
    case 'unknown':
      return b.kind === 'unknown' && a.call === b.call && a.limit === b.limit;
    case 'event':
    case 'request-headers':
    case 'origin-index':
      return b.kind === a.kind;
    case 'array':
    case 'union':
      return false;
    default:
      return sameFields(a, b);
  }
}

function sameFields(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function joinStates<L extends Language>(states: State<L>[], heap: Heap<L>): State<L> {
  const live = states.filter((s) => !s.dead);
  if (live.length === 0) return { ...newState<L>(), dead: true };
  return live.reduce((a, b) => joinTwo(a, b, heap));
}

/**
 * A variable or object written on one path only is joined with the heap's value, which the
 * other path still sees; a variable bound on one path only (a Python name, possibly unbound on
 * the other) keeps its binding.
 */
function joinTwo<L extends Language>(a: State<L>, b: State<L>, heap: Heap<L>): State<L> {
  const vars = new Map(a.vars);
  for (const [binding, vb] of b.vars) {
    const va = a.vars.get(binding) ?? heap.vars.get(binding);
    vars.set(binding, va === undefined || va === vb ? vb : union([va, vb]));
  }
  const objs = new Map(a.objs);
  for (const [id, ob] of b.objs) {
    const oa = a.objs.get(id) ?? heap.objs.get(id);
    objs.set(id, oa === undefined || oa === ob ? ob : joinObjs([oa, ob]));
  }
  for (const [binding, va] of a.vars) {
    if (!b.vars.has(binding)) {
      const vb = heap.vars.get(binding);
      if (vb !== undefined && vb !== va) vars.set(binding, union([va, vb]));
    }
  }
  for (const [id, oa] of a.objs) {
    if (!b.objs.has(id)) {
      const ob = heap.objs.get(id);
      if (ob !== undefined && ob !== oa) objs.set(id, joinObjs([oa, ob]));
    }
  }
  return { vars, objs, dead: false, guarded: a.guarded && b.guarded };
}

/** One object standing for several: a property missing from some of them is set `always: false`. */
export function joinObjs<L extends Language>(objs: Obj<L>[]): Obj<L> {
  const [first, ...rest] = objs;
  if (rest.length === 0) return first;
  const props = new Map<string, Prop<L>>();
  for (const name of new Set(objs.flatMap((o) => [...o.props.keys()]))) {
    const present = objs.map((o) => o.props.get(name)).filter((p): p is Prop<L> => p !== undefined);
    props.set(name, {
      ...present[0],
      value: union(present.map((p) => p.value)),
      always: present.length === objs.length && present.every((p) => p.always),
    });
  }
  return { props, open: objs.some((o) => o.open) };
}

/** Copies the properties of several candidate sources (one spread whose value is one of them) into `target`. */
export function spreadInto<L extends Language>(target: Obj<L>, sources: Obj<L>[]): void {
  if (sources.length === 0) return;
  const merged = joinObjs(sources);
  for (const [k, p] of merged.props) target.props.set(k, p);
  target.open ||= merged.open;
}

/** Marks objects returned by a helper with the helper's `return` (a response's `builtAt`); the first return wins. */
export function returnedAt<L extends Language>(v: Value<L>, at: Span): Value<L> {
  if (v.kind === 'object') return v.returnedAt ? v : { ...v, returnedAt: at };
  if (v.kind === 'union') return union(v.options.map((o) => returnedAt(o, at)));
  return v;
}

/** Marks objects that became a promise's value at `at` (the first such place wins, as for `returnedAt`). */
export function settledAt<L extends Language>(v: Value<L>, at: Span): Value<L> {
  if (v.kind === 'object') return v.settledAt ? v : { ...v, settledAt: at };
  if (v.kind === 'union') return union(v.options.map((o) => settledAt(o, at)));
  return v;
}
