import { checkCatchAllGatewayResponse } from '../src/checks/gateway-catch-all.js';
import { defineRule } from '../src/rule.js';

/** The types authorizer and integration failures have, when DEFAULT_5XX is not customised (docs/cors-semantics.md#gateway-responses). */
const FAILURES = ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT'];

export default defineRule({
  meta: {
    id: 'missing-5xx-gateway-response',
    description: 'Require a DEFAULT_5XX gateway response with CORS headers when CORS-enabled http events use an authorizer or an API key',
    severity: 'warning',
    recommended: true,
    hiddenByOffline: true,
    fixable: true,
    messages: {
      missing:
        "Add a DEFAULT_5XX gateway response that sets Access-Control-Allow-Origin. Function {{fn}} ({{route}}) uses CORS with {{guard}}, and the browser otherwise shows API Gateway's own 5XX answers (authorizer failure, integration timeout) as CORS errors.",
      partial:
        'Add a DEFAULT_5XX gateway response that sets Access-Control-Allow-Origin, or set it on {{uncovered}}. Function {{fn}} ({{route}}) uses CORS with {{guard}}; only {{covered}} sets it, so the other failures reach the browser as CORS errors.',
      missingInOwner:
        "Add a DEFAULT_5XX gateway response that sets Access-Control-Allow-Origin in {{owner}}. That service owns the shared REST API. Function {{fn}} ({{route}}) uses CORS with {{guard}}, and the browser otherwise shows API Gateway's own 5XX answers (authorizer failure, integration timeout) as CORS errors.",
      partialInOwner:
        'Add a DEFAULT_5XX gateway response that sets Access-Control-Allow-Origin in {{owner}}. That service owns the shared REST API; or set the header on {{uncovered}} there. Function {{fn}} ({{route}}) uses CORS with {{guard}}; only {{covered}} sets it, so the other failures reach the browser as CORS errors.',
    },
  },
  check(ctx) {
    checkCatchAllGatewayResponse(ctx, 'DEFAULT_5XX', FAILURES);
  },
});
