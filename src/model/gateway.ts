import { writtenInFile } from './config-node.js';
import { editDistance } from './cors-schema.js';
import { isProtected } from './queries.js';
import { namesApi, responsesFor } from './shared-api.js';
import type { GatewayResponseDef, HttpEvent, Project } from './types.js';

/**
 * Facts about API Gateway gateway responses (docs/cors-semantics.md#gateway-responses): the response types, which
 * catch-all each falls back to, and the service-level questions the gateway-response rules share.
 */

export type CatchAll = 'DEFAULT_4XX' | 'DEFAULT_5XX';

/** Every `ResponseType` API Gateway accepts, with its default status and the catch-all it falls back to. */
export const GATEWAY_RESPONSE_TYPES: Readonly<Record<string, { status: string; fallback?: CatchAll }>> = {
  ACCESS_DENIED: { status: '403', fallback: 'DEFAULT_4XX' },
  API_CONFIGURATION_ERROR: { status: '500', fallback: 'DEFAULT_5XX' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: '500', fallback: 'DEFAULT_5XX' },
  AUTHORIZER_FAILURE: { status: '500', fallback: 'DEFAULT_5XX' },
  BAD_REQUEST_BODY: { status: '400', fallback: 'DEFAULT_4XX' },
  BAD_REQUEST_PARAMETERS: { status: '400', fallback: 'DEFAULT_4XX' },
  DEFAULT_4XX: { status: '4XX' },
  DEFAULT_5XX: { status: '5XX' },
  EXPIRED_TOKEN: { status: '403', fallback: 'DEFAULT_4XX' },
  INTEGRATION_FAILURE: { status: '504', fallback: 'DEFAULT_5XX' },
  INTEGRATION_TIMEOUT: { status: '504', fallback: 'DEFAULT_5XX' },
  INVALID_API_KEY: { status: '403', fallback: 'DEFAULT_4XX' },
  INVALID_SIGNATURE: { status: '403', fallback: 'DEFAULT_4XX' },
  MISSING_AUTHENTICATION_TOKEN: { status: '403', fallback: 'DEFAULT_4XX' },
  QUOTA_EXCEEDED: { status: '429', fallback: 'DEFAULT_4XX' },
  REQUEST_TOO_LARGE: { status: '413', fallback: 'DEFAULT_4XX' },
  RESOURCE_NOT_FOUND: { status: '404', fallback: 'DEFAULT_4XX' },
  THROTTLED: { status: '429', fallback: 'DEFAULT_4XX' },
  UNAUTHORIZED: { status: '401', fallback: 'DEFAULT_4XX' },
  UNSUPPORTED_MEDIA_TYPE: { status: '415', fallback: 'DEFAULT_4XX' },
  WAF_FILTERED: { status: '403', fallback: 'DEFAULT_4XX' },
};

/** A gateway response parameter holding a static value: API Gateway requires it in single quotes (`"'*'"`). */
export function isQuotedValue(text: string): boolean {
  return text.length >= 2 && text.startsWith("'") && text.endsWith("'");
}

/**
 * The static value a gateway response sends for a header (lower-case name): the text inside the
 * quotes (`"'https://a.com'"` → `https://a.com`). Undefined when the header is absent, or its
 * value is a mapping expression (`method.request.header.Origin`), a variable or not a string.
 */
export function staticHeaderValue(g: GatewayResponseDef, name: string): string | undefined {
  const value = g.headers.get(name)?.value;
  return typeof value === 'string' && isQuotedValue(value) ? value.slice(1, -1) : undefined;
}

/** `ResponseParameters` entries that send one static origin, and credentials when asked (values quoted as mappings require). */
export function corsResponseParameters(origin: string, credentials: boolean): Record<string, string> {
  const parameters: Record<string, string> = { 'gatewayresponse.header.Access-Control-Allow-Origin': `'${origin}'` };
  if (credentials) parameters['gatewayresponse.header.Access-Control-Allow-Credentials'] = "'true'";
  return parameters;
}

/**
 * The gateway responses of the service's REST API, wherever they are defined: this stack's for its own
 * API (those naming it, or whose RestApiId cannot be known), or those of the sibling that owns the API
 * together with those this stack adds to it (naming it as `restApiId` does). Undefined when they cannot
 * be judged: the owner is not in the repository, part of the `resources` concerned is unknown, or a
 * ResponseType cannot be known (it may be the catch-all; one that is not written covers nothing).
 */
export function apiGatewayResponses(project: Project): GatewayResponseDef[] | undefined {
  const api = project.restApi;
  if (api.kind === 'external' || project.resourcesUnknown) return undefined;
  const responses =
    api.kind === 'stack'
      ? responsesFor(project.gatewayResponses, api.logicalId)
      : api.owner.gatewayResponses && [
          ...api.owner.gatewayResponses,
          ...project.gatewayResponses.filter((g) => namesApi(g, [api.reference, ...api.owner.names])),
        ];
  return responses?.some((g) => g.responseType === undefined && g.responseTypeNode) ? undefined : responses;
}

/**
 * CORS-enabled `http` events behind an authorizer or an API key, with the gateway responses of
 * their API: API Gateway answers their rejections and failures itself, so only gateway responses
 * can give those answers CORS headers. No events when those responses cannot be judged (apiGatewayResponses).
 */
export function protectedCorsEvents(project: Project): { events: HttpEvent[]; responses: GatewayResponseDef[] } {
  const responses = apiGatewayResponses(project);
  if (!responses) return { events: [], responses: [] };
  const events = project.functions.flatMap((fn) => fn.events).filter((e): e is HttpEvent => e.kind === 'http' && !!e.cors && isProtected(e));
  return { events, responses };
}

/**
 * True when the answers that matter carry Access-Control-Allow-Origin: the catch-all sends it,
 * or every one of `specific` (the types those answers actually have) does.
 */
export function corsCovered(responses: GatewayResponseDef[], catchAll: CatchAll, specific: string[]): boolean {
  const withOrigin = typesWithOrigin(responses);
  return withOrigin.has(catchAll) || specific.every((t) => withOrigin.has(t));
}

/** The response types whose gateway response sets Access-Control-Allow-Origin. */
export function typesWithOrigin(responses: GatewayResponseDef[]): Set<string | undefined> {
  return new Set(responses.filter((g) => g.headers.has('access-control-allow-origin')).map((g) => g.responseType));
}

/**
 * The one static origin (and credentials) every CORS path answers with, or undefined when there is none.
 * Static means written in the file: fixes copy it into resources that serve every stage, and a value
 * reached through a variable (`${self:custom.origins.${sls:stage}}`, `${env:ORIGIN}`) may differ per stage.
 */
export function singleStaticOrigin(project: Project): { origin: string; credentials: boolean } | undefined {
  const origins = new Set<string>();
  let credentials = false;
  for (const p of project.restPaths) {
    if (p.originUnknown || p.origins.length > 0 || p.origin === undefined || p.allowCredentials === 'unknown') return undefined;
    if (p.events.some((e) => !writtenInFile(e.cors?.originNode) || !writtenInFile(e.cors?.allowCredentialsNode))) return undefined;
    origins.add(p.origin);
    credentials ||= p.allowCredentials;
  }
  const [origin] = origins;
  if (origins.size !== 1 || origin.includes("'")) return undefined;
  // `*` with credentials is its own defect (wildcard-origin-with-credentials); do not copy it.
  if (origin === '*' && credentials) return undefined;
  return { origin, credentials };
}

/**
 * The response type a misspelt `ResponseType` most likely means: `exact` when only the case
 * differs (`DEFAULT_4xx`), `near` when one known type is within two edits (`UNAUTHORISED`).
 */
export function intendedResponseType(written: string): { type: string; exact: boolean } | undefined {
  const upper = written.toUpperCase();
  if (Object.hasOwn(GATEWAY_RESPONSE_TYPES, upper)) return { type: upper, exact: true };
  const near = Object.keys(GATEWAY_RESPONSE_TYPES).filter((t) => editDistance(upper, t) <= 2);
  return near.length === 1 ? { type: near[0], exact: false } : undefined;
}
