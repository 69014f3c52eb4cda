import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Span } from '../../../source.js';
import type { CorsMiddlewareFact, HeaderBag, ResponseFact } from '../../facts.js';
import type { FunctionValue, LibraryValue, Prop, Value } from '../values.js';

/**
 * The plug-in point for handler-side libraries (middy, lambda-api, Powertools …: docs/cors-semantics.md#handler-libraries).
 * The evaluator leaves whatever comes from an npm package unknown; when a package's export is
 * called, each model whose `packages` list holds the specifier may instead return a value the
 * evaluator understands. Models make `LibraryValue`s (an app, a middleware) whose methods they
 * answer, and say what an exported one does to the responses that pass through it.
 * One file per library goes in this folder and into `libraryModels` (index.ts).
 */
export interface LibraryModel {
  /** Names the model in the values it makes (`LibraryValue.library`). */
  readonly name: string;
  /** Package specifiers handled, as written in imports: `@middy/core`. */
  readonly packages: readonly string[];
  /** The value of the call (or `new`), or undefined to leave it unknown. */
  call(call: LibraryCall, ctx: LibraryContext): Value | undefined;
  /** `target.name(…)` on a value this model made; undefined leaves it an unknown call. */
  method?(target: LibraryValue, name: string, call: MethodCall, ctx: LibraryContext): Value | undefined;
  /** `target.name` read on a value this model made; undefined leaves it unknown. */
  property?(target: LibraryValue, name: string, reader: LibraryReader): Value | undefined;
  /** What a value this model made does as a Lambda handler; undefined when it is not one. */
  handler?(target: LibraryValue, reader: LibraryReader): LibraryHandler | undefined;
  /** `target(…)` in a run, for a value that is a function the library hands out (Express's `next`); undefined: `handler` decides. */
  invoked?(target: LibraryValue, call: MethodCall, ctx: LibraryContext): Value | undefined;
  /** Why the run is not fully analysed when `target` is handed to a function that is not followed (Express's `res`). */
  escapes?(target: LibraryValue): string | undefined;
}

export interface LibraryCall {
  specifier: string;
  /** Properties read from the package before the call: `[]` for the default / `require()` value, `['cors']` for `pkg.cors(…)`. */
  path: readonly string[];
  args: readonly Value[];
  node: TSESTree.CallExpression | TSESTree.NewExpression;
}

export interface MethodCall {
  args: readonly Value[];
  node: TSESTree.CallExpression;
}

/** An option as read from an options object. */
export type OptionRead = Prop | 'absent' | 'unknown';

/** Read access to values, valid outside a run too. */
export interface LibraryReader {
  deref(v: Value): Value;
  /** `name` of an options object: its property, `absent` (not set, or no object given), or `unknown`. */
  option(v: Value | undefined, name: string): OptionRead;
  /** A library value's changing data (see `LibraryContext.set`); unknown when never set. */
  get(target: LibraryValue, key: string): Value;
}

/** What a model may do while a call is evaluated. */
export interface LibraryContext extends LibraryReader {
  span(node: TSESTree.Node): Span;
  /** The source text of a span when it lies in the file being evaluated (a RegExp literal, which evaluates to unknown). */
  text(span: Span): string | undefined;
  /** A value of the library `library` names (a model's `name`). */
  create(library: string, type: string, info?: object): LibraryValue;
  set(target: LibraryValue, key: string, value: Value): void;
  /** Runs a function with these arguments on a path of its own (a middleware callback). */
  run(fn: Value, args: Value[]): void;
  /** Calls a function with these arguments on the current path (a middleware the library certainly calls next). */
  call(fn: Value, args: Value[]): void;
  /** A new object with these properties (always set, at the call). */
  object(props: Record<string, Value>): Value;
  /** `obj[key] = value` on the current path, `valueSpan` the value's expression; an undefined key may be any name. */
  setProp(obj: Value, key: string | undefined, value: Value, valueSpan: Span): void;
  /** Marks the run as not fully analysed, with the reason. */
  incomplete(reason: string): void;
  /** The response a wrapped app gives when the handler calls it (`api.run(event, context)`). */
  serve(handler: LibraryHandler): Value;
  /** Sends `value` as the response, as `context.succeed(value)` does. */
  respond(value: Value): void;
  /** The major version of a package as the service's package.json / lockfile declares it. */
  packageMajor(pkg: string): number | undefined;
}

/** A library value used as a handler: what its responses are. */
export interface LibraryHandler {
  /** The function the library calls (middy's handler): its responses, decorated, are the handler's. */
  inner?: Value;
  /** Without `inner`: the one response standing for everything the app sends, at this span. */
  site: Span;
  /** Adds the library's headers to a response's bag. */
  decorate(bag: HeaderBag): HeaderBag;
  /** Responses the library makes itself (middy's http-error-handler for thrown errors). */
  extra: ResponseFact[];
  middleware: CorsMiddlewareFact[];
  /** Functions that see the request (routes, middleware callbacks): followed for header reads. */
  routes: FunctionValue[];
  /** Why the responses cannot be told (an app cors-lint does not model): the handler stays silent. */
  incomplete?: string;
  /** A middleware rewrites the event before the handler sees it (header case, payload version). */
  normalizesRequest?: boolean;
  /** Without `inner`: the response holds only what `decorate` adds (Apollo answers every request itself). */
  closed?: boolean;
  /** An app whose request handling is followed (Express): its sends, joined, replace the open response at `site`. */
  requests?: AppRequests;
}

/** The callbacks that start an app's request handling, each run on a run of its own with these arguments. */
export interface AppRequests {
  /** Where the app is made: its responses are built there. */
  builtAt?: Span;
  entries(alloc: Allocator): { fn: FunctionValue; args: Value[] }[];
  /** Why some of the app is not followed. */
  opaque?: string;
}

/** Makes values outside any run (in the heap every run starts from). */
export interface Allocator {
  create(library: string, type: string, info?: object): LibraryValue;
  object(): Value;
}
