import type { Span } from '../../source.js';
import { fork, isNullish, literal, newObj, newState, NULL, options, union, UNKNOWN, writableObj } from '../values.js';
import { callFastApiModel } from './fastapi.js';
import { callFlaskModel } from './flask.js';
import { children, textOf } from './parse.js';
import type { Args, Heap, LibraryModel, ModelHost, Prop, Py, PyFunction, PyModule, RawResponse, Value, Wrapper } from './values.js';

/**
 * Models of the Python handler libraries (docs/cors-semantics.md#handler-libraries):
 * dschep/lambda-decorators and Powertools for AWS Lambda (Python) event handlers, plus the
 * Powertools Logger/Tracer/Metrics decorators that commonly sit on the same handler and leave
 * responses alone. Undefined: not modelled.
 */
export function callExtModel(name: string, args: Args, host: ModelHost): Value | undefined {
  const app = callFlaskModel(name, args, host) ?? callFastApiModel(name, args, host);
  if (app) return app;
  const [first] = args.positional;
  const target = first?.kind === 'function' ? first.fn : undefined;
  const decorator = name.startsWith('lambda_decorators.') ? lambdaDecorator(name.slice('lambda_decorators.'.length), args) : undefined;
  if (decorator) return target ? decorator.decorate(target, args.span) : { kind: 'library', model: decorator };
  const powertools = /^aws_lambda_powertools\.event_handler(?:\.api_gateway)?\.(\w+)$/.exec(name)?.[1];
  if (powertools === 'CORSConfig') return { kind: 'library', model: new CorsConfig(args) };
  if (powertools && RESOLVERS.has(powertools)) return { kind: 'library', model: new Resolver(powertools, args, host.module) };
  if (/^aws_lambda_powertools(?:\.\w+)*\.(Logger|Tracer|Metrics|EphemeralMetrics)$/.test(name)) return { kind: 'library', model: new Observability() };
  // `functools.wraps(f)` is called with the wrapped function and makes the decorator of the wrapper.
  if (name === 'functools.wraps') return { kind: 'library', model: new Transparent(name) };
  if (TRANSPARENT.has(name)) return target ? first : { kind: 'library', model: new Transparent(name) };
  return undefined;
}

/** Decorators that leave the responses as they are (`functools.wraps(f)` is applied to a wrapper). */
const TRANSPARENT = new Set([
  'functools.wraps',
  'functools.lru_cache',
  'functools.cache',
  'lambda_decorators.async_handler',
  'lambda_decorators.ssm_parameter_store',
  'lambda_decorators.secrets_manager',
  'lambda_decorators.secret_manager',
  'aws_lambda_powertools.utilities.data_classes.event_source',
]);

class Transparent implements LibraryModel {
  constructor(readonly describe: string) {}

  call(args: Args): Value {
    const [first] = args.positional;
    return first?.kind === 'function' ? first : { kind: 'library', model: this };
  }

  decorate(fn: PyFunction): Value {
    return { kind: 'function', fn };
  }
}

// ---- lambda-decorators ---------------------------------------------------------------------

/** Wrappers keyed by name; each one is a decorator that takes no arguments or keyword options. */
function lambdaDecorator(name: string, args: Args): Wrapping | undefined {
  if (name === 'cors_headers') return corsHeaders(args);
  const added = ADDED_RESPONSES.get(name);
  if (added) return new Wrapping(name, (responses, span, heap) => [...responses, ...added(args).map((status) => errorResponse(status, span, heap))]);
  if (name === 'json_http_resp') {
    // The handler's return value becomes the body of a new response without headers.
    return new Wrapping(name, (responses, span, heap) => [
      ...responses.map((r) => ({ ...errorResponse(undefined, span, heap), site: r.site })),
      errorResponse(500, span, heap),
    ]);
  }
  return undefined;
}

/** Responses the decorator itself returns, by status: these never carry headers. (A Map: decorator names are the project's.) */
const ADDED_RESPONSES = new Map<string, (args: Args) => number[]>([
  ['load_json_body', () => [400]],
  ['load_urlencoded_body', () => [400]],
  ['dump_json_body', () => [500]],
  ['no_retry_on_failure', () => [200]],
  [
    'json_schema_validator',
    (args) => [
      ...(args.keywords.has('request_schema') || args.positional[0] ? [400] : []),
      ...(args.keywords.has('response_schema') || args.positional[1] ? [500] : []),
    ],
  ],
]);

/** A decorator that rewrites the responses of the function it wraps. */
class Wrapping implements LibraryModel {
  constructor(
    readonly describe: string,
    private readonly rewrite: (responses: RawResponse[], span: Span, heap: Heap) => RawResponse[],
  ) {}

  call(args: Args): Value {
    const [first] = args.positional;
    return first?.kind === 'function' ? this.decorate(first.fn, args.span) : { kind: 'library', model: this };
  }

  decorate(fn: PyFunction, span: Span): Value {
    const wrapper: Wrapper = { apply: (responses, heap) => this.rewrite(responses, span, heap) };
    return { kind: 'function', fn: { ...fn, wrappers: [...fn.wrappers, wrapper] } };
  }
}

/** A `{statusCode, body}` response made at the decorator (`builtAt` and site). */
function errorResponse(status: number | undefined, span: Span, heap: Heap): RawResponse {
  const state = newState<Py>();
  const entries = new Map<string, Prop>();
  entries.set('statusCode', { value: status === undefined ? UNKNOWN : literal(status), span, valueSpan: span, always: true });
  entries.set('body', { value: UNKNOWN, span, valueSpan: span, always: true });
  return { site: span, value: newObj(state, heap, { props: entries, open: false }, span), state };
}

/**
 * `@cors_headers`, `@cors_headers('https://x')`, `@cors_headers(origin=…, credentials=True)`:
 * `response.setdefault('headers', {})`, then ACAO is assigned (replacing the handler's own) and
 * ACAC set to Python `True` when `credentials` is truthy. A `None` response becomes `{}` first.
 */
function corsHeaders(args: Args): Wrapping {
  const [first, second, third] = args.positional;
  const positional = first && first.kind !== 'function' && !isNullish(first) ? first : undefined;
  const originArg = args.keywords.get('origin');
  const origin = originArg
    ? { value: originArg.value, span: originArg.valueSpan }
    : positional
      ? { value: positional, span: args.span }
      : { value: second ?? literal('*') };
  const credentialsArg = args.keywords.get('credentials');
  const credentials = credentialsArg?.value ?? third;
  const withCredentials = credentials && !(credentials.kind === 'literal' && !credentials.value);
  return new Wrapping('cors_headers', (responses, span, heap) =>
    responses.map((raw) => {
      const entries = new Map<string, Prop>();
      entries.set('Access-Control-Allow-Origin', { value: origin.value, span, valueSpan: origin.span ?? span, always: true });
      if (withCredentials) {
        const known = credentials.kind === 'literal';
        entries.set('Access-Control-Allow-Credentials', {
          value: known ? literal(true) : UNKNOWN,
          span,
          valueSpan: credentialsArg?.valueSpan ?? args.span,
          always: known,
        });
      }
      return addHeaders(raw, entries, span, heap);
    }),
  );
}

/** `response.setdefault('headers', {}).update(entries)` on each dict the response may be. */
function addHeaders(raw: RawResponse, entries: Map<string, Prop>, span: Span, heap: Heap): RawResponse {
  const state = fork(raw.state);
  const headersEntry = (open: boolean): Prop => ({ value: newObj(state, heap, { props: new Map(entries), open: open }), span, valueSpan: span, always: true });
  const value = union(
    options(raw.value).map((o): Value => {
      if (isNullish(o)) return newObj(state, heap, { props: new Map([['headers', headersEntry(false)]]), open: false }, span);
      if (o.kind !== 'object')
        return o.kind === 'literal' || o.kind === 'array' ? o : newObj(state, heap, { props: new Map([['headers', headersEntry(true)]]), open: true });
      const response = writableObj(state, heap, o.id);
      const existing = response.props.get('headers');
      for (const h of existing ? options(existing.value) : []) if (h.kind === 'object') setHeaders(writableObj(state, heap, h.id).props, entries);
      if (!existing || !existing.always) {
        const made = headersEntry(false);
        response.props.set('headers', existing ? { ...made, value: union([existing.value, made.value]) } : made);
      }
      return o;
    }),
  );
  return { ...raw, value, state };
}

/** Assigns headers, replacing an entry that differs only in case (it names the same header). */
function setHeaders(target: Map<string, Prop>, added: Map<string, Prop>): void {
  for (const [name, entry] of added) {
    for (const key of [...target.keys()]) if (key.toLowerCase() === name.toLowerCase()) target.delete(key);
    target.set(name, entry);
  }
}

// ---- Powertools event handler --------------------------------------------------------------

const RESOLVERS = new Set([
  'APIGatewayRestResolver',
  'APIGatewayHttpResolver',
  'ApiGatewayResolver',
  'ALBResolver',
  'LambdaFunctionUrlResolver',
  'VPCLatticeResolver',
  'VPCLatticeV2Resolver',
]);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'route']);
/** CORSConfig's `_REQUIRED_HEADERS`, always part of Access-Control-Allow-Headers. */
const REQUIRED_HEADERS = ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Api-Key', 'X-Amz-Security-Token'];

class CorsConfig implements LibraryModel {
  readonly describe = 'CORSConfig';
  constructor(readonly args: Args) {}
}

/**
 * `APIGatewayRestResolver(cors=CORSConfig(...))`. Routes register themselves through
 * `@app.get(..., cors=…)`; `app.resolve(event, context)` is one response whose CORS headers
 * follow CORSConfig: ACAO is `allow_origin` (default `*`), or the allowlisted request origin
 * when `extra_origins` is given; ACAC `"true"` only with `allow_credentials=True` and an origin
 * other than `*` (dropped for `*` since aws-powertools/powertools-lambda-python#4638).
 */
class Resolver implements LibraryModel {
  readonly describe: string;
  private readonly cors: { config?: CorsConfig; span: Span } | undefined;
  private readonly corsUnknown: boolean;
  /** `cors=` of each route decorator (undefined: not given). */
  private readonly routes: Array<Value | undefined> = [];
  private includesRouters = false;

  constructor(
    kind: string,
    args: Args,
    private readonly module: PyModule,
  ) {
    this.describe = kind;
    const cors = args.keywords.get('cors');
    const config = cors && options(cors.value).find((o) => o.kind === 'library' && o.model instanceof CorsConfig);
    this.cors = config?.kind === 'library' ? { config: config.model as CorsConfig, span: cors!.span } : undefined;
    this.corsUnknown = !!cors && !config && !isNullish(cors.value);
  }

  call(args: Args, host: ModelHost): Value {
    return this.resolve(args, host);
  }

  method(name: string, args: Args, host: ModelHost): Value | undefined {
    if (name === 'resolve') return this.resolve(args, host);
    if (name === 'include_router') {
      this.includesRouters = true;
      return NULL;
    }
    const cors = args.keywords.get('cors')?.value;
    if (ROUTE_METHODS.has(name)) this.routes.push(cors);
    // Route, exception-handler and middleware registrations return the function they decorate.
    return { kind: 'library', model: new Transparent(`${this.describe}.${name}`) };
  }

  private resolve(args: Args, host: ModelHost): Value {
    const span = args.span;
    const enabled = this.cors !== undefined;
    // A route's own `cors=` overrides the app's: with both kinds of route, CORS is on some paths only.
    const effective = this.routes.map((r) => (r === undefined ? enabled : r.kind === 'literal' ? !!r.value : undefined));
    const mixed = effective.some((e) => e !== enabled);
    const headers = new Map<string, Prop>();
    if ((enabled || mixed) && !this.corsUnknown) {
      for (const [name, entry] of powertoolsCorsHeaders(this.cors?.config, this.cors?.span ?? span))
        headers.set(name, mixed ? { ...entry, always: false } : entry);
    }
    const open = this.corsUnknown || this.includesRouters || routesSetHeaders(this.module);
    const entries = new Map<string, Prop>([
      ['statusCode', { value: UNKNOWN, span, valueSpan: span, always: true }],
      ['headers', { value: host.newObj(headers, open), span, valueSpan: span, always: true }],
      ['body', { value: UNKNOWN, span, valueSpan: span, always: true }],
    ]);
    return host.newObj(entries, false);
  }
}

function powertoolsCorsHeaders(config: CorsConfig | undefined, span: Span): Map<string, Prop> {
  const kw = config?.args.keywords ?? new Map<string, { value: Value; span: Span; valueSpan: Span }>();
  const at = config?.args.span ?? span;
  const out = new Map<string, Prop>();
  const allow = kw.get('allow_origin');
  const extra = kw.get('extra_origins');
  const extraGiven = !!extra && !(extra.value.kind === 'array' && extra.value.items.length === 0 && !extra.value.open) && !isNullish(extra.value);
  const origin = allow?.value ?? literal('*');
  const wildcard = origin.kind === 'literal' && origin.value === '*';
  const acao: Value =
    wildcard || !extraGiven ? (origin.kind === 'literal' && typeof origin.value === 'string' ? origin : UNKNOWN) : { kind: 'origin', allowlisted: true };
  out.set('Access-Control-Allow-Origin', {
    value: acao,
    span: (extraGiven ? extra : allow)?.span ?? at,
    valueSpan: (extraGiven ? extra : allow)?.valueSpan ?? at,
    always: true,
  });
  const allowHeaders = kw.get('allow_headers');
  const names = allowHeaders ? literalStrings(allowHeaders.value) : [];
  out.set('Access-Control-Allow-Headers', {
    value: names ? literal([...new Set([...REQUIRED_HEADERS, ...names])].sort().join(',')) : UNKNOWN,
    span: allowHeaders?.span ?? at,
    valueSpan: allowHeaders?.valueSpan ?? at,
    always: true,
  });
  const expose = kw.get('expose_headers');
  const exposed = expose && literalStrings(expose.value);
  if (expose && (exposed === undefined || exposed.length > 0)) {
    out.set('Access-Control-Expose-Headers', {
      value: exposed ? literal(exposed.join(',')) : UNKNOWN,
      span: expose.span,
      valueSpan: expose.valueSpan,
      always: exposed !== undefined,
    });
  }
  const credentials = kw.get('allow_credentials');
  const known = credentials?.value.kind === 'literal';
  if (credentials && !wildcard && !(known && credentials.value.kind === 'literal' && credentials.value.value !== true)) {
    out.set('Access-Control-Allow-Credentials', {
      value: literal('true'),
      span: credentials.span,
      valueSpan: credentials.valueSpan,
      always: known && acao.kind !== 'unknown',
    });
  }
  return out;
}

function literalStrings(v: Value): string[] | undefined {
  if (v.kind !== 'array' || v.open) return undefined;
  const out: string[] = [];
  for (const item of v.items) {
    if (item.kind !== 'literal' || typeof item.value !== 'string') return undefined;
    out.push(item.value);
  }
  return out;
}

/** Routes may add any header through `Response(..., headers=...)` (its fourth parameter). */
function routesSetHeaders(module: PyModule): boolean {
  const parsed = module.parsed;
  let found = false;
  parsed.tree.iterate({
    enter(ref) {
      if (found || ref.name !== 'CallExpression') return !found;
      const [callee, argList] = children(ref.node);
      const name = callee ? textOf(parsed, callee) : '';
      const bound = module.globals.get(name.split('.')[0]);
      const isResponse = name.endsWith('Response') && (bound?.kind !== 'package' || /aws_lambda_powertools/.test(bound.name));
      if (!isResponse || !argList) return true;
      const args = children(argList).filter((c) => !['(', ')'].includes(c.name));
      const commas = args.filter((c) => c.name === ',').length;
      found =
        args.some((c) => c.name === 'VariableName' && textOf(parsed, c) === 'headers' && c.nextSibling?.name === 'AssignOp') ||
        commas >= 3 ||
        args.some((c) => c.name === '**');
      return !found;
    },
  });
  return found;
}

/** Logger / Tracer / Metrics instances: their handler decorators leave responses alone. */
class Observability implements LibraryModel {
  readonly describe = 'Powertools utility';

  attribute(name: string): Value | undefined {
    if (['inject_lambda_context', 'capture_lambda_handler', 'log_metrics', 'capture_method', 'log_event'].includes(name)) {
      return { kind: 'library', model: new Transparent(name) };
    }
    return undefined;
  }
}
