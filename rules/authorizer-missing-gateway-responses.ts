import { rejectionTypes } from '../src/checks/authorizer-rejections.js';
import { checkCatchAllGatewayResponse } from '../src/checks/gateway-catch-all.js';
import { protectedCorsEvents } from '../src/model/gateway.js';
import { defineRule } from '../src/rule.js';


export default defineRule({
  meta: {
    id: 'authorizer-missing-gateway-responses',
    description:
      'Require a DEFAULT_4XX gateway response with CORS headers when CORS-enabled http events use an authorizer or an API key',
    severity: 'error',
    recommended: true,
    hiddenByOffline: true,
    fixable: true,
    messages: {
      missing:
        'Function {{fn}} ({{route}}) uses CORS with {{guard}}, but no DEFAULT_4XX gateway response sets Access-Control-Allow-Origin: the browser reports rejected requests (401/403) as CORS errors and the app cannot see the status',
      partial:
        'Function {{fn}} ({{route}}) uses CORS with {{guard}}; {{covered}} sets Access-Control-Allow-Origin but not {{uncovered}}, and no DEFAULT_4XX does: those rejections reach the browser as CORS errors and the app cannot see the status',
    },
  },
  check(ctx) {
    // The types the service's authorizers and API keys can answer with; without DEFAULT_4XX, each needs the header.
    checkCatchAllGatewayResponse(ctx, 'DEFAULT_4XX', rejectionTypes(ctx, protectedCorsEvents(ctx.project)));
  },
});
