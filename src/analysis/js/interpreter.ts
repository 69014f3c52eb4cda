import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ANALYSIS_STEP_LIMIT } from '../../limits.js';
import type { Span } from '../../source.js';
import { headerEntries, type ResponseFact } from '../facts.js';
import type { AppRequests, LibraryHandler } from './libraries/model.js';
import { Budget, NO_FACTS, type FactSink } from '../run.js';
import type { FunctionNode, FunctionValue, Heap, Js, ModuleRecord, Scope, State, Value } from './values.js';

/**
 * What the parts of the JS interpreter share: the run and frame a piece of code is evaluated in,
 * where modules come from, and the evaluator's operations the parts that live in files of their
 * own (classes.ts, promises.ts, library-bridge.ts) call back into.
 */

/** Where the evaluator gets modules from (program.ts). */
export interface ModuleHost {
  readonly heap: Heap;
  /** `import … from specifier` / `require(specifier)`: `name` undefined means the whole module. */
  importValue(from: ModuleRecord, specifier: string, name: string | undefined): Value;
  /** Resolves lazy imports (and the members of unions) to what they stand for. */
  deref(v: Value): Value;
  /** The major version of a package as the service around `from` declares it (library models). */
  packageMajor(from: ModuleRecord, pkg: string): number | undefined;
}

/** The JS facts beyond the shared ones: the route callbacks a library app was given (followed for what they read). */
export interface JsFactSink extends FactSink<Js> {
  routes(fns: FunctionValue[]): void;
  /**
   * The response of an app an adapter serves, when the handler calls the adapter's handler
   * (`return cached(event, context)`): the app's requests followed as for an exported adapter
   * (responses.ts), what they read and why they are not fully followed reported here.
   */
  app(handler: LibraryHandler, requests: AppRequests): ResponseFact;
}

/** Module top levels keep nothing: an app served there is not followed. */
export const NO_JS_FACTS: JsFactSink = {
  ...NO_FACTS,
  routes() {},
  app: (handler) => ({ site: handler.site, headers: handler.decorate({ entries: headerEntries(), open: true }), app: true }),
};

/** One analysis: a handler, a route callback, or a module's top level. */
export interface Run {
  sink: JsFactSink;
  budget: Budget;
  /** Functions being called (recursion guard). */
  stack: FunctionNode[];
  /** The handler-level call being followed: the site of responses sent from inside it. */
  site?: Span;
  /** The handler is `async`: what it returns is the invocation's result (response-facts.ts `RawResponse.result`). */
  async?: boolean;
  /** The handler answers through its callback or context (it called them, or handed them on): a path may end without a return. */
  usesCallback?: boolean;
  /** Where the handler's own paths end without a value (`return;`, the closing brace). */
  noValue?: Span[];
}

export function newRun(sink: JsFactSink, stack: FunctionNode[] = []): Run {
  return { sink, budget: new Budget(ANALYSIS_STEP_LIMIT, sink), stack };
}

export interface Frame {
  module: ModuleRecord;
  run: Run;
  /** 0 for the handler body and module top levels, +1 per followed call. */
  depth: number;
  returns: { value: Value; state: State }[];
  /** States leaving through `break` / `continue`, innermost construct last. */
  breaks: State[][];
  /** A `.then` callback in the handler's file: what it returns is settled there (values.ts `settledAt`). */
  settles?: boolean;
  /** Errors thrown here are caught: inside a `try` with a `catch`, or in the promise a `.catch()` handles (in this call or a caller). */
  caught?: boolean;
  /** Code an unknown function calls back (`forEach`, an SDK callback): a throw there is not known to reach the handler. */
  detached?: boolean;
}

/** A frame for code of `module` run on behalf of `frame` (class bodies, callbacks, calls): errors go where the caller's go. */
export function frameIn(module: ModuleRecord, frame: Frame): Frame {
  return { module, run: frame.run, depth: frame.depth + 1, returns: [], breaks: [], caught: frame.caught, detached: frame.detached };
}

export type CallNode = TSESTree.CallExpression | TSESTree.NewExpression;

/** The evaluator's operations, as classes.ts, promises.ts and library-bridge.ts use them. */
export interface Interpreter {
  readonly host: ModuleHost;
  eval(node: TSESTree.Node, scope: Scope, st: State, frame: Frame): Value;
  identifier(name: string, scope: Scope, st: State): Value;
  /** Calls `fn`; `node` is the call (undefined when an unknown function calls it back). */
  invoke(fn: FunctionValue, receiver: Value, args: Value[], node: CallNode | undefined, st: State, frame: Frame, settles?: boolean): Value;
  call(fn: Value, receiver: Value | undefined, args: Value[], node: TSESTree.CallExpression, method: string | undefined, st: State, frame: Frame): Value;
  unknownCall(name: string, args: Value[], method: string | undefined, st: State, frame: Frame): Value;
  /** Runs `fn` on a path of its own, with these arguments (unknown for the rest). */
  runCallback(fn: FunctionValue, st: State, frame: Frame, args?: Value[]): void;
  respondAt(node: CallNode, value: Value, st: State, frame: Frame): void;
  setMember(object: Value, key: string, value: Value, node: TSESTree.Node, valueNode: TSESTree.Node, st: State, frame: Frame): void;
  /** Marks objects as possibly holding more properties (a computed key, an unknown callee's argument). */
  openObjects(v: Value, st: State): void;
  fork(st: State, frame: Frame): State;
  join(states: State[], frame: Frame): State;
}
