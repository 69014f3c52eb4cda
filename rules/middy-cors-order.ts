import type { MiddyErrorOrder } from '../src/analysis/facts.js';
import { facingHandlers } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { defineRule } from '../src/rule.js';

const FINALLY = 'error responses carry no Access-Control-Allow-Origin and the page sees a CORS error instead of the status.';

export default defineRule({
  meta: {
    id: 'middy-cors-order',
    description: "Require middy's cors middleware to be registered where the installed @middy/core lets it add its headers to error responses",
    severity: 'error',
    recommended: true,
    fixable: true,
    messages: {
      order: `Register cors {{where}}. Function {{fn}} ({{route}}) registers it {{position}} {{errorHandler}}; {{why}}: ${FINALLY}`,
      versions: `Use one major for @middy/core, @middy/http-cors and the error handler. Function {{fn}} ({{route}}) registers cors {{position}} {{errorHandler}}; {{why}}, and with these versions no order helps: ${FINALLY}`,
    },
  },
  check(ctx) {
    // A handler shared by several functions is one chain: one finding, at its cors.
    const once = oncePerSpan();
    for (const { fn, routes, facts } of facingHandlers(ctx)) {
      for (const m of facts.middleware ?? []) {
        const lost = m.lostOnError;
        if (!lost || !once(m.span, fn.name)) continue;
        const errorHandler = lost.errorHandler;
        ctx.report({
          messageId: lost.remedy === 'versions' ? 'versions' : 'order',
          data: { where: where(lost), fn: fn.name, route: routes.join(', '), position: lost.position, errorHandler: errorHandler.name, why: why(lost) },
          at: m.span,
          related: [{ at: errorHandler.span, message: `${errorHandler.name} registered here` }],
          defect: { kind: 'middy-error-order', at: errorHandler.span },
          functionName: fn.name,
          route: routes[0],
          // Only where exchanging the two makes error responses carry the headers under these versions,
          // and only when they are neighbours in one chain or list (the fixer refuses otherwise).
          ...(lost.remedy === 'swap' && {
            fix: (fixer) => (lost.position === 'after' ? fixer.swapCalls(errorHandler.span, m.span) : fixer.swapCalls(m.span, errorHandler.span)),
          }),
        });
      }
    }
  },
});

/** Where cors must be registered for its `onError` to reach the error response. */
function where(lost: MiddyErrorOrder): string {
  if (lost.remedy === 'swap') return `${lost.position === 'before' ? 'after' : 'before'} ${lost.errorHandler.name}`;
  return `${lost.remedy} in the middy chain`;
}

/** Why the error response lacks the headers, in the terms of the installed major. */
function why(lost: MiddyErrorOrder): string {
  const core = lost.core === 0 ? 'middy 0.x' : `@middy/core ${lost.core}.x`;
  const runs = `${core} runs onError middlewares in ${lost.core >= 3 ? 'reverse ' : ''}registration order`;
  switch (lost.cause) {
    case 'runs-first':
      return `${runs}, so cors's runs before the error response exists and adds nothing`;
    case 'chain-ends':
      return `${runs} and stops at a returned response, and the error handler returns its own before cors runs`;
    case 'replaced':
      return `${runs}, and the error handler then replaces the response cors had set, headers and all`;
  }
}
