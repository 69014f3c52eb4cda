import type { ConfigProblem } from '../config/load.js';
import type { Span } from '../source.js';

/**
 * The service as rules see it: what the framework makes of the configuration, with its defaults
 * applied once (docs/cors-semantics.md), every value still pointing at the text it came from so a
 * finding can name the line that holds it. Rules read these values, never the YAML behind them
 * (docs/architecture.md#configuration-and-model). No rule logic lives here.
 */

/**
 * A place in the configuration a model value was read from. Rules point at its span and hand it
 * to the fixer, which alone edits the text behind it; whether that text is shared through a
 * variable or written here is told by isShared and writtenInFile (config-node.ts).
 */
export interface ConfigNode {
  readonly span: Span;
}

/** A setting as written: its value as the framework reads it (undefined when it cannot be known), and where it is. */
export interface Setting<T> {
  value?: T;
  node: ConfigNode;
}

/** A list setting. A single value is a one-item list, as the framework's validator coerces it. */
export interface ListSetting {
  node: ConfigNode;
  /** Every item, as text; undefined when the setting or one of its items cannot be known. */
  values?: string[];
  /** Each item with where it is written (`value` undefined for one that cannot be known). */
  items: Setting<string>[];
  /** Written as one value rather than a list. */
  single: boolean;
}

export interface Project {
  /** Absolute path of serverless.yml / .yaml / .json. */
  configFile: string;
  serviceDir: string;
  /** The repository root: nothing outside it is read. */
  repoRoot: string;
  /** The whole configuration: where a fix adds top-level settings. */
  root: ConfigNode;
  service?: string;
  stage: string;
  provider: ProviderDef;
  functions: FunctionDef[];
  /**
   * Some functions or their events cannot be known (a variable, or code of a program config that is
   * not read): checks that need every function, such as "no function has an http event", stay quiet.
   */
  functionsUnknown: boolean;
  /** REST CORS after the framework's per-path merge, one per path with a cors-enabled event. */
  restPaths: RestPath[];
  /** `resources.Resources` entries after merging `resources` arrays and `${file()}` pulls. */
  resources: ResourceDef[];
  /** Where new entries of `resources.Resources` go (undefined when `resources` is not a plain map). */
  resourcesTarget: ResourcesTarget;
  gatewayResponses: GatewayResponseDef[];
  /** The REST API the service's `http` events are on, as far as its gateway responses go. */
  restApi: RestApiDef;
  /** The names other stacks may reach this stack's REST APIs by (its outputs and exports). */
  restApiExports: RestApiExport[];
  /** Some `resources` content cannot be known (a variable): resource checks stay quiet. */
  resourcesUnknown: boolean;
  plugins: string[];
  /** Why `functions` (or one of the lists it merges) cannot be read: which functions exist is unknown. */
  functionsUnread?: string;
  /** Config problems found while loading: syntax errors, unresolvable `${file()}`, cycles. */
  problems: ConfigProblem[];
  /** Why the configuration is not linted as a Framework service (another provider, a compose file, a Serverless Components config). */
  notLinted?: string;
}

/**
 * Where the REST API of a service's `http` events is defined, and so where its gateway responses live:
 * - `stack`: in this stack: `ApiGatewayRestApi`, which the framework creates, or the `AWS::ApiGateway::RestApi`
 *   that `provider.apiGateway.restApiId` references (`!Ref X`, `!GetAtt X.RestApiId`);
 * - `sibling`: in another service of the repository, found through the name it exports the API's id by;
 * - `external`: elsewhere, or where cannot be known: its gateway responses are unknown.
 */
export type RestApiDef = { kind: 'stack'; logicalId: string } | { kind: 'sibling'; reference: ApiReference; owner: RestApiOwner } | { kind: 'external' };

/**
 * How one stack names a REST API another stack defines: `Fn::ImportValue` of an export, `${cf:stack.Output}`,
 * `${output:service.key}` (Serverless Dashboard outputs), or the API's id written as a literal.
 */
export type ApiReference =
  | { kind: 'import'; name: string }
  | { kind: 'cf'; stack: string; output: string }
  | { kind: 'output'; service: string; key: string }
  | { kind: 'literal'; id: string };

/** A name this stack gives one of its REST APIs (`logicalId`) for other stacks. */
export interface RestApiExport {
  reference: ApiReference;
  logicalId: string;
  /** Where the API is defined: its resource, else the output that names the API the framework creates. */
  at: Span;
}

/** The service of the repository whose stack defines a shared REST API. */
export interface RestApiOwner {
  configFile: string;
  service?: string;
  /** Where the owner defines the API (its RestApi resource, else its `provider`), or holds its gateway responses. */
  at: Span;
  /** The names the repository's stacks may reach the API by (the owner's exports of it, or its literal id). */
  names: ApiReference[];
  /**
   * The gateway responses for the API defined in the repository's other stacks (the owner's, and those
   * siblings add naming it); undefined when they cannot be known (part of the owner's `resources` is).
   */
  gatewayResponses?: GatewayResponseDef[];
}

/**
 * Where a fix can add an entry to `resources.Resources`: the deepest plain map of this file on the
 * way there and the keys still to create below it (the new logical id comes last).
 */
export type ResourcesTarget = { kind: 'path'; map: ConfigNode; path: string[] } | { kind: 'none'; reason: string };

export interface ProviderDef {
  runtime?: string;
  /** `provider.apiGateway.restApiId`: the REST API is owned by another stack. */
  restApiId?: Setting<string>;
  /** `provider.apiGateway.restApiResources` is set: the API's paths are shared with the stack that owns it. */
  restApiResources: boolean;
  /** `provider.httpApi.cors`, when written. */
  httpApiCors?: V2Cors;
  /** `provider.httpApi.id`: an external HTTP API. */
  externalHttpApi: boolean;
}

export interface FunctionDef {
  name: string;
  nameSpan: Span;
  node: ConfigNode;
  /** Why the definition or its events cannot be read (an import a program config cannot follow): the function is not fully analysed. */
  unread?: string;
  /** `handler:` as written after variable resolution, e.g. `src/api.hello`. */
  handler?: string;
  handlerSpan?: Span;
  /** The function's runtime, else the provider's. */
  runtime?: string;
  /** Container image functions have no handler source. */
  image: boolean;
  events: EventDef[];
  /** The function lists events (of any kind, or hidden by a variable). */
  declaresEvents: boolean;
  /** Every event it lists is an `httpApi` event (other events, ALB's say, may carry fields payload 2.0 lacks). */
  onlyHttpApiEvents: boolean;
  /**
   * The payload format of its `httpApi` events: `functions.<fn>.httpApi.payload`, else
   * `provider.httpApi.payload`, else the framework's default 2.0; 'unknown' when not a plain string.
   */
  httpApiPayload: '1.0' | '2.0' | 'unknown';
  /** `url:` is written: the function has a Function URL, with or without CORS. */
  hasUrl: boolean;
  /** `url.cors` when it is not off. */
  urlCors?: V2Cors;
  /** `cors` written on the function itself, where the framework ignores it. */
  corsKeySpan?: Span;
}

export type EventDef = HttpEvent | HttpApiEvent;

export type Integration = 'AWS_PROXY' | 'AWS' | 'HTTP' | 'HTTP_PROXY' | 'MOCK' | 'unknown';

export interface HttpEvent {
  kind: 'http';
  fn: FunctionDef;
  node: ConfigNode;
  /** Upper case: GET, POST, …, ANY. */
  method: string;
  /** Where the method is written (the event itself in the `GET /path` shorthand). */
  methodNode: ConfigNode;
  /** The path as written, with a leading `/`. */
  path: string;
  /** The framework's per-path key: leading and trailing `/` stripped. */
  pathKey: string;
  /** `GET /product/{id}`. */
  route: string;
  integration: Integration;
  /** `integration:` as written, for messages. */
  integrationText?: string;
  cors?: RestCors;
  /** `cors:` is a variable that cannot be resolved: whether CORS is on is unknown. */
  corsUnknown?: true;
  /**
   * The Access-Control-Allow-Origin the framework writes into every integration response of a
   * cors-enabled lambda (or `async`), http or mock event: `origins` joined with commas, else
   * `origin` (docs/cors-semantics.md#integrations). Undefined when no such header is written, the
   * user's `response.headers` replace it, or a value is unknown.
   */
  integrationOrigin?: { value: string; node: ConfigNode };
  authorizer?: AuthorizerDef;
  private: boolean;
  /**
   * Where the event's protection is written: its `authorizer` or `private` value, or the event.
   * When the value comes through a variable, the key, which belongs to this event.
   */
  guardSpan: Span;
}

export interface HttpApiEvent {
  kind: 'httpApi';
  fn: FunctionDef;
  node: ConfigNode;
  method: string;
  path: string;
  route: string;
  authorizer?: AuthorizerDef;
  /** `cors` written under the event: not in the framework's schema, so ignored. */
  corsKeySpan?: Span;
}

/** One origin a REST preflight admits by pattern: an `origins` item, or a part of a comma-separated `origin`. */
export interface OriginPattern {
  value: string;
  node: ConfigNode;
  /** One of several origins of a comma-separated `origin`, all written in `node`. */
  split: boolean;
}

/** `maxAge` or `cacheControl` where written: its text, undefined when empty, 'unknown' behind a variable. */
export interface CorsScalar {
  text?: string;
  node: ConfigNode;
}

/**
 * One event's `cors` with the framework's defaults applied (docs/cors-semantics.md#rest-cors).
 * Values that cannot be known are undefined.
 */
export interface RestCors {
  /** The `cors` value: an object of settings, or `true`. */
  node: ConfigNode;
  /** The event's own `cors` key: where related locations point, even when the value comes from a variable. */
  keySpan: Span;
  /** Written as an object of settings (not `cors: true`). */
  object: boolean;
  /** The keys the object holds. */
  keys: string[];
  /** `origin` after defaults (`*`); undefined when `origins` replaces it, it holds several origins, or it is unknown. */
  origin?: string;
  /** Where `origin` is written. */
  originNode?: ConfigNode;
  /** The patterns of `origins` and of a comma-separated `origin`, split as the framework splits it. */
  origins: OriginPattern[];
  /** `origins` as written. */
  originsList?: ListSetting;
  /** Some origin value is a variable that cannot be resolved. */
  originUnknown: boolean;
  /** `headers` after defaults. */
  headers: string[];
  /** `headers` as written; undefined when the default list applies. */
  headersList?: ListSetting;
  headersUnknown: boolean;
  allowCredentials: boolean | 'unknown';
  allowCredentialsNode?: ConfigNode;
  /** `methods`, upper case (none when not written); undefined when one is a variable. */
  methods?: string[];
  maxAge?: CorsScalar;
  cacheControl?: CorsScalar;
}

/**
 * CORS of an HTTP API (`provider.httpApi.cors`) or of a Function URL (`url.cors`), which share a
 * shape (docs/cors-semantics.md#http-api, #function-urls). Unwritten settings are undefined; their
 * defaults are the framework's (`*` for allowedOrigins, the default allowed headers).
 */
export interface V2Cors {
  node: ConfigNode;
  keySpan: Span;
  /** True for an object of settings or `true`, false for `false` or an empty value, 'unknown' otherwise. */
  on: boolean | 'unknown';
  /** Written as an object of settings. */
  object: boolean;
  /** A variable that cannot be resolved. */
  variable: boolean;
  /** The keys the object holds. */
  keys: string[];
  allowedOrigins?: ListSetting;
  allowedHeaders?: ListSetting;
  allowedMethods?: ListSetting;
  allowCredentials?: Setting<boolean>;
}

/** The preflight of one REST path after the framework's per-path merge. */
export interface RestPath {
  pathKey: string;
  events: HttpEvent[];
  /** Last event's `origin` wins. */
  origin?: string;
  originEvent?: HttpEvent;
  /** The union of the events' origin patterns. */
  origins: string[];
  originUnknown: boolean;
  /** OR over the events; 'unknown' when some event's value is unknown and none is true. */
  allowCredentials: boolean | 'unknown';
  /** The first event whose `allowCredentials` turned credentials on. */
  credentialsEvent?: HttpEvent;
}

export interface AuthorizerDef {
  kind: 'lambda' | 'cognito' | 'iam' | 'shared' | 'unknown';
  node: ConfigNode;
  /** The whole value is a variable that cannot be resolved: nothing is known of it. */
  variable: boolean;
  /**
   * The request headers carrying the identity, as far as known: REST's `identitySource` (by
   * default Authorization), the `$request.header.*` sources of the HTTP API authorizer named.
   */
  identityHeaders: string[];
  /** A `lambda` authorizer that is a function of this service: its name under `functions`. */
  functionName?: string;
}

export interface ResourceDef {
  logicalId: string;
  idSpan: Span;
  node: ConfigNode;
  type?: string;
}

/** One `ResponseParameters` entry of a gateway response. */
export interface GatewayParameter {
  key: string;
  keySpan: Span;
  node: ConfigNode;
  /** The value when it is a plain scalar (a number stays a number); undefined when empty, a map or unknown. */
  value?: string | number | boolean;
}

export interface GatewayResponseDef {
  resource: ResourceDef;
  responseType?: string;
  responseTypeNode?: ConfigNode;
  /** `ResponseParameters`, in order; none when it is not a map. */
  parameters: GatewayParameter[];
  /** The `gatewayresponse.header.*` parameters, keyed by lower-case header name, with the name as written. */
  headers: Map<string, GatewayParameter & { name: string }>;
  /** `ResponseParameters` is a variable that cannot be resolved. */
  parametersUnknown: boolean;
  /** `RestApiId`: a `{Ref: X}` names `ref`, a plain string is `literal`, and a name another stack exports is `reference`. */
  restApi?: { ref?: string; literal?: string; reference?: ApiReference; node: ConfigNode };
  /** `Properties.StatusCode` as written. */
  statusCode?: string;
}
