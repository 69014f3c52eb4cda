import { header } from '../src/analysis/facts.js';
import { corsSettingAt, missingOriginExplained } from '../src/model/queries.js';
import type { FunctionDef, HttpEvent } from '../src/model/types.js';
import { defineRule, type Related } from '../src/rule.js';

/** lambda-proxy events with CORS: the handler's own response must carry the header (RULES.md A2, X-1). */
function proxyCorsEvents(fn: FunctionDef): HttpEvent[] {
  return fn.events.filter((e): e is HttpEvent => e.kind === 'http' && !!e.cors && e.integration === 'AWS_PROXY');
}

export default defineRule({
  meta: {
    id: 'missing-allow-origin',
    description:
      'Require lambda-proxy handlers of CORS-enabled http events to return Access-Control-Allow-Origin on every response',
    severity: 'error',
    recommended: true,
    hiddenByOffline: true,
    messages: {
      missing:
        'Function {{fn}} ({{route}}) enables CORS but this response has no Access-Control-Allow-Origin header: the preflight succeeds, then the browser blocks the response',
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      const events = proxyCorsEvents(fn);
      if (events.length === 0) continue;
      const result = ctx.handler(fn);
      if (result.status !== 'analysed') continue;
      const route = events.map((e) => e.route).join(', ');
      for (const response of result.facts.responses) {
        if (header(response.headers, 'access-control-allow-origin').state !== 'absent') continue;
        // A middy chain that drops the header is middy-cors-order's or middy-cors-no-origin's finding.
        if (missingOriginExplained(result.facts, response)) continue;
        const related: Related[] = [];
        if (response.builtAt) related.push({ at: response.builtAt, message: 'response built here' });
        related.push({ at: corsSettingAt(events[0]), message: `CORS enabled here for ${events[0].route}` });
        ctx.report({ messageId: 'missing', data: { fn: fn.name, route }, at: response.site, related, functionName: fn.name, route: events[0].route });
      }
    }
  },
});
