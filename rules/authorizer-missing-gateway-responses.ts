import { rejectionTypes } from '../src/checks/authorizer-rejections.js';
import { checkCatchAllGatewayResponse } from '../src/checks/gateway-catch-all.js';
import { protectedCorsEvents } from '../src/model/gateway.js';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'authorizer-missing-gateway-responses',
    description: 'Require a DEFAULT_4XX gateway response with CORS headers when CORS-enabled http events use an authorizer or an API key',
    severity: 'error',
    recommended: true,
    hiddenByOffline: true,
    fixable: true,
    messages: {
      missing:
        'Add a DEFAULT_4XX gateway response that sets Access-Control-Allow-Origin. Function {{fn}} ({{route}}) uses CORS with {{guard}}, whose 401/403 answers the browser otherwise shows as CORS errors.',
      partial:
        'Add a DEFAULT_4XX gateway response that sets Access-Control-Allow-Origin, or set it on {{uncovered}}. Function {{fn}} ({{route}}) uses CORS with {{guard}}; only {{covered}} sets it, so the other rejections reach the browser as CORS errors.',
      missingInOwner:
        'Add a DEFAULT_4XX gateway response that sets Access-Control-Allow-Origin in {{owner}}. That service owns the shared REST API. Function {{fn}} ({{route}}) uses CORS with {{guard}}, whose 401/403 answers the browser otherwise shows as CORS errors.',
      partialInOwner:
        'Add a DEFAULT_4XX gateway response that sets Access-Control-Allow-Origin in {{owner}}. That service owns the shared REST API; or set the header on {{uncovered}} there. Function {{fn}} ({{route}}) uses CORS with {{guard}}; only {{covered}} sets it, so the other rejections reach the browser as CORS errors.',
    },
  },
  check(ctx) {
    // The types the service's authorizers and API keys can answer with; without DEFAULT_4XX, each needs the header.
    checkCatchAllGatewayResponse(ctx, 'DEFAULT_4XX', rejectionTypes(ctx, protectedCorsEvents(ctx.project).events));
  },
});
