import { oncePerSpan } from '../src/checks/once.js';
import { httpApiCorsConfig } from '../src/model/cors.js';
import { handlerCorsSite } from '../src/checks/responses.js';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'backend-cors-ignored',
    description: 'Disallow CORS headers in handlers that only serve httpApi events while provider.httpApi.cors is set',
    severity: 'warning',
    recommended: false,
    messages: {
      ignored:
        'Remove the CORS headers this function sets itself. provider.httpApi.cors makes API Gateway answer CORS for function {{fn}} ({{route}}) and drop those headers, so the code has no effect and misleads.',
    },
  },
  check(ctx) {
    const cors = httpApiCorsConfig(ctx.project);
    if (!cors) return;
    // A helper shared by several functions is one finding.
    const once = oncePerSpan();
    for (const fn of ctx.project.functions) {
      // Any other way in (an http event, a function URL) may still pass the handler's headers to browsers.
      if (fn.events.length === 0 || fn.events.some((e) => e.kind !== 'httpApi') || fn.hasUrl) continue;
      const result = ctx.handler(fn);
      if (result.status !== 'analysed') continue;
      const site = handlerCorsSite(result.facts);
      if (!site || !once(site, fn.name)) continue;
      const route = fn.events.map((e) => e.route).join(', ');
      ctx.report({
        messageId: 'ignored',
        data: { fn: fn.name, route },
        at: site,
        related: [{ at: cors.node.span, message: 'API Gateway CORS configured here' }],
        functionName: fn.name,
        route: fn.events[0].route,
      });
    }
  },
});
