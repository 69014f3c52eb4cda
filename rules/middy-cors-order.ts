import type { CorsMiddlewareFact } from '../src/analysis/facts.js';
import { swapAdjacent } from '../src/edit/js-edits.js';
import { handlerFacingRoutes } from '../src/model/queries.js';
import { defineRule, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'afterErrorHandler'>;

export default defineRule({
  meta: {
    id: 'middy-cors-order',
    description: 'Require @middy/http-cors to be registered before @middy/http-error-handler, so that error responses carry CORS headers',
    severity: 'warning',
    recommended: true,
    fixable: true,
    messages: {
      afterErrorHandler:
        'Function {{fn}} ({{route}}) registers cors after http-error-handler: middy runs onError middlewares in reverse order, so cors runs before the error response exists and error responses carry no Access-Control-Allow-Origin; the browser blocks them and the page sees a CORS error instead of the status',
    },
  },
  check(ctx) {
    // A handler shared by several functions is one chain: one finding, at its cors.
    const reported = new Set<string>();
    for (const fn of ctx.project.functions) {
      const routes = handlerFacingRoutes(ctx.project, fn);
      if (routes.length === 0) continue;
      const result = ctx.handler(fn);
      if (result.status !== 'analysed') continue;
      for (const m of result.facts.middleware ?? []) {
        const errorHandler = m.errorHandlerBefore;
        const key = `${m.span.file}:${m.span.start}`;
        if (!errorHandler || reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          messageId: 'afterErrorHandler',
          data: { fn: fn.name, route: routes.join(', ') },
          at: m.span,
          related: [{ at: errorHandler.span, message: 'http-error-handler registered here' }],
          functionName: fn.name,
          route: routes[0],
          fix: () => swapUses(ctx, m),
        });
      }
    }
  },
});

/** Registers cors first by swapping it with the error handler, when the two are neighbours in one chain or list. */
function swapUses(ctx: Ctx, m: CorsMiddlewareFact) {
  const errorHandler = m.errorHandlerBefore!.span;
  const file = ctx.source(m.span.file);
  if (!file || errorHandler.file !== m.span.file) return null;
  return swapAdjacent({ path: file.path, text: file.text }, errorHandler, m.span);
}
