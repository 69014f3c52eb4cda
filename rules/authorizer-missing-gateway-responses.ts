import { get } from '../src/config/tree.js';
import { addResource } from '../src/edit/resource-edits.js';
import { cfnRef } from '../src/edit/yaml-edits.js';
import { isProtected } from '../src/model/queries.js';
import type { GatewayResponseDef, HttpEvent, Project } from '../src/model/types.js';
import { defineRule } from '../src/rule.js';

const LOGICAL_ID = 'GatewayResponseDefault4XX';

/** DEFAULT_4XX, or both UNAUTHORIZED and ACCESS_DENIED, with an Access-Control-Allow-Origin header (RULES.md C-31). */
function hasCors4xx(responses: GatewayResponseDef[]): boolean {
  const withOrigin = new Set(
    responses.filter((g) => g.headers.has('access-control-allow-origin')).map((g) => g.responseType),
  );
  return withOrigin.has('DEFAULT_4XX') || (withOrigin.has('UNAUTHORIZED') && withOrigin.has('ACCESS_DENIED'));
}

/** The one static origin (and credentials) every CORS path answers with, or undefined when there is none. */
export function singleStaticOrigin(project: Project): { origin: string; credentials: boolean } | undefined {
  const origins = new Set<string>();
  let credentials = false;
  for (const p of project.restPaths) {
    if (p.originUnknown || p.origins.length > 0 || p.origin === undefined || p.allowCredentials === 'unknown') return undefined;
    origins.add(p.origin);
    credentials ||= p.allowCredentials;
  }
  const [origin] = origins;
  if (origins.size !== 1 || origin.includes("'")) return undefined;
  // `*` with credentials is its own defect (wildcard-origin-with-credentials); do not copy it.
  if (origin === '*' && credentials) return undefined;
  return { origin, credentials };
}

function where(e: HttpEvent) {
  return e.authorizer?.node ?? get(e.node, 'private') ?? e.node;
}

export default defineRule({
  meta: {
    id: 'authorizer-missing-gateway-responses',
    description:
      'Require a DEFAULT_4XX gateway response with CORS headers when CORS-enabled http events use an authorizer or an API key',
    severity: 'error',
    recommended: true,
    fixable: true,
    messages: {
      missing:
        'Function {{fn}} ({{route}}) uses CORS with {{guard}}, but no DEFAULT_4XX gateway response sets Access-Control-Allow-Origin: the browser reports rejected requests (401/403) as CORS errors and the app cannot see the status',
    },
  },
  check(ctx) {
    const project = ctx.project;
    // An external API's gateway responses live in the stack that owns it; unknown resources may hold them.
    if (project.provider.restApiId || project.resourcesUnknown) return;
    const events = project.functions.flatMap((fn) => fn.events).filter((e): e is HttpEvent => e.kind === 'http' && !!e.cors && isProtected(e));
    if (events.length === 0 || hasCors4xx(project.gatewayResponses)) return;
    if (project.gatewayResponses.some((g) => g.responseType === undefined)) return;

    const [first, ...others] = events;
    ctx.report({
      messageId: 'missing',
      data: { fn: first.fn.name, route: first.route, guard: first.authorizer ? 'an authorizer' : 'an API key (private: true)' },
      at: where(first).span,
      related: others.map((e) => ({ at: where(e).span, message: `also protected: ${e.fn.name} (${e.route})` })),
      functionName: first.fn.name,
      route: first.route,
      fix: () => {
        const target = singleStaticOrigin(project);
        if (!target) return null;
        const parameters: Record<string, string> = {
          'gatewayresponse.header.Access-Control-Allow-Origin': `'${target.origin}'`,
        };
        if (target.credentials) parameters['gatewayresponse.header.Access-Control-Allow-Credentials'] = "'true'";
        return addResource(project, ctx.source, LOGICAL_ID, {
          Type: 'AWS::ApiGateway::GatewayResponse',
          Properties: { ResponseParameters: parameters, ResponseType: 'DEFAULT_4XX', RestApiId: cfnRef('ApiGatewayRestApi') },
        });
      },
    });
  },
});
