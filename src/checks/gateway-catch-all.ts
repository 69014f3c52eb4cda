import { corsCovered, corsResponseParameters, MANAGED_REST_API, protectedCorsEvents, singleStaticOrigin, typesWithOrigin } from '../model/gateway.js';
import { joinWords } from './wording.js';
import type { RuleContext } from '../rule.js';

/**
 * The shared check of the DEFAULT_4XX and DEFAULT_5XX rules: when CORS-enabled events are
 * protected (authorizer, API key) and neither the catch-all nor every specific type it stands for
 * carries Access-Control-Allow-Origin, report once per service at the first protected event, with
 * a safe fix that adds the catch-all with the service's one static origin.
 */
export function checkCatchAllGatewayResponse(ctx: RuleContext<'missing' | 'partial'>, catchAll: 'DEFAULT_4XX' | 'DEFAULT_5XX', specificTypes: string[]): void {
  const project = ctx.project;
  const events = protectedCorsEvents(project);
  if (events.length === 0 || corsCovered(project.gatewayResponses, catchAll, specificTypes)) return;

  const [first, ...others] = events;
  // Some specific types customised with the header: name the ones still without it.
  const withOrigin = typesWithOrigin(project.gatewayResponses);
  const covered = specificTypes.filter((t) => withOrigin.has(t));
  const uncovered = specificTypes.filter((t) => !withOrigin.has(t));
  ctx.report({
    messageId: covered.length > 0 ? 'partial' : 'missing',
    data: {
      fn: first.fn.name,
      route: first.route,
      guard: first.authorizer ? 'an authorizer' : 'an API key (private: true)',
      covered: joinWords(covered),
      uncovered: joinWords(uncovered),
    },
    at: first.guardSpan,
    related: others.map((e) => ({ at: e.guardSpan, message: `also protected: ${e.fn.name} (${e.route})` })),
    functionName: first.fn.name,
    route: first.route,
    fix: (fixer) => {
      const cors = singleStaticOrigin(project);
      if (!cors) return null;
      // Headers go on the existing response of that type when there is one (a second one would fight it).
      const parameters = corsResponseParameters(cors.origin, cors.credentials);
      const existing = project.gatewayResponses.find((g) => g.responseType === catchAll);
      if (existing) return fixer.addResponseParameters(existing, parameters);
      return fixer.addResource(`GatewayResponse${catchAll === 'DEFAULT_4XX' ? 'Default4XX' : 'Default5XX'}`, {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: { ResponseParameters: parameters, ResponseType: catchAll, RestApiId: fixer.ref(MANAGED_REST_API) },
      });
    },
  });
}
