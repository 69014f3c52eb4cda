import type { Span } from '../../source.js';
import type * as facts from '../response-facts.js';
import type * as domain from '../values.js';
import type { Language } from '../values.js';
import type { ParsedPython, PyNode } from './parse.js';

/**
 * The Python reader's values: the shared domain (../values.ts) plus what only Python has.
 * Variables are keyed by name: a function's locals live in its state, module globals in its
 * `PyModule` (read live), closures in the function value.
 */
export interface Py extends Language {
  value:
    | { kind: 'function'; fn: PyFunction }
    | { kind: 'module'; module: ModuleRef }
    /** A name from a module that is not in the repository, by dotted path: `lambda_decorators.cors_headers`. */
    | { kind: 'package'; name: string }
    /** A value a library model understands (Powertools resolvers, decorators with arguments). */
    | { kind: 'library'; model: LibraryModel };
  binding: string;
}

export type Value = domain.Value<Py>;
export type Prop = domain.Prop<Py>;
export type Obj = domain.Obj<Py>;
export type State = domain.State<Py>;
export type Heap = domain.Heap<Py>;
export type RawResponse = facts.RawResponse<Py>;

/** A `def` or `lambda`, with the decorators (modelled as wrappers) applied to it. */
export interface PyFunction {
  node: PyNode;
  module: PyModule;
  /** Locals of the enclosing function at definition time (closures); module globals are read live. */
  closure?: Map<string, Value>;
  wrappers: Wrapper[];
}

/** A modelled decorator: rewrites the responses of the function it wraps (innermost first). */
export interface Wrapper {
  apply(responses: RawResponse[], heap: Heap): RawResponse[];
}

/** A modelled library object, and its state (a resolver's routes); `describe` names it in incomplete reasons. */
export interface LibraryModel {
  describe: string;
  /** Calling the value: a decorator applied to a function, a factory, … Undefined: not modelled. */
  call?(args: Args, host: ModelHost): Value | undefined;
  /** A method call on the value (`app.resolve(event, context)`). */
  method?(name: string, args: Args, host: ModelHost): Value | undefined;
  /** The value as a decorator applied to `fn`. */
  decorate?(fn: PyFunction, span: Span, host: ModelHost): Value;
  attribute?(name: string): Value | undefined;
}

/** Call arguments, evaluated. */
export interface Args {
  positional: Value[];
  /** `span` covers `name=value`, `valueSpan` the value. */
  keywords: Map<string, { value: Value; span: Span; valueSpan: Span }>;
  /** Has `*x` or `**x` arguments. */
  spread: boolean;
  /** The call (or the decorator applied as a call). */
  span: Span;
  /** A generator argument's element (`any(re.match(p, origin) for p in PATTERNS)`), its loop variables unknown. */
  element?: Value;
}

/** What library models may use from the evaluator. */
export interface ModelHost {
  /** The module the call is in. */
  module: PyModule;
  /** A dict (an object) in the caller's state. */
  newObj(props: Map<string, Prop>, open: boolean): Value;
  /** The entries of a dict value, as the caller's state sees them. */
  read(v: Value): Obj | undefined;
}

/** Where the evaluator gets modules from (program.ts). */
export interface ModuleHost {
  readonly heap: Heap;
  /** The module of a file with its top level run (once); undefined when the file is missing or does not parse. */
  module(file: string): PyModule | undefined;
  /** `import dotted` (level 0) or `from .dotted import …` (level: the dots) in `fromFile`: a module of the repository, else a package. */
  importModule(fromFile: string, dotted: string, level: number): Value;
  /** `pkg.name` where `pkg` is a package directory: its submodule, when there is one. */
  submodule(dir: string, name: string): Value | undefined;
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
  globals: Map<string, Value>;
  /** The top-level state while it runs: functions called at import time (and import cycles) read globals from it. */
  running?: State;
}
