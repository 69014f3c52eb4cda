import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Span } from '../../source.js';
import type { LibraryModel } from './libraries/index.js';
import type { ParsedFile } from '../parse.js';

/**
 * The abstract values the evaluator computes. Only what matters for response headers is
 * modelled; everything else is `unknown`. Objects live in a heap (`State.objs`) so that a
 * header added through one reference (`response.headers.X = …`) is seen through the others.
 */
export type Value =
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  /**
   * `returnedAt`: the helper `return` that produced this reference (a response's `builtAt`).
   * `settledAt`: the `return` of a `.then` / `.catch` callback, or the `resolve(…)` call, in the
   * handler's file that made this a promise's value: the response's site when the handler returns it.
   */
  | { kind: 'object'; id: number; returnedAt?: Span; settledAt?: Span }
  | { kind: 'array'; items: Value[] }
  | FunctionValue
  | ClassValue
  /** The handler's first parameter, its `headers`, and the request Origin read from them. */
  | { kind: 'event' }
  | { kind: 'request-headers' }
  | { kind: 'origin'; allowlisted: boolean }
  /** The boolean result of an allowlist test on the origin (`negated` for `!==`, `!list.includes(o)`). */
  | { kind: 'origin-check'; negated: boolean }
  /** `list.indexOf(origin)`: becomes an origin-check when compared with -1 or 0. */
  | { kind: 'origin-index' }
  /** The handler's `context` parameter. */
  | { kind: 'context' }
  /** Something that sends a response when called: `callback`, `context.succeed`, `context.done`. */
  | { kind: 'responder'; argIndex: number }
  /** The `resolve` a `new Promise(…)` executor receives; `id` keys the values it was called with. */
  | { kind: 'resolver'; id: number }
  /** A relative module, read lazily: `name` undefined is the whole module (require / namespace). */
  | { kind: 'import'; module: ModuleRecord; name: string | undefined }
  /** An ES module's namespace object. */
  | { kind: 'namespace'; module: ModuleRecord }
  /** Something taken from an npm package: left to library models (none yet). */
  | { kind: 'package'; specifier: string; path: string[] }
  | { kind: 'builtin'; name: BuiltinName }
  | LibraryValue
  /** One of several values, depending on the path taken. */
  | { kind: 'union'; options: Value[] }
  /** `call`: the function whose unknown result this is, for "wrapped by middy(...)" messages. */
  /** `limit`: unknown because a documented limit stopped the analysis (a module past the size limit); it says which. */
  | { kind: 'unknown'; call?: string; limit?: string };

/** `request-header`: `req.get(name)`, `c.req.header(name)`, `headers.get(name)` on the request. */
export type BuiltinName = 'require' | 'Object' | 'Object.assign' | 'Promise' | 'Promise.reject' | 'identity' | 'pure' | 'request-header';

/**
 * Something a library model made: a middy instance, an Express app, a `cors()` middleware.
 * `info` is the model's own immutable data; what changes (`app.use(…)`) lives in the heap
 * object `id`, so it forks and joins with the path like any object.
 */
export interface LibraryValue {
  kind: 'library';
  model: LibraryModel;
  type: string;
  id: number;
  info?: object;
}

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface FunctionValue {
  kind: 'function';
  node: FunctionNode;
  module: ModuleRecord;
  /** The lexical scope the function closes over. */
  scope: Scope;
}

/** A class written in the project (`class X {}`, `class extends Base {}`), constructed by `new`. */
export interface ClassValue {
  kind: 'class';
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  module: ModuleRecord;
  /** The class body's scope: methods close over it, and it holds the class itself (for `super`). */
  scope: Scope;
}

/** One parsed source file as the evaluator sees it. */
export interface ModuleRecord {
  file: ParsedFile;
  /** Uses import/export syntax (else CommonJS, or JSON). */
  esm: boolean;
  json: boolean;
  scope: Scope;
}

export interface Prop {
  value: Value;
  /** The property (`key: value`) or assignment that set it. */
  span: Span;
  valueSpan: Span;
  /** False when set on some paths only. */
  always: boolean;
}

export interface Obj {
  /** Keyed as written (object keys are case-sensitive; header lookups lower-case later). */
  props: Map<string, Prop>;
  /** May hold properties not listed (spread of an unknown value, computed key, unknown mutation). */
  open: boolean;
}

/** A variable; scopes map names to cells, states map cells to values. */
export interface Cell {
  readonly name: string;
}

export class Scope {
  readonly vars = new Map<string, Cell>();

  constructor(readonly parent?: Scope) {}

  declare(name: string): Cell {
    let cell = this.vars.get(name);
    if (!cell) this.vars.set(name, (cell = { name }));
    return cell;
  }

  lookup(name: string): Cell | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const cell = s.vars.get(name);
      if (cell) return cell;
    }
    return undefined;
  }
}

/**
 * What is known on one path through the code. Statements update a state in place; branches
 * fork it and `joinStates` merges the forks back (a value differing between forks becomes a
 * union, an object property set in only one fork gets `always: false`).
 */
export interface State {
  cells: Map<Cell, Value>;
  objs: Map<number, Obj>;
  /** The path ended (return / throw / break). */
  dead: boolean;
  /** The path passed an allowlist test on the request origin. */
  guarded: boolean;
}

/** The finished top-level states of the modules read so far, shared by every later analysis. */
export class Heap {
  readonly cells = new Map<Cell, Value>();
  readonly objs = new Map<number, Obj>();
  private nextId = 0;

  newId(): number {
    return this.nextId++;
  }

  /** Makes a module's top-level results visible to all later states. */
  freeze(state: State): void {
    for (const [c, v] of state.cells) this.cells.set(c, v);
    for (const [id, o] of state.objs) this.objs.set(id, o);
  }
}

export const UNKNOWN: Value = { kind: 'unknown' };
export const UNDEFINED: Value = { kind: 'literal', value: undefined };

export function literal(value: string | number | boolean | null | undefined): Value {
  return { kind: 'literal', value };
}

export function newState(): State {
  return { cells: new Map(), objs: new Map(), dead: false, guarded: false };
}

export function fork(state: State): State {
  return { cells: new Map(state.cells), objs: new Map(state.objs), dead: state.dead, guarded: state.guarded };
}

/** Replaces `target`'s contents (callers hold a reference to it). */
export function assignState(target: State, source: State): void {
  target.cells = source.cells;
  target.objs = source.objs;
  target.dead = source.dead;
  target.guarded = source.guarded;
}

export function readCell(state: State, heap: Heap, cell: Cell): Value {
  return state.cells.get(cell) ?? heap.cells.get(cell) ?? UNKNOWN;
}

export function getObj(state: State, heap: Heap, id: number): Obj {
  return state.objs.get(id) ?? heap.objs.get(id) ?? { props: new Map(), open: true };
}

export function newObj(state: State, heap: Heap, obj: Obj): Value {
  const id = heap.newId();
  state.objs.set(id, obj);
  return { kind: 'object', id };
}

/** The options of a value (a union's members, or the value itself). */
export function options(v: Value): Value[] {
  return v.kind === 'union' ? v.options : [v];
}

/** Past this many alternatives a value is treated as unknown (keeps joins cheap). */
const MAX_UNION = 32;

export function union(values: Value[]): Value {
  const out: Value[] = [];
  for (const v of values.flatMap(options)) if (!out.some((o) => sameValue(o, v))) out.push(v);
  if (out.length > MAX_UNION) return UNKNOWN;
  return out.length === 1 ? out[0] : { kind: 'union', options: out };
}

function sameValue(a: Value, b: Value): boolean {
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
    case 'responder':
      return b.kind === 'responder' && a.argIndex === b.argIndex;
    case 'function':
      return b.kind === 'function' && a.node === b.node && a.scope === b.scope;
    case 'class':
      return b.kind === 'class' && a.node === b.node && a.scope === b.scope;
    case 'resolver':
      return b.kind === 'resolver' && a.id === b.id;
    case 'import':
      return b.kind === 'import' && a.module === b.module && a.name === b.name;
    case 'namespace':
      return b.kind === 'namespace' && a.module === b.module;
    case 'library':
      return b.kind === 'library' && a.id === b.id;
    case 'unknown':
    case 'event':
    case 'request-headers':
    case 'origin-index':
    case 'context':
      return b.kind === a.kind;
    default:
      return false;
  }
}

export function joinStates(states: State[], heap: Heap): State {
  const live = states.filter((s) => !s.dead);
  if (live.length === 0) return { ...newState(), dead: true };
  return live.reduce((a, b) => joinTwo(a, b, heap));
}

function joinTwo(a: State, b: State, heap: Heap): State {
  const cells = new Map(a.cells);
  for (const [cell, vb] of b.cells) {
    const va = a.cells.get(cell) ?? heap.cells.get(cell);
    cells.set(cell, va === undefined || va === vb ? vb : union([va, vb]));
  }
  const objs = new Map(a.objs);
  for (const [id, ob] of b.objs) {
    const oa = a.objs.get(id) ?? heap.objs.get(id);
    objs.set(id, oa === undefined || oa === ob ? ob : joinObjs([oa, ob]));
  }
  // A cell or object written in `a` only keeps its `a` value when `b` saw the heap's one.
  for (const [cell, va] of a.cells) {
    if (!b.cells.has(cell)) {
      const vb = heap.cells.get(cell);
      if (vb !== undefined && vb !== va) cells.set(cell, union([va, vb]));
    }
  }
  for (const [id, oa] of a.objs) {
    if (!b.objs.has(id)) {
      const ob = heap.objs.get(id);
      if (ob !== undefined && ob !== oa) objs.set(id, joinObjs([oa, ob]));
    }
  }
  return { cells, objs, dead: false, guarded: a.guarded && b.guarded };
}

/** One object standing for several: a property missing from some of them is set `always: false`. */
export function joinObjs(objs: Obj[]): Obj {
  const [first, ...rest] = objs;
  if (rest.length === 0) return first;
  const names = new Set(objs.flatMap((o) => [...o.props.keys()]));
  const props = new Map<string, Prop>();
  for (const name of names) {
    const found = objs.map((o) => o.props.get(name));
    const present = found.filter((p): p is Prop => p !== undefined);
    const base = present[0];
    props.set(name, {
      ...base,
      value: union(present.map((p) => p.value)),
      always: present.length === objs.length && present.every((p) => p.always),
    });
  }
  return { props, open: objs.some((o) => o.open) };
}

/** `a || b`, `a && b`, `a ?? b` when the left side is already evaluated. */
export function combineLogical(op: string, left: Value, right: Value): Value {
  const truth = truthiness(left);
  if (op === '??') {
    if (left.kind === 'literal' && (left.value === null || left.value === undefined)) return right;
    return truth === 'unknown' ? union([left, right]) : left;
  }
  if (op === '||') return truth === 'truthy' ? left : truth === 'falsy' ? right : union([left, right]);
  // `a && b` is `b` or some falsy value, which adds nothing to a spread or a header; truthy only
  // when `b` is, so `origin && ALLOWED.has(origin)` is still the allowlist test.
  if (truth === 'unknown' && right.kind === 'origin-check' && !right.negated) return right;
  return truth === 'truthy' ? right : truth === 'falsy' ? left : union([UNDEFINED, right]);
}

function truthiness(v: Value): 'truthy' | 'falsy' | 'unknown' {
  if (v.kind === 'literal') return v.value ? 'truthy' : 'falsy';
  if (['object', 'array', 'function', 'class', 'event', 'request-headers', 'context', 'namespace'].includes(v.kind)) return 'truthy';
  return 'unknown';
}

/** Could be null / undefined (so `callback(err, x)` may be a success). */
export function mayBeEmpty(v: Value): boolean {
  return options(v).some((o) => (o.kind === 'literal' && (o.value === null || o.value === undefined)) || o.kind === 'unknown');
}

/** Marks objects returned by a helper with the helper's `return` (a response's `builtAt`). */
export function returnedAt(v: Value, at: Span): Value {
  if (v.kind === 'object') return v.returnedAt ? v : { ...v, returnedAt: at };
  if (v.kind === 'union') return union(v.options.map((o) => returnedAt(o, at)));
  return v;
}

/** Marks objects that became a promise's value at `at` (the first such place wins, as for `returnedAt`). */
export function settledAt(v: Value, at: Span): Value {
  if (v.kind === 'object') return v.settledAt ? v : { ...v, settledAt: at };
  if (v.kind === 'union') return union(v.options.map((o) => settledAt(o, at)));
  return v;
}
