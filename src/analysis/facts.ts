import type { Span } from '../source.js';

/**
 * What handler analysis knows about a function's responses. Facts are three-valued: a header is
 * present, absent, or unknown, and rules stay quiet on unknown (docs/architecture.md#handler-analysis).
 * Everything here is plain data so fixtures can state expected facts as JSON.
 */

/** The value of one response header. */
export type HeaderValue =
  | { kind: 'literal'; value: string | number | boolean }
  /** The request's Origin header echoed back; `allowlisted` when an allowlist test guards it. */
  | { kind: 'request-origin'; allowlisted: boolean }
  | { kind: 'unknown' };

export interface HeaderEntry {
  /** The header name as written. */
  name: string;
  value: HeaderValue;
  /** The property (or assignment) that sets the header. */
  span: Span;
  /** The value expression. */
  valueSpan: Span;
  /** False when the header is set only on some paths to this response (inside an `if`). */
  always: boolean;
}

export interface HeaderBag {
  /**
   * Keyed by lower-case header name (HTTP header names are case-insensitive). A null-prototype
   * object (`headerEntries()`): header names are the project's, `__proto__` and `constructor` included.
   */
  entries: Record<string, HeaderEntry>;
  /**
   * True when the bag may hold headers not listed in `entries` (a spread of an unknown object,
   * a computed key, an unknown function's result): a name missing from `entries` is then unknown.
   */
  open: boolean;
}

export interface ResponseFact {
  /** The return / callback / context.succeed in the handler's own file that produces this response. */
  site: Span;
  /** Where the response object is built when that is elsewhere (a helper's return statement). */
  builtAt?: Span;
  /** The response's headers (`headers` and `multiValueHeaders` together). */
  headers: HeaderBag;
  /** The status code when it is a literal. */
  statusCode?: number;
  /** The response stands for every response of a web app an adapter serves (`serverless(app)`); `builtAt` is where the app is made. */
  app?: boolean;
  /**
   * Why a library's CORS headers are missing from this response although the chain has a CORS
   * middleware: `middy-order` — middy's error handler answers where cors's `onError` does not reach it.
   */
  lostCorsBy?: 'middy-order';
  /**
   * The invocation's result is a bare value, not an object (`a string`, `an array`): no proxy
   * response, so a REST API answers it with its own 502; HTTP API payload 2.0 sends it as a 200 body.
   */
  bare?: string;
}

/**
 * A way the invocation ends without a proxy response API Gateway can read: the handler fails, or
 * hands back something that is not a response. A REST API (and HTTP API payload 1.0) then answers
 * 502 itself, without the handler's headers (docs/cors-semantics.md#gateway-502).
 *
 * - `throw`: a `throw` / `raise` no enclosing `try` (in the handler or the helpers on the way)
 *   turns into a response, a `catch` that rethrows included;
 * - `rejection`: a rejected promise the handler returns (`Promise.reject(e)`, `reject(e)` in a
 *   `new Promise` executor) that no `.catch()` or `try` handles;
 * - `error-callback`: `callback(err)`, `context.fail(…)`, `context.done(err)`;
 * - `no-return`: an `async` (or Python) handler finishes a path with no value;
 * - `not-a-response`: it returns a value that is not a proxy response (`value` says what).
 *
 * Calls that merely might throw (`JSON.parse`, an SDK call) are not failures.
 */
export interface FailureFact {
  kind: 'throw' | 'rejection' | 'error-callback' | 'no-return' | 'not-a-response';
  /** In the handler's own file: the throw, call or return, or the handler-level call the failure comes from. */
  site: Span;
  /** Where it happens when that is elsewhere (the `throw` inside a helper). */
  raisedAt?: Span;
  /** `not-a-response`: what the value is (`a string`, `null`, `an object without statusCode`). */
  value?: string;
}

export interface HandlerFacts {
  /** The file that defines the handler export. */
  file: string;
  exportName: string;
  /** The exported function (or the export statement when the value is not a function). */
  exportSpan: Span;
  /** Every response path found. Empty and `complete: false` when the handler could not be followed. */
  responses: ResponseFact[];
  /**
   * How the invocation may fail or end without a proxy response (FailureFact). Absent when that
   * cannot be known: a library or a decorator that cors-lint does not follow may turn errors
   * into responses.
   */
  failures?: FailureFact[];
  /** False when some response path could not be followed; the missing paths are unknown. */
  complete: boolean;
  /** Why analysis is incomplete, for `--verbose`. */
  incompleteReason?: string;
  /**
   * Where the handler (or a helper it calls) reads the request's Origin header. Absent when the
   * handler could not be followed; empty when it never reads it.
   */
  readsOrigin?: Span[];
  /**
   * The handler's own reads of the Lambda event's Origin header by name (`event.headers.Origin`,
   * `const { origin } = event.headers`), as spelled; framework getters and routes are not
   * included. Absent when unknown: a middleware normalises the event, or the handler rewrites
   * `event.headers`.
   */
  originReads?: RequestRead[];
  /** The handler's reads of `event.httpMethod` (absent in HTTP API payload 2.0 events); absent when unknown, as above. */
  readsHttpMethod?: RequestRead[];
  /**
   * Tests the handler applies to the request Origin before trusting it: `/re/.test(origin)`,
   * `origin.endsWith('.example.com')`, … (malformed-origin judges them: rules/malformed-origin.md). Absent when the handler could not be followed.
   */
  originTests?: OriginTest[];
  /** Request headers the handler reads by a static name (lower-cased), e.g. `event.headers['x-tenant-id']`. */
  readsHeaders?: HeaderRead[];
  /** The CORS middleware / framework CORS calls the handler's responses pass through (docs/cors-semantics.md#handler-libraries). */
  middleware?: CorsMiddlewareFact[];
}

/** A read of a request field whose name matters: its span (the member expression or pattern property). */
export interface RequestRead {
  span: Span;
  /** The name as written: `Origin`, `origin`, `httpMethod`. */
  spelling: string;
  /**
   * True when the same expression also covers the other form: `headers.origin || headers.Origin`
   * (either order, `??` too), or `event.httpMethod || event.requestContext.http.method`.
   */
  guarded: boolean;
}

export interface OriginTest {
  /** The test call. */
  span: Span;
  /** `test` / `match` (a regular expression), or the string method: `endsWith`, `startsWith`, `includes`. */
  method: string;
  /** The regular expression's source or the string argument, when written as a literal. */
  pattern?: string;
}

export interface HeaderRead {
  /** Lower-cased. */
  name: string;
  span: Span;
}

export type CorsLibrary =
  | 'middy-http-cors'
  | 'middy-legacy'
  | 'express-cors'
  | 'lambda-api'
  | 'powertools'
  | 'hono'
  | 'fastify-cors'
  | 'flask-cors'
  | 'starlette-cors'
  | 'apollo-server-lambda';

/** One recognised use of a library's CORS support, with its options as far as they are static. */
export interface CorsMiddlewareFact {
  library: CorsLibrary;
  /** The call: `cors({...})`, `res.cors()`, `app.register(cors, {...})`. */
  span: Span;
  /**
   * `default`: no origin option; `static`: one literal origin (`originValue`); `list`: an allowlist
   * (array, RegExp); `reflect-any`: echoes every request origin (`origin: true`, middy `*` with
   * credentials); `function`: decided by user code; `unknown`: not static.
   */
  origin: 'default' | 'static' | 'list' | 'reflect-any' | 'function' | 'unknown';
  originValue?: string;
  credentials: boolean | 'unknown';
  /** The major version of the package, when the service declares it (middy). */
  version?: number;
  /** What the library sends when no origin option is given: `none` for `@middy/http-cors` 6+. */
  effectiveDefaultOrigin?: '*' | 'none' | 'unknown';
  /**
   * middy: error responses lack this middleware's headers, because of the order in which the
   * installed `@middy/core` runs `onError` middlewares and what its error handler does there
   * (rules/middy-cors-order.md gives each major). Absent when they carry them, or when the
   * versions or another middleware leave it unknown.
   */
  lostOnError?: MiddyErrorOrder;
  /** middy: an http-error-handler is registered in the same chain. */
  hasErrorHandler?: boolean;
  /** Acts only on REST (payload 1.0) events: legacy middy and `@middy/http-cors` 1.x read `event.httpMethod`. */
  restOnly?: boolean;
}

export interface MiddyErrorOrder {
  /** The error middleware whose response lacks the headers, and its name with its major (`@middy/http-error-handler 2.x`). */
  errorHandler: { span: Span; name: string };
  /** The `@middy/core` major (0 for the legacy `middy` package). */
  core: number;
  /**
   * `runs-first`: cors's `onError` runs before the error response exists and adds nothing (3.x+ skip a
   * missing response); `chain-ends`: the error handler returns its response, which ends the chain
   * before cors runs; `replaced`: the error handler replaces the response cors had set, headers and all.
   */
  cause: 'runs-first' | 'chain-ends' | 'replaced';
  /** Where cors is registered, relative to that error handler. */
  position: 'before' | 'after';
  /**
   * What makes error responses carry the headers: `swap` cors with that error handler; register cors
   * `first` or `last` in the chain; `versions`: no order does with these versions.
   */
  remedy: 'swap' | 'first' | 'last' | 'versions';
}

export type HeaderState = { state: 'present'; entry: HeaderEntry } | { state: 'absent' } | { state: 'unknown' };

/** An empty `HeaderBag.entries`, or a copy of one: a null-prototype object, plain data for fixtures. */
export function headerEntries(from?: Record<string, HeaderEntry>): Record<string, HeaderEntry> {
  return Object.assign(Object.create(null) as Record<string, HeaderEntry>, from);
}

/** Looks a header up case-insensitively, turning "not listed in an open bag" into unknown. */
export function header(bag: HeaderBag, name: string): HeaderState {
  const e = Object.hasOwn(bag.entries, name.toLowerCase()) ? bag.entries[name.toLowerCase()] : undefined;
  if (e) return e.value.kind === 'unknown' && !e.always ? { state: 'unknown' } : { state: 'present', entry: e };
  return bag.open ? { state: 'unknown' } : { state: 'absent' };
}

/** What resolving and analysing a function's handler gave. */
export type HandlerResult =
  | { status: 'analysed'; facts: HandlerFacts }
  /** No file or no export: `tried` lists the paths looked at (relative to the service directory). */
  | { status: 'not-found'; tried: string[]; missingExport?: { file: string; exportName: string } }
  /** The handler file does not parse. */
  | { status: 'parse-error'; span: Span; message: string }
  /** The handler file exists but cannot be read (a FIFO, no permission, a link out of the repository): `message` says why. */
  | { status: 'unreadable'; span: Span; message: string }
  /** A runtime or language cors-lint does not analyse (Go, Java, image functions, Python for now). */
  | { status: 'not-analysed'; reason: string }
  /** The handler path leaves the repository root. */
  | { status: 'outside-root'; path: string };

/** A handler file that did not parse, or is past a limit (then it is not analysed, never a parse error). */
export function fromParseFailure(parsed: { span: Span; message: string; limit?: true }): HandlerResult {
  return parsed.limit ? { status: 'not-analysed', reason: parsed.message } : { status: 'parse-error', span: parsed.span, message: parsed.message };
}
