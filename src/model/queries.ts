import { header, type HandlerFacts, type HeaderBag } from '../analysis/facts.js';
import type { Span } from '../source.js';
import type { FunctionDef, HttpEvent, Project } from './types.js';

/**
 * The events whose browser-visible headers come from the handler's own response: lambda-proxy
 * `http` events, and `httpApi` events when API Gateway does not answer CORS itself
 * (with `provider.httpApi.cors` it ignores the integration's CORS headers, RULES.md A3).
 */
export function handlerFacingRoutes(project: Project, fn: FunctionDef): string[] {
  const routes: string[] = [];
  for (const e of fn.events) {
    if (e.kind === 'http' && e.integration === 'AWS_PROXY') routes.push(e.route);
    if (e.kind === 'httpApi' && !project.provider.httpApiCors) routes.push(e.route);
  }
  if (routes.length === 0 && fn.urlCors === undefined && hasUrl(fn)) routes.push('function URL');
  return routes;
}

function hasUrl(fn: FunctionDef): boolean {
  return fn.node.kind === 'map' && fn.node.entries.some((e) => e.key === 'url');
}

/** Events with an authorizer or an API key: browsers see the gateway's 4XX answers on them. */
export function isProtected(e: HttpEvent): boolean {
  return e.authorizer !== undefined || e.private;
}

/**
 * Where a handler shows it does CORS itself: a CORS middleware it uses, else the first
 * Access-Control-Allow-Origin among its responses. Undefined when it shows neither.
 */
export function handlerCorsSite(facts: HandlerFacts): Span | undefined {
  const middleware = facts.middleware?.[0];
  if (middleware) return middleware.span;
  for (const r of facts.responses) {
    const origin = header(r.headers, 'access-control-allow-origin');
    if (origin.state === 'present') return origin.entry.span;
  }
  return undefined;
}

/**
 * Whether a response sends Access-Control-Allow-Credentials exactly `true` (the only value
 * browsers accept, RULES.md A8; the boolean `true` is sent as that text): 'unknown' when the
 * header's presence or value is not known.
 */
export function sendsCredentials(headers: HeaderBag): boolean | 'unknown' {
  const cred = header(headers, 'access-control-allow-credentials');
  if (cred.state === 'absent') return false;
  if (cred.state === 'unknown' || cred.entry.value.kind !== 'literal') return 'unknown';
  return cred.entry.value.value === true || cred.entry.value.value === 'true';
}
