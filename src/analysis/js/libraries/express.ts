import type { Span } from '../../../source.js';
import { UNDEFINED } from '../../values.js';
import type { Value } from '../values.js';
import { adapter, adapterHandler, createApp, isApp, passive, ROUTE_METHODS, route, use } from './app.js';
import { corsValue, frameworkCors, type Flavour } from './cors.js';
import { appRequests, callNext, escapes, responseMethod } from './express-requests.js';
import type { LibraryContext, LibraryModel } from './model.js';

/**
 * Express behind `serverless-http`, `@codegenie/serverless-express` (ex `@vendia/…`) or
 * `aws-serverless-express`, with the `cors` package (docs/cors-semantics.md#handler-libraries):
 * `cors()` sends `*`, `origin: true` echoes any origin, a string / array / RegExp / function origin
 * adds `Vary: Origin`, the allowlisting ones echo the request origin (cors 2.8.5 lib/index.js).
 * The app's middleware and routes are followed (express-requests.ts).
 */
export const EXPRESS_CORS: Flavour = {
  library: 'express-cors',
  reflectTrue: true,
  lists: true,
  patterns: true,
  functions: true,
  starInList: false,
  staticVary: 'yes',
};

const SERVERLESS_EXPRESS = ['@codegenie/serverless-express', '@vendia/serverless-express'];

/** Middleware packages that set no CORS header (helmet 7.1.0 sets Cross-Origin-* policies, never Access-Control-*). */
const PASSIVE = ['body-parser', 'cookie-parser', 'morgan', 'compression', 'helmet'];
/** `express.json()` and the other middleware Express ships. */
const BUILT_IN = new Set(['json', 'urlencoded', 'raw', 'text', 'static']);

/** App methods that return the app, for chaining. */
const CHAINABLE = new Set(['set', 'enable', 'disable', 'engine', 'param', 'route']);

export const expressModel: LibraryModel = {
  name: 'express',
  packages: ['express', 'cors', 'serverless-http', 'aws-serverless-express', ...SERVERLESS_EXPRESS, ...PASSIVE],

  call({ specifier, path, args, node }, ctx) {
    const at = ctx.span(node);
    const [first] = args;
    if (specifier === 'express') {
      if (path.length === 0 || (path.length === 1 && path[0] === 'Router')) return createApp(ctx, expressModel, at);
      return path.length === 1 && BUILT_IN.has(path[0]) ? passive(ctx, expressModel) : undefined;
    }
    if (PASSIVE.includes(specifier)) return passive(ctx, expressModel);
    if (specifier === 'cors') return path.length === 0 ? corsValue(ctx, expressModel, frameworkCors(ctx, EXPRESS_CORS, at, first)) : undefined;
    if (specifier === 'serverless-http') return path.length === 0 ? adapter(ctx, expressModel, first, at, 'serverless-http') : undefined;
    if (SERVERLESS_EXPRESS.includes(specifier)) {
      if (path.length > 1 || (path.length === 1 && path[0] !== 'configure')) return undefined;
      const app = ctx.option(first, 'app');
      return adapter(ctx, expressModel, typeof app === 'string' ? undefined : app.value, at, specifier);
    }
    // aws-serverless-express: createServer(app), then proxy(server, event, context[, mode]).
    if (path[0] === 'createServer') return ctx.create(expressModel.name, 'server', { app: first ?? UNDEFINED });
    if (path[0] === 'proxy') return proxy(args, ctx, at);
    return undefined;
  },

  method(target, name, call, ctx) {
    const { args } = call;
    if (!isApp(target)) return responseMethod(target, name, call, ctx);
    if (name === 'use') use(ctx, target, args);
    else if (ROUTE_METHODS.has(name)) route(ctx, target, args);
    else if (name === 'options') route(ctx, target, args, 'preflight');
    else if (!CHAINABLE.has(name)) return undefined;
    return target;
  },

  property(target, name) {
    // `proxy(server, event, context, 'PROMISE').promise`
    return target.type === 'promise' && name === 'promise' ? (target.info as { response: Value }).response : undefined;
  },

  handler: (target, reader) => adapterHandler(target, reader, appRequests),
  invoked: callNext,
  escapes,
};

/** `awsServerlessExpress.proxy(server, event, context, mode)`: answers through `context.succeed` unless the mode is PROMISE. */
function proxy(args: readonly Value[], ctx: LibraryContext, at: Span): Value {
  const server = args[0] && ctx.deref(args[0]);
  const app = server?.kind === 'library' && server.type === 'server' ? (server.info as { app: Value }).app : undefined;
  const handler = adapterHandler(adapter(ctx, expressModel, app, at, 'aws-serverless-express'), ctx);
  const response = handler ? ctx.serve(handler) : { kind: 'unknown' as const };
  const mode = args[3] && ctx.deref(args[3]);
  if (mode?.kind === 'literal' && mode.value === 'PROMISE') return ctx.create(expressModel.name, 'promise', { response });
  ctx.respond(response);
  return UNDEFINED;
}
