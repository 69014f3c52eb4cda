import { header, type HandlerFacts } from '../src/analysis/facts.js';
import { httpEventsByPath } from '../src/model/cors.js';
import { checkOrigin } from '../src/model/origin.js';
import { corsSite, handlerCorsApis } from '../src/checks/handler-cors.js';
import { handlerCorsSite, literalOrigin, preflightFree, sendsCredentials } from '../src/checks/responses.js';
import { handlerFacingRoutes } from '../src/model/queries.js';
import type { HttpApiEvent, HttpEvent } from '../src/model/types.js';
import type { Span } from '../src/source.js';
import { defineRule, type EditValue, type FixBuilder, type Problem, type RuleContext } from '../src/rule.js';

/** A greedy path variable (`{proxy+}`): the route also receives OPTIONS requests for everything below it. */
const CATCH_ALL = /\{[^}]+\+\}/;

export default defineRule({
  meta: {
    id: 'missing-preflight',
    description:
      'Require cors on an http event whose handler sends CORS headers, and a preflight answer for HTTP API routes whose handlers do CORS, so that the preflight succeeds',
    severity: 'error',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    hiddenByOffline: true,
    messages: {
      missing:
        'Enable cors on the http events of {{path}}. Function {{fn}} ({{route}}) sends CORS headers, but API Gateway creates no OPTIONS method there, so the preflight of non-simple requests fails with 403 and the request is never sent.',
      httpApi:
        'Add an OPTIONS route for {{path}}, or configure provider.httpApi.cors. Function {{fn}} ({{route}}) sends CORS headers itself, but the HTTP API has no route for the preflight, so the browser gets 404 and never sends the request.',
    },
  },
  check(ctx) {
    checkHttpApi(ctx);
    const { project } = ctx;
    // Paths of an API shared through restApiResources may get their OPTIONS method from the stack that owns them.
    if (project.provider.restApiResources) return;
    for (const events of httpEventsByPath(project).values()) {
      // Any cors (or an unknown one) creates the OPTIONS method; an OPTIONS or ANY event answers it itself.
      if (events.some((e) => e.cors || e.corsUnknown || e.method === 'OPTIONS' || e.method === 'ANY' || CATCH_ALL.test(e.path))) continue;
      for (const e of events) {
        if (!handlerFacingRoutes(project, e.fn).includes(e.route)) continue;
        const found = preflightedCors(ctx, e, handlerCorsSite);
        if (found) ctx.report({ messageId: 'missing', ...found.finding, ...corsEdits(e, found.facts) });
      }
    }
  },
});

/**
 * HTTP API routes whose handler does CORS itself while the API has no `provider.httpApi.cors`
 * (which would answer every preflight): a preflighted route needs an OPTIONS route to answer it, on
 * its path or a greedy one, else API Gateway answers 404. No fix: `provider.httpApi.cors` would make
 * API Gateway ignore the handlers' headers, and an OPTIONS route needs code.
 */
function checkHttpApi(ctx: RuleContext<'httpApi'>): void {
  // A function hidden by a variable may hold the OPTIONS route.
  if (ctx.project.functionsUnknown) return;
  const api = handlerCorsApis(ctx).find((a) => a.kind === 'httpApi');
  if (!api) return;
  const events = api.events as HttpApiEvent[];
  // `ANY` and OPTIONS routes receive the preflight; a greedy path or `$default` (`*`) receives those of the paths below it.
  const answering = events.filter((e) => e.method === 'ANY' || e.method === 'OPTIONS');
  const answered = (path: string) => answering.some((o) => o.path === path || o.path === '/*' || CATCH_ALL.test(o.path));
  // One missing OPTIONS route is one defect: reported at the first preflighted route of its path, the others related.
  const byPath = new Map<string, { e: HttpApiEvent; finding: Omit<Problem, 'messageId'> }[]>();
  for (const e of events) {
    if (e.method === '?' || e.path.includes('?') || answered(e.path)) continue;
    const found = preflightedCors(ctx, e, (facts) => corsSite(facts, 'httpApi'));
    if (found) byPath.set(e.path, [...(byPath.get(e.path) ?? []), { e, finding: found.finding }]);
  }
  for (const [first, ...others] of byPath.values()) {
    const also = others.map(({ e }) => ({ at: e.node.span, message: `also preflighted: ${e.route} (function ${e.fn.name})` }));
    ctx.report({ messageId: 'httpApi', ...first.finding, related: [...(first.finding.related ?? []), ...also] });
  }
}

/**
 * An event whose handler sends CORS headers (where `corsAt` says) and whose requests browsers preflight: the handler's
 * facts and the finding at the event (without its message), else undefined.
 */
function preflightedCors(
  ctx: Pick<RuleContext, 'handler'>,
  e: HttpEvent | HttpApiEvent,
  corsAt: (facts: HandlerFacts) => Span | undefined,
): { facts: HandlerFacts; finding: Omit<Problem, 'messageId'> } | undefined {
  const result = ctx.handler(e.fn);
  if (result.status !== 'analysed') return undefined;
  const site = corsAt(result.facts);
  if (!site || !preflighted(e, result.facts)) return undefined;
  const finding = {
    data: { fn: e.fn.name, route: e.route, path: e.path },
    at: e.node.span,
    related: [{ at: site, message: 'CORS headers set here' }],
    functionName: e.fn.name,
    route: e.route,
  };
  return { facts: result.facts, finding };
}

/**
 * Whether browsers send a preflight for this event's requests. Other methods are assumed to carry a
 * JSON body; GET and HEAD requests need one only with headers beyond the safelisted ones: an
 * authorizer's identity header, the API key of `private: true`, a header the handler reads.
 * Unknown header reads count as none.
 */
function preflighted(e: HttpEvent | HttpApiEvent, facts: HandlerFacts): boolean {
  if (e.method !== 'GET' && e.method !== 'HEAD') return true;
  if (e.authorizer || (e.kind === 'http' && e.private)) return true;
  return (facts.readsHeaders ?? []).some((h) => !preflightFree(h.name));
}

/**
 * `cors: {origin: <the handler's origin>}` under the event: a fix when that is one static value
 * and no credentials are involved (it allows no more than the handler already does), a
 * suggestion when the handler sends credentials (turning them on is never automatic).
 */
function corsEdits(e: HttpEvent, facts: HandlerFacts): Pick<Problem, 'fix' | 'suggest'> {
  const origin = staticOrigin(facts);
  if (origin === undefined || checkOrigin(origin, 'header')) return {};
  let credentials: boolean | 'unknown' = false;
  for (const r of facts.responses) {
    const sent = sendsCredentials(r.headers);
    if (sent === true || (sent === 'unknown' && credentials === false)) credentials = sent;
  }
  if (facts.middleware?.some((m) => m.credentials !== false)) credentials = 'unknown';
  const add =
    (value: EditValue): FixBuilder =>
    (fixer) =>
      fixer.addKey(e.node, 'cors', value);
  if (credentials === false) return { fix: add({ origin }) };
  // `*` with credentials is a defect of its own (wildcard-origin-with-credentials): never propose it.
  if (credentials === true && origin !== '*') {
    return { suggest: [{ desc: `Enable cors with origin ${origin} and allowCredentials: true`, fix: add({ origin, allowCredentials: true }) }] };
  }
  return {};
}

/**
 * The one literal Access-Control-Allow-Origin the handler sends on every response that has it;
 * undefined when it sends several, a computed one, may send one not known, or leaves the origin to
 * a middleware whose setting is not one static value.
 */
function staticOrigin(facts: HandlerFacts): string | undefined {
  if (facts.middleware?.some((m) => m.origin !== 'static')) return undefined;
  const values = new Set<string>();
  for (const r of facts.responses) {
    if (header(r.headers, 'access-control-allow-origin').state === 'absent') continue;
    const origin = literalOrigin(r.headers);
    if (!origin) return undefined;
    values.add(origin.value);
  }
  return values.size === 1 ? [...values][0] : undefined;
}
