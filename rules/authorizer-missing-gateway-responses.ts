import { addCorsGatewayResponse } from '../src/edit/resource-edits.js';
import { corsCovered, guardNode, protectedCorsEvents, singleStaticOrigin } from '../src/model/gateway.js';
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
    },
  },
  check(ctx) {
    const project = ctx.project;
    const events = protectedCorsEvents(project);
    if (events.length === 0 || corsCovered(project.gatewayResponses, 'DEFAULT_4XX', REJECTIONS)) return;

    const [first, ...others] = events;
    ctx.report({
      messageId: 'missing',
      data: { fn: first.fn.name, route: first.route, guard: first.authorizer ? 'an authorizer' : 'an API key (private: true)' },
      at: guardNode(first).span,
      related: others.map((e) => ({ at: guardNode(e).span, message: `also protected: ${e.fn.name} (${e.route})` })),
      functionName: first.fn.name,
      route: first.route,
      fix: () => {
        const cors = singleStaticOrigin(project);
        return cors ? addCorsGatewayResponse(project, ctx.source, 'DEFAULT_4XX', cors) : null;
      },
    });
  },
});
