import { header, type HeaderEntry } from '../src/analysis/facts.js';
import { proxyHandlers } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { literalOrigin, sendsCredentials } from '../src/checks/responses.js';
import { corsSettingAt } from '../src/model/queries.js';
import type { HttpEvent, RestPath } from '../src/model/types.js';
import { defineRule, type Fixer, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'responseLacksCredentials' | 'configLacksCredentials'>;

/** Methods browsers always preflight; GET, HEAD and POST only when the page adds a custom header or a JSON body. */
const ALWAYS_PREFLIGHTED = new Set(['PUT', 'PATCH', 'DELETE', 'ANY']);

/** A handler's Access-Control-Allow-Credentials: true and the events whose path config lacks allowCredentials. */
interface ConfigGap {
  credentials: HeaderEntry;
  reached: HttpEvent[];
}

export default defineRule({
  meta: {
    id: 'credentials-mismatch',
    description: 'Require lambda-proxy handlers and their cors config to agree on Access-Control-Allow-Credentials',
    severity: 'error',
    recommended: true,
    hasSuggestions: true,
    messages: {
      responseLacksCredentials:
        'Return Access-Control-Allow-Credentials: true, as the cors config of {{path}} does. Function {{fn}} ({{route}}) omits it, so the browser blocks responses to requests sent with credentials (cookies, HTTP authentication, client certificates) after their preflight passed.',
      configLacksCredentials:
        'Set allowCredentials: true in the cors config of {{path}}, or stop returning credentials. Function {{fn}} ({{route}}) returns Access-Control-Allow-Credentials: true but the preflight does not, so the browser fails requests sent with credentials (cookies, HTTP authentication, client certificates) that need a preflight{{when}}.',
    },
  },
  check(ctx) {
    // A header object shared by several responses, paths or functions is one defect (mergeSites lists the functions).
    const once = oncePerSpan();
    const gaps = new Map<string, ConfigGap>();
    for (const p of ctx.project.restPaths) {
      // A path written as a variable may share its preflight with events not known.
      if (p.pathKey.includes('?')) continue;
      // A config origin of `*` is another rule's case (wildcard-origin-with-credentials, origin-mismatch); unknown credentials say nothing.
      if (p.allowCredentials === 'unknown' || (p.origin === '*' && p.origins.length === 0)) continue;
      for (const { event: e, facts } of proxyHandlers(ctx, p.events)) {
        for (const r of facts.responses) {
          // Without Access-Control-Allow-Origin the response is missing-allow-origin's finding; with `*`, another rule's.
          const origin = header(r.headers, 'access-control-allow-origin');
          if (origin.state !== 'present' || literalOrigin(r.headers)?.value === '*') continue;
          const credentials = header(r.headers, 'access-control-allow-credentials');
          if (p.allowCredentials && credentials.state === 'absent') {
            if (once(origin.entry.span, e.fn.name)) lacksInResponse(ctx, p, e, origin.entry);
          } else if (!p.allowCredentials && credentials.state === 'present' && sendsCredentials(r.headers) === true) {
            const key = `${credentials.entry.span.file}:${credentials.entry.span.start}`;
            const gap = gaps.get(key) ?? { credentials: credentials.entry, reached: [] };
            gaps.set(key, gap);
            if (!gap.reached.includes(e)) gap.reached.push(e);
          }
        }
      }
    }
    for (const gap of gaps.values()) {
      // Severity and wording depend on every route that reaches the site, so the findings merge into one.
      const methods = [...new Set(gap.reached.map((e) => e.method))];
      const preflighted = methods.filter((m) => ALWAYS_PREFLIGHTED.has(m));
      const when =
        preflighted.length > 0
          ? `, as ${preflighted.join(' and ')} requests always do`
          : `: ${methods.join(' and ')} requests need one only when the page adds a custom header or a JSON body`;
      for (const e of gap.reached) {
        if (once(gap.credentials.span, e.fn.name)) lacksInConfig(ctx, e, gap.credentials, when, preflighted.length > 0);
      }
    }
  },
});

function lacksInResponse(ctx: Ctx, p: RestPath, e: HttpEvent, origin: HeaderEntry): void {
  const credentialsEvent = p.credentialsEvent;
  ctx.report({
    messageId: 'responseLacksCredentials',
    data: { fn: e.fn.name, route: e.route, path: e.path },
    at: origin.span,
    related: credentialsEvent
      ? [{ at: corsSettingAt(credentialsEvent, credentialsEvent.cors?.allowCredentialsNode), message: 'allowCredentials set here' }]
      : [],
    functionName: e.fn.name,
    route: e.route,
    suggest: [{ desc: 'Send Access-Control-Allow-Credentials: true with this response', fix: (fixer) => addCredentialsHeader(fixer, origin) }],
  });
}

function lacksInConfig(ctx: Ctx, e: HttpEvent, credentials: HeaderEntry, when: string, error: boolean): void {
  ctx.report({
    messageId: 'configLacksCredentials',
    data: { fn: e.fn.name, route: e.route, path: e.path, when },
    at: credentials.span,
    ...(error ? {} : { severity: 'warning' as const }),
    related: [{ at: corsSettingAt(e), message: 'cors configured here' }],
    functionName: e.fn.name,
    route: e.route,
    suggest: [{ desc: `Set allowCredentials: true in the cors of ${e.route}`, fix: (fixer) => fixer.addKey(e.cors!.node, 'allowCredentials', true) }],
  });
}

/** `'Access-Control-Allow-Credentials': true` after a plain Access-Control-Allow-Origin property, in its quotes. */
function addCredentialsHeader(fixer: Fixer, origin: HeaderEntry) {
  const property = fixer.property(origin.span);
  if (property?.key.toLowerCase() !== 'access-control-allow-origin') return null;
  const quote = property.quote ?? "'";
  return fixer.insertAfterProperty(origin.span, `${quote}Access-Control-Allow-Credentials${quote}: true`);
}
