import type { CorsMiddlewareFact } from '../src/analysis/facts.js';
import { singleOrigin } from '../src/model/cors.js';
import { checkOrigin } from '../src/model/origin.js';
import { isOriginlessMiddyCors } from '../src/checks/responses.js';
import { handlerFacingRoutes } from '../src/model/queries.js';
import type { EventDef, FunctionDef, HttpEvent } from '../src/model/types.js';
import { defineRule, type FixBuilder, type Problem, type RuleContext } from '../src/rule.js';

type MessageId = 'noOrigin' | 'restOnly';
type Ctx = RuleContext<MessageId>;

/** A middleware call and the functions (with their CORS events) whose handler uses it. */
interface Use {
  m: CorsMiddlewareFact;
  users: { fn: FunctionDef; events: EventDef[] }[];
}

export default defineRule({
  meta: {
    id: 'middy-cors-no-origin',
    description:
      'Disallow middy CORS middleware that sends no Access-Control-Allow-Origin: @middy/http-cors 6+ without an origin, or a REST-only version on HTTP API events',
    severity: 'error',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: {
      noOrigin:
        'Pass origin, origins or getOrigin to @middy/http-cors {{version}}. Function {{fn}} ({{route}}) passes none, and since version 6 the middleware then sends no Access-Control-Allow-Origin, so the browser blocks every response.',
      restOnly:
        'Replace {{middleware}} with @middy/http-cors 2 or later. Function {{fn}} ({{route}}) serves HTTP API payload 2.0 events, which have no httpMethod field, so this middleware adds no CORS headers and the browser blocks the responses.',
    },
  },
  check(ctx) {
    for (const { m, users } of corsUses(ctx)) {
      if (isOriginlessMiddyCors(m)) {
        const first = users.find((u) => u.events.length > 0);
        const defect = { kind: 'middy-cors-without-origin' as const, at: m.span };
        if (first) report(ctx, 'noOrigin', m, first, { version: `${m.version}.x` }, { ...originEdits(ctx, m, users), defect });
      } else if (m.restOnly) {
        const first = users.find((u) => u.events.some((e) => e.kind === 'httpApi') && u.fn.httpApiPayload === '2.0');
        const middleware = m.library === 'middy-legacy' ? 'the middy 0.x cors middleware (middy/middlewares)' : '@middy/http-cors 1.x';
        if (first) report(ctx, 'restOnly', m, { ...first, events: first.events.filter((e) => e.kind === 'httpApi') }, { middleware });
      }
    }
  },
});

/** What a finding adds to its message: edits, and the defect it names (src/precedence.ts). */
type Extra = Pick<Problem, 'fix' | 'suggest' | 'defect'>;

function report(ctx: Ctx, messageId: MessageId, m: CorsMiddlewareFact, user: Use['users'][number], data: Record<string, string>, extra: Extra = {}): void {
  const route = user.events.map((e) => e.route).join(', ');
  ctx.report({ messageId, data: { fn: user.fn.name, route, ...data }, at: m.span, functionName: user.fn.name, route: user.events[0].route, ...extra });
}

/**
 * Every middy CORS middleware call, once, with the functions using it and their events whose
 * responses the handler's CORS headers must cover: lambda-proxy http events with cors, and
 * httpApi events when API Gateway leaves CORS to the handler (handlerFacingRoutes).
 */
function corsUses(ctx: Ctx): Use[] {
  const uses = new Map<string, Use>();
  for (const fn of ctx.project.functions) {
    const result = ctx.handler(fn);
    if (result.status !== 'analysed') continue;
    const facing = new Set(handlerFacingRoutes(ctx.project, fn));
    const events = fn.events.filter((e) => facing.has(e.route) && (e.kind === 'httpApi' || e.cors !== undefined));
    for (const m of result.facts.middleware ?? []) {
      if (m.library !== 'middy-http-cors' && m.library !== 'middy-legacy') continue;
      const key = `${m.span.file}:${m.span.start}`;
      const use = uses.get(key) ?? { m, users: [] };
      use.users.push({ fn, events });
      uses.set(key, use);
    }
  }
  return [...uses.values()];
}

/**
 * `origin: '<origin>'` in the cors options when every function using it serves only http events
 * whose paths' cors allow the same one static origin: a fix without credentials (the handler then
 * sends what the preflight already allows), a suggestion with them (never turned on automatically).
 */
function originEdits(ctx: Ctx, m: CorsMiddlewareFact, users: Use['users']): Extra {
  // Another function using the same handler without such a path would get the origin too.
  if (users.some((u) => u.events.length === 0 || u.events.some((e) => e.kind !== 'http'))) return {};
  const events = users.flatMap((u) => u.events);
  const paths = (events as HttpEvent[]).map((e) => ctx.project.restPaths.find((p) => p.pathKey === e.pathKey));
  const origins = new Set(paths.map((p) => p && singleOrigin(p)));
  const [origin] = origins;
  if (origins.size !== 1 || origin === undefined || checkOrigin(origin, 'header')) return {};
  const credentials = paths.some((p) => p!.allowCredentials !== false) || m.credentials !== false;
  const add: FixBuilder = (fixer) => fixer.addOption(m.span, 'origin', fixer.stringLiteral(origin, { file: m.span.file }));
  if (!credentials) return { fix: add };
  // `*` with credentials would reflect any origin: never propose it.
  return origin === '*' ? {} : { suggest: [{ desc: `Send Access-Control-Allow-Origin ${origin} (the origin the cors config allows)`, fix: add }] };
}
