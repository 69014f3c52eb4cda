import type { Span } from '../../source.js';
import type { CorsMiddlewareFact } from '../facts.js';
import { NULL, options } from '../values.js';
import { added, ALLOWED_ORIGIN, headerLiteral, ANY_ORIGIN, flag, PyApp, stringItems, UNKNOWN_VALUE, type AppMethod, type CorsRegistration } from './apps.js';
import type { Args, LibraryModel, ModelHost, Value } from './values.js';

/**
 * FastAPI / Starlette apps behind Mangum, with Starlette's CORSMiddleware (checked against
 * starlette 0.26.1, starlette/middleware/cors.py, which fastapi.middleware.cors re-exports):
 * `allow_origins` defaults to `()`, so without origins no response gets
 * Access-Control-Allow-Origin; `['*']` sends `*`, but with `allow_credentials=True` a request that
 * carries a Cookie gets its Origin echoed with `Access-Control-Allow-Credentials: true`; a list or
 * `allow_origin_regex` echoes the allowed origin with `Vary: Origin`.
 */
export function callFastApiModel(name: string, args: Args, host: ModelHost): Value | undefined {
  if (name === 'fastapi.FastAPI' || name === 'starlette.applications.Starlette' || name === 'fastapi.APIRouter' || name === 'starlette.routing.Router') {
    const kind = name.endsWith('FastAPI') || name.endsWith('Starlette') ? 'FastAPI' : 'APIRouter';
    const app = new PyApp(kind, args.span, host.module, FASTAPI_METHODS, FASTAPI_DECORATORS);
    const middleware = args.keywords.get('middleware');
    if (middleware) for (const m of middleware.value.kind === 'array' ? middleware.value.items : [UNKNOWN]) addMiddleware(app, m, undefined, args.span);
    return { kind: 'library', model: app };
  }
  if (name === 'starlette.middleware.Middleware') return { kind: 'library', model: new MiddlewareSpec(args) };
  if (name === 'mangum.Mangum') return { kind: 'library', model: new Mangum(args.positional[0] ?? args.keywords.get('app')?.value, args.span) };
  return undefined;
}

const UNKNOWN: Value = { kind: 'unknown' };

const FASTAPI_DECORATORS = new Map<string, 'route' | 'hook'>([
  ...['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'trace', 'api_route', 'route'].map((m) => [m, 'route'] as const),
  ...['middleware', 'exception_handler'].map((m) => [m, 'hook'] as const),
]);

const FASTAPI_METHODS = new Map<string, AppMethod>([
  ['include_router', (app, args) => app.include(args.positional[0] ?? args.keywords.get('router')?.value, args.span)],
  ['mount', (app, args) => mount(app, args.positional[1] ?? args.keywords.get('app')?.value, args.span)],
  ['add_api_route', (app, args) => registered(app, 'route', args.positional[1] ?? args.keywords.get('endpoint')?.value, args.span)],
  ['add_exception_handler', (app, args) => registered(app, 'hook', args.positional[1], args.span)],
  ['add_middleware', (app, args) => addMiddleware(app, args.positional[0], args, args.span)],
]);

/** `app.mount(path, sub)`: a sub-app, or static files, whose responses carry no CORS headers of their own. */
function mount(app: PyApp, sub: Value | undefined, span: Span): Value {
  const items = sub ? options(sub) : [];
  if (items.length > 0 && items.every((v) => v.kind === 'unknown' && v.call?.endsWith('StaticFiles'))) return NULL;
  return app.include(sub, span);
}

function registered(app: PyApp, kind: 'route' | 'hook', fn: Value | undefined, span: Span): Value {
  app.registerValue(kind, fn, span);
  return NULL;
}

/** Middleware packages that never set CORS headers. */
const HARMLESS = /\.(GZipMiddleware|TrustedHostMiddleware|HTTPSRedirectMiddleware|SessionMiddleware)$/;

function addMiddleware(app: PyApp, cls: Value | undefined, args: Args | undefined, span: Span): Value {
  for (const c of cls ? options(cls) : [UNKNOWN]) {
    if (c.kind === 'library' && c.model instanceof MiddlewareSpec) addMiddleware(app, c.model.args.positional[0], c.model.args, c.model.args.span);
    else if (c.kind === 'package' && /\.CORSMiddleware$/.test(c.name)) app.cors.push(starletteCors(args, span));
    else if (!(c.kind === 'package' && HARMLESS.test(c.name))) app.notFollowed(`the ${app.describe} app adds a middleware cors-lint does not model`, span);
  }
  return NULL;
}

/** `Middleware(CORSMiddleware, allow_origins=...)` in `FastAPI(middleware=[...])`. */
class MiddlewareSpec implements LibraryModel {
  readonly describe = 'Middleware';
  constructor(readonly args: Args) {}
}

function starletteCors(args: Args | undefined, span: Span): CorsRegistration {
  const kw = args?.keywords ?? new Map<string, { value: Value; span: Span; valueSpan: Span }>();
  const headers: CorsRegistration['headers'] = [];
  const origins = kw.get('allow_origins');
  const regex = kw.get('allow_origin_regex');
  const credentials = args?.spread ? 'unknown' : flag(kw.get('allow_credentials')?.value);
  const credentialsAt = kw.get('allow_credentials')?.valueSpan ?? span;
  const items = origins ? stringItems(origins.value) : [];
  const regexGiven = regex && flag(regex.value) !== false;
  const originAt = origins?.valueSpan ?? span;
  let kind: Pick<CorsMiddlewareFact, 'origin' | 'originValue'>;
  if (args?.spread || !items || items.some((i) => i === undefined) || (regexGiven && regex.value.kind !== 'literal')) {
    kind = { origin: 'unknown' };
    headers.push(added('Access-Control-Allow-Origin', UNKNOWN_VALUE, originAt));
  } else if (items.includes('*')) {
    // With credentials, a request carrying cookies gets its own Origin back.
    kind = credentials === false ? { origin: 'static', originValue: '*' } : { origin: 'reflect-any' };
    headers.push(
      added('Access-Control-Allow-Origin', credentials === true ? ANY_ORIGIN : credentials === false ? headerLiteral('*') : UNKNOWN_VALUE, originAt),
    );
    if (credentials !== false) headers.push(added('Vary', headerLiteral('Origin'), originAt, false));
  } else if (items.length > 0 || regexGiven) {
    kind = { origin: 'list' };
    headers.push(added('Access-Control-Allow-Origin', ALLOWED_ORIGIN, originAt), added('Vary', headerLiteral('Origin'), originAt));
  } else {
    // No origin allowed: the middleware adds no Access-Control-Allow-Origin.
    kind = { origin: 'default' };
  }
  if (credentials !== false)
    headers.push(added('Access-Control-Allow-Credentials', credentials === true ? headerLiteral('true') : UNKNOWN_VALUE, credentialsAt, credentials === true));
  return { fact: { library: 'starlette-cors', span, ...kind, credentials, effectiveDefaultOrigin: 'none' }, headers, scoped: false };
}

/** `handler = Mangum(app)`: the Lambda handler serving an ASGI app. */
export class Mangum implements LibraryModel {
  readonly describe = 'Mangum';
  constructor(
    readonly app: Value | undefined,
    readonly span: Span,
  ) {}
}
