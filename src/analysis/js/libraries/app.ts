import type { Span } from '../../../source.js';
import { headerEntries, type HeaderBag, type HeaderValue } from '../../facts.js';
import { options } from '../../values.js';
import type { FunctionValue, LibraryValue, Value } from '../values.js';
import { listItems } from './context.js';
import { corsOf, withCors, type CorsUse } from './cors.js';
import type { AppRequests, LibraryContext, LibraryHandler, LibraryModel, LibraryReader } from './model.js';

/**
 * A web framework app (Express, Hono, Fastify, the Powertools Router, lambda-api) as far as CORS
 * goes: the CORS middleware registered on it, and the functions that see the request (routes,
 * middleware callbacks). Everything else the app does is unknown, so its responses have an open
 * bag holding only what the CORS middleware adds.
 */

/** `app`: the whole app; `route`: some routes only; `preflight`: OPTIONS routes (no effect on actual responses). */
export type Coverage = 'app' | 'route' | 'preflight';

interface Registration {
  use: CorsUse;
  coverage: Coverage;
}

/** `at`: where the app is made (`express()`), named when its responses lack a header. */
export function createApp(ctx: LibraryContext, model: LibraryModel, at?: Span): LibraryValue {
  return ctx.create(model.name, 'app', at && { at });
}

/**
 * A function the app hands requests to, in registration order (app-requests.ts follows them):
 * `use` runs for every request, `route` for some, `error` (four parameters) for errors passed on.
 */
export interface Layer {
  fn: FunctionValue;
  kind: 'use' | 'route' | 'error';
}

/** Middleware known to leave CORS headers alone (`express.json()`, `helmet()`): the app stays followed. */
export function passive(ctx: LibraryContext, model: LibraryModel): LibraryValue {
  return ctx.create(model.name, 'passive');
}

/** The app's layers, and why some of what it was given is not followed (an unknown middleware). */
export function layersOf(reader: LibraryReader, app: LibraryValue): { layers: Layer[]; opaque?: string } {
  const layers = listItems(reader, app, 'layers').flatMap((l) => (l.kind === 'library' && l.type === 'layer' ? [l.info as Layer] : []));
  const [opaque] = listItems(reader, app, 'opaque');
  return { layers, ...(opaque?.kind === 'literal' && { opaque: String(opaque.value) }) };
}

/** Part of the app is not followed (a NestJS app's controllers): its responses stay open. */
export function markOpaque(ctx: LibraryContext, app: LibraryValue, reason: string): void {
  append(ctx, app, 'opaque', [{ kind: 'literal', value: reason }]);
}

function addLayers(ctx: LibraryContext, app: LibraryValue, v: Value, coverage: Coverage): void {
  if (coverage === 'preflight') return; // an OPTIONS route answers preflights, which API Gateway answers itself for `cors: true`
  for (const o of options(v)) {
    if (o.kind === 'function') {
      const kind = o.node.params.length === 4 ? 'error' : coverage === 'app' ? 'use' : 'route';
      append(ctx, app, 'layers', [ctx.create(app.library, 'layer', { fn: o, kind } satisfies Layer)]);
    } else markOpaque(ctx, app, 'the app is given a middleware or route that cannot be followed');
  }
}

export function isApp(v: Value): v is LibraryValue {
  return v.kind === 'library' && v.type === 'app';
}

function append(ctx: LibraryContext, app: LibraryValue, key: string, values: Value[]): void {
  if (values.length > 0) ctx.set(app, key, { kind: 'array', items: [...listItems(ctx, app, key), ...values] });
}

export function register(ctx: LibraryContext, app: LibraryValue, use: CorsUse, coverage: Coverage): void {
  const registration: Registration = { use, coverage };
  append(ctx, app, 'cors', [ctx.create(app.library, 'registration', registration)]);
}

/** A CORS header a middleware or route sets by hand (lambda-api `res.header(…)`), on some of the app's paths. */
export interface HandSetHeader {
  name: string;
  value: HeaderValue;
  span: Span;
  valueSpan: Span;
}

export function setHeader(ctx: LibraryContext, app: LibraryValue, header: HandSetHeader): void {
  append(ctx, app, 'headers', [ctx.create(app.library, 'header', header)]);
}

export function addRoutes(ctx: LibraryContext, app: LibraryValue, fns: Value[]): void {
  append(
    ctx,
    app,
    'routes',
    fns.flatMap((f) => options(ctx.deref(f)).filter((o) => o.kind === 'function')),
  );
}

/** A sub-app or router mounted on `app`: its CORS applies to its routes only. */
export function mount(ctx: LibraryContext, app: LibraryValue, sub: LibraryValue): void {
  for (const r of registrations(ctx, sub)) register(ctx, app, r.use, r.coverage === 'app' ? 'route' : r.coverage);
  addRoutes(ctx, app, listItems(ctx, sub, 'routes'));
  // Under a path of its own, a router's middleware runs for some requests only.
  const { layers, opaque } = layersOf(ctx, sub);
  const scoped = layers.map((l) => ctx.create(app.library, 'layer', { ...l, kind: l.kind === 'use' ? 'route' : l.kind } satisfies Layer));
  append(ctx, app, 'layers', scoped);
  if (opaque) markOpaque(ctx, app, opaque);
  if (hasEndpoints(ctx, sub)) declareEndpoints(ctx, app);
}

/**
 * Route-style arguments (`app.get('/x', cors(), handler)`, `app.use(router)`, arrays of them):
 * CORS middleware is registered with `coverage`, functions become routes, apps are mounted.
 */
export function routeArgs(ctx: LibraryContext, app: LibraryValue, args: readonly Value[], coverage: Coverage): void {
  for (const arg of args) {
    const v = ctx.deref(arg);
    const use = corsOf(v);
    if (use) register(ctx, app, use, coverage);
    else if (v.kind === 'library' && v.type === 'passive') continue;
    else if (v.kind === 'array') routeArgs(ctx, app, v.items, coverage);
    else if (isApp(v)) mount(ctx, app, v);
    else {
      addRoutes(ctx, app, [v]);
      addLayers(ctx, app, v, coverage);
    }
  }
}

/**
 * `app.use([path], ...middleware)` in Express and Hono, where middleware runs in registration
 * order: under a path other than `*`, `/*`, `/`, or after a route was declared, it applies to
 * some routes only.
 */
export function use(ctx: LibraryContext, app: LibraryValue, args: readonly Value[]): void {
  const [first, ...rest] = args;
  const path = isPath(first, ctx);
  const everywhere = (!path || coversAll(first, ctx)) && !hasEndpoints(ctx, app);
  routeArgs(ctx, app, path ? rest : args, everywhere ? 'app' : 'route');
}

/** Whether a route was declared on the app (or a router mounted on it) on some path. */
function hasEndpoints(reader: LibraryReader, app: LibraryValue): boolean {
  return reader.get(app, 'endpoints').kind !== 'unknown';
}

function declareEndpoints(ctx: LibraryContext, app: LibraryValue): void {
  ctx.set(app, 'endpoints', { kind: 'literal', value: true });
}

/** Route methods the frameworks share (`app.get(path, ...handlers)`). */
export const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'any', 'head']);

/** `app.get([path], ...handlers)`: CORS middleware among the handlers applies to that route only. */
export function route(ctx: LibraryContext, app: LibraryValue, args: readonly Value[], coverage: Coverage = 'route'): void {
  const [first, ...rest] = args;
  routeArgs(ctx, app, isPath(first, ctx) ? rest : args, coverage);
  declareEndpoints(ctx, app);
}

/** A mount path (a string, or a list of them) rather than a middleware. */
export function isPath(v: Value | undefined, reader: LibraryReader): boolean {
  const d = v && reader.deref(v);
  return !!d && ((d.kind === 'literal' && typeof d.value === 'string') || (d.kind === 'array' && d.items.every((i) => isPath(i, reader))));
}

function coversAll(path: Value, reader: LibraryReader): boolean {
  const v = reader.deref(path);
  return v.kind === 'literal' && typeof v.value === 'string' && ['*', '/*', '/'].includes(v.value);
}

function registrations(reader: LibraryReader, app: LibraryValue): Registration[] {
  return listItems(reader, app, 'cors').flatMap((r) => (r.kind === 'library' && r.type === 'registration' ? [r.info as Registration] : []));
}

/** The app as a handler: one open response with the CORS headers, in registration order (later middleware overwrites). */
export function appHandler(reader: LibraryReader, app: LibraryValue, site: Span): LibraryHandler {
  const regs = registrations(reader, app);
  const effective = regs.filter((r) => r.coverage !== 'preflight');
  const byHand = listItems(reader, app, 'headers').flatMap((h) => (h.kind === 'library' && h.type === 'header' ? [h.info as HandSetHeader] : []));
  // Where the code sets a header is not known to be on every path: it is there on some.
  const setByHand = (bag: HeaderBag): HeaderBag => ({
    ...bag,
    entries: headerEntries({ ...bag.entries, ...Object.fromEntries(byHand.map((h) => [h.name.toLowerCase(), { ...h, always: false }])) }),
  });
  return {
    site,
    decorate: (bag: HeaderBag) => setByHand(effective.reduce((b, r) => withCors(b, r.use, r.coverage === 'route'), bag)),
    extra: [],
    middleware: regs.map((r) => r.use.fact),
    routes: listItems(reader, app, 'routes').filter((f): f is FunctionValue => f.kind === 'function'),
  };
}

interface Adapter {
  app: Value;
  site: Span;
  /** The adapter's name, for the message when the app is not one cors-lint models. */
  name: string;
}

/** `serverless(app)`, `handle(app)`, `awsLambdaFastify(app)`: a Lambda handler serving `app`. */
export function adapter(ctx: LibraryContext, model: LibraryModel, app: Value | undefined, site: Span, name: string): LibraryValue {
  const info: Adapter = { app: app ?? { kind: 'unknown' }, site, name };
  return ctx.create(model.name, 'adapter', info);
}

/** `follow`: how the model follows the app's requests (Express), else its responses stay open. */
export function adapterHandler(
  target: LibraryValue,
  reader: LibraryReader,
  follow?: (reader: LibraryReader, app: LibraryValue) => AppRequests,
): LibraryHandler | undefined {
  if (target.type !== 'adapter') return undefined;
  const { app, site, name } = target.info as Adapter;
  const apps = options(reader.deref(app));
  const [only] = apps;
  if (apps.length === 1 && isApp(only)) return { ...appHandler(reader, only, site), ...(follow && { requests: follow(reader, only) }) };
  return { site, decorate: (b) => b, extra: [], middleware: [], routes: [], incomplete: `${name} serves an app cors-lint does not model` };
}
