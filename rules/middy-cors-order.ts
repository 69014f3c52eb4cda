import { facingHandlers } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'middy-cors-order',
    description: 'Require @middy/http-cors to be registered before @middy/http-error-handler, so that error responses carry CORS headers',
    severity: 'warning',
    recommended: true,
    fixable: true,
    messages: {
      afterErrorHandler:
        'Register cors before http-error-handler. Function {{fn}} ({{route}}) registers it after, and middy runs onError middlewares in reverse order, so error responses carry no Access-Control-Allow-Origin and the page sees a CORS error instead of the status.',
    },
  },
  check(ctx) {
    // A handler shared by several functions is one chain: one finding, at its cors.
    const once = oncePerSpan();
    for (const { fn, routes, facts } of facingHandlers(ctx)) {
      for (const m of facts.middleware ?? []) {
        const errorHandler = m.errorHandlerBefore;
        if (!errorHandler || !once(m.span, fn.name)) continue;
        ctx.report({
          messageId: 'afterErrorHandler',
          data: { fn: fn.name, route: routes.join(', ') },
          at: m.span,
          related: [{ at: errorHandler.span, message: 'http-error-handler registered here' }],
          defect: { kind: 'middy-error-handler-first', at: errorHandler.span },
          functionName: fn.name,
          route: routes[0],
          // Registers cors first by swapping it with the error handler, when the two are neighbours in one chain or list.
          fix: (fixer) => fixer.swapCalls(errorHandler.span, m.span),
        });
      }
    }
  },
});
