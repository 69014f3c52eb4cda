import { header, type CorsLibrary, type CorsMiddlewareFact } from '../src/analysis/facts.js';
import { facingHandlers, type FacingHandler } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { staticHeaderValue } from '../src/model/gateway.js';
import { sendsCredentials } from '../src/checks/responses.js';
import type { HttpEvent } from '../src/model/types.js';
import { defineRule, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/source.js';

type Ctx = RuleContext<'handler' | 'middleware' | 'gateway' | 'origins'>;

/** A gateway response mapping that copies the request's Origin header (header names are case-insensitive). */
const ORIGIN_MAPPING = /^method\.request\.header\.origin$/i;

export default defineRule({
  meta: {
    id: 'reflected-origin',
    description: 'Disallow echoing the request Origin as Access-Control-Allow-Origin without an allowlist when credentials are allowed',
    severity: 'error',
    recommended: true,
    messages: {
      handler:
        'Check the request Origin against an allowlist before echoing it. Function {{fn}} ({{route}}) sends it back as Access-Control-Allow-Origin, so {{effect}}.',
      middleware: 'Give {{library}} an allowlist of origins. Function {{fn}} ({{route}}) configures it to echo every request Origin, so {{effect}}.',
      gateway: 'Map Access-Control-Allow-Origin of gateway response {{id}} to a fixed origin. It copies the request Origin ({{value}}), so {{effect}}.',
      origins:
        'List the allowed origins instead of * in the cors origins of {{path}}. With allowCredentials: true the framework turns * into .+ for function {{fn}} ({{route}}), so any website passes the preflight of credentialed requests (and reads the answers wherever the handler echoes the origin too).',
    },
  },
  check(ctx) {
    // A site several functions reach is one finding (mergeSites lists them); once per function here.
    const firstTime = oncePerSpan();
    const once = (span: Span, fn: string) => firstTime(span, `${span.end}:${fn}`);
    for (const handler of facingHandlers(ctx)) checkHandler(ctx, handler, once);
    checkGatewayResponses(ctx);
    checkOriginsLists(ctx, once);
  },
});

/** An echo of any origin grants what `*` grants, except that it also works with credentials: only then is it a finding. */
function effect(what: string): string {
  return `with credentials allowed, any website can read ${what} made with the user's cookies or credentials`;
}

/** How messages name each library's CORS support. */
const LIBRARY_NAMES: Record<CorsLibrary, string> = {
  'middy-http-cors': '@middy/http-cors',
  'middy-legacy': 'the middy cors middleware',
  'express-cors': 'the cors middleware',
  'lambda-api': 'lambda-api res.cors()',
  powertools: 'the Powertools cors middleware',
  hono: 'hono/cors',
  'fastify-cors': '@fastify/cors',
  'flask-cors': 'flask-cors',
  'starlette-cors': "Starlette's CORSMiddleware",
  'apollo-server-lambda': 'the apollo-server-lambda cors option',
};

/**
 * Echoes show up as response headers, hand-written or added by a library model (then the header
 * sits at the middleware's call, and the message names the library). A middleware configured to
 * echo every origin is also reported at its call when no response shows the echo.
 */
function checkHandler(ctx: Ctx, { fn, routes, facts }: FacingHandler, once: (span: Span, fn: string) => boolean): void {
  const common = { functionName: fn.name, route: routes[0] };
  const route = routes.join(', ');
  const middleware = facts.middleware ?? [];
  const reportMiddleware = (m: CorsMiddlewareFact) => {
    const data = { fn: fn.name, route, library: LIBRARY_NAMES[m.library], effect: effect('its responses') };
    ctx.report({ messageId: 'middleware', data, at: m.span, ...common });
  };
  for (const r of facts.responses) {
    const origin = header(r.headers, 'access-control-allow-origin');
    if (origin.state !== 'present' || origin.entry.value.kind !== 'request-origin' || origin.entry.value.allowlisted) continue;
    const at = origin.entry.span;
    const m = middleware.find((c) => c.span.file === at.file && c.span.start === at.start && c.span.end === at.end);
    if ((sendsCredentials(r.headers) !== true && m?.credentials !== true) || !once(at, fn.name)) continue;
    if (m) reportMiddleware(m);
    else ctx.report({ messageId: 'handler', data: { fn: fn.name, route, effect: effect('its responses') }, at, ...common });
  }
  for (const m of middleware) if (m.origin === 'reflect-any' && m.credentials === true && once(m.span, fn.name)) reportMiddleware(m);
}

function checkGatewayResponses(ctx: Ctx): void {
  for (const g of ctx.project.gatewayResponses) {
    const origin = g.headers.get('access-control-allow-origin');
    const value = origin?.value === undefined ? undefined : String(origin.value);
    if (!origin || value === undefined || !ORIGIN_MAPPING.test(value.trim())) continue;
    if (staticHeaderValue(g, 'access-control-allow-credentials') !== 'true') continue;
    const data = { id: g.resource.logicalId, value, effect: effect('these error responses') };
    ctx.report({ messageId: 'gateway', data, at: origin.node.span });
  }
}

/**
 * A bare `*` among a REST path's `origins` (or in a comma-separated `origin`, which the framework
 * splits into them) becomes `.+` (docs/cors-semantics.md#rest-cors), which matches every origin.
 * Credentials are those of the path after the per-path merge; without them it is a plain wildcard.
 */
function checkOriginsLists(ctx: Ctx, once: (span: Span, fn: string) => boolean): void {
  for (const p of ctx.project.restPaths) {
    if (p.allowCredentials !== true) continue;
    for (const e of p.events) {
      const span = wildcardPattern(e);
      if (!span || !once(span, e.fn.name)) continue;
      ctx.report({
        messageId: 'origins',
        data: { fn: e.fn.name, route: e.route, path: e.path },
        at: span,
        functionName: e.fn.name,
        route: e.route,
      });
    }
  }
}

/** Where a bare `*` pattern is written in an event's cors: the `origins` item, or a comma-separated `origin`. */
function wildcardPattern(e: HttpEvent): Span | undefined {
  return e.cors!.origins.find((o) => o.value.trim() === '*')?.node.span;
}
