import { adapter, adapterHandler, createApp, isApp, ROUTE_METHODS, route, use } from './app.js';
import { corsValue, frameworkCors, type Flavour } from './cors.js';
import type { LibraryModel } from './model.js';

/**
 * Hono on Lambda (docs/cors-semantics.md#handler-libraries): `new Hono()`,
 * `app.use('/api/*', cors(opts))` from `hono/cors`, and `export const handler = handle(app)` from
 * `hono/aws-lambda`. `cors()` sends `*`; an array or function origin echoes allowlisted origins;
 * `credentials` adds ACAC whatever the origin.
 */
const HONO_CORS: Flavour = {
  library: 'hono',
  reflectTrue: false,
  lists: true,
  patterns: false,
  functions: true,
  starInList: false,
  staticVary: 'unknown',
};

const APPS = ['hono', 'hono/tiny', 'hono/quick'];

export const honoModel: LibraryModel = {
  name: 'hono',
  packages: [...APPS, 'hono/cors', 'hono/aws-lambda'],

  call({ specifier, path, args, node }, ctx) {
    const [name] = path;
    if (path.length !== 1) return undefined;
    if (APPS.includes(specifier) && name === 'Hono') return createApp(ctx, honoModel);
    if (specifier === 'hono/cors' && name === 'cors') return corsValue(ctx, honoModel, frameworkCors(ctx, HONO_CORS, ctx.span(node), args[0]));
    if (specifier === 'hono/aws-lambda' && (name === 'handle' || name === 'streamHandle')) return adapter(ctx, honoModel, args[0], ctx.span(node), name);
    return undefined;
  },

  method(target, name, { args }, ctx) {
    if (!isApp(target)) return undefined;
    if (name === 'use') use(ctx, target, args);
    else if (ROUTE_METHODS.has(name) || name === 'route') route(ctx, target, args);
    else if (name === 'on') route(ctx, target, args.slice(1));
    else if (name === 'options') route(ctx, target, args, 'preflight');
    else if (name !== 'basePath') return undefined;
    return target;
  },

  handler: adapterHandler,
};
