import { writtenInFile } from '../src/model/config-node.js';
import { GATEWAY_RESPONSE_TYPES, intendedResponseType, isQuotedValue } from '../src/model/gateway.js';
import { MANAGED_REST_API } from '../src/model/shared-api.js';
import type { GatewayResponseDef } from '../src/model/types.js';
import { defineRule, type FixBuilder, type RuleContext } from '../src/rule.js';

type MessageId = 'unquotedValue' | 'missingRestApiId' | 'missingType' | 'unresolvedApi' | 'otherApi' | 'shadowed' | 'badType' | 'misspeltType';
type Ctx = RuleContext<MessageId>;

/** Mapping sources a gateway response parameter may read (docs/cors-semantics.md#gateway-responses); anything else must be a quoted static value. */
const MAPPING_EXPRESSION = /^(?:method\.request\.(?:header|path|querystring|multivalueheader|multivaluequerystring)|stageVariables|context)\.[A-Za-z0-9._$-]+$/;

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

export default defineRule({
  meta: {
    id: 'invalid-gateway-response',
    description:
      'Disallow gateway responses that fail to deploy or lose their CORS headers: unquoted static values, a wrong RestApiId, a missing or misspelt ResponseType, or a specific type that shadows DEFAULT_4XX/DEFAULT_5XX',
    severity: 'error',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: {
      unquotedValue: `Write {{key}} of gateway response {{id}} as "'{{value}}'". A static value must be single-quoted, or the deploy fails with "Invalid mapping expression specified".`,
      missingRestApiId: 'Add RestApiId to gateway response {{id}}. CloudFormation rejects the resource without it, so the deploy fails.',
      unresolvedApi:
        'Point RestApiId of gateway response {{id}} at the API the service uses. It references ApiGatewayRestApi, but {{reason}}: the deploy fails with an unresolved resource dependency.',
      otherApi:
        "Point gateway response {{id}} at the REST API of this service's http events. It applies to {{target}}, so their error answers keep no CORS headers.",
      shadowed:
        'Add Access-Control-Allow-Origin to gateway response {{id}}. It customises {{type}}, which replaces {{catchAll}} for those answers, so {{type}} answers ({{status}}) reach the browser without CORS.',
      missingType:
        'Add ResponseType to gateway response {{id}}. CloudFormation rejects the resource without it, so the deploy fails, and it adds CORS headers to no answer.',
      badType: 'Fix ResponseType {{type}} of gateway response {{id}}. API Gateway does not know it, so CloudFormation rejects it and the deploy fails.',
      misspeltType:
        'Change ResponseType {{type}} of gateway response {{id}} to {{intended}}. API Gateway does not know {{type}}, so CloudFormation rejects it and the deploy fails.',
    },
  },
  check(ctx) {
    if (ctx.project.resourcesUnknown) return;
    for (const g of ctx.project.gatewayResponses) {
      checkParameters(ctx, g);
      checkRestApiId(ctx, g);
      checkType(ctx, g);
      checkShadowed(ctx, g);
    }
  },
});

/** A usable parameter value: a mapping expression or a single-quoted static value. */
function isValidParameter(value: string): boolean {
  return MAPPING_EXPRESSION.test(value) || isQuotedValue(value);
}

function checkParameters(ctx: Ctx, g: GatewayResponseDef): void {
  for (const p of g.parameters) {
    // Unknown values, CloudFormation functions (`!Sub`) and empty values are not this check's to judge.
    if (p.value === undefined) continue;
    const text = String(p.value);
    if (typeof p.value === 'string' && isValidParameter(text)) continue;
    ctx.report({
      messageId: 'unquotedValue',
      data: { id: g.resource.logicalId, key: p.key, value: text },
      at: p.node.span,
      // The text as written (an interpolated `${…}` stays for the framework to resolve), quoted.
      fix: (fixer) => fixer.rewriteText(p.node, (written) => (!written || written.includes("'") ? null : `'${written}'`)),
    });
  }
}

/** `provider.apiGateway.restApiId` when it is a string written in the file (a copy of it stays true on every stage). */
function staticExternalId(ctx: Ctx): string | undefined {
  const id = ctx.project.provider.restApiId;
  return id && writtenInFile(id.node) ? id.value : undefined;
}

function checkRestApiId(ctx: Ctx, g: GatewayResponseDef): void {
  const { project } = ctx;
  const id = g.resource.logicalId;
  const external = project.provider.restApiId;
  const api = g.restApi;
  if (!api) {
    ctx.report({
      messageId: 'missingRestApiId',
      data: { id },
      at: g.resource.idSpan,
      fix: (fixer) => {
        const value = project.restApi.kind === 'stack' ? fixer.ref(project.restApi.logicalId) : staticExternalId(ctx);
        return value === undefined ? null : fixer.addResourceProperty(g.resource, 'RestApiId', value);
      },
    });
    return;
  }
  const { ref, node } = api;
  const hasRestEvents = project.functions.some((fn) => fn.events.some((e) => e.kind === 'http'));
  if (ref === MANAGED_REST_API) {
    const defined = project.resources.some((r) => r.logicalId === MANAGED_REST_API);
    // `restApiId: !Ref ApiGatewayRestApi` to a RestApi the user defines under that name is the service's own API.
    const reason =
      external && !(project.restApi.kind === 'stack' && project.restApi.logicalId === MANAGED_REST_API)
        ? 'provider.apiGateway.restApiId makes the service use an existing API, so the stack does not create it'
        : !hasRestEvents && !defined && !project.functionsUnknown
          ? 'no function has an http event, so Serverless creates no REST API'
          : undefined;
    if (reason) ctx.report({ messageId: 'unresolvedApi', data: { id, reason }, at: node.span });
    return;
  }
  if (!hasRestEvents) return;
  const target = otherApi(ctx, api);
  if (target) ctx.report({ messageId: 'otherApi', data: { id, target }, at: node.span });
}

/** How to name the API a RestApiId points at when it is known not to be the service's own; undefined when it may be. */
function otherApi(ctx: Ctx, { ref, literal }: NonNullable<GatewayResponseDef['restApi']>): string | undefined {
  if (ctx.project.provider.restApiId) {
    const external = staticExternalId(ctx);
    return literal !== undefined && external !== undefined && literal !== external ? `the API ${literal}` : undefined;
  }
  if (literal !== undefined) return `the API ${literal}`;
  if (ref === undefined) return undefined;
  const resource = ctx.project.resources.find((r) => r.logicalId === ref);
  // `HttpApi` is the HTTP API Serverless creates for httpApi events: it has no gateway responses.
  if (ref === 'HttpApi' && !resource) return 'the HTTP API HttpApi';
  if (resource?.type !== undefined && resource.type !== 'AWS::ApiGateway::RestApi') return `${ref} (type ${resource.type})`;
  return undefined;
}

function checkType(ctx: Ctx, g: GatewayResponseDef): void {
  const type = g.responseType;
  const node = g.responseTypeNode;
  const id = g.resource.logicalId;
  // Which type was meant is the user's call: no fix.
  if (!node) ctx.report({ messageId: 'missingType', data: { id }, at: g.resource.idSpan });
  if (type === undefined || !node || Object.hasOwn(GATEWAY_RESPONSE_TYPES, type)) return;
  const intended = intendedResponseType(type);
  if (!intended) {
    ctx.report({ messageId: 'badType', data: { id, type }, at: node.span });
    return;
  }
  const rename: FixBuilder = (fixer) => fixer.replaceValue(node, intended.type);
  ctx.report({
    messageId: 'misspeltType',
    data: { id, type, intended: intended.type },
    at: node.span,
    ...(intended.exact ? { fix: rename } : { suggest: [{ desc: `Use ResponseType ${intended.type}`, fix: rename }] }),
  });
}

/** Which API a response applies to, as a comparable key; undefined when that cannot be known. */
function apiKey(g: GatewayResponseDef): string | undefined {
  if (!g.restApi) return '';
  const { ref, literal } = g.restApi;
  if (ref !== undefined) return `ref:${ref}`;
  return literal === undefined ? undefined : `id:${literal}`;
}

/** A customised specific type does not inherit its catch-all's headers (docs/cors-semantics.md#gateway-responses). */
function checkShadowed(ctx: Ctx, g: GatewayResponseDef): void {
  const info = g.responseType !== undefined && Object.hasOwn(GATEWAY_RESPONSE_TYPES, g.responseType) ? GATEWAY_RESPONSE_TYPES[g.responseType] : undefined;
  if (!info?.fallback || g.headers.has(ACAO) || g.parametersUnknown) return;
  const key = apiKey(g);
  if (key === undefined) return;
  const catchAll = ctx.project.gatewayResponses.find((d) => d.responseType === info.fallback && d.headers.has(ACAO) && apiKey(d) === key);
  if (!catchAll) return;
  const origin = catchAll.headers.get(ACAO)!;
  const status = g.statusCode ?? info.status;
  ctx.report({
    messageId: 'shadowed',
    data: { id: g.resource.logicalId, type: g.responseType!, catchAll: info.fallback, status },
    at: g.responseTypeNode!.span,
    related: [{ at: origin.keySpan, message: `${catchAll.resource.logicalId} sets Access-Control-Allow-Origin here` }],
    fix: (fixer) => {
      const copied = copyableCors(catchAll);
      return copied ? fixer.addResponseParameters(g, copied) : null;
    },
  });
}

/** The catch-all's origin and credentials parameters, when they are valid values written in the file. */
function copyableCors(catchAll: GatewayResponseDef): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const name of [ACAO, ACAC]) {
    const header = catchAll.headers.get(name);
    if (!header) continue;
    const value = writtenInFile(header.node) && header.value !== undefined ? String(header.value) : undefined;
    if (value === undefined || !isValidParameter(value)) return undefined;
    out[`gatewayresponse.header.${header.name}`] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
