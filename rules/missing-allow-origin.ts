import path from 'node:path';
import { header, type FailureFact, type ResponseFact } from '../src/analysis/facts.js';
import { handlerCorsApis, neverSendsOrigin, type HandlerCorsApi } from '../src/checks/handler-cors.js';
import { describeFailure, failuresCarryCors, whyOriginMissing } from '../src/checks/responses.js';
import { joinWords } from '../src/checks/wording.js';
import { corsSettingAt } from '../src/model/queries.js';
import type { FunctionDef, HttpEvent } from '../src/model/types.js';
import { defineRule, type Defect, type Related, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/source.js';

/** lambda-proxy events with CORS: the handler's own response must carry the header (docs/cors-semantics.md#integrations). */
function proxyCorsEvents(fn: FunctionDef): HttpEvent[] {
  return fn.events.filter((e): e is HttpEvent => e.kind === 'http' && !!e.cors && e.integration === 'AWS_PROXY');
}

const spanKey = (s: Span) => `${s.file}:${s.start}:${s.end}`;

/** Failures grouped by site, in order: a helper that throws in several places is one finding at the call. */
function bySite(failures: FailureFact[]): [Span, FailureFact[]][] {
  const groups = new Map<string, [Span, FailureFact[]]>();
  for (const f of failures) {
    const group = groups.get(spanKey(f.site)) ?? groups.set(spanKey(f.site), [f.site, []]).get(spanKey(f.site))!;
    group[1].push(f);
  }
  return [...groups.values()];
}

export default defineRule({
  meta: {
    id: 'missing-allow-origin',
    description:
      'Require lambda-proxy handlers of CORS-enabled http events, and of APIs whose CORS other handlers send, to return Access-Control-Allow-Origin on every response',
    severity: 'error',
    recommended: true,
    hiddenByOffline: true,
    messages: {
      missing:
        'Add Access-Control-Allow-Origin to this response. Function {{fn}} ({{route}}) enables CORS, so the preflight succeeds and then the browser blocks the response.',
      missingApp:
        'Add Access-Control-Allow-Origin to the responses of the app made in {{app}}. Use CORS middleware, or set it in every route: function {{fn}} ({{route}}) enables CORS, but no middleware or route of the app sets the header, so the browser blocks its responses after the preflight succeeds.',
      missingEverywhere:
        'Add Access-Control-Allow-Origin to the responses of function {{fn}} ({{route}}). It enables CORS but never sets the header ({{count}} responses lack it), so the browser blocks them after the preflight succeeds.',
      failed:
        'Return a response with Access-Control-Allow-Origin where {{what}}. Function {{fn}} ({{route}}) enables CORS, but API Gateway answers a failed invocation with its own 502 without CORS headers, so the browser reports a CORS error instead. A DEFAULT_5XX gateway response that sets the header also fixes it.',
      handlerCors:
        'Add Access-Control-Allow-Origin to the responses of function {{fn}} ({{route}}). No cors is configured on its API, where {{senders}} CORS in code, so browsers call it; they block these responses, which never carry the header.',
    },
  },
  check(ctx) {
    for (const api of handlerCorsApis(ctx)) checkHandlerCorsApi(ctx, api);
    // On a REST API another service of the repository owns, its DEFAULT_5XX belongs in the owner's stack.
    const api = ctx.project.restApi;
    const ownerRelated: Related[] =
      api.kind === 'sibling'
        ? [{ at: api.owner.at, message: 'the shared REST API is defined here: a DEFAULT_5XX gateway response belongs in this stack' }]
        : [];
    for (const fn of ctx.project.functions) {
      const events = proxyCorsEvents(fn);
      if (events.length === 0) continue;
      const result = ctx.handler(fn);
      if (result.status !== 'analysed') continue;
      const route = events.map((e) => e.route).join(', ');
      const enabled: Related = { at: corsSettingAt(events[0]), message: `CORS enabled here for ${events[0].route}` };
      const common = { functionName: fn.name, route: events[0].route };
      // API Gateway answers a failed invocation itself; a DEFAULT_5XX gateway response may give that answer CORS.
      const failures = failuresCarryCors(ctx.project) === false ? (result.facts.failures ?? []) : [];
      for (const [site, atSite] of bySite(failures)) {
        const related: Related[] = atSite.flatMap((f) => (f.raisedAt ? [{ at: f.raisedAt, message: 'raised here' }] : []));
        ctx.report({
          messageId: 'failed',
          data: { fn: fn.name, route, what: describeFailure(atSite[0]) },
          at: site,
          related: [...related, enabled, ...ownerRelated],
          ...common,
        });
      }
      // A value that is not a proxy response is API Gateway's 502 (reported above, or answered by a DEFAULT_5XX), never a response without the header.
      const malformed = new Set((result.facts.failures ?? []).filter((f) => f.kind === 'not-a-response').map((f) => spanKey(f.site)));
      // A bare string beside a response (`ok ? response : 'nope'`) is a 502 too: where those carry CORS (or may), it is no defect.
      const bareIs502WithCors = failuresCarryCors(ctx.project) !== false;
      const absent = result.facts.responses.filter(
        (r) => header(r.headers, 'access-control-allow-origin').state === 'absent' && !malformed.has(spanKey(r.site)) && !(r.bare && bareIs502WithCors),
      );
      const reportOne = (response: ResponseFact, defect?: Defect) => {
        const related: Related[] = [];
        if (response.builtAt) related.push({ at: response.builtAt, message: response.app ? 'app made here' : 'response built here' });
        related.push(enabled);
        const app = response.app && response.builtAt ? path.relative(ctx.project.serviceDir, response.builtAt.file) : undefined;
        const where = { at: response.site, related, defect, ...common };
        if (app) ctx.report({ messageId: 'missingApp', data: { fn: fn.name, route, app }, ...where });
        else ctx.report({ messageId: 'missing', data: { fn: fn.name, route }, ...where });
      };
      // A middy chain that drops the header is a defect of its own, which another rule owns (src/precedence.ts).
      const lacking = absent.filter((response) => {
        const defect = whyOriginMissing(result.facts, response);
        if (defect) reportOne(response, defect);
        return !defect;
      });
      if (lacking.length === 0) continue;
      // A handler that never sends the header (no response is known to) is one defect, at its first response;
      // else each response that lacks it.
      const sendsSome = result.facts.responses.some((r) => header(r.headers, 'access-control-allow-origin').state === 'present');
      if (lacking.length > 1 && !sendsSome) {
        const [first, ...others] = lacking;
        const related = [...others.map((r) => ({ at: r.site, message: 'also without it' })), enabled];
        ctx.report({ messageId: 'missingEverywhere', data: { fn: fn.name, route, count: lacking.length }, at: first.site, related, ...common });
        continue;
      }
      for (const response of lacking) reportOne(response);
    }
  },
});

/** How many senders a message names before "and N more". */
const NAMED_SENDERS = 3;

/**
 * On an API whose CORS the handlers do, a function whose responses are all known to lack the header
 * (a warning: nothing in the config says this route is called from a browser, only its siblings do).
 */
function checkHandlerCorsApi(ctx: RuleContext<'handlerCors'>, api: HandlerCorsApi): void {
  const senders = new Set(api.senders.map((s) => s.fn));
  const named = api.senders.slice(0, NAMED_SENDERS).map((s) => s.fn.name);
  const more = api.senders.length - named.length;
  const sendersText = `${named.length > 1 ? 'functions' : 'function'} ${joinWords(more > 0 ? [...named, `${more} more`] : named)} ${api.senders.length > 1 ? 'do' : 'does'}`;
  for (const fn of new Set(api.events.map((e) => e.fn))) {
    if (senders.has(fn)) continue;
    const result = ctx.handler(fn);
    if (result.status !== 'analysed' || !neverSendsOrigin(result.facts)) continue;
    const routes = api.events.filter((e) => e.fn === fn).map((e) => e.route);
    const [first, ...others] = result.facts.responses;
    const related: Related[] = [
      ...others.map((r) => ({ at: r.site, message: 'also without it' })),
      ...api.senders
        .slice(0, NAMED_SENDERS)
        .map((s) => ({ at: s.at, message: `${s.fn.name} ${s.how === 'sends' ? 'sends the header here' : 'answers OPTIONS here'}` })),
    ];
    ctx.report({
      messageId: 'handlerCors',
      severity: 'warning',
      data: { fn: fn.name, route: routes.join(', '), senders: sendersText },
      at: first.site,
      related,
      functionName: fn.name,
      route: routes[0],
    });
  }
}
