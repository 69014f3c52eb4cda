import type { Span } from '../../source.js';
import type { ParsedPython, PyNode } from './parse.js';

/**
 * The abstract values of the Python reader. Only what matters for response headers is modelled;
 * everything else is `unknown`. Dicts live in a heap (`State.objs`) because Python dicts are
 * mutable and shared: `response['headers']['X'] = v` must be seen through every reference.
 */
export type Val =
  /** `None` is null. */
  | { kind: 'lit'; value: string | number | boolean | null }
  /** `returnedAt`: the helper `return` that produced this reference (a response's `builtAt`). */
  | { kind: 'dict'; id: number; returnedAt?: Span }
  /** A list, tuple or set; `open` when it has starred items. */
  | { kind: 'list'; items: Val[]; open: boolean }
  | { kind: 'func'; fn: PyFunction }
  | { kind: 'module'; module: ModuleRef }
  /** A name from a module that is not in the repository, by dotted path: `lambda_decorators.cors_headers`. */
  | { kind: 'ext'; name: string }
  /** The handler's `event`, its `headers`, and the request Origin read from them. */
  | { kind: 'event' }
  | { kind: 'request-headers' }
  | { kind: 'origin'; allowlisted: boolean }
  /** A test whose outcome says whether the origin passed an allowlist (`origin in ALLOWED`). */
  | { kind: 'check'; guard: Guard }
  /** A value a library model understands (Powertools resolvers, decorators with arguments). */
  | { kind: 'model'; model: LibraryValue }
  | { kind: 'union'; options: Val[] }
  /** `call`: the callable whose unknown result this is, for "wrapped by Mangum(...)" messages. */
  | { kind: 'unknown'; call?: string };

/** A `def` or `lambda`, with the decorators (modelled as wrappers) applied to it. */
export interface PyFunction {
  node: PyNode;
  module: PyModule;
  /** Locals of the enclosing function at definition time (closures); module globals are read live. */
  closure?: Map<string, Val>;
  wrappers: Wrapper[];
}

/** A modelled decorator: rewrites the responses of the function it wraps (innermost first). */
export interface Wrapper {
  apply(responses: RawResponse[], heap: Heap): RawResponse[];
}

/** A response leaving the handler before it is turned into a ResponseFact. */
export interface RawResponse {
  site: Span;
  value: Val;
  state: State;
}

/** A modelled library object; `describe` names it in incomplete reasons. */
export interface LibraryValue {
  describe: string;
  /** Calling the value: a decorator applied to a function, a factory, … Undefined: not modelled. */
  call?(args: Args, host: ModelHost): Val | undefined;
  /** A method call on the value (`app.resolve(event, context)`). */
  method?(name: string, args: Args, host: ModelHost): Val | undefined;
  /** The value as a decorator applied to `fn`. */
  decorate?(fn: PyFunction, span: Span, host: ModelHost): Val;
  attribute?(name: string): Val | undefined;
}

/** Call arguments, evaluated. */
export interface Args {
  positional: Val[];
  /** `span` covers `name=value`, `valueSpan` the value. */
  keywords: Map<string, { value: Val; span: Span; valueSpan: Span }>;
  /** Has `*x` or `**x` arguments. */
  spread: boolean;
  /** The call (or the decorator applied as a call). */
  span: Span;
  /** A generator argument's element (`any(re.match(p, origin) for p in PATTERNS)`), its loop variables unknown. */
  element?: Val;
}

/** What library models may use from the evaluator. */
export interface ModelHost {
  /** The module the call is in. */
  module: PyModule;
  /** A dict in the caller's state. */
  newDict(entries: Map<string, Entry>, open: boolean): Val;
}

/** A module in the repository, read when a name is taken from it. */
export interface ModuleRef {
  /** Its source: `x.py` or `x/__init__.py`. */
  file?: string;
  /** The package directory, for `import pkg.sub` attribute access. */
  dir?: string;
}

/** One parsed module; its globals are filled when its top level has run. */
export interface PyModule {
  file: string;
  parsed: ParsedPython;
  globals: Map<string, Val>;
  /** The top-level state while it runs: functions called at import time (and import cycles) read globals from it. */
  running?: State;
}

export interface Entry {
  value: Val;
  /** The `key: value` pair or the assignment that set it. */
  span: Span;
  valueSpan: Span;
  /** False when set on some paths only. */
  always: boolean;
}

export interface Dict {
  /** Keyed as written (dict keys are case-sensitive; header lookups lower-case later). */
  entries: Map<string, Entry>;
  /** May hold keys not listed (`**unknown`, a computed key, an unknown function that got the dict). */
  open: boolean;
}

export interface Guard {
  /** The origin passed an allowlist test when the test is true / false. */
  whenTrue: boolean;
  whenFalse: boolean;
}

const NO_GUARD: Guard = { whenTrue: false, whenFalse: false };

/** What is known on one path. Branches fork a state and `joinStates` merges the forks back. */
export interface State {
  locals: Map<string, Val>;
  objs: Map<number, Dict>;
  /** The path ended (return / raise / break / continue). */
  dead: boolean;
  /** The path passed an allowlist test on the request origin. */
  guarded: boolean;
}

export const UNKNOWN: Val = { kind: 'unknown' };
export const NONE: Val = { kind: 'lit', value: null };

export function lit(value: string | number | boolean | null): Val {
  return { kind: 'lit', value };
}

export function newState(): State {
  return { locals: new Map(), objs: new Map(), dead: false, guarded: false };
}

export function fork(st: State): State {
  return { locals: new Map(st.locals), objs: new Map(st.objs), dead: st.dead, guarded: st.guarded };
}

export function assignState(target: State, source: State): void {
  target.locals = source.locals;
  target.objs = source.objs;
  target.dead = source.dead;
  target.guarded = source.guarded;
}

/** Dicts made by finished module top levels, shared by every later analysis. */
export class Heap {
  readonly objs = new Map<number, Dict>();
  private nextId = 0;

  newId(): number {
    return this.nextId++;
  }

  get(st: State, id: number): Dict {
    return st.objs.get(id) ?? this.objs.get(id) ?? { entries: new Map(), open: true };
  }
}

export function options(v: Val): Val[] {
  return v.kind === 'union' ? v.options : [v];
}

/** Past this many alternatives a value is unknown (keeps joins cheap). */
const MAX_UNION = 32;

export function union(values: Val[]): Val {
  const out: Val[] = [];
  for (const v of values.flatMap(options)) if (!out.some((o) => same(o, v))) out.push(v);
  if (out.length > MAX_UNION) return UNKNOWN;
  return out.length === 1 ? out[0] : { kind: 'union', options: out };
}

function same(a: Val, b: Val): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'lit':
      return b.kind === 'lit' && a.value === b.value;
    case 'dict':
      return b.kind === 'dict' && a.id === b.id && a.returnedAt === b.returnedAt;
    case 'origin':
      return b.kind === 'origin' && a.allowlisted === b.allowlisted;
    case 'func':
      return b.kind === 'func' && a.fn === b.fn;
    case 'ext':
      return b.kind === 'ext' && a.name === b.name;
    case 'event':
    case 'request-headers':
      return b.kind === a.kind;
    case 'unknown':
      return b.kind === 'unknown' && a.call === b.call;
    default:
      return false;
  }
}

export function joinStates(states: State[], heap: Heap): State {
  const live = states.filter((s) => !s.dead);
  if (live.length === 0) return { ...newState(), dead: true };
  return live.reduce((a, b) => {
    const locals = new Map<string, Val>();
    for (const name of new Set([...a.locals.keys(), ...b.locals.keys()])) {
      const va = a.locals.get(name);
      const vb = b.locals.get(name);
      // A name bound on one path only may be unbound on the other (a NameError there): keep the binding.
      locals.set(name, va === undefined ? vb! : vb === undefined || va === vb ? va : union([va, vb]));
    }
    const objs = new Map<number, Dict>();
    for (const id of new Set([...a.objs.keys(), ...b.objs.keys()])) {
      const oa = a.objs.get(id) ?? heap.objs.get(id);
      const ob = b.objs.get(id) ?? heap.objs.get(id);
      objs.set(id, oa === undefined ? ob! : ob === undefined || oa === ob ? oa : joinDicts([oa, ob]));
    }
    return { locals, objs, dead: false, guarded: a.guarded && b.guarded };
  });
}

/** One dict standing for several: a key missing from some of them gets `always: false`. */
export function joinDicts(dicts: Dict[]): Dict {
  const [first, ...rest] = dicts;
  if (rest.length === 0) return first;
  const entries = new Map<string, Entry>();
  for (const key of new Set(dicts.flatMap((d) => [...d.entries.keys()]))) {
    const present = dicts.map((d) => d.entries.get(key)).filter((e): e is Entry => e !== undefined);
    entries.set(key, {
      ...present[0],
      value: union(present.map((e) => e.value)),
      always: present.length === dicts.length && present.every((e) => e.always),
    });
  }
  return { entries, open: dicts.some((d) => d.open) };
}

export function containsOrigin(v: Val): boolean {
  return options(v).some((o) => o.kind === 'origin');
}

export function markAllowlisted(v: Val): Val {
  if (v.kind === 'origin') return v.allowlisted ? v : { kind: 'origin', allowlisted: true };
  if (v.kind === 'union' && containsOrigin(v)) return union(v.options.map(markAllowlisted));
  return v;
}

export function guardOf(v: Val): Guard {
  return v.kind === 'check' ? v.guard : NO_GUARD;
}

export function isNone(v: Val): boolean {
  return v.kind === 'lit' && v.value === null;
}
