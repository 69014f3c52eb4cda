import type { RequestRead } from '../src/analysis/facts.js';
import { oncePerSpan } from '../src/checks/once.js';
import type { FunctionDef } from '../src/model/types.js';
import { defineRule, type FixBuilder, type Problem, type RuleContext } from '../src/rule.js';

type MessageId = 'capitalisedOnHttpApi' | 'capitalisedOnRest' | 'lowercaseOnRest' | 'methodOnHttpApi';
type Ctx = RuleContext<MessageId>;

const BOTH_SPELLINGS = (object: string) => `${object}.origin || ${object}.Origin`;
// `||` and `&&`, not `??` / `?.`: runtimes older than Node 14 cannot parse those.
const EITHER_PAYLOAD = (event: string) =>
  `${event}.httpMethod || (${event}.requestContext && ${event}.requestContext.http && ${event}.requestContext.http.method)`;

export default defineRule({
  meta: {
    id: 'origin-header-case',
    description:
      'Require handlers to read the Origin header in both spellings on REST APIs, in lower case on HTTP APIs, and the method where payload 2.0 keeps it',
    severity: 'warning',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: {
      capitalisedOnHttpApi:
        'Read the Origin header in lower case. Function {{fn}} ({{route}}) reads it as {{name}}, but HTTP API passes header names in lower case, so the read is always undefined.',
      capitalisedOnRest:
        'Read the Origin header in both spellings (origin || Origin). Function {{fn}} ({{route}}) reads only {{name}}; REST APIs pass header names as sent and HTTP/2 clients send origin, so their origin is missed.',
      lowercaseOnRest:
        'Read the Origin header in both spellings (origin || Origin). Function {{fn}} ({{route}}) reads only origin; REST APIs pass header names as sent and HTTP/1.1 browsers send Origin, so their origin is missed.',
      methodOnHttpApi:
        'Read the method from requestContext.http.method too. Function {{fn}} ({{route}}) reads event.httpMethod, which HTTP API payload 2.0 events lack, so checks such as OPTIONS never match.',
    },
  },
  check(ctx) {
    // A read in a helper shared by several functions is one finding.
    const once = oncePerSpan();
    for (const fn of ctx.project.functions) {
      const rest = fn.events.filter((e) => e.kind === 'http' && e.integration === 'AWS_PROXY').map((e) => e.route);
      const httpApi = fn.events.filter((e) => e.kind === 'httpApi').map((e) => e.route);
      if (rest.length === 0 && httpApi.length === 0) continue;
      const result = ctx.handler(fn);
      if (result.status !== 'analysed') continue;
      for (const r of result.facts.originReads ?? []) {
        if (r.guarded) continue;
        const found = originFinding(r.spelling, rest, httpApi);
        if (found && once(r.span, fn.name)) report(ctx, fn, found.messageId, found.routes, r, { fix: rewrite(r, BOTH_SPELLINGS) });
      }
      if (!fn.onlyHttpApiEvents || fn.httpApiPayload !== '2.0') continue;
      for (const r of result.facts.readsHttpMethod ?? []) {
        if (r.guarded || !once(r.span, fn.name)) continue;
        // In TypeScript the event type may not declare requestContext.http: the rewrite is offered, not applied.
        const fix = rewrite(r, EITHER_PAYLOAD);
        const edits = /\.[cm]?tsx?$/.test(r.span.file) ? { suggest: [{ desc: 'Fall back on requestContext.http.method', fix }] } : { fix };
        report(ctx, fn, 'methodOnHttpApi', httpApi, r, edits);
      }
    }
  },
});

/**
 * What a read of one spelling misses: HTTP API lower-cases header names (any other spelling never
 * matches); REST passes them as sent (HTTP/2 clients send `origin`, HTTP/1.1 browsers `Origin`).
 */
function originFinding(spelling: string, rest: string[], httpApi: string[]): { messageId: MessageId; routes: string[] } | undefined {
  if (spelling === 'origin') return rest.length > 0 ? { messageId: 'lowercaseOnRest', routes: rest } : undefined;
  return httpApi.length > 0 ? { messageId: 'capitalisedOnHttpApi', routes: httpApi } : { messageId: 'capitalisedOnRest', routes: rest };
}

function report(ctx: Ctx, fn: FunctionDef, messageId: MessageId, routes: string[], r: RequestRead, edits: Pick<Problem, 'fix' | 'suggest'>): void {
  const route = routes.join(', ');
  ctx.report({ messageId, data: { fn: fn.name, route, name: r.spelling }, at: r.span, functionName: fn.name, route: routes[0], ...edits });
}

/** Rewrites a plain member read (the fixer leaves installed packages alone). */
function rewrite(r: RequestRead, text: (object: string) => string): FixBuilder {
  return (fixer) => fixer.replaceRead(r.span, text);
}
