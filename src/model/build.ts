import type { ConfigProblem } from '../config/load.js';
import type { CfgMap, CfgValue } from '../config/tree.js';
import { asBoolean, asString, asStringList, entry, get, getPath } from '../config/tree.js';
import { FUNCTIONS_PER_SERVICE_LIMIT, pastLimit } from '../limits.js';
import type { Span } from '../source.js';
import type {
  AuthorizerDef, EventDef, FunctionDef, GatewayResponseDef, HttpApiEvent, HttpEvent, Integration, Project,
  ProviderDef, ResourceDef, ResourcesTarget, RestCors, RestPath,
} from './types.js';

/** The framework's default `cors.headers` (RULES.md A1). */
export const DEFAULT_CORS_HEADERS = [
  'Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent',
  'X-Amzn-Trace-Id',
];

export interface BuildInput {
  configFile: string;
  serviceDir: string;
  repoRoot: string;
  config: CfgValue;
  stage: string;
  problems: ConfigProblem[];
  /** False for functions the settings declare not browser-facing: left out of the model. */
  browserFacing?: (functionName: string) => boolean;
}

/** Resolved config → Project. Mirrors the framework's own reading (validate.js); no rule logic. */
export function buildProject({ browserFacing, ...input }: BuildInput): Project {
  const { config } = input;
  const provider = buildProvider(get(config, 'provider'));
  const items = mapItems(get(config, 'functions'));
  const problems = [...input.problems];
  if (items.length > FUNCTIONS_PER_SERVICE_LIMIT) {
    problems.push({ span: get(config, 'functions')!.span, message: pastLimit.functions(items.length), kind: 'limit' });
  }
  const functions = items
    .slice(0, FUNCTIONS_PER_SERVICE_LIMIT)
    .filter(({ key }) => browserFacing?.(key) !== false)
    .map(({ key, keySpan, value }) => buildFunction(key, keySpan, value, provider));
  const resources = buildResources(config);
  return {
    ...input,
    problems,
    service: serviceName(get(config, 'service')),
    provider,
    functions,
    restPaths: mergeRestPaths(functions),
    resources,
    resourcesTarget: resourcesTarget(config),
    gatewayResponses: resources.filter((r) => r.type === 'AWS::ApiGateway::GatewayResponse').map(gatewayResponse),
    resourcesUnknown: resourcesUnknown(get(config, 'resources')),
    plugins: pluginNames(get(config, 'plugins')),
  };
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

function buildProvider(node: CfgValue | undefined): ProviderDef {
  return {
    node,
    runtime: asString(get(node, 'runtime')),
    restApiId: getPath(node, 'apiGateway', 'restApiId'),
    httpApiCors: getPath(node, 'httpApi', 'cors'),
    httpApiId: getPath(node, 'httpApi', 'id'),
  };
}

function buildFunction(name: string, nameSpan: Span, node: CfgValue, provider: ProviderDef): FunctionDef {
  const handlerNode = get(node, 'handler');
  const fn: FunctionDef = {
    name,
    nameSpan,
    node,
    handler: asString(handlerNode),
    handlerSpan: handlerNode?.span,
    runtime: asString(get(node, 'runtime')) ?? provider.runtime,
    image: get(node, 'image') !== undefined,
    events: [],
    urlCors: urlCors(get(node, 'url')),
  };
  const events = get(node, 'events');
  if (events?.kind === 'seq') {
    for (const ev of events.items) {
      const http = entry(ev, 'http');
      const httpApi = entry(ev, 'httpApi');
      const built: EventDef | undefined = http
        ? httpEvent(fn, http.value)
        : httpApi
          ? httpApiEvent(fn, httpApi.value)
          : undefined;
      if (built) fn.events.push(built);
    }
  }
  return fn;
}

function urlCors(url: CfgValue | undefined): CfgValue | undefined {
  const cors = get(url, 'cors');
  if (!cors || asBoolean(cors) === false) return undefined;
  return cors;
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
  return { method: m === '*' ? 'ANY' : m, path: p, route: `${m === '*' ? 'ANY' : m} ${p}` };
}

function httpEvent(fn: FunctionDef, node: CfgValue): HttpEvent {
  const mp = methodAndPath(node);
  const { method, path, route } = routeOf(mp.method, mp.path);
  const event: HttpEvent = {
    kind: 'http',
    fn,
    node,
    method,
    path,
    pathKey: (mp.path ?? '?').replace(/^\//, '').replace(/\/$/, ''),
    route,
    integration: integrationOf(node),
    private: asBoolean(get(node, 'private')) === true,
  };
  const cors = entry(node, 'cors');
  if (cors) {
    if (cors.value.kind === 'unknown') event.corsUnknown = true;
    else event.cors = restCors(cors.value, cors.keySpan);
  }
  const auth = get(node, 'authorizer');
  if (auth) event.authorizer = authorizer(auth);
  return event;
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
    origin: '*',
    origins: [],
    originUnknown: false,
    headers: DEFAULT_CORS_HEADERS,
    headersUnknown: false,
    allowCredentials: false,
  };
  if (node.kind !== 'map') return cors;

  const originsNode = get(node, 'origins');
  const originNode = get(node, 'origin');
  if (originsNode) {
    cors.origin = undefined;
    cors.originsNode = originsNode;
    const list = asStringList(originsNode);
    if (!list || list.some((o) => o === undefined)) cors.originUnknown = true;
    cors.origins = (list ?? []).filter((o): o is string => o !== undefined);
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
      cors.origins = [...cors.origins, ...origin.split(',').map((o) => o.trim())];
    } else cors.origin = origin;
  }
  const headersNode = get(node, 'headers');
  if (headersNode) {
    const list = asStringList(headersNode);
    cors.headersNode = headersNode;
    cors.headersUnknown = !list || list.some((h) => h === undefined);
    cors.headers = (list ?? []).filter((h): h is string => h !== undefined);
  }
  const credNode = get(node, 'allowCredentials');
  if (credNode) {
    cors.allowCredentialsNode = credNode;
    cors.allowCredentials = asBoolean(credNode) ?? 'unknown';
  }
  return cors;
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
      p.origins = [...new Set([...ev.cors.origins, ...p.origins])];
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

function authorizer(node: CfgValue): AuthorizerDef {
  const s = asString(node);
  if (s !== undefined) {
    if (s.toUpperCase() === 'AWS_IAM') return { kind: 'iam', node, identityHeader: 'Authorization' };
    if (s.startsWith('arn:aws:cognito-idp')) return { kind: 'cognito', node, identityHeader: 'Authorization' };
    return { kind: 'lambda', node, identityHeader: 'Authorization', ...(!s.startsWith('arn:') && { functionName: s }) };
  }
  if (node.kind !== 'map') return { kind: 'unknown', node };
  const type = asString(get(node, 'type'))?.toUpperCase();
  const identity = identityHeader(get(node, 'identitySource'), type, get(node, 'resultTtlInSeconds'));
  if (type && get(node, 'authorizerId')) return { kind: 'shared', node, identityHeader: identity };
  if (type === 'AWS_IAM') return { kind: 'iam', node, identityHeader: 'Authorization' };
  const arn = asString(get(node, 'arn'));
  if (type === 'COGNITO_USER_POOLS' || arn?.startsWith('arn:aws:cognito-idp')) {
    return { kind: 'cognito', node, identityHeader: identity };
  }
  const name = asString(get(node, 'name'));
  return { kind: 'lambda', node, identityHeader: identity, ...(name !== undefined && arn === undefined && get(node, 'arn') === undefined && { functionName: name }) };
}

/** The header named by `identitySource`, defaulting like validate.js `getAuthorizer`. */
function identityHeader(source: CfgValue | undefined, type: string | undefined, ttl: CfgValue | undefined): string | undefined {
  if (!source) {
    if (type === 'REQUEST' && asString(ttl) === '0') return undefined;
    return 'Authorization';
  }
  const first = asString(source)?.split(',')[0].trim();
  const m = first?.match(/^method\.request\.header\.(.+)$/);
  return m ? m[1] : undefined;
}

function httpApiEvent(fn: FunctionDef, node: CfgValue): HttpApiEvent {
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
    authorizer: auth ? authorizer(auth) : undefined,
    corsNode: get(node, 'cors'),
  };
}

function buildResources(config: CfgValue): ResourceDef[] {
  const res = get(config, 'resources');
  const lists = res?.kind === 'seq' ? res.items : res ? [res] : [];
  return mapItems({ kind: 'seq', span: res?.span ?? config.span, items: lists.map((r) => get(r, 'Resources')).filter(isDefined) })
    .map(({ key, keySpan, value }) => ({ logicalId: key, idSpan: keySpan, node: value, type: asString(get(value, 'Type')) }));
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

function gatewayResponse(resource: ResourceDef): GatewayResponseDef {
  const props = get(resource.node, 'Properties');
  const params = get(props, 'ResponseParameters');
  const headers: GatewayResponseDef['headers'] = new Map();
  if (params?.kind === 'map') {
    for (const e of params.entries) {
      const m = e.key.match(/^gatewayresponse\.header\.(.+)$/i);
      if (m) headers.set(m[1].toLowerCase(), { name: m[1], value: e.value, keySpan: e.keySpan });
    }
  }
  const typeNode = get(props, 'ResponseType');
  return {
    resource,
    responseType: asString(typeNode),
    responseTypeNode: typeNode,
    headers,
    parametersNode: params,
    restApiId: get(props, 'RestApiId'),
  };
}

function pluginNames(v: CfgValue | undefined): string[] {
  const list = v?.kind === 'map' ? get(v, 'modules') : v;
  return (asStringList(list) ?? []).filter(isDefined);
}
