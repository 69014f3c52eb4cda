import { header } from '../src/analysis/facts.js';
import { httpApiCorsConfig, httpApiEvents, httpEventsByPath } from '../src/model/cors.js';
import type { EventDef, FunctionDef } from '../src/model/types.js';
import { defineRule, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'rest' | 'httpApi'>;

export default defineRule({
  meta: {
    id: 'authorizer-preflight',
    description: "Disallow authorizers on catch-all routes that receive the browser's preflight OPTIONS request",
    severity: 'error',
    recommended: true,
    messages: {
      rest: "Enable cors on /{{path}} so that API Gateway answers the preflight. Function {{fn}} ({{route}}) has an authorizer, which rejects the browser's preflight OPTIONS, so the real request is never sent.",
      httpApi:
        "Add an OPTIONS /{proxy+} route without authorizer. Function {{fn}} ({{route}}) requires authorization on a catch-all route while provider.httpApi.cors is set, so the authorizer may reject the browser's preflight and the real request is never sent.",
    },
  },
  check(ctx) {
    checkRest(ctx);
    checkHttpApi(ctx);
  },
});

/** An authorizer the rule can rely on: not one whose whole value is a variable. */
function guarded(e: EventDef): boolean {
  return e.authorizer !== undefined && !e.authorizer.variable;
}

/**
 * REST: without `cors` on the path there is no generated OPTIONS method (cors.js), so API Gateway
 * hands OPTIONS to the ANY method and its authorizer. Reported only where browsers are expected:
 * the service uses cors elsewhere, or the handler sends CORS headers.
 */
function checkRest(ctx: Ctx): void {
  for (const [pathKey, events] of httpEventsByPath(ctx.project)) {
    if (events.some((e) => e.cors || e.corsUnknown || e.method === 'OPTIONS')) continue;
    for (const e of events) {
      if (e.method !== 'ANY' || !guarded(e)) continue;
      if (ctx.project.restPaths.length === 0 && !sendsCorsHeaders(ctx, e.fn)) continue;
      ctx.report({
        messageId: 'rest',
        data: { fn: e.fn.name, route: e.route, path: pathKey },
        at: e.authorizer!.node.span,
        functionName: e.fn.name,
        route: e.route,
      });
    }
  }
}

function sendsCorsHeaders(ctx: Ctx, fn: FunctionDef): boolean {
  const result = ctx.handler(fn);
  return result.status === 'analysed' && result.facts.responses.some((r) => header(r.headers, 'access-control-allow-origin').state === 'present');
}

/**
 * HTTP API: a route that also matches OPTIONS (ANY, `*` = `$default`) and requires authorization
 * can receive the preflight (AWS http-api-cors guide; anomalyco/sst#5493). An OPTIONS route without
 * authorizer on the same path, or on `/{proxy+}`, takes it instead.
 */
function checkHttpApi(ctx: Ctx): void {
  if (!httpApiCorsConfig(ctx.project)) return;
  const routes = httpApiEvents(ctx.project);
  const openOptions = routes.filter((r) => r.method === 'OPTIONS' && !r.authorizer).map((r) => r.path);
  for (const e of routes) {
    if (e.method !== 'ANY' || !guarded(e) || openOptions.includes(e.path) || openOptions.includes('/{proxy+}')) continue;
    ctx.report({
      messageId: 'httpApi',
      data: { fn: e.fn.name, route: e.route },
      at: e.authorizer!.node.span,
      functionName: e.fn.name,
      route: e.route,
    });
  }
}
