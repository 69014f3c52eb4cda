import { checkCatchAllGatewayResponse } from '../src/checks/gateway-catch-all.js';
import { defineRule } from '../src/rule.js';

/** The types authorizer and integration failures have, when DEFAULT_5XX is not customised (RULES.md C-32). */
const FAILURES = ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT'];

export default defineRule({
  meta: {
    id: 'missing-5xx-gateway-response',
    description:
      'Require a DEFAULT_5XX gateway response with CORS headers when CORS-enabled http events use an authorizer or an API key',
    severity: 'warning',
    recommended: true,
    hiddenByOffline: true,
    fixable: true,
    messages: {
      missing:
        'Function {{fn}} ({{route}}) uses CORS with {{guard}}, but no DEFAULT_5XX gateway response sets Access-Control-Allow-Origin: the 5XX answers API Gateway gives itself (authorizer failure 500, integration timeout 504) reach the browser as CORS errors and the app cannot see the status',
      partial:
        'Function {{fn}} ({{route}}) uses CORS with {{guard}}; {{covered}} sets Access-Control-Allow-Origin but not {{uncovered}}, and no DEFAULT_5XX does: those failures reach the browser as CORS errors and the app cannot see the status',
    },
  },
  check(ctx) {
    checkCatchAllGatewayResponse(ctx, 'DEFAULT_5XX', FAILURES);
  },
});
