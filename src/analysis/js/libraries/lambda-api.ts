import { UNDEFINED, UNKNOWN } from '../../values.js';
import type { LibraryValue, Value } from '../values.js';
import { addRoutes, appHandler, createApp, isApp, isPath, register, ROUTE_METHODS, type Coverage } from './app.js';
import { REQUEST } from './context.js';
import { frameworkCors, type Flavour } from './cors.js';
import type { LibraryContext, LibraryModel } from './model.js';

/**
 * `lambda-api` (docs/cors-semantics.md#handler-libraries): `const api = require('lambda-api')()`,
 * CORS through `res.cors(opts)` inside a middleware
 * (`api.use((req, res, next) => { res.cors(); next(); })`, the whole API) or a route (that route
 * only), and `api.run(event, context)` as the handler's response. `res.cors()` sends `*` unless
 * `origin` is given; `credentials: true` adds ACAC whatever the origin.
 */
const LAMBDA_API_CORS: Flavour = {
  library: 'lambda-api',
  reflectTrue: false,
  lists: false,
  patterns: false,
  functions: false,
  starInList: false,
  staticVary: 'no',
};

/** The `res` a middleware or route is run with: `res.cors()` registers on `api` with `coverage`. */
interface ResponseInfo {
  api: LibraryValue;
  coverage: Coverage;
}

export const lambdaApiModel: LibraryModel = {
  name: 'lambda-api',
  packages: ['lambda-api'],

  call({ path }, ctx) {
    return path.length === 0 ? createApp(ctx, lambdaApiModel) : undefined;
  },

  method(target, name, { args, node }, ctx) {
    if (target.type === 'response') {
      if (name !== 'cors') return undefined;
      const { api, coverage } = target.info as ResponseInfo;
      register(ctx, api, frameworkCors(ctx, LAMBDA_API_CORS, ctx.span(node), args[0]), coverage);
      return target;
    }
    if (!isApp(target)) return undefined;
    const [first, ...rest] = args;
    const callbacks = isPath(first, ctx) ? rest : args;
    if (name === 'use') runAll(ctx, target, callbacks, isPath(first, ctx) ? 'route' : 'app');
    else if (ROUTE_METHODS.has(name)) runAll(ctx, target, callbacks, 'route');
    else if (name === 'options') runAll(ctx, target, callbacks, 'preflight');
    else if (name === 'run') return ctx.serve(appHandler(ctx, target, ctx.span(node)));
    else if (name === 'register') ctx.run(first ?? UNKNOWN, [target, rest[0] ?? UNDEFINED]);
    else return undefined;
    return UNDEFINED;
  },
};

/** Runs each middleware / route once so that its `res.cors()` registers; keeps it as a route for header reads. */
function runAll(ctx: LibraryContext, api: LibraryValue, callbacks: readonly Value[], coverage: Coverage): void {
  const res = ctx.create(lambdaApiModel.name, 'response', { api, coverage } satisfies ResponseInfo);
  for (const fn of callbacks) ctx.run(fn, [REQUEST, res, UNKNOWN]);
  addRoutes(ctx, api, [...callbacks]);
}
