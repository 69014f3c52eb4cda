import * as path from 'node:path';
import type { ConfigProblem } from '../config/load.js';
import type { CfgMap, CfgValue } from '../config/tree.js';
import { asBoolean, asString, asStringList, entry, get, getPath } from '../config/tree.js';
import { FUNCTIONS_PER_SERVICE_LIMIT, pastLimit } from '../limits.js';
import { configValue } from './config-node.js';
import { apiReference, refTarget, restApiExports, restApiOf } from './shared-api.js';
import type { Span } from '../source.js';
import type {
  ApiReference,
  AuthorizerDef,
  CorsScalar,
  EventDef,
  FunctionDef,
  GatewayParameter,
  GatewayResponseDef,
  HttpApiEvent,
  HttpEvent,
  Integration,
  ListSetting,
  OriginPattern,
  Project,
  ProviderDef,
  ResourceDef,
  ResourcesTarget,
  RestApiOwner,
  RestCors,
  RestPath,
  V2Cors,
} from './types.js';

/** The framework's default `cors.headers` (docs/cors-semantics.md#rest-cors). */
export const DEFAULT_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];

export interface BuildInput {
  configFile: string;
  serviceDir: string;
  repoRoot: string;
  config: CfgValue;
  stage: string;
  problems: ConfigProblem[];
  /** False for functions the settings declare not browser-facing: left out of the model. */
  browserFacing?: (functionName: string) => boolean;
  /** The service of the repository whose stack defines the REST API `reference` names (src/siblings.ts). */
  findRestApiOwner?: (reference: ApiReference) => RestApiOwner | undefined;
}

/**
 * Resolved config → Project. Mirrors the framework's own reading (validate.js, http-api.js,
 * provider.js) and applies its defaults here, once; no rule logic.
 */
export function buildProject({ browserFacing, findRestApiOwner, config, ...input }: BuildInput): Project {
  const provider = get(config, 'provider');
  const providerDef = buildProvider(provider);
  const items = mapItems(get(config, 'functions'));
  const problems = [...input.problems];
  if (items.length > FUNCTIONS_PER_SERVICE_LIMIT) {
    problems.push({ span: get(config, 'functions')!.span, message: pastLimit.functions(items.length), kind: 'limit' });
  }
  const httpApi = getPath(provider, 'httpApi');
  const resources = buildResources(config);
  const service = serviceName(get(config, 'service'));
  const stackName = asString(get(provider, 'stackName')) ?? (service === undefined ? undefined : `${service}-${input.stage}`);
  const restApiId = getPath(provider, 'apiGateway', 'restApiId');
  const functions = items
    .slice(0, FUNCTIONS_PER_SERVICE_LIMIT)
    .filter(({ key }) => browserFacing?.(key) !== false)
    .map(({ key, keySpan, value }) => buildFunction(key, keySpan, value, { provider: providerDef, providerHttpApi: httpApi, resources }));
  return {
    ...input,
    root: config,
    problems,
    service,
    provider: providerDef,
    functions,
    functionsUnknown: functionsUnknown(get(config, 'functions')),
    restPaths: mergeRestPaths(functions),
    resources,
    resourcesTarget: resourcesTarget(config),
    gatewayResponses: resources.filter((r) => r.type === 'AWS::ApiGateway::GatewayResponse').map((r) => gatewayResponse(r, stackName)),
    restApi: restApiOf(restApiId, resources, stackName, findRestApiOwner),
    restApiExports: restApiExports({
      outputs: resourceSection(config, 'Outputs'),
      dashboardOutputs: mapItems(get(config, 'outputs')),
      resources,
      stackName,
      service,
      managed: !restApiId,
    }),
    resourcesUnknown: resourcesUnknown(get(config, 'resources')),
    plugins: pluginNames(get(config, 'plugins')),
    functionsUnread: unknownReason([get(config, 'functions'), ...seqItems(get(config, 'functions'))]),
    notLinted: notLinted(input.configFile, config, problems),
  };
}

/** True when a variable or unread code hides a function, its events, or one of them. */
function functionsUnknown(node: CfgValue | undefined): boolean {
  const unknownIn = (v: CfgValue | undefined) => v?.kind === 'unknown' || (v?.kind === 'seq' && v.items.some((i) => i.kind === 'unknown'));
  const maps = node?.kind === 'seq' ? node.items : node ? [node] : [];
  return maps.some((m) => m.kind === 'unknown' || (m.kind === 'map' && m.entries.some((e) => e.value.kind === 'unknown' || unknownIn(get(e.value, 'events')))));
}

interface Item {
  key: string;
  keySpan: Span;
  value: CfgValue;
}

/**
 * Entries of a map, or of every map in a list of maps (`functions:` and `resources:` may be lists
 * that the framework merges; a later definition of the same key wins).
 */
function mapItems(value: CfgValue | undefined): Item[] {
  const maps = value?.kind === 'map' ? [value] : value?.kind === 'seq' ? value.items : [];
  const byKey = new Map<string, Item>();
  for (const m of maps) {
    if (m.kind !== 'map') continue;
    for (const e of m.entries) {
      byKey.delete(e.key);
      byKey.set(e.key, { key: e.key, keySpan: e.keySpan, value: e.value });
    }
  }
  return [...byKey.values()];
}

export function serviceName(v: CfgValue | undefined): string | undefined {
  return asString(v) ?? asString(get(v, 'name'));
}

/**
 * Why a config that parsed is not linted as a Framework service: a provider other than AWS (the
 * rules model API Gateway), a serverless-compose file (it only points at services), or a
 * Serverless Components config (`component:` and `inputs:` at the top, or top-level instances that
 * each name a `component`), whose resources the components themselves define.
 */
function notLinted(configFile: string, config: CfgValue, problems: ConfigProblem[]): string | undefined {
  if (/^serverless-compose\./.test(path.basename(configFile))) return 'not linted: a serverless-compose configuration, not a service';
  if (problems.some((p) => p.kind === undefined)) return undefined;
  const name = asString(getPath(config, 'provider', 'name')) ?? asString(get(config, 'provider'));
  if (name !== undefined && name.toLowerCase() !== 'aws') return `not linted: provider.name is ${name}, and cors-lint checks AWS services only`;
  if (config.kind !== 'map' || get(config, 'functions') !== undefined || get(config, 'provider') !== undefined) return undefined;
  const component = get(config, 'component') !== undefined || get(config, 'inputs') !== undefined;
  const instances = config.entries.length > 0 && config.entries.some((e) => get(e.value, 'component') !== undefined);
  return component || instances ? 'not linted: a Serverless Components configuration, not a Framework service' : undefined;
}

function buildProvider(node: CfgValue | undefined): ProviderDef {
  const restApiId = getPath(node, 'apiGateway', 'restApiId');
  const httpApiCors = entry(getPath(node, 'httpApi'), 'cors');
  return {
    runtime: asString(get(node, 'runtime')),
    restApiId: restApiId && { value: asString(restApiId), node: restApiId },
    restApiResources: getPath(node, 'apiGateway', 'restApiResources') !== undefined,
    httpApiCors: httpApiCors && v2Cors(httpApiCors.value, httpApiCors.keySpan),
    externalHttpApi: getPath(node, 'httpApi', 'id') !== undefined,
  };
}

/** A list setting; a scalar is a one-item list (the validator's coercion). */
function listSetting(node: CfgValue): ListSetting {
  const items = node.kind === 'seq' ? node.items : node.kind === 'scalar' ? [node] : [];
  const values = asStringList(node);
  return {
    node,
    values: values && !values.some((v) => v === undefined) ? (values as string[]) : undefined,
    items: items.map((item) => ({ value: asString(item), node: item })),
    single: node.kind === 'scalar',
  };
}

/** The `cors` of `provider.httpApi` or of `url` (provider.js, functions.js). */
function v2Cors(node: CfgValue, keySpan: Span): V2Cors {
  const flag = asBoolean(node);
  const list = (key: string) => {
    const value = get(node, key);
    return value && listSetting(value);
  };
  const credentials = get(node, 'allowCredentials');
  return {
    node,
    keySpan,
    on: node.kind === 'map' || flag === true ? true : flag === false ? false : 'unknown',
    object: node.kind === 'map',
    variable: node.kind === 'unknown',
    keys: node.kind === 'map' ? node.entries.map((e) => e.key) : [],
    allowedOrigins: list('allowedOrigins'),
    allowedHeaders: list('allowedHeaders'),
    allowedMethods: list('allowedMethods'),
    allowCredentials: credentials && { value: asBoolean(credentials), node: credentials },
  };
}

/** Why the first of `values` that cannot be known is unknown, if one is. */
function unknownReason(values: (CfgValue | undefined)[]): string | undefined {
  for (const v of values) if (v?.kind === 'unknown') return v.reason;
  return undefined;
}

function seqItems(v: CfgValue | undefined): CfgValue[] {
  return v?.kind === 'seq' ? v.items : [];
}

/** What the functions' events are read against: the provider's settings and the stack's resources. */
interface Surroundings {
  provider: ProviderDef;
  providerHttpApi: CfgValue | undefined;
  resources: ResourceDef[];
}

function buildFunction(name: string, nameSpan: Span, node: CfgValue, { provider, providerHttpApi, resources }: Surroundings): FunctionDef {
  const handlerNode = get(node, 'handler');
  const url = get(node, 'url');
  const urlCors = entry(url, 'cors');
  const cors = urlCors && v2Cors(urlCors.value, urlCors.keySpan);
  const events = get(node, 'events');
  const fn: FunctionDef = {
    name,
    nameSpan,
    node,
    handler: asString(handlerNode),
    handlerSpan: handlerNode?.span,
    runtime: asString(get(node, 'runtime')) ?? provider.runtime,
    image: get(node, 'image') !== undefined,
    events: [],
    declaresEvents: events !== undefined && !(events.kind === 'seq' && events.items.length === 0) && !(events.kind === 'scalar' && events.value === null),
    onlyHttpApiEvents:
      events?.kind === 'seq' &&
      events.items.length > 0 &&
      events.items.every((e) => e.kind === 'map' && e.entries.length === 1 && e.entries[0].key === 'httpApi'),
    httpApiPayload: httpApiPayload(getPath(node, 'httpApi', 'payload') ?? get(providerHttpApi, 'payload')),
    hasUrl: url !== undefined,
    urlCors: cors && cors.on !== false ? cors : undefined,
    corsKeySpan: entry(node, 'cors')?.keySpan,
    unread: unknownReason([node, events, ...seqItems(events)]),
  };
  if (events?.kind === 'seq') {
    for (const ev of events.items) {
      const http = entry(ev, 'http');
      const httpApi = entry(ev, 'httpApi');
      const built: EventDef | undefined = http ? httpEvent(fn, http.value, resources) : httpApi ? httpApiEvent(fn, httpApi.value, providerHttpApi) : undefined;
      if (built) fn.events.push(built);
    }
  }
  return fn;
}

/** http-api.js `PayloadFormatVersion`: 2.0 unless set; 'unknown' when the value is not a plain string. */
function httpApiPayload(value: CfgValue | undefined): FunctionDef['httpApiPayload'] {
  if (value === undefined) return '2.0';
  const text = asString(value);
  return text === '1.0' || text === '2.0' ? text : 'unknown';
}

/** `http: GET /path` shorthand or the object form; undefined when method or path is not static. */
function methodAndPath(node: CfgValue): { method?: string; path?: string } {
  if (node.kind === 'scalar') {
    const [method, path] = (asString(node) ?? '').trim().split(/\s+/);
    return { method, path };
  }
  return { method: asString(get(node, 'method')), path: asString(get(node, 'path')) };
}

function routeOf(method: string | undefined, path: string | undefined): { method: string; path: string; route: string } {
  const m = (method ?? '?').toUpperCase();
  const p = `/${(path ?? '?').replace(/^\/+/, '')}`;
  // Messages name the route: a path a variable or template helper hides is said to be unknown, not shown as `/?`.
  return { method: m === '*' ? 'ANY' : m, path: p, route: `${m === '*' ? 'ANY' : m} ${path === undefined ? '<unknown path>' : p}` };
}

function httpEvent(fn: FunctionDef, node: CfgValue, resources: ResourceDef[]): HttpEvent {
  const mp = methodAndPath(node);
  const { method, path, route } = routeOf(mp.method, mp.path);
  const event: HttpEvent = {
    kind: 'http',
    fn,
    node,
    method,
    methodNode: get(node, 'method') ?? node,
    path,
    pathKey: (mp.path ?? '?').replace(/^\//, '').replace(/\/$/, ''),
    route,
    integration: integrationOf(node),
    integrationText: asString(get(node, 'integration')),
    private: asBoolean(get(node, 'private')) === true,
    guardSpan: guardSpan(node),
  };
  const cors = entry(node, 'cors');
  if (cors) {
    if (cors.value.kind === 'unknown') event.corsUnknown = true;
    else event.cors = restCors(cors.value, cors.keySpan);
  }
  event.integrationOrigin = integrationOrigin(event, node);
  const auth = get(node, 'authorizer');
  if (auth) {
    const { identityHeaders, ...def } = authorizer(auth, resources);
    event.authorizer = { ...def, identityHeaders: identityHeaders ?? [] };
  }
  return event;
}

/**
 * Where an event's protection is written: its `authorizer` or `private` value, or the event. When
 * the value comes through a variable (`authorizer: ${self:custom.auth}`, or functions pulled in with
 * `${file()}`), the key is the place that belongs to this event, not the shared definition.
 */
function guardSpan(node: CfgValue): Span {
  const guard = entry(node, 'authorizer') ?? entry(node, 'private');
  if (!guard) return node.span;
  return guard.value.via?.length ? guard.keySpan : guard.value.span;
}

function integrationOf(node: CfgValue): Integration {
  const raw = get(node, 'integration');
  if (!raw) return asBoolean(get(node, 'async')) ? 'AWS' : 'AWS_PROXY';
  const s = asString(raw);
  if (s === undefined) return 'unknown';
  const n = s.toUpperCase().replace('-', '_');
  if (n === 'LAMBDA' || n === 'AWS') return 'AWS';
  if (n === 'LAMBDA_PROXY' || n === 'AWS_PROXY') return 'AWS_PROXY';
  if (n === 'HTTP' || n === 'HTTP_PROXY' || n === 'MOCK') return n;
  return 'unknown';
}

/** `getCors` of the framework's validate.js: defaults, then the object's keys over them. */
function restCors(node: CfgValue, keySpan: Span): RestCors | undefined {
  const enabled = node.kind === 'map' || asBoolean(node) === true;
  if (!enabled) return undefined;
  const cors: RestCors = {
    node,
    keySpan,
    object: node.kind === 'map',
    keys: node.kind === 'map' ? node.entries.map((e) => e.key) : [],
    origin: '*',
    origins: [],
    originUnknown: false,
    headers: DEFAULT_CORS_HEADERS,
    headersUnknown: false,
    allowCredentials: false,
    methods: [],
  };
  if (node.kind !== 'map') return cors;

  const originsNode = get(node, 'origins');
  const originNode = get(node, 'origin');
  if (originsNode) {
    cors.origin = undefined;
    cors.originsList = listSetting(originsNode);
    if (!cors.originsList.values) cors.originUnknown = true;
    cors.origins = cors.originsList.items.flatMap((item) => (item.value === undefined ? [] : [{ value: item.value, node: item.node, split: false }]));
  }
  if (originNode) {
    cors.originNode = originNode;
    const origin = asString(originNode);
    if (origin === undefined) {
      cors.origin = undefined;
      cors.originUnknown = true;
    } else if (origin.includes(',')) {
      // The framework's cors.js splits a comma-separated origin into origins.
      cors.origin = undefined;
      const parts = origin.split(',').map((o): OriginPattern => ({ value: o.trim(), node: originNode, split: true }));
      cors.origins = [...cors.origins, ...parts];
    } else cors.origin = origin;
  }
  const headersNode = get(node, 'headers');
  if (headersNode) {
    cors.headersList = listSetting(headersNode);
    cors.headersUnknown = !cors.headersList.values;
    cors.headers = cors.headersList.items.flatMap((h) => (h.value === undefined ? [] : [h.value]));
  }
  const credNode = get(node, 'allowCredentials');
  if (credNode) {
    cors.allowCredentialsNode = credNode;
    cors.allowCredentials = asBoolean(credNode) ?? 'unknown';
  }
  const methods = get(node, 'methods');
  const listed = methods ? asStringList(methods) : [];
  cors.methods = listed && !listed.some((m) => m === undefined) ? listed.map((m) => m!.toUpperCase()) : undefined;
  cors.maxAge = corsScalar(get(node, 'maxAge'));
  cors.cacheControl = corsScalar(get(node, 'cacheControl'));
  return cors;
}

function corsScalar(node: CfgValue | undefined): CorsScalar | undefined {
  if (!node) return undefined;
  return { text: node.kind === 'scalar' && node.value === null ? undefined : (asString(node) ?? 'unknown'), node };
}

/**
 * The Access-Control-Allow-Origin the framework writes into the integration responses of a
 * cors-enabled non-proxy event (integration.js): `origins` joined with commas, else `origin`.
 */
function integrationOrigin(e: HttpEvent, node: CfgValue): HttpEvent['integrationOrigin'] {
  const cors = e.cors;
  const response = get(node, 'response');
  // Mock events get integration responses only from their own `response` block.
  if (!cors || !['AWS', 'HTTP', 'MOCK'].includes(e.integration) || (e.integration === 'MOCK' && !response)) return undefined;
  const userHeaders = get(response, 'headers');
  if (userHeaders?.kind === 'unknown') return undefined;
  if (userHeaders?.kind === 'map' && userHeaders.entries.some((h) => h.key.toLowerCase() === 'access-control-allow-origin')) return undefined;
  if (cors.originsList) {
    const list = cors.originsList.values;
    if (!list) return undefined;
    if (list.length > 0) return { value: list.join(','), node: cors.originsList.node };
  }
  const origin = cors.originNode ? asString(configValue(cors.originNode)) : '*';
  return origin === undefined ? undefined : { value: origin, node: cors.originNode ?? cors.node };
}

/** validate.js: CORS is per path; headers/origins are unioned, the last `origin` wins, credentials are ORed. */
function mergeRestPaths(functions: FunctionDef[]): RestPath[] {
  const byPath = new Map<string, RestPath>();
  for (const fn of functions) {
    for (const ev of fn.events) {
      if (ev.kind !== 'http' || !ev.cors) continue;
      let p = byPath.get(ev.pathKey);
      if (!p) {
        p = { pathKey: ev.pathKey, events: [], origins: [], originUnknown: false, allowCredentials: false };
        byPath.set(ev.pathKey, p);
      }
      p.events.push(ev);
      p.origin = ev.cors.origin;
      p.originEvent = ev;
      p.origins = [...new Set([...ev.cors.origins.map((o) => o.value), ...p.origins])];
      p.originUnknown ||= ev.cors.originUnknown;
      const cred = ev.cors.allowCredentials;
      if (cred === true && p.allowCredentials !== true) {
        p.allowCredentials = true;
        p.credentialsEvent = ev;
      } else if (cred === 'unknown' && p.allowCredentials === false) p.allowCredentials = 'unknown';
    }
  }
  return [...byPath.values()];
}

/** A REST authorizer as validate.js `getAuthorizer` reads it, with the headers its identity comes in. */
function authorizer(node: CfgValue, resources: ResourceDef[] = []): Omit<AuthorizerDef, 'identityHeaders'> & { identityHeaders?: string[] } {
  const base = { node, variable: node.kind === 'unknown' };
  const s = asString(node);
  const authorization = ['Authorization'];
  if (s !== undefined) {
    if (s.toUpperCase() === 'AWS_IAM') return { ...base, kind: 'iam', identityHeaders: authorization };
    if (s.startsWith('arn:aws:cognito-idp')) return { ...base, kind: 'cognito', identityHeaders: authorization };
    return { ...base, kind: 'lambda', identityHeaders: authorization, ...(!s.startsWith('arn:') && { functionName: s }) };
  }
  if (node.kind !== 'map') return { ...base, kind: 'unknown' };
  const type = asString(get(node, 'type'))?.toUpperCase();
  const authorizerId = get(node, 'authorizerId');
  // An existing authorizer: the framework creates none, so the event's own identitySource means nothing.
  if (type && authorizerId) return { ...base, kind: 'shared', identityHeaders: authorizerResourceHeaders(authorizerId, resources) };
  if (type === 'AWS_IAM') return { ...base, kind: 'iam', identityHeaders: authorization };
  const source = get(node, 'identitySource');
  const identity = source ? identitySourceHeaders(source, type) : type === 'REQUEST' && asString(get(node, 'resultTtlInSeconds')) === '0' ? [] : authorization;
  const arn = asString(get(node, 'arn'));
  if (type === 'COGNITO_USER_POOLS' || arn?.startsWith('arn:aws:cognito-idp')) {
    return { ...base, kind: 'cognito', identityHeaders: identity };
  }
  const name = asString(get(node, 'name'));
  return {
    ...base,
    kind: 'lambda',
    identityHeaders: identity,
    ...(name !== undefined && arn === undefined && get(node, 'arn') === undefined && { functionName: name }),
  };
}

/**
 * The request headers of a REST identity source (`method.request.header.X`): every header a
 * REQUEST authorizer lists (API Gateway answers 401 when one is absent), the one header of a TOKEN
 * or Cognito authorizer. Query strings, stage variables and context values are not headers; an
 * unknown value gives none.
 */
function identitySourceHeaders(source: CfgValue, type: string | undefined): string[] {
  const sources = (asString(source) ?? '').split(',').map((x) => x.trim());
  return (type === 'REQUEST' ? sources : sources.slice(0, 1)).flatMap((x) => /^method\.request\.header\.(.+)$/.exec(x)?.[1] ?? []);
}

/**
 * `authorizerId: !Ref X` (or `!GetAtt X.AuthorizerId`) naming an `AWS::ApiGateway::Authorizer` of
 * this stack: the headers its `Type` and `IdentitySource` require. None when the authorizer is
 * elsewhere or a value is unknown: its needs are then unknown, never assumed.
 */
function authorizerResourceHeaders(id: CfgValue, resources: ResourceDef[]): string[] {
  const logicalId = refTarget(id, 'AuthorizerId');
  const resource = logicalId === undefined ? undefined : resources.find((r) => r.logicalId === logicalId);
  if (resource?.type !== 'AWS::ApiGateway::Authorizer') return [];
  const props = get(configValue(resource.node), 'Properties');
  const source = get(props, 'IdentitySource');
  const type = asString(get(props, 'Type'))?.toUpperCase();
  return source && type ? identitySourceHeaders(source, type) : [];
}

function httpApiEvent(fn: FunctionDef, node: CfgValue, providerHttpApi: CfgValue | undefined): HttpApiEvent {
  const mp = node.kind === 'scalar' && asString(node)?.trim() === '*' ? { method: '*', path: '*' } : methodAndPath(node);
  // `path: '*'` is the catch-all `$default` route whatever the method (http-api.js).
  if (mp.path === '*') mp.method = '*';
  const { method, path, route } = routeOf(mp.method, mp.path);
  const auth = get(node, 'authorizer');
  return {
    kind: 'httpApi',
    fn,
    node,
    method,
    path,
    route,
    authorizer: auth && httpApiAuthorizer(auth, providerHttpApi),
    corsKeySpan: entry(node, 'cors')?.keySpan,
  };
}

/** An HTTP API event's authorizer: its identity comes from the `provider.httpApi.authorizers` entry it names. */
function httpApiAuthorizer(node: CfgValue, providerHttpApi: CfgValue | undefined): AuthorizerDef {
  const { identityHeaders: _rest, ...def } = authorizer(node);
  return { ...def, identityHeaders: httpApiIdentityHeaders(providerHttpApi, node) };
}

/** The `$request.header.X` identity sources of the `provider.httpApi.authorizers` entry an event names. */
function httpApiIdentityHeaders(providerHttpApi: CfgValue | undefined, node: CfgValue): string[] {
  const name = asString(node) ?? (get(node, 'id') ? undefined : asString(get(node, 'name')));
  if (name === undefined) return [];
  const sources = asStringList(get(getPath(providerHttpApi, 'authorizers', name), 'identitySource')) ?? [];
  return sources.flatMap((s) => /^\$request\.header\.(.+)$/i.exec(s?.trim() ?? '')?.[1] ?? []);
}

/** The entries of `resources.<section>` (`Resources`, `Outputs`), merged across a list of resource blocks. */
function resourceSection(config: CfgValue, section: string): Item[] {
  const res = get(config, 'resources');
  const lists = res?.kind === 'seq' ? res.items : res ? [res] : [];
  return mapItems({ kind: 'seq', span: res?.span ?? config.span, items: lists.map((r) => get(r, section)).filter(isDefined) });
}

function buildResources(config: CfgValue): ResourceDef[] {
  return resourceSection(config, 'Resources').map(({ key, keySpan, value }) => ({
    logicalId: key,
    idSpan: keySpan,
    node: value,
    type: asString(get(value, 'Type')),
  }));
}

/** True when a variable hides part of `resources` (the resource list cannot be known). */
function resourcesUnknown(res: CfgValue | undefined): boolean {
  const blocks = res?.kind === 'seq' ? res.items : res ? [res] : [];
  return blocks.some((b) => {
    const r = get(b, 'Resources');
    return b.kind === 'unknown' || r?.kind === 'unknown' || (r?.kind === 'map' && r.entries.some((e) => e.value.kind === 'unknown'));
  });
}

function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

/** Where a fix adds a resource: the inline Resources map when it is plain text of this file. */
function resourcesTarget(config: CfgValue): ResourcesTarget {
  const plain = (v: CfgValue | undefined): v is CfgMap => v?.kind === 'map' && !v.via?.length && !v.tag;
  const empty = (v: CfgValue | undefined) => !v || (v.kind === 'scalar' && v.value === null) || (v.kind === 'map' && v.entries.length === 0);
  if (!plain(config)) return { kind: 'none', reason: 'the configuration is not a map' };
  const res = get(config, 'resources');
  if (empty(res)) return { kind: 'path', map: config, path: ['resources', 'Resources'] };
  const inBlock = (block: CfgValue): ResourcesTarget | undefined => {
    if (!plain(block)) return undefined;
    const r = get(block, 'Resources');
    if (empty(r)) return { kind: 'path', map: block, path: ['Resources'] };
    return plain(r) ? { kind: 'path', map: r, path: [] } : undefined;
  };
  // A list of resource blocks: add to the first one written inline.
  const blocks = res!.kind === 'seq' && !res!.via?.length ? res!.items : [res!];
  for (const b of blocks) {
    const t = inBlock(b);
    if (t) return t;
  }
  return { kind: 'none', reason: '`resources.Resources` is not a plain map in this file' };
}

function gatewayResponse(resource: ResourceDef, stackName: string | undefined): GatewayResponseDef {
  const props = get(configValue(resource.node), 'Properties');
  const params = get(props, 'ResponseParameters');
  const parameters: GatewayParameter[] =
    params?.kind === 'map' ? params.entries.map((e) => ({ key: e.key, keySpan: e.keySpan, node: e.value, value: scalarValue(e.value) })) : [];
  const headers: GatewayResponseDef['headers'] = new Map();
  for (const p of parameters) {
    const m = p.key.match(/^gatewayresponse\.header\.(.+)$/i);
    if (m) headers.set(m[1].toLowerCase(), { ...p, name: m[1] });
  }
  const typeNode = get(props, 'ResponseType');
  const restApiId = get(props, 'RestApiId');
  return {
    resource,
    responseType: asString(typeNode),
    responseTypeNode: typeNode,
    parameters,
    headers,
    parametersUnknown: params?.kind === 'unknown',
    restApi: restApiId && {
      ref: restApiId.kind === 'map' && restApiId.entries.length === 1 ? asString(get(restApiId, 'Ref')) : undefined,
      literal: restApiId.kind === 'scalar' ? asString(restApiId) : undefined,
      reference: apiReference(restApiId, stackName),
      node: restApiId,
    },
    statusCode: asString(get(props, 'StatusCode')),
  };
}

function scalarValue(v: CfgValue): string | number | boolean | undefined {
  return v.kind === 'scalar' && v.value !== null ? v.value : undefined;
}

function pluginNames(v: CfgValue | undefined): string[] {
  const list = v?.kind === 'map' ? get(v, 'modules') : v;
  return (asStringList(list) ?? []).filter(isDefined);
}
