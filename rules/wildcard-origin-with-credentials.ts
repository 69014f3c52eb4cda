import { header } from '../src/analysis/facts.js';
import { facingHandlers } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { wildcardWithCredentials } from '../src/model/cors.js';
import { staticHeaderValue } from '../src/model/gateway.js';
import { sendsCredentials } from '../src/checks/responses.js';
import { corsSettingAt } from '../src/model/queries.js';
import type { FunctionDef, V2Cors } from '../src/model/types.js';
import { defineRule, type FixBuilder, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'rest' | 'httpApi' | 'url' | 'gateway' | 'handler'>;

export default defineRule({
  meta: {
    id: 'wildcard-origin-with-credentials',
    description: 'Disallow an Access-Control-Allow-Origin of * combined with Access-Control-Allow-Credentials: true',
    severity: 'error',
    recommended: true,
    fixable: true,
    messages: {
      rest: 'Name the allowed origins, or turn allowCredentials off, in the cors of /{{path}}. With any origin (*) and credentials, browsers reject every credentialed request to it.',
      httpApi:
        'Name the allowed origins, or turn allowCredentials off, in provider.httpApi.cors. API Gateway rejects any origin (*) with credentials at deploy.',
      url: 'Name the allowed origins, or turn allowCredentials off, in the URL CORS of function {{fn}}. With any origin (*) and credentials, browsers reject every credentialed request to it.',
      gateway:
        'Send a named origin, or drop Access-Control-Allow-Credentials, in gateway response {{id}}. Browsers reject credentialed error responses with Access-Control-Allow-Origin *.',
      handler:
        'Return a named origin instead of *, or drop Access-Control-Allow-Credentials. Function {{fn}} ({{route}}) returns both, and browsers block credentialed responses with a wildcard origin.',
    },
  },
  check(ctx) {
    checkRest(ctx);
    checkV2Cors(ctx, ctx.project.provider.httpApiCors, 'httpApi');
    for (const fn of ctx.project.functions) checkV2Cors(ctx, fn.urlCors, 'url', fn);
    checkHandlers(ctx);
    checkGatewayResponses(ctx);
  },
});

/** After the per-path merge: the preflight answers a static `*` only when no `origins` list exists (docs/cors-semantics.md#rest-cors). */
function checkRest(ctx: Ctx): void {
  for (const p of ctx.project.restPaths) {
    if (!wildcardWithCredentials(p)) continue;
    const ev = p.credentialsEvent!;
    ctx.report({
      messageId: 'rest',
      data: { path: p.pathKey },
      at: ev.cors!.allowCredentialsNode!.span,
      defect: { kind: 'wildcard-with-credentials', at: ev.cors!.allowCredentialsNode!.span },
      related:
        p.originEvent && p.originEvent !== ev ? [{ at: corsSettingAt(p.originEvent, p.originEvent.cors?.originNode), message: 'origin * set here' }] : [],
      functionName: ev.fn.name,
      route: ev.route,
    });
  }
}

/** `provider.httpApi.cors` and `url.cors` share a shape: allowedOrigins defaults to `*`. */
function checkV2Cors(ctx: Ctx, cors: V2Cors | undefined, messageId: 'httpApi' | 'url', fn?: FunctionDef): void {
  const credentials = cors?.allowCredentials;
  if (!cors || credentials?.value !== true) return;
  const origins = cors.allowedOrigins ? cors.allowedOrigins.items.map((o) => o.value) : ['*'];
  if (!origins.includes('*')) return;
  const at = credentials.node.span;
  ctx.report({
    messageId,
    data: { fn: fn?.name ?? '' },
    at,
    defect: { kind: 'wildcard-with-credentials', at },
    functionName: fn?.name,
    fix: allowedOriginsFix(ctx, cors),
  });
}

/**
 * With `allowedOrigins` for the stage in the settings, the wildcard (written or defaulted) becomes
 * those origins: access narrows to them, credentials stay as they are. Only an absent
 * `allowedOrigins`, or one that is exactly `*` when one origin is allowed, is rewritten.
 */
function allowedOriginsFix(ctx: Ctx, cors: V2Cors): FixBuilder | undefined {
  const allowed = ctx.allowedOrigins;
  if (!allowed?.length) return undefined;
  if (!cors.allowedOrigins) return (fixer) => fixer.addKey(cors.node, 'allowedOrigins', [...allowed]);
  const [only, ...more] = cors.allowedOrigins.items;
  if (!only || more.length > 0 || only.value !== '*' || allowed.length !== 1) return undefined;
  return (fixer) => fixer.replaceValue(only.node, allowed[0]);
}

function checkGatewayResponses(ctx: Ctx): void {
  for (const g of ctx.project.gatewayResponses) {
    const cred = g.headers.get('access-control-allow-credentials');
    const wildcard = staticHeaderValue(g, 'access-control-allow-origin') === '*';
    if (!cred || !wildcard || staticHeaderValue(g, 'access-control-allow-credentials') !== 'true') continue;
    ctx.report({ messageId: 'gateway', data: { id: g.resource.logicalId }, at: cred.keySpan, defect: { kind: 'wildcard-with-credentials', at: cred.keySpan } });
  }
}

/** A header object shared by several functions is one defect: one finding that lists them (mergeSites). */
function checkHandlers(ctx: Ctx): void {
  const once = oncePerSpan();
  for (const { fn, routes, facts } of facingHandlers(ctx)) {
    for (const r of facts.responses) {
      const origin = header(r.headers, 'access-control-allow-origin');
      const cred = header(r.headers, 'access-control-allow-credentials');
      if (origin.state !== 'present' || origin.entry.value.kind !== 'literal' || origin.entry.value.value !== '*') continue;
      if (cred.state !== 'present' || sendsCredentials(r.headers) !== true || !once(cred.entry.span, fn.name)) continue;
      ctx.report({
        messageId: 'handler',
        data: { fn: fn.name, route: routes.join(', ') },
        at: cred.entry.span,
        defect: { kind: 'wildcard-with-credentials', at: cred.entry.span },
        related: [{ at: origin.entry.span, message: 'wildcard origin set here' }],
        functionName: fn.name,
        route: routes[0],
      });
    }
  }
}
