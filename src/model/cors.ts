import type { EventDef, HttpApiEvent, HttpEvent, Project, RestPath, V2Cors } from './types.js';

/**
 * What the framework makes of CORS settings beyond the per-event defaults of build.ts: the merged
 * preflight of a REST path (validate.js, cors.js), HTTP API route methods (http-api.js), and the
 * request headers a browser must be allowed to send (docs/cors-semantics.md#rest-cors, #http-api,
 * #authorizers). Undefined results mean "unknown": rules then stay quiet.
 */

/** The methods `ANY` stands for in Access-Control-Allow-Methods (cors.js, http-api.js; OPTIONS aside). */
const ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

export function expandMethod(method: string): string[] {
  return method === 'ANY' ? ANY_METHODS : [method];
}

/** Headers a SigV4-signed (aws_iam) browser request carries (temporary credentials add the token). */
const SIGV4_HEADERS = ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token'];

/**
 * Every `http` event grouped by the framework's path key (one preflight per key), in the order the
 * framework processes them. Events whose path or method is a variable are left out.
 */
export function httpEventsByPath(project: Project): Map<string, HttpEvent[]> {
  const byPath = new Map<string, HttpEvent[]>();
  for (const fn of project.functions) {
    for (const e of fn.events) {
      if (e.kind !== 'http' || e.pathKey.includes('?') || e.method === '?') continue;
      byPath.set(e.pathKey, [...(byPath.get(e.pathKey) ?? []), e]);
    }
  }
  return byPath;
}

/**
 * The methods a cors-enabled event adds to its path's Access-Control-Allow-Methods (getCors): its
 * `cors.methods`, OPTIONS and its own method. Undefined when `methods` is a variable.
 */
export function preflightMethods(e: HttpEvent): string[] | undefined {
  if (!e.cors) return [];
  return e.cors.methods && [...e.cors.methods, 'OPTIONS', e.method];
}

/** Whether a method list (ANY standing for all) covers every method a route accepts. */
export function methodsCover(methods: string[], routeMethod: string): boolean {
  const allowed = new Set(methods.flatMap((m) => expandMethod(m.toUpperCase())));
  return methods.includes('*') || expandMethod(routeMethod).every((m) => allowed.has(m));
}

/** The one origin a REST path's preflight answers with (the last `origin`); undefined when `origins` patterns apply or a value is unknown. */
export function singleOrigin(p: RestPath): string | undefined {
  return p.originUnknown || p.origins.length > 0 ? undefined : p.origin;
}

/** A path whose preflight answers `*` with credentials: wildcard-origin-with-credentials' finding, which other rules leave to it. */
export function wildcardWithCredentials(p: RestPath): boolean {
  return p.allowCredentials === true && singleOrigin(p) === '*';
}

/** Access-Control-Allow-Headers of a path's preflight: the union of its events' lists. Undefined when one is a variable. */
export function preflightHeaders(p: RestPath): string[] | undefined {
  if (p.events.some((e) => e.cors!.headersUnknown)) return undefined;
  return [...new Set(p.events.flatMap((e) => e.cors!.headers))];
}

/** `provider.httpApi.cors` when it turns CORS on for an API of this stack; undefined when off, unknown or external. */
export function httpApiCorsConfig(project: Project): V2Cors | undefined {
  const cors = project.provider.httpApiCors;
  return cors?.on === true && !project.provider.externalHttpApi ? cors : undefined;
}

export function httpApiEvents(project: Project): HttpApiEvent[] {
  return project.functions.flatMap((fn) => fn.events.filter((e): e is HttpApiEvent => e.kind === 'httpApi'));
}

/** Why a browser must be allowed to send a request header. */
export type HeaderNeed = 'authorizer' | 'api-key' | 'aws-iam' | 'handler';

export interface RequiredHeader {
  name: string;
  need: HeaderNeed;
}

/**
 * The request headers a browser must be allowed to send (Access-Control-Allow-Headers) for this
 * event's requests to get through: the authorizer's identity header, X-Api-Key for `private: true`,
 * the SigV4 headers for aws_iam. Unknown authorizer details add nothing.
 *
 * `handlerReads` are the request headers the handler reads by name (docs/cors-semantics.md#browser-rules): those a page
 * would have to send itself are required too.
 */
export function requiredRequestHeaders(e: EventDef, handlerReads: string[] = []): RequiredHeader[] {
  const out: RequiredHeader[] = handlerReads.filter(pageSent).map((name) => ({ name, need: 'handler' as const }));
  const auth = e.authorizer;
  if (auth?.kind === 'iam') out.push(...SIGV4_HEADERS.map((name) => ({ name, need: 'aws-iam' as const })));
  else if (auth) out.push(...auth.identityHeaders.map((name) => ({ name, need: 'authorizer' as const })));
  if (e.kind === 'http' && e.private) out.push({ name: 'X-Api-Key', need: 'api-key' });
  return out;
}

/**
 * Headers a handler may read that a page never has to be allowed to send: CORS-safelisted ones,
 * those the browser sets itself (forbidden request headers), and those API Gateway, CloudFront or
 * proxies add on the way.
 */
const NOT_PAGE_SENT = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'range',
  'origin',
  'host',
  'referer',
  'user-agent',
  'cookie',
  'accept-encoding',
  'connection',
  'content-length',
  'date',
  'dnt',
  'via',
  'forwarded',
  'te',
  'trailer',
  'upgrade',
  'keep-alive',
  'expect',
  'access-control-request-headers',
  'access-control-request-method',
  'x-amzn-trace-id',
  'x-amz-cf-id',
  'x-real-ip',
  'true-client-ip',
]);
const NOT_PAGE_SENT_PREFIXES = ['x-forwarded-', 'cloudfront-', 'sec-', 'proxy-', 'x-amzn-', 'x-amz-cf-'];

function pageSent(name: string): boolean {
  const lower = name.toLowerCase();
  return !NOT_PAGE_SENT.has(lower) && !NOT_PAGE_SENT_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * The headers a browser may send under an Access-Control-Allow-Headers list, case-insensitively.
 * `*` allows any header except Authorization, and only without credentials (then it is a literal
 * name); docs/cors-semantics.md#browser-rules.
 */
export function missingHeaders(
  allowed: string[],
  required: RequiredHeader[],
  credentials: boolean,
): { missing: RequiredHeader[]; wildcardAuthorization: boolean } {
  const names = new Set(allowed.map((h) => h.trim().toLowerCase()));
  const wildcard = names.has('*') && !credentials;
  const missing: RequiredHeader[] = [];
  let wildcardAuthorization = false;
  for (const r of required) {
    const lower = r.name.toLowerCase();
    if (names.has(lower) || missing.some((m) => m.name.toLowerCase() === lower)) continue;
    if (wildcard && lower !== 'authorization') continue;
    if (wildcard) wildcardAuthorization = true;
    missing.push(r);
  }
  return { missing, wildcardAuthorization };
}
