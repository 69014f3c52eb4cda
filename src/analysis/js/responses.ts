import type { HandlerRef } from '../../model/handler-ref.js';
import type { Span } from '../../source.js';
import {
  header,
  headerEntries,
  type CorsMiddlewareFact,
  type FailureFact,
  type HandlerResult,
  type HeaderBag,
  type HeaderRead,
  type OriginTest,
  type RequestRead,
  type ResponseFact,
} from '../facts.js';
import { newRun, type JsFactSink } from './interpreter.js';
import { joinBags } from './libraries/app-response.js';
import { makeReader } from './libraries/context.js';
import { modelOf } from './libraries/index.js';
import type { Allocator, AppRequests, LibraryHandler } from './libraries/model.js';
import type { Program } from './program.js';
import { unknownAnswer } from '../coverage.js';
import { FactCollector } from '../run.js';
import type { ValueReader } from '../response-facts.js';
import { spanOf } from './syntax.js';
import { newState, options } from '../values.js';
import type { FunctionNode, FunctionValue, Js, LibraryValue, ModuleRecord, Scope, Value } from './values.js';

interface FunctionFacts {
  responses: ResponseFact[];
  /** Undefined when unknown (see HandlerFacts). */
  failures?: FailureFact[];
  incompleteReason?: string;
  readsOrigin: Span[];
  readsHeaders: HeaderRead[];
  middleware: CorsMiddlewareFact[];
  originTests: OriginTest[];
  /** Undefined when unknown (see HandlerFacts). */
  originReads?: RequestRead[];
  readsHttpMethod?: RequestRead[];
}

/**
 * Finds a handler export and collects its responses. Export forms are whatever the evaluator
 * understands (`exports.x =`, `module.exports = { x }`, `export const x`, `export { y as x }`,
 * `export default`, re-exports); the handler's value must be a function (or a choice between
 * functions), or a library's wrapper (`middy(fn).use(cors())`, `serverless(app)`: libraries/),
 * else the facts are empty and incomplete with the reason (`handler is wrapped by foo(...)`).
 * Facts are memoised per function, so two exports of one function cost one analysis.
 */
export class ResponseAnalyzer {
  private readonly memo = new Map<FunctionNode, Map<Scope, FunctionFacts>>();
  /** An app's requests are being followed (followApp). */
  private followingApp = false;

  constructor(private readonly program: Program) {}

  /** `tried` is reported when the export is missing (the file that was found). */
  analyzeExport(module: ModuleRecord, ref: HandlerRef, tried: string[]): HandlerResult {
    const file = module.file.path;
    const exportName = [ref.exportName, ...ref.memberPath].join('.');
    const missing: HandlerResult = { status: 'not-found', tried, missingExport: { file, exportName } };
    const found = this.program.exportOf(module, ref.exportName);
    if (found === undefined) return missing;
    const fileStart: Span = { file, start: 0, end: 0 };
    if (found === 'unknown') return incomplete(file, exportName, fileStart, `export ${exportName} cannot be found statically`);
    let value = this.program.deref(found.value);
    for (const name of ref.memberPath) {
      value = this.program.deref(this.program.evaluator.property(module, value, name));
      if (value.kind === 'literal' && value.value === undefined) return missing;
    }
    const handlers = options(value).filter((o): o is FunctionValue | LibraryValue => o.kind === 'function' || o.kind === 'library');
    if (handlers.length === 0 || handlers.length < options(value).length) return incomplete(file, exportName, found.span, notFollowed(value));
    const results = handlers.map((h) => (h.kind === 'function' ? this.analyzeFunction(h) : this.analyzeWrapped(h)));
    const [only] = handlers;
    const middleware = results.flatMap((r) => r.middleware);
    const responses = results.flatMap((r) => r.responses);
    const failures = results.every((r) => r.failures) ? oncePerRaise(results.map((r) => r.failures ?? [])) : undefined;
    const reason = results.find((r) => r.incompleteReason)?.incompleteReason ?? unknownAnswer(responses, failures, (f) => this.program.module(f)?.file.text);
    return {
      status: 'analysed',
      facts: {
        file: only.kind === 'function' && handlers.length === 1 ? only.module.file.path : file,
        exportName,
        exportSpan: only.kind === 'function' && handlers.length === 1 ? spanOf(only.module, only.node) : found.span,
        responses,
        ...(failures && { failures }),
        readsOrigin: uniqueSpans(results.flatMap((r) => r.readsOrigin)),
        readsHeaders: uniqueReads(results.flatMap((r) => r.readsHeaders)),
        originTests: results.flatMap((r) => r.originTests),
        ...namedReads(results),
        ...(middleware.length > 0 && { middleware }),
        complete: reason === undefined,
        ...(reason !== undefined && { incompleteReason: reason }),
      },
    };
  }

  /**
   * A handler a library builds: the wrapped function's responses with the library's headers
   * added (middy), or the one response standing for an app's (serverless-http), plus what the
   * library answers itself; the routes it was given are read for request headers. Whether the
   * invocation fails is unknown: the library may turn errors into responses.
   */
  private analyzeWrapped(lib: LibraryValue): FunctionFacts {
    const h = modelOf(lib).handler?.(lib, makeReader(this.program, newState<Js>()));
    const none: FunctionFacts = { responses: [], readsOrigin: [], readsHeaders: [], middleware: [], originTests: [] };
    if (!h) return { ...none, incompleteReason: `the export is a ${modelOf(lib).packages[0]} ${lib.type}, not a Lambda handler` };
    const middleware = h.middleware;
    const reads = this.readRoutes(h.routes);
    if (h.incomplete) return { ...none, ...reads, middleware, incompleteReason: h.incomplete };
    if (h.requests) return this.followApp(h, h.requests, middleware);
    const decorate = (f: ResponseFact): ResponseFact => ({ ...f, headers: h.decorate(f.headers) });
    if (!h.inner) {
      // The app's routes are read for request headers only: what they send is unknown unless a CORS middleware sets it.
      const app = decorate({ site: h.site, headers: { entries: headerEntries(), open: !h.closed } });
      const unread = header(app.headers, 'access-control-allow-origin').state === 'unknown';
      const reason = unread ? { incompleteReason: `the responses of the ${modelOf(lib).packages[0]} app's routes are not followed` } : {};
      return { responses: [app, ...h.extra], ...reads, middleware, originTests: [], ...reason };
    }
    const inner = options(this.program.deref(h.inner));
    const fns = inner.filter((o): o is FunctionValue => o.kind === 'function');
    if (fns.length === 0 || fns.length < inner.length)
      return { ...none, ...reads, middleware, incompleteReason: `the function ${modelOf(lib).packages[0]} wraps cannot be followed` };
    const results = fns.map((fn) => this.analyzeFunction(fn));
    const reason = results.find((r) => r.incompleteReason)?.incompleteReason;
    return {
      // A middleware that normalises the event (header case, payload version) changes what the reads see.
      ...(!h.normalizesRequest && namedReads(results)),
      responses: [...results.flatMap((r) => r.responses.map(decorate)), ...h.extra],
      readsOrigin: [...results.flatMap((r) => r.readsOrigin), ...reads.readsOrigin],
      readsHeaders: [...results.flatMap((r) => r.readsHeaders), ...reads.readsHeaders],
      middleware: [...middleware, ...results.flatMap((r) => r.middleware)],
      originTests: results.flatMap((r) => r.originTests),
      ...(reason !== undefined && { incompleteReason: reason }),
    };
  }

  /**
   * An app whose requests are followed (libraries/model.ts `AppRequests`): one response at the
   * adapter (or, through `JsFactSink.app`, at the handler's call of it), built where the app is made, whose headers are what every send of the app has in
   * common (app-response.ts), with the CORS middleware's added. Open when a piece is not followed.
   */
  private followApp(h: LibraryHandler, requests: AppRequests, middleware: CorsMiddlewareFact[]): FunctionFacts {
    const heap = this.program.heap;
    const alloc: Allocator = {
      create: (library, type, info) => {
        const id = heap.newId();
        heap.objs.set(id, { props: new Map(), open: false });
        return { kind: 'library', library, type, id, ...(info && { info }) };
      },
      object: () => {
        const id = heap.newId();
        heap.objs.set(id, { props: new Map(), open: false });
        return { kind: 'object', id };
      },
    };
    const sends: HeaderBag[] = [];
    const out: FunctionFacts = { responses: [], readsOrigin: [], readsHeaders: [], middleware, originTests: [] };
    // A route that calls an adapter's handler (its own app's, or another's) would follow apps without end.
    const nested = this.followingApp;
    let reason = nested ? 'an app served from a route of an app is not followed' : requests.opaque;
    const entries = nested ? [] : requests.entries(alloc);
    if (entries.length === 0) reason ??= 'no route or middleware of the app is found';
    this.followingApp = true;
    for (const { fn, args } of entries) {
      const sink = this.run(fn, args);
      sends.push(...sink.responses.map((r) => r.headers));
      out.readsOrigin.push(...sink.readsOrigin);
      out.readsHeaders.push(...sink.readsHeaders);
      out.originTests.push(...sink.originTests);
      reason ??= sink.reason;
    }
    this.followingApp = nested;
    const headers = reason === undefined && sends.length > 0 ? joinBags(sends) : { entries: headerEntries(), open: true };
    const response: ResponseFact = { site: h.site, ...(requests.builtAt && { builtAt: requests.builtAt }), headers: h.decorate(headers), app: true };
    return { ...out, responses: [response], ...(reason !== undefined && { incompleteReason: reason }) };
  }

  /** Follows route callbacks as handlers (the request is their first argument) for what they read; their results are not responses. */
  private readRoutes(routes: FunctionValue[]): Pick<FunctionFacts, 'readsOrigin' | 'readsHeaders'> {
    const out: Pick<FunctionFacts, 'readsOrigin' | 'readsHeaders'> = { readsOrigin: [], readsHeaders: [] };
    for (const fn of new Set(routes)) {
      const facts = this.run(fn);
      out.readsOrigin.push(...facts.readsOrigin);
      out.readsHeaders.push(...facts.readsHeaders);
    }
    return out;
  }

  private analyzeFunction(fn: FunctionValue): FunctionFacts {
    let byScope = this.memo.get(fn.node);
    if (!byScope) this.memo.set(fn.node, (byScope = new Map<Scope, FunctionFacts>()));
    const cached = byScope.get(fn.scope);
    if (cached) return cached;
    const run = this.run(fn);
    const routes = this.readRoutes(run.routeFns);
    const facts: FunctionFacts = {
      responses: run.responses,
      ...(run.failures && { failures: run.failures }),
      readsOrigin: [...run.readsOrigin, ...routes.readsOrigin],
      readsHeaders: [...run.readsHeaders, ...routes.readsHeaders],
      middleware: run.found,
      originTests: run.originTests,
      ...(!run.rewritesHeaders && { originReads: run.originReads, readsHttpMethod: run.methodReads }),
      ...(run.reason !== undefined && { incompleteReason: run.reason }),
    };
    byScope.set(fn.scope, facts);
    return facts;
  }

  /** Runs `fn` as a handler (or as a callback a library calls with `args`), collecting what it reports. */
  private run(fn: FunctionValue, args?: Value[]): JsFactCollector {
    const sink = new JsFactCollector(
      this.program,
      (file) => this.program.module(file)?.file.text,
      (h, requests) => this.followApp(h, requests, []),
    );
    this.program.evaluator.runHandler(fn, newRun(sink, [fn.node]), args);
    return sink;
  }
}

/** A handler's facts, with the route callbacks the libraries it calls were given and the apps it serves. */
class JsFactCollector extends FactCollector<Js> implements JsFactSink {
  readonly routeFns: FunctionValue[] = [];

  constructor(
    reader: ValueReader<Js>,
    text: (file: string) => string | undefined,
    private readonly follow: (h: LibraryHandler, requests: AppRequests) => FunctionFacts,
  ) {
    super(reader, text);
  }

  routes(fns: FunctionValue[]): void {
    this.routeFns.push(...fns);
  }

  app(h: LibraryHandler, requests: AppRequests): ResponseFact {
    const facts = this.follow(h, requests);
    this.readsOrigin.push(...facts.readsOrigin);
    this.readsHeaders.push(...facts.readsHeaders);
    this.originTests.push(...facts.originTests);
    if (facts.incompleteReason !== undefined) this.incomplete(facts.incompleteReason);
    return facts.responses[0];
  }
}

const spanKey = (s: Span) => `${s.file}:${s.start}:${s.end}`;

function uniqueSpans(spans: Span[]): Span[] {
  return [...new Map(spans.map((s) => [spanKey(s), s])).values()];
}

/** The reads of every handler, once each; unknown when unknown for one of them. */
function namedReads(results: FunctionFacts[]): Pick<FunctionFacts, 'originReads' | 'readsHttpMethod'> {
  const join = (lists: (RequestRead[] | undefined)[]) =>
    lists.every((l) => l !== undefined) ? [...new Map(lists.flat().map((r) => [spanKey(r.span), r])).values()] : undefined;
  const originReads = join(results.map((r) => r.originReads));
  const readsHttpMethod = join(results.map((r) => r.readsHttpMethod));
  return { ...(originReads && { originReads }), ...(readsHttpMethod && { readsHttpMethod }) };
}

/**
 * The failures of alternative handlers (`wrap(fn)` returning `fn` on some stages and a wrapper
 * calling it on others), one per place an error is raised: the wrapper's call of `fn` that lets
 * `fn`'s throw escape is the same defect as that throw escaping `fn` itself.
 */
function oncePerRaise(alternatives: FailureFact[][]): FailureFact[] {
  const seen = new Set<string>();
  const out: FailureFact[] = [];
  for (const failures of alternatives) {
    const fresh = failures.filter((f) => !seen.has(spanKey(f.raisedAt ?? f.site)));
    for (const f of failures) seen.add(spanKey(f.raisedAt ?? f.site));
    out.push(...fresh);
  }
  return out;
}

function uniqueReads(reads: HeaderRead[]): HeaderRead[] {
  return [...new Map(reads.map((r) => [`${r.name}@${spanKey(r.span)}`, r])).values()];
}

function incomplete(file: string, exportName: string, exportSpan: Span, reason: string): HandlerResult {
  return { status: 'analysed', facts: { file, exportName, exportSpan, responses: [], complete: false, incompleteReason: reason } };
}

/** Why a handler value is not a function that can be followed. */
function notFollowed(value: Value): string {
  for (const o of options(value)) {
    if (o.kind === 'unknown' && o.call) return `handler is wrapped by ${o.call}(...)`;
    if (o.kind === 'package') return `handler comes from the package ${o.specifier}`;
  }
  return 'the handler export is not a function that can be followed';
}
