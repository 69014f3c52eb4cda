import { header, type HeaderEntry } from '../src/analysis/facts.js';
import { asBoolean, asString, asStringList, entry, get, type CfgValue } from '../src/config/tree.js';
import { handlerFacingRoutes } from '../src/model/queries.js';
import type { FunctionDef } from '../src/model/types.js';
import { defineRule, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'rest' | 'httpApi' | 'url' | 'gateway' | 'handler'>;

export default defineRule({
  meta: {
    id: 'wildcard-origin-with-credentials',
    description: 'Disallow an Access-Control-Allow-Origin of * combined with Access-Control-Allow-Credentials: true',
    severity: 'error',
    recommended: true,
    messages: {
      rest: 'CORS on /{{path}} allows any origin (*) with allowCredentials: true: browsers reject every credentialed request to it (the preflight answers * with credentials)',
      httpApi: 'provider.httpApi.cors allows any origin (*) with allowCredentials: true: API Gateway rejects this at deploy (allow-credentials is not supported with allow-origin *)',
      url: 'Function {{fn}} URL CORS allows any origin (*) with allowCredentials: true: browsers reject every credentialed request to it',
      gateway: 'Gateway response {{id}} sends Access-Control-Allow-Origin * with Access-Control-Allow-Credentials true: browsers reject credentialed error responses',
      handler: 'Function {{fn}} ({{route}}) returns Access-Control-Allow-Origin * with Access-Control-Allow-Credentials true: browsers block credentialed responses with a wildcard origin',
    },
  },
  check(ctx) {
    checkRest(ctx);
    checkV2Cors(ctx, ctx.project.provider.httpApiCors, 'httpApi');
    // A header object shared by several functions is one defect: report it once, for the first function.
    const reported = new Set<string>();
    for (const fn of ctx.project.functions) {
      checkV2Cors(ctx, fn.urlCors, 'url', fn);
      checkHandler(ctx, fn, reported);
    }
    checkGatewayResponses(ctx);
  },
});

/** After the per-path merge: the preflight answers a static `*` only when no `origins` list exists (RULES.md A1). */
function checkRest(ctx: Ctx): void {
  for (const p of ctx.project.restPaths) {
    if (p.allowCredentials !== true || p.origin !== '*' || p.origins.length > 0 || p.originUnknown) continue;
    const ev = p.credentialsEvent!;
    ctx.report({
      messageId: 'rest',
      data: { path: p.pathKey },
      at: ev.cors!.allowCredentialsNode!.span,
      related: p.originEvent && p.originEvent !== ev ? [{ at: p.originEvent.cors!.node.span, message: 'origin * set here' }] : [],
      functionName: ev.fn.name,
      route: ev.route,
    });
  }
}

/** `provider.httpApi.cors` and `url.cors` share a shape: allowedOrigins defaults to `*`. */
function checkV2Cors(ctx: Ctx, cors: CfgValue | undefined, messageId: 'httpApi' | 'url', fn?: FunctionDef): void {
  const cred = entry(cors, 'allowCredentials');
  if (!cred || asBoolean(cred.value) !== true) return;
  const originsNode = get(cors, 'allowedOrigins');
  const origins = originsNode ? asStringList(originsNode) : ['*'];
  if (!origins || !origins.includes('*')) return;
  ctx.report({ messageId, data: { fn: fn?.name ?? '' }, at: cred.value.span, functionName: fn?.name });
}

function checkGatewayResponses(ctx: Ctx): void {
  for (const g of ctx.project.gatewayResponses) {
    const origin = g.headers.get('access-control-allow-origin');
    const cred = g.headers.get('access-control-allow-credentials');
    if (!origin || !cred || asString(origin.value) !== "'*'" || asString(cred.value) !== "'true'") continue;
    ctx.report({ messageId: 'gateway', data: { id: g.resource.logicalId }, at: cred.keySpan });
  }
}

function isTrue(e: HeaderEntry): boolean {
  return e.value.kind === 'literal' && (e.value.value === true || e.value.value === 'true');
}

function checkHandler(ctx: Ctx, fn: FunctionDef, reported: Set<string>): void {
  const routes = handlerFacingRoutes(ctx.project, fn);
  if (routes.length === 0) return;
  const result = ctx.handler(fn);
  if (result.status !== 'analysed') return;
  for (const r of result.facts.responses) {
    const origin = header(r.headers, 'access-control-allow-origin');
    const cred = header(r.headers, 'access-control-allow-credentials');
    if (origin.state !== 'present' || cred.state !== 'present') continue;
    if (origin.entry.value.kind !== 'literal' || origin.entry.value.value !== '*' || !isTrue(cred.entry)) continue;
    const key = `${cred.entry.span.file}:${cred.entry.span.start}`;
    if (reported.has(key)) continue;
    reported.add(key);
    ctx.report({
      messageId: 'handler',
      data: { fn: fn.name, route: routes.join(', ') },
      at: cred.entry.span,
      related: [{ at: origin.entry.span, message: 'wildcard origin set here' }],
      functionName: fn.name,
      route: routes[0],
    });
  }
}
