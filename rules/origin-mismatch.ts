import { header } from '../src/analysis/facts.js';
import { proxyHandlers } from '../src/checks/handlers.js';
import { oncePerSpan, type Once } from '../src/checks/once.js';
import { singleStaticOrigin, staticHeaderValue } from '../src/model/gateway.js';
import { checkOrigin, matchesOriginPattern } from '../src/model/origin.js';
import { literalOrigin, sendsCredentials } from '../src/checks/responses.js';
import { corsSettingAt } from '../src/model/queries.js';
import type { RestPath } from '../src/model/types.js';
import { defineRule, type Defect, type Problem, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/source.js';

type MessageId = 'wider' | 'differs' | 'notListed';
type Ctx = RuleContext<MessageId>;

/** The origins a REST path's preflight admits (after the per-path merge): one value, or the `origins` patterns. */
/** `at`: where related locations point (the event's `cors` key when the origins come from a variable). */
type Allowed = { kind: 'single'; origin: string; at: Span } | { kind: 'patterns'; patterns: string[]; at: Span };

export default defineRule({
  meta: {
    id: 'origin-mismatch',
    description: 'Require handler and gateway response Access-Control-Allow-Origin values to match the origins the cors config allows',
    severity: 'warning',
    recommended: true,
    fixable: true,
    messages: {
      wider:
        'Send {{allowed}} instead of *, as {{config}} allows. {{where}} Access-Control-Allow-Origin *, so any website can read these responses, more than the preflight admits.',
      differs:
        "Send '{{allowed}}' instead of '{{value}}', as {{config}} allows. {{where}} Access-Control-Allow-Origin '{{value}}', so the preflight passes for '{{allowed}}' and then the browser blocks the response.",
      notListed:
        "Send one of the allowed origins ({{allowed}}) instead of '{{value}}'. {{where}} Access-Control-Allow-Origin '{{value}}', which {{config}} does not allow, so the responses to the allowed origins are blocked.",
    },
  },
  check(ctx) {
    const once = oncePerSpan();
    for (const p of ctx.project.restPaths) checkHandlers(ctx, p, once);
    checkGatewayResponses(ctx);
  },
});

/**
 * Undefined when the config's origin is unknown (also when the path is: the merge may hold events
 * not known), `*`, malformed (malformed-origin reports it) or a pattern matching everything.
 */
function allowedOrigins(p: RestPath): Allowed | undefined {
  if (p.originUnknown || p.pathKey.includes('?')) return undefined;
  const withOrigins = p.events.find((e) => e.cors!.originsList);
  if (p.origins.length > 0) {
    // A bare `*` pattern matches every origin (reflected-origin reports it); a malformed one means something else.
    if (p.origins.some((o) => o.trim() === '*' || checkOrigin(o, 'pattern'))) return undefined;
    const event = withOrigins ?? p.events[0];
    return { kind: 'patterns', patterns: p.origins, at: corsSettingAt(event, event.cors!.originsList?.node) };
  }
  if (p.origin === undefined || p.origin === '*' || checkOrigin(p.origin, 'header')) return undefined;
  const cors = p.originEvent!.cors!;
  return { kind: 'single', origin: p.origin, at: corsSettingAt(p.originEvent!, cors.originNode) };
}

/** What a browser makes of an Access-Control-Allow-Origin value against what the preflight admits; undefined when they agree. */
function mismatch(value: string, allowed: Allowed): { messageId: MessageId; allowed: string } | undefined {
  const shown = allowed.kind === 'single' ? allowed.origin : allowed.patterns.join(', ');
  if (value === '*') return { messageId: 'wider', allowed: shown };
  if (allowed.kind === 'single') return value === allowed.origin ? undefined : { messageId: 'differs', allowed: shown };
  // A pattern with regular-expression syntax beyond the framework's wildcards matches unknown origins: quiet.
  const matches = allowed.patterns.map((p) => matchesOriginPattern(p.trim(), value));
  return matches.some((m) => m !== false) ? undefined : { messageId: 'notListed', allowed: shown };
}

/** Literal origins of the lambda-proxy handlers on a path (where the framework adds no headers of its own). */
function checkHandlers(ctx: Ctx, p: RestPath, once: Once): void {
  const allowed = allowedOrigins(p);
  if (!allowed) return;
  for (const { event: e, facts } of proxyHandlers(ctx, p.events)) {
    for (const r of facts.responses) {
      const origin = literalOrigin(r.headers);
      if (!origin) continue;
      const { value, entry } = origin;
      const found = mismatch(value, allowed);
      if (!found || !once(entry.valueSpan, e.fn.name)) continue;
      const credentials = header(r.headers, 'access-control-allow-credentials');
      ctx.report({
        messageId: found.messageId,
        data: { where: `Function ${e.fn.name} (${e.route}) returns`, value, config: `the cors config of ${e.path}`, allowed: found.allowed },
        // A value shared by several functions is one finding listing them.
        site: `${value}\0${found.allowed}`,
        at: entry.valueSpan,
        related: [{ at: allowed.at, message: 'allowed origins configured here' }],
        functionName: e.fn.name,
        route: e.route,
        defect: otherDefect(
          value,
          entry.valueSpan,
          credentials.state === 'present' && sendsCredentials(r.headers) === true ? credentials.entry.span : undefined,
        ),
      });
    }
  }
}

/**
 * Static origins of gateway responses, which answer for every path of the API: they must be one
 * of the origins some path admits. Quiet when a path admits any origin, or an origin is unknown.
 */
function checkGatewayResponses(ctx: Ctx): void {
  const paths = ctx.project.restPaths;
  if (paths.length === 0) return;
  const allowed: Allowed[] = [];
  for (const p of paths) {
    const a = allowedOrigins(p);
    if (!a) return;
    allowed.push(a);
  }
  const singles = [...new Set(allowed.flatMap((a) => (a.kind === 'single' ? [a.origin] : [])))];
  const merged: Allowed =
    allowed.every((a) => a.kind === 'single') && singles.length === 1
      ? allowed[0]
      : { kind: 'patterns', patterns: [...new Set(allowed.flatMap((a) => (a.kind === 'single' ? [a.origin] : a.patterns)))], at: allowed[0].at };
  for (const g of ctx.project.gatewayResponses) {
    const origin = g.headers.get('access-control-allow-origin');
    const value = staticHeaderValue(g, 'access-control-allow-origin');
    if (!origin || value === undefined) continue;
    const found = mismatch(value, merged);
    if (!found) continue;
    const credentials = staticHeaderValue(g, 'access-control-allow-credentials') === 'true' ? g.headers.get('access-control-allow-credentials') : undefined;
    const problem: Problem<MessageId> = {
      messageId: found.messageId,
      data: { where: `Gateway response ${g.resource.logicalId} sends`, value, config: "the http events' cors config", allowed: found.allowed },
      at: origin.node.span,
      related: [{ at: merged.at, message: 'allowed origins configured here' }],
      fix: (fixer) => {
        // The config's one static origin, when every path allows that one.
        const cors = singleStaticOrigin(ctx.project);
        return cors && cors.origin !== '*' ? fixer.replaceValue(origin.node, `'${cors.origin}'`) : null;
      },
      defect: otherDefect(value, origin.node.span, credentials?.keySpan),
    };
    ctx.report(problem);
  }
}

/**
 * A value this rule sees that is another rule's defect (src/precedence.ts): `*` with credentials
 * (`credentials`: where they are sent), or an origin no browser matches whatever the config says.
 */
function otherDefect(value: string, at: Span, credentials: Span | undefined): Defect | undefined {
  if (value === '*' && credentials) return { kind: 'wildcard-with-credentials', at: credentials };
  return checkOrigin(value, 'header') ? { kind: 'malformed-origin', at } : undefined;
}
