import {
  header,
  type CorsMiddlewareFact,
  type FailureFact,
  type HandlerFacts,
  type HeaderBag,
  type HeaderEntry,
  type ResponseFact,
} from '../analysis/facts.js';
import { apiGatewayResponses, typesWithOrigin } from '../model/gateway.js';
import type { Project } from '../model/types.js';
import type { Defect } from '../precedence.js';
import type { Span } from '../source.js';

/**
 * Questions about what handlers send, asked by several rules: they read handler facts only, so
 * they live above the model and the analysis (docs/architecture.md#pipeline).
 */

/**
 * Where a handler shows it does CORS itself: a CORS middleware it uses (one that `counts`), else the
 * first Access-Control-Allow-Origin among its responses (not one a middleware that does not count
 * adds). Undefined when it shows neither.
 */
export function handlerCorsSite(facts: HandlerFacts, counts: (m: CorsMiddlewareFact) => boolean = () => true): Span | undefined {
  const middleware = facts.middleware ?? [];
  const used = middleware.find(counts);
  if (used) return used.span;
  const ignored = middleware.map((m) => m.span);
  for (const r of facts.responses) {
    const origin = header(r.headers, 'access-control-allow-origin');
    if (origin.state === 'present' && !ignored.some((s) => sameSpan(s, origin.entry.span))) return origin.entry.span;
  }
  return undefined;
}

const sameSpan = (a: Span, b: Span) => a.file === b.file && a.start === b.start && a.end === b.end;

/** The Access-Control-Allow-Origin a response sends as a literal string; undefined when absent, unknown or computed. */
export function literalOrigin(headers: HeaderBag): { value: string; entry: HeaderEntry } | undefined {
  const origin = header(headers, 'access-control-allow-origin');
  if (origin.state !== 'present' || origin.entry.value.kind !== 'literal' || typeof origin.entry.value.value !== 'string') return undefined;
  return { value: origin.entry.value.value, entry: origin.entry };
}

/**
 * Whether a response sends Access-Control-Allow-Credentials exactly `true` (the only value
 * browsers accept, docs/cors-semantics.md#browser-rules; the boolean `true` is sent as that text): 'unknown' when the
 * header's presence or value is not known.
 */
export function sendsCredentials(headers: HeaderBag): boolean | 'unknown' {
  const cred = header(headers, 'access-control-allow-credentials');
  if (cred.state === 'absent') return false;
  if (cred.state === 'unknown' || cred.entry.value.kind !== 'literal') return 'unknown';
  return cred.entry.value.value === true || cred.entry.value.value === 'true';
}

/** Request headers a browser sends without a preflight, or that it, CloudFront or API Gateway set themselves. */
const PREFLIGHT_FREE = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'range', // CORS-safelisted (Fetch)
  'accept-charset',
  'accept-encoding',
  'connection',
  'content-length',
  'cookie',
  'date',
  'dnt',
  'host',
  'origin',
  'referer',
  'user-agent',
  'via',
  'x-amz-cf-id',
  'x-amzn-trace-id',
]);

/**
 * Whether reading this request header tells nothing about preflights: browsers send it on simple
 * requests (docs/cors-semantics.md#browser-rules; `Content-Type` is safelisted only for form and text bodies, which is not
 * known here), or it never comes from page scripts (`Sec-*`, `X-Forwarded-*`, `CloudFront-*`).
 */
export function preflightFree(name: string): boolean {
  const lower = name.toLowerCase();
  return PREFLIGHT_FREE.has(lower) || /^(sec-|x-forwarded-|cloudfront-)/.test(lower);
}

/**
 * The defect behind a response's missing Access-Control-Allow-Origin, when it is one of its own:
 * middy's http-error-handler registered before cors (the response is the error handler's), or an
 * `@middy/http-cors` 6+ without an origin option, which sends none. Undefined for a response that
 * simply lacks the header.
 */
export function whyOriginMissing(facts: HandlerFacts, response: ResponseFact): Defect | undefined {
  if (response.lostCorsBy) return { kind: 'middy-error-order', at: response.site };
  const originless = (facts.middleware ?? []).find(isOriginlessMiddyCors);
  return originless && { kind: 'middy-cors-without-origin', at: originless.span };
}

/** `@middy/http-cors` 6+ without `origin`, `origins` or `getOrigin`: it sends no Access-Control-Allow-Origin at all. */
export function isOriginlessMiddyCors(m: CorsMiddlewareFact): boolean {
  return m.library === 'middy-http-cors' && m.origin === 'default' && m.effectiveDefaultOrigin === 'none';
}

/**
 * Whether API Gateway's own answers to failed invocations (502: a throw, a malformed proxy
 * response) carry Access-Control-Allow-Origin: a DEFAULT_5XX gateway response of the service's
 * REST API sets it, wherever that API is defined (this stack, or the sibling service that owns it).
 * 'unknown' when its gateway responses cannot be judged (apiGatewayResponses).
 */
export function failuresCarryCors(project: Project): boolean | 'unknown' {
  const responses = apiGatewayResponses(project);
  return responses ? typesWithOrigin(responses).has('DEFAULT_5XX') : 'unknown';
}

/** What a failure is, for messages; where it happens inside a helper is a related location. */
export function describeFailure(f: FailureFact): string {
  switch (f.kind) {
    case 'throw':
      return f.raisedAt ? 'an error thrown in the function called here escapes the handler' : 'this error escapes the handler';
    case 'rejection':
      return f.raisedAt ? "a promise rejected in the function called here becomes the handler's result" : "this rejected promise becomes the handler's result";
    case 'error-callback':
      return f.raisedAt ? 'the function called here fails the invocation' : 'this call fails the invocation';
    case 'no-return':
      return 'this path ends without a return value';
    case 'not-a-response':
      return `this returns ${f.value ?? 'a value'} instead of a proxy response (an object with statusCode)`;
  }
}
