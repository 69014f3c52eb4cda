import { appHandler, createApp, isApp, ROUTE_METHODS, route, routeArgs } from './app.js';
import { corsValue, frameworkCors, type Flavour } from './cors.js';
import type { LibraryModel } from './model.js';

/**
 * Powertools for AWS Lambda (TypeScript) event handler (docs/cors-semantics.md#handler-libraries):
 * `new Router()`, `app.use(cors(opts))`, routes, and `app.resolve(event, context)` as the handler's
 * response. `cors()` sends `*` and no credentials by default; only an array origin adds
 * `Vary: Origin`.
 */
const POWERTOOLS_CORS: Flavour = {
  library: 'powertools',
  reflectTrue: false,
  lists: true,
  patterns: false,
  functions: false,
  starInList: false,
  staticVary: 'no',
};

const ROOT = '@aws-lambda-powertools/event-handler';
/** The GA path and the pre-GA ones. */
const ROUTERS = ['http', 'experimental-rest', 'rest'].map((p) => `${ROOT}/${p}`);
const MIDDLEWARE = ROUTERS.map((p) => `${p}/middleware`);

export const powertoolsModel: LibraryModel = {
  name: 'powertools',
  packages: [...ROUTERS, ...MIDDLEWARE],

  call({ specifier, path, args, node }, ctx) {
    if (path.length !== 1) return undefined;
    if (ROUTERS.includes(specifier) && path[0] === 'Router') return createApp(ctx, powertoolsModel);
    if (MIDDLEWARE.includes(specifier) && path[0] === 'cors')
      return corsValue(ctx, powertoolsModel, frameworkCors(ctx, POWERTOOLS_CORS, ctx.span(node), args[0]));
    return undefined;
  },

  method(target, name, { args, node }, ctx) {
    if (!isApp(target)) return undefined;
    if (name === 'resolve') return ctx.serve(appHandler(ctx, target, ctx.span(node)));
    if (name === 'use') routeArgs(ctx, target, args, 'app');
    else if (ROUTE_METHODS.has(name)) route(ctx, target, args);
    else if (name === 'options') route(ctx, target, args, 'preflight');
    else return undefined;
    return target;
  },
};
