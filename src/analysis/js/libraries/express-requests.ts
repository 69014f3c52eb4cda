import type { Span } from '../../../source.js';
import { UNDEFINED, UNKNOWN } from '../../values.js';
import type { LibraryValue, Value } from '../values.js';
import { layersOf, type Layer } from './app.js';
import { REQUEST } from './context.js';
import type { Allocator, AppRequests, LibraryContext, LibraryReader, MethodCall } from './model.js';

/**
 * An Express app's request handling, as far as response headers go (express 4.21.2,
 * lib/router and lib/response.js; finalhandler 1.3.1). A request passes the layers in
 * registration order: `app.use(fn)` runs for every request, a route or a middleware under a path
 * for some, `next()` passes to the next layer, `next(err)` to the next error middleware (four
 * parameters) and, past the last, to finalhandler, whose 500 removes only the Content-* headers,
 * so the headers set so far stay. A request no layer answers gets finalhandler's 404, which is
 * not counted: it answers a path the app does not serve.
 *
 * `res.set` / `res.header` / `res.setHeader` / `res.append` / `res.vary` set headers on the
 * request's path; `res.json/send/end/sendStatus/redirect/render/sendFile/download/jsonp` send
 * them. Other `res` methods, and `res` or `next` handed to a function that is not followed, leave
 * the app not fully analysed.
 */

interface Chain {
  library: string;
  layers: Layer[];
}

interface ResponseInfo {
  /** The headers object, in the heap every run starts from: a run's writes stay on its own paths. */
  headers: Value;
}

interface NextInfo {
  chain: Chain;
  /** The layer `next()` passes to. */
  index: number;
  res: LibraryValue;
}

const SETS = new Set(['set', 'header', 'setHeader', 'append']);
const SENDS = new Set(['json', 'jsonp', 'send', 'end', 'sendStatus', 'redirect', 'render', 'sendFile', 'download']);
/** Methods that leave the CORS headers alone and return `res`. */
const CHAINABLE = new Set(['status', 'type', 'contentType', 'cookie', 'clearCookie', 'location', 'links', 'attachment']);
const READS = new Set(['get', 'getHeader', 'getHeaders', 'getHeaderNames', 'hasHeader']);

/** What follows an Express app's requests: a run per layer a request may start at. */
export function appRequests(reader: LibraryReader, app: LibraryValue): AppRequests {
  const { layers, opaque } = layersOf(reader, app);
  const at = (app.info as { at?: Span } | undefined)?.at;
  const chain: Chain = { library: app.library, layers };
  return {
    ...(at && { builtAt: at }),
    ...(opaque && { opaque }),
    entries(alloc) {
      const res = alloc.create(app.library, 'response', { headers: alloc.object() } satisfies ResponseInfo);
      const out: ReturnType<AppRequests['entries']> = [];
      // A request starts at the first layer it matches: any route up to the first middleware every request passes.
      for (const [i, layer] of layers.entries()) {
        if (layer.kind === 'error') continue;
        out.push({ fn: layer.fn, args: [REQUEST, res, next(alloc, chain, i + 1, res)] });
        if (layer.kind === 'use') break;
      }
      return out;
    },
  };
}

function next(alloc: Allocator, chain: Chain, index: number, res: LibraryValue): LibraryValue {
  return alloc.create(chain.library, 'next', { chain, index, res } satisfies NextInfo);
}

/** `res.x(…)` in a layer; undefined for values that are not a response. */
export function responseMethod(target: LibraryValue, name: string, { args, node }: MethodCall, ctx: LibraryContext): Value | undefined {
  if (target.type !== 'response') return undefined;
  const { headers } = target.info as ResponseInfo;
  const [field, value] = args;
  const valueSpan = ctx.span(node.arguments[1] ?? node);
  const fieldName = field && ctx.deref(field);
  if (SETS.has(name) || name === 'vary') {
    const [key, v] =
      name === 'vary' ? ['Vary', field] : [fieldName?.kind === 'literal' && typeof fieldName.value === 'string' ? fieldName.value : undefined, value];
    // `res.set({ … })` and a computed name may set any header.
    ctx.setProp(headers, key, v ?? UNKNOWN, name === 'vary' ? ctx.span(node.arguments[0] ?? node) : valueSpan);
  } else if (SENDS.has(name)) {
    ctx.respond(ctx.object({ headers }));
  } else if (name === 'writeHead' || name === 'removeHeader') {
    ctx.setProp(headers, undefined, UNKNOWN, valueSpan);
    if (name === 'writeHead') ctx.respond(ctx.object({ headers }));
  } else if (READS.has(name)) {
    return UNKNOWN;
  } else if (!CHAINABLE.has(name)) {
    ctx.incomplete(`res.${name}(...) is not followed`);
    return UNKNOWN;
  }
  return target;
}

/** `next()` / `next(err)` in a layer: the rest of the request's handling. */
export function callNext(target: LibraryValue, { args }: MethodCall, ctx: LibraryContext): Value | undefined {
  if (target.type !== 'next') return undefined;
  const { chain, index, res } = target.info as NextInfo;
  const arg = args[0] && ctx.deref(args[0]);
  // `next('route')` / `next('router')` skip to a later route; anything else but undefined is an error.
  const passes = !arg || (arg.kind === 'literal' && (arg.value === undefined || arg.value === 'route' || arg.value === 'router'));
  dispatch(ctx, chain, index, res, passes ? undefined : (args[0] ?? UNKNOWN));
  return UNDEFINED;
}

function dispatch(ctx: LibraryContext, chain: Chain, from: number, res: LibraryValue, error: Value | undefined): void {
  for (let i = from; i < chain.layers.length; i++) {
    const layer = chain.layers[i];
    if ((layer.kind === 'error') !== (error !== undefined)) continue;
    const rest = ctx.create(chain.library, 'next', { chain, index: i + 1, res } satisfies NextInfo);
    const args = error ? [error, REQUEST, res, rest] : [REQUEST, res, rest];
    if (layer.kind !== 'route') return ctx.call(layer.fn, args);
    // A route answers the requests it matches; the others pass on.
    ctx.run(layer.fn, args);
  }
  if (error) ctx.respond(ctx.object({ headers: (res.info as ResponseInfo).headers }));
}

/** Handing `res` or `next` to a function that is not followed: what it does to the response is unknown. */
export function escapes(target: LibraryValue): string | undefined {
  return target.type === 'response' ? 'the response object' : target.type === 'next' ? 'the next function' : undefined;
}
