import { checkCatchAllGatewayResponse } from '../src/checks/gateway-catch-all.js';
import { defineRule } from '../src/rule.js';

/** The types an authorizer or API key rejection has, when DEFAULT_4XX is not customised (RULES.md C-31). */
const REJECTIONS = ['UNAUTHORIZED', 'ACCESS_DENIED'];

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
    checkCatchAllGatewayResponse(ctx, 'DEFAULT_4XX', REJECTIONS);
  },
});
