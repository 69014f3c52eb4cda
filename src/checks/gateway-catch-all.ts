import * as path from 'node:path';
import { corsCovered, corsResponseParameters, protectedCorsEvents, singleStaticOrigin, typesWithOrigin } from '../model/gateway.js';
import { joinWords } from './wording.js';
import type { RuleContext } from '../rule.js';

/** The messages of the DEFAULT_4XX and DEFAULT_5XX rules: the API is this stack's, or a sibling service's (`InOwner`). */
export type CatchAllMessage = 'missing' | 'partial' | 'missingInOwner' | 'partialInOwner';

/**
 * The shared check of the DEFAULT_4XX and DEFAULT_5XX rules: when CORS-enabled events are
 * protected (authorizer, API key) and neither the catch-all nor every specific type it stands for
 * carries Access-Control-Allow-Origin, report once per service at the first protected event. When
 * this stack defines the API, a safe fix adds the catch-all with the service's one static origin;
 * when another service of the repository does, the finding names it and points at its definition,
 * where the response belongs (no fix: it is another service's file).
 */
export function checkCatchAllGatewayResponse(ctx: RuleContext<CatchAllMessage>, catchAll: 'DEFAULT_4XX' | 'DEFAULT_5XX', specificTypes: string[]): void {
  const project = ctx.project;
  const { events, responses } = protectedCorsEvents(project);
  if (events.length === 0 || corsCovered(responses, catchAll, specificTypes)) return;

  const [first, ...others] = events;
  // Some specific types customised with the header: name the ones still without it.
  const withOrigin = typesWithOrigin(responses);
  const covered = specificTypes.filter((t) => withOrigin.has(t));
  const uncovered = specificTypes.filter((t) => !withOrigin.has(t));
  const api = project.restApi;
  const owner = api.kind === 'sibling' ? api.owner : undefined;
  const related = others.map((e) => ({ at: e.guardSpan, message: `also protected: ${e.fn.name} (${e.route})` }));
  const ownerName = owner && `${owner.service ?? 'the service'} (${path.relative(project.repoRoot, owner.configFile)})`;
  if (owner) related.push({ at: owner.at, message: 'the shared REST API is defined here: its gateway responses belong in this stack' });
  ctx.report({
    messageId: `${covered.length > 0 ? 'partial' : 'missing'}${owner ? 'InOwner' : ''}`,
    data: {
      fn: first.fn.name,
      route: first.route,
      guard: first.authorizer ? 'an authorizer' : 'an API key (private: true)',
      covered: joinWords(covered),
      uncovered: joinWords(uncovered),
      ...(ownerName && { owner: ownerName }),
    },
    at: first.guardSpan,
    related,
    functionName: first.fn.name,
    route: first.route,
    fix: (fixer) => {
      const cors = singleStaticOrigin(project);
      if (!cors || api.kind !== 'stack') return null;
      // Headers go on the existing response of that type when there is one (a second one would fight it).
      const parameters = corsResponseParameters(cors.origin, cors.credentials);
      const existing = responses.find((g) => g.responseType === catchAll);
      if (existing) return fixer.addResponseParameters(existing, parameters);
      return fixer.addResource(`GatewayResponse${catchAll === 'DEFAULT_4XX' ? 'Default4XX' : 'Default5XX'}`, {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: { ResponseParameters: parameters, ResponseType: catchAll, RestApiId: fixer.ref(api.logicalId) },
      });
    },
  });
}
