import { header, type HeaderEntry } from '../src/analysis/facts.js';
import { proxyHandlers } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { editableMap } from '../src/edit/editable.js';
import { insertPropertyAfter, plainProperty } from '../src/edit/js-edits.js';
import { insertMapEntry } from '../src/edit/yaml-edits.js';
import { literalOrigin, sendsCredentials } from '../src/model/queries.js';
import type { HttpEvent, RestPath } from '../src/model/types.js';
import { defineRule, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'responseLacksCredentials' | 'configLacksCredentials'>;

export default defineRule({
  meta: {
    id: 'credentials-mismatch',
    description: 'Require lambda-proxy handlers and their cors config to agree on Access-Control-Allow-Credentials',
    severity: 'error',
    recommended: true,
    hasSuggestions: true,
    messages: {
      responseLacksCredentials:
        'Return Access-Control-Allow-Credentials: true, as the cors config of {{path}} does. Function {{fn}} ({{route}}) omits it, so the browser blocks credentialed responses after their preflight passed.',
      configLacksCredentials:
        'Set allowCredentials: true in the cors config of {{path}}, or stop returning credentials. Function {{fn}} ({{route}}) returns Access-Control-Allow-Credentials: true but the preflight does not, so the browser never sends credentialed requests that need one.',
    },
  },
  check(ctx) {
    // A header object shared by several responses or functions is one defect (of the handler, or of each path's config).
    const once = oncePerSpan();
    for (const p of ctx.project.restPaths) {
      // A path written as a variable may share its preflight with events not known.
      if (p.pathKey.includes('?')) continue;
      // `*` with credentials is wildcard-origin-with-credentials's finding; unknown credentials say nothing.
      if (p.allowCredentials === 'unknown' || (p.allowCredentials && p.origin === '*' && p.origins.length === 0)) continue;
      for (const { event: e, facts } of proxyHandlers(ctx, p.events)) {
        for (const r of facts.responses) {
          // Without Access-Control-Allow-Origin the response is missing-allow-origin's finding; with `*`, another rule's.
          const origin = header(r.headers, 'access-control-allow-origin');
          if (origin.state !== 'present' || literalOrigin(r.headers)?.value === '*') continue;
          const credentials = header(r.headers, 'access-control-allow-credentials');
          if (p.allowCredentials && credentials.state === 'absent') {
            if (once(origin.entry.span)) lacksInResponse(ctx, p, e, origin.entry);
          } else if (!p.allowCredentials && credentials.state === 'present' && sendsCredentials(r.headers) === true) {
            // The config of each path lacks it: one finding per path.
            if (once(credentials.entry.span, p.pathKey)) lacksInConfig(ctx, p, e, credentials.entry);
          }
        }
      }
    }
  },
});

function lacksInResponse(ctx: Ctx, p: RestPath, e: HttpEvent, origin: HeaderEntry): void {
  const credentialsNode = p.credentialsEvent?.cors?.allowCredentialsNode;
  ctx.report({
    messageId: 'responseLacksCredentials',
    data: { fn: e.fn.name, route: e.route, path: e.path },
    at: origin.span,
    related: credentialsNode ? [{ at: credentialsNode.span, message: 'allowCredentials set here' }] : [],
    functionName: e.fn.name,
    route: e.route,
    suggest: [{ desc: 'Send Access-Control-Allow-Credentials: true with this response', fix: () => addCredentialsHeader(ctx, origin) }],
  });
}

function lacksInConfig(ctx: Ctx, p: RestPath, e: HttpEvent, credentials: HeaderEntry): void {
  const cors = e.cors!.node;
  // Adding credentials next to an origin of `*` would create the wildcard-with-credentials defect.
  const suggest =
    p.origin === '*' && p.origins.length === 0
      ? []
      : [{ desc: `Set allowCredentials: true in the cors of ${e.route}`, fix: () => addAllowCredentials(ctx, e) }];
  ctx.report({
    messageId: 'configLacksCredentials',
    data: { fn: e.fn.name, route: e.route, path: e.path },
    at: credentials.span,
    related: [{ at: cors.span, message: 'cors configured here' }],
    functionName: e.fn.name,
    route: e.route,
    suggest,
  });
}

/** `'Access-Control-Allow-Credentials': true` after a plain Access-Control-Allow-Origin property, in its quotes. */
function addCredentialsHeader(ctx: Ctx, origin: HeaderEntry) {
  const source = ctx.source(origin.span.file);
  if (!source) return null;
  const property = plainProperty(source, origin.span);
  if (property?.key.toLowerCase() !== 'access-control-allow-origin') return null;
  const quote = property.quote ?? "'";
  return insertPropertyAfter(source, origin.span, `${quote}Access-Control-Allow-Credentials${quote}: true`);
}

function addAllowCredentials(ctx: Ctx, e: HttpEvent) {
  const cors = e.cors!.node;
  const source = ctx.source(cors.span.file);
  const map = editableMap(cors);
  return source && map ? insertMapEntry(source, map, 'allowCredentials', true) : null;
}
