import type { HttpEvent } from '../src/model/types.js';
import { defineRule } from '../src/rule.js';

/** The integration as the user wrote it, for the message. */
function integrationName(e: HttpEvent): string {
  return e.integrationText ?? 'lambda (async: true)';
}

export default defineRule({
  meta: {
    id: 'non-proxy-origin-list',
    description: 'Disallow several CORS origins on lambda, http and mock integrations, where the framework joins them into one invalid header value',
    severity: 'error',
    recommended: true,
    messages: {
      joined:
        "Allow one origin on integration {{integration}}, or use a lambda-proxy integration. Function {{fn}} ({{route}}) lists several, and every integration response sends them joined as Access-Control-Allow-Origin '{{value}}', which no browser accepts.",
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      for (const e of fn.events) {
        if (e.kind !== 'http') continue;
        const origin = e.integrationOrigin;
        if (!origin?.value.includes(',')) continue;
        ctx.report({
          messageId: 'joined',
          data: { fn: fn.name, route: e.route, integration: integrationName(e), value: origin.value },
          at: origin.node.span,
          functionName: fn.name,
          route: e.route,
        });
      }
    }
  },
});
