import type { ConfigProblem } from '../config/load.js';
import type { CfgMap, CfgValue } from '../config/tree.js';
import type { Span } from '../source.js';

/** A place in the configuration that a model value was read from: rules point at its span, the fixer edits it. */
export type ConfigNode = CfgValue;

/**
 * The service as rules see it (RULES.md A1–A7). Every value keeps the config node it came from,
 * so a finding can point at the line of the file that holds it. No rule logic lives here.
 */
export interface Project {
  /** Absolute path of serverless.yml / .yaml / .json. */
  configFile: string;
  serviceDir: string;
  /** The repository root: nothing outside it is read. */
  repoRoot: string;
  /** The resolved configuration. */
  config: CfgValue;
  service?: string;
  stage: string;
  provider: ProviderDef;
  functions: FunctionDef[];
  /** REST CORS after the framework's per-path merge, one per path with a cors-enabled event. */
  restPaths: RestPath[];
  /** `resources.Resources` entries after merging `resources` arrays and `${file()}` pulls. */
  resources: ResourceDef[];
  /** Where new entries of `resources.Resources` go (undefined when `resources` is not a plain map). */
  resourcesTarget: ResourcesTarget;
  gatewayResponses: GatewayResponseDef[];
  /** Some `resources` content cannot be known (a variable): resource checks stay quiet. */
  resourcesUnknown: boolean;
  plugins: string[];
  /** Config problems found while loading: syntax errors, unresolvable `${file()}`, cycles. */
  problems: ConfigProblem[];
}

/**
 * Where a fix can add an entry to `resources.Resources`: the deepest plain map of this file on the
 * way there and the keys still to create below it (the new logical id comes last).
 */
export type ResourcesTarget = { kind: 'path'; map: CfgMap; path: string[] } | { kind: 'none'; reason: string };

export interface ProviderDef {
  node?: CfgValue;
  runtime?: string;
  /** `provider.apiGateway.restApiId`: the REST API is owned by another stack. */
  restApiId?: CfgValue;
  /** `provider.httpApi.cors`. */
  httpApiCors?: CfgValue;
  /** `provider.httpApi.id`: an external HTTP API. */
  httpApiId?: CfgValue;
}

export interface FunctionDef {
  name: string;
  nameSpan: Span;
  node: CfgValue;
  /** `handler:` as written after variable resolution, e.g. `src/api.hello`. */
  handler?: string;
  handlerSpan?: Span;
  /** The function's runtime, else the provider's. */
  runtime?: string;
  /** Container image functions have no handler source. */
  image: boolean;
  events: EventDef[];
  /** `url.cors` when the function has a Function URL with CORS. */
  urlCors?: CfgValue;
}

export type EventDef = HttpEvent | HttpApiEvent;

export type Integration = 'AWS_PROXY' | 'AWS' | 'HTTP' | 'HTTP_PROXY' | 'MOCK' | 'unknown';

export interface HttpEvent {
  kind: 'http';
  fn: FunctionDef;
  node: CfgValue;
  /** Upper case: GET, POST, …, ANY. */
  method: string;
  /** The path as written, with a leading `/`. */
  path: string;
  /** The framework's per-path key: leading and trailing `/` stripped. */
  pathKey: string;
  /** `GET /product/{id}`. */
  route: string;
  integration: Integration;
  cors?: RestCors;
  /** `cors:` is a variable that cannot be resolved: whether CORS is on is unknown. */
  corsUnknown?: true;
  authorizer?: AuthorizerDef;
  private: boolean;
}

export interface HttpApiEvent {
  kind: 'httpApi';
  fn: FunctionDef;
  node: CfgValue;
  method: string;
  path: string;
  route: string;
  authorizer?: AuthorizerDef;
  /** `cors` written under the event (not in the framework's schema: ignored). */
  corsNode?: CfgValue;
}

/**
 * One event's `cors` with the framework's defaults applied (RULES.md A1). Values that cannot be
 * known are undefined; `node` fields point at the text that set them (or at `cors: true`).
 */
export interface RestCors {
  node: CfgValue;
  /** The event's own `cors` key: where related locations point, even when the value comes from a variable. */
  keySpan: Span;
  /** `origin` after defaults; undefined when `origins` replaces it or the value is unknown. */
  origin?: string;
  originNode?: CfgValue;
  /** `origins` (and a comma-separated `origin` split as the framework does). */
  origins: string[];
  originsNode?: CfgValue;
  /** Some origin value is a variable that cannot be resolved. */
  originUnknown: boolean;
  headers: string[];
  headersNode?: CfgValue;
  headersUnknown: boolean;
  allowCredentials: boolean | 'unknown';
  allowCredentialsNode?: CfgValue;
}

/** The preflight of one REST path after the framework's per-path merge. */
export interface RestPath {
  pathKey: string;
  events: HttpEvent[];
  /** Last event's `origin` wins. */
  origin?: string;
  originEvent?: HttpEvent;
  origins: string[];
  originUnknown: boolean;
  /** OR over the events; 'unknown' when some event's value is unknown and none is true. */
  allowCredentials: boolean | 'unknown';
  /** The first event whose `allowCredentials` turned credentials on. */
  credentialsEvent?: HttpEvent;
}

export interface AuthorizerDef {
  kind: 'lambda' | 'cognito' | 'iam' | 'shared' | 'unknown';
  node: CfgValue;
  /** The request header carrying the identity, when known (default `Authorization`). */
  identityHeader?: string;
  /** A `lambda` authorizer that is a function of this service: its name under `functions`. */
  functionName?: string;
}

export interface ResourceDef {
  logicalId: string;
  idSpan: Span;
  node: CfgValue;
  type?: string;
}

export interface GatewayResponseDef {
  resource: ResourceDef;
  responseType?: string;
  responseTypeNode?: CfgValue;
  /** `ResponseParameters`, keyed by lower-case header name (after `gatewayresponse.header.`). */
  headers: Map<string, { name: string; value: CfgValue; keySpan: Span }>;
  parametersNode?: CfgValue;
  restApiId?: CfgValue;
}
