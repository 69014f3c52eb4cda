import type { Span } from '../../source.js';
import type { CorsMiddlewareFact } from '../facts.js';
import { NULL } from '../values.js';
import {
  added,
  ALLOWED_ORIGIN,
  headerLiteral,
  ANY_ORIGIN,
  flag,
  PyApp,
  RouteCors,
  stringItems,
  UNKNOWN_VALUE,
  type AppMethod,
  type CorsRegistration,
} from './apps.js';
import type { Args, LibraryModel, ModelHost, PyFunction, Value } from './values.js';

/**
 * Flask (served by serverless-wsgi) with flask-cors, checked against flask-cors 3.0.10
 * (flask_cors/core.py, Debian bookworm's python3-flask-cors): `origins` defaults to `'*'`, read
 * as the pattern `.*`, so a request's Origin is echoed back (with `Vary: Origin`) unless
 * `send_wildcard=True` sends `*`; a single origin without pattern characters is compared
 * literally; `supports_credentials` (default False) adds `Access-Control-Allow-Credentials: true`.
 * `CORS(app)` acts in an `after_request` hook on every response of the app, or on the paths
 * `resources=` names; `@cross_origin` on one view. App config keys `CORS_*` set the same options.
 */
export function callFlaskModel(name: string, args: Args, host: ModelHost): Value | undefined {
  const [first] = args.positional;
  if (name === 'flask.Flask' || name === 'flask.Blueprint') {
    return { kind: 'library', model: new PyApp(name === 'flask.Flask' ? 'Flask' : 'Blueprint', args.span, host.module, FLASK_METHODS, FLASK_DECORATORS) };
  }
  if (name === 'flask_cors.CORS') {
    const extension = new CorsExtension(args, host);
    if (first && first.kind !== 'function') extension.initApp(first, args, host);
    return { kind: 'library', model: extension };
  }
  if (name === 'flask_cors.cross_origin') {
    const registration = flaskCors(args, host, true);
    return first?.kind === 'function' ? crossOrigin(first.fn, registration) : { kind: 'library', model: new CrossOrigin(registration) };
  }
  return undefined;
}

const FLASK_DECORATORS = new Map<string, 'route' | 'hook'>([
  ...['route', 'get', 'post', 'put', 'patch', 'delete'].map((m) => [m, 'route'] as const),
  ...['after_request', 'errorhandler', 'app_errorhandler', 'after_app_request'].map((m) => [m, 'hook'] as const),
]);

const FLASK_METHODS = new Map<string, AppMethod>([
  ['register_blueprint', (app, args) => app.include(args.positional[0], args.span)],
  ['add_url_rule', (app, args) => registerBy(app, 'route', args.keywords.get('view_func')?.value ?? args.positional[2], args)],
  ['register_error_handler', (app, args) => registerBy(app, 'hook', args.positional[1], args)],
]);

function registerBy(app: PyApp, kind: 'route' | 'hook', fn: Value | undefined, args: Args): Value {
  if (fn) app.registerValue(kind, fn, args.span);
  return NULL;
}

/** `CORS(app, ...)`, or `cors = CORS(...)` then `cors.init_app(app, ...)`. */
class CorsExtension implements LibraryModel {
  readonly describe = 'flask_cors.CORS';
  constructor(
    private readonly args: Args,
    private readonly host: ModelHost,
  ) {}

  method(name: string, args: Args, host: ModelHost): Value | undefined {
    if (name !== 'init_app') return undefined;
    const [app] = args.positional;
    // init_app's own options override the constructor's.
    if (app) this.initApp(app, { ...args, keywords: new Map([...this.args.keywords, ...args.keywords]) }, host);
    return NULL;
  }

  initApp(app: Value, args: Args, host: ModelHost): void {
    if (app.kind === 'library' && app.model instanceof PyApp) app.model.cors.push(flaskCors(args, host ?? this.host, false));
  }
}

class CrossOrigin implements LibraryModel {
  readonly describe = 'flask_cors.cross_origin';
  constructor(private readonly registration: CorsRegistration) {}
  decorate(fn: PyFunction): Value {
    return crossOrigin(fn, this.registration);
  }
}

function crossOrigin(fn: PyFunction, registration: CorsRegistration): Value {
  return { kind: 'function', fn: { ...fn, wrappers: [...fn.wrappers, new RouteCors(registration)] } };
}

/** Paths that cover the whole app (`resources` default `r'/*'`). */
const EVERY_PATH = new Set(['/*', '*', '.*', '/.*', '^/.*', '^/.*$']);
const CONFIG_KEY = /\bCORS_(ORIGINS|SUPPORTS_CREDENTIALS|SEND_WILDCARD|RESOURCES)\b/g;

/** flask-cors's `probably_regex`: an origin with one of these characters is a pattern. */
function probablyRegex(origin: string): boolean {
  return /[*\\\]?$^[()]/.test(origin);
}

function flaskCors(args: Args, host: ModelHost, route: boolean): CorsRegistration {
  const kw = new Map(args.keywords);
  const span = args.span;
  // `CORS_ORIGINS` and the like in the app's config stand for options not passed here.
  const configured = new Set([...host.module.parsed.text.matchAll(CONFIG_KEY)].map((m) => m[1].toLowerCase()));
  const unknown = (name: string) => args.spread || (!kw.has(name) && configured.has(name));
  let scoped = route;
  const resources = kw.get('resources');
  if (resources || unknown('resources')) {
    const r = resources?.value;
    const paths = r && stringItems(r);
    const dict = r && host.read(r);
    if (paths?.length === 1 && EVERY_PATH.has(paths[0] ?? '')) scoped ||= false;
    else if (dict && !dict.open && dict.props.size === 1) {
      const [[pattern, entry]] = [...dict.props];
      scoped ||= !EVERY_PATH.has(pattern);
      // `resources={r'/api/*': {'origins': ...}}`: the path's own options win.
      const own = host.read(entry.value);
      for (const [k, p] of own?.props ?? []) kw.set(k, { value: p.value, span: p.span, valueSpan: p.valueSpan });
      if (own?.open) return unknownRegistration(span, true);
    } else scoped = true;
  }
  if (unknown('origins') || unknown('supports_credentials') || unknown('send_wildcard')) return unknownRegistration(span, scoped);
  const origins = kw.get('origins');
  const credentials = flag(kw.get('supports_credentials')?.value);
  const credentialsAt = kw.get('supports_credentials')?.valueSpan ?? span;
  const sendWildcard = flag(kw.get('send_wildcard')?.value);
  const items = origins ? stringItems(origins.value) : ['*'];
  const originAt = origins?.valueSpan ?? span;
  const headers: CorsRegistration['headers'] = [];
  let kind: Pick<CorsMiddlewareFact, 'origin' | 'originValue'>;
  if (!items || items.some((i) => i === undefined) || sendWildcard === 'unknown') {
    kind = { origin: 'unknown' };
    headers.push(added('Access-Control-Allow-Origin', UNKNOWN_VALUE, originAt));
  } else if (items.includes('*') || items.includes('.*')) {
    // Wildcard plus credentials and send_wildcard raises at startup; otherwise echo, or `*` with send_wildcard.
    if (sendWildcard && credentials !== false) return unknownRegistration(span, scoped);
    kind = sendWildcard ? { origin: 'static', originValue: '*' } : { origin: 'reflect-any' };
    if (sendWildcard) headers.push(added('Access-Control-Allow-Origin', headerLiteral('*'), originAt));
    else headers.push(added('Access-Control-Allow-Origin', ANY_ORIGIN, originAt), added('Vary', headerLiteral('Origin'), originAt));
  } else if (items.length === 1 && !probablyRegex(items[0]!)) {
    kind = { origin: 'static', originValue: items[0] };
    headers.push(added('Access-Control-Allow-Origin', headerLiteral(items[0]!), originAt));
  } else {
    kind = { origin: 'list' };
    headers.push(added('Access-Control-Allow-Origin', ALLOWED_ORIGIN, originAt), added('Vary', headerLiteral('Origin'), originAt));
  }
  if (credentials !== false)
    headers.push(added('Access-Control-Allow-Credentials', credentials === true ? headerLiteral('true') : UNKNOWN_VALUE, credentialsAt, credentials === true));
  return { fact: { library: 'flask-cors', span, ...kind, credentials, effectiveDefaultOrigin: '*' }, headers, scoped };
}

function unknownRegistration(span: Span, scoped: boolean): CorsRegistration {
  return {
    fact: { library: 'flask-cors', span, origin: 'unknown', credentials: 'unknown' },
    headers: [added('Access-Control-Allow-Origin', UNKNOWN_VALUE, span), added('Access-Control-Allow-Credentials', UNKNOWN_VALUE, span, false)],
    scoped,
  };
}
