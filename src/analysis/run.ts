import * as path from 'node:path';
import { pastLimit } from '../limits.js';
import type { Span } from '../source.js';
import type { CorsMiddlewareFact, FailureFact, HeaderRead, OriginTest, RequestRead, ResponseFact } from './facts.js';
import { notAProxyResponse, responseFacts, type RawResponse, type ValueReader } from './response-facts.js';
import { options, type Language } from './values.js';

/**
 * What one analysis (a handler, a route callback, a module's top level) may spend, and where it
 * reports what it sees: the same for both interpreters (docs/architecture.md#handler-analysis).
 */

/** Calls nested deeper than this are not followed: their result is unknown. */
export const MAX_CALL_DEPTH = 20;

/**
 * The work one run may do before it stops following paths (they end, and the facts say why).
 * Following every call site can grow exponentially, so this bounds it in work done, never in
 * time. The JS and Python limits (src/limits.ts, README "Limits") count different units: the JS
 * interpreter charges every evaluation plus the size of every state it copies at a branch (on
 * long handlers the copies dominate), the Python reader charges statements; each limit was set
 * from real handlers in its own unit, and charging one unit for both would change a documented
 * limit.
 */
export class Budget {
  private steps = 0;

  constructor(
    private readonly limit: number,
    private readonly sink: Pick<FactSink<Language>, 'incomplete'>,
  ) {}

  /** Charges `cost`; false once the run is past its limit (the sink is told why, once). */
  spend(cost = 1): boolean {
    this.steps += cost;
    if (this.steps <= this.limit) return true;
    this.sink.incomplete(pastLimit.steps(this.limit));
    return false;
  }

  get exhausted(): boolean {
    return this.steps > this.limit;
  }
}

/**
 * Where an interpreter reports what it sees while it runs: responses, and the request reads,
 * origin tests and library middleware the rules need beside them. A module's top level reports
 * to `NO_FACTS`; a handler to a `FactCollector`.
 */
export interface FactSink<L extends Language> {
  /** A value leaving the handler; its state must be read before this returns (the run goes on changing it). */
  response(raw: RawResponse<L>): void;
  /** Why some response path may be missing; the first reason given is kept. */
  incomplete(reason: string): void;
  /** The invocation fails on some path (a throw nothing catches, `callback(err)`, …): API Gateway answers instead. */
  failure(f: FailureFact): void;
  /** Whether the invocation fails cannot be known: something not followed may turn errors into responses. */
  failuresUnknown(): void;
  /** A request header read by a static name; `spelling` when it is the event's Origin read by name (not through a framework getter). */
  headerRead(read: HeaderRead, spelling?: RequestRead): void;
  /** `event.httpMethod` read by name. */
  methodRead(read: RequestRead): void;
  /** The handler writes `event.headers` or an entry of it: its header reads may not see the client's spelling. */
  headersRewritten(): void;
  originTest(...tests: OriginTest[]): void;
  middleware(...found: CorsMiddlewareFact[]): void;
}

/** A sink that keeps nothing: module top levels, whose work is not any handler's. */
export const NO_FACTS: FactSink<never> = {
  response() {},
  incomplete() {},
  failure() {},
  failuresUnknown() {},
  headerRead() {},
  methodRead() {},
  headersRewritten() {},
  originTest() {},
  middleware() {},
};

/**
 * Collects one handler's (or route callback's) facts: responses as facts (the same response
 * reached twice is kept once), reads, tests and middleware in the order seen, the first reason
 * for incompleteness. A response that may be a value nothing is known about (an unknown call's
 * result, a parameter) keeps the rules quiet through its open bag, and makes the facts incomplete.
 */
export class FactCollector<L extends Language> implements FactSink<L> {
  readonly responses: ResponseFact[] = [];
  readonly readsOrigin: Span[] = [];
  readonly readsHeaders: HeaderRead[] = [];
  /** The event's Origin read by name, and `httpMethod`. */
  readonly originReads: RequestRead[] = [];
  readonly methodReads: RequestRead[] = [];
  readonly originTests: OriginTest[] = [];
  readonly found: CorsMiddlewareFact[] = [];
  /** Undefined once failures cannot be known (FactSink.failuresUnknown). */
  failures: FailureFact[] | undefined = [];
  rewritesHeaders = false;
  reason?: string;
  private readonly seen = new Set<string>();

  /** `text`: a file's source, for naming a response's line. */
  constructor(
    private readonly reader: ValueReader<L>,
    private readonly text: (file: string) => string | undefined,
  ) {}

  response(raw: RawResponse<L>): void {
    const unknown = options(this.reader.deref(raw.value)).find((o) => o.kind === 'unknown');
    if (unknown?.kind === 'unknown') {
      this.incomplete(
        unknown.limit ??
          (unknown.call
            ? `response built by an unknown call to ${unknown.call}(...)`
            : `the response at ${this.siteText(raw.site)} is a value that cannot be followed`),
      );
    }
    for (const fact of responseFacts(raw, this.reader)) this.keep(this.responses, fact);
    const value = raw.result ? notAProxyResponse(raw, this.reader) : undefined;
    if (value) this.failure({ kind: 'not-a-response', site: raw.site, ...(raw.builtAt && { raisedAt: raw.builtAt }), value });
  }

  incomplete(reason: string): void {
    this.reason ??= reason;
  }

  /** Failures are kept in source order (Python reports responses and failures at different times). */
  failure(f: FailureFact): void {
    if (!this.failures) return;
    this.keep(this.failures, f);
    this.failures.sort((a, b) => a.site.file.localeCompare(b.site.file) || a.site.start - b.site.start);
  }

  failuresUnknown(): void {
    this.failures = undefined;
  }

  headerRead(read: HeaderRead, spelling?: RequestRead): void {
    this.readsHeaders.push(read);
    if (read.name === 'origin') this.readsOrigin.push(read.span);
    if (spelling) this.originReads.push(spelling);
  }

  methodRead(read: RequestRead): void {
    this.methodReads.push(read);
  }

  headersRewritten(): void {
    this.rewritesHeaders = true;
  }

  originTest(...tests: OriginTest[]): void {
    this.originTests.push(...tests);
  }

  middleware(...found: CorsMiddlewareFact[]): void {
    this.found.push(...found);
  }

  /** Adds a fact to a list unless the same fact is there (a site reached on several paths). */
  private keep<T>(list: T[], fact: T): void {
    const key = JSON.stringify(fact);
    if (!this.seen.has(key)) {
      list.push(fact);
      this.seen.add(key);
    }
  }

  private siteText(site: Span): string {
    return siteText(site, this.text);
  }
}

/** `handler.js:12`, for messages; `text` gives a file's source. */
export function siteText(site: Span, text: (file: string) => string | undefined): string {
  const name = path.basename(site.file);
  const source = text(site.file);
  return source === undefined ? name : `${name}:${source.slice(0, site.start).split('\n').length}`;
}
