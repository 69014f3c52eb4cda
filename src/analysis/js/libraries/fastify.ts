import { addRoutes, adapter, adapterHandler, createApp, isApp, register, ROUTE_METHODS, route } from './app.js';
import { frameworkCors, type Flavour } from './cors.js';
import type { LibraryModel } from './model.js';

/**
 * Fastify behind `@fastify/aws-lambda` (ex `aws-lambda-fastify`) with `@fastify/cors` registered on
 * the root instance (docs/cors-semantics.md#handler-libraries): `*` by default, `origin: true`
 * echoes any origin, an allowlist echoes the request origin with `Vary: Origin`, `*` inside a list
 * means `*`. A plugin registered inside another plugin is encapsulated and not seen: the bag stays
 * open.
 */
const FASTIFY_CORS: Flavour = {
  library: 'fastify-cors',
  reflectTrue: true,
  lists: true,
  patterns: true,
  functions: true,
  starInList: true,
  staticVary: 'unknown',
};

const CORS_PLUGINS = ['@fastify/cors', 'fastify-cors'];
const ADAPTERS = ['@fastify/aws-lambda', 'aws-lambda-fastify'];

export const fastifyModel: LibraryModel = {
  name: 'fastify',
  packages: ['fastify', ...ADAPTERS],

  call({ specifier, path, args, node }, ctx) {
    const plain = path.length === 0 || (path.length === 1 && ['fastify', 'default'].includes(path[0]));
    if (!plain) return undefined;
    if (specifier === 'fastify') return createApp(ctx, fastifyModel);
    return adapter(ctx, fastifyModel, args[0], ctx.span(node), specifier);
  },

  method(target, name, { args, node }, ctx) {
    if (!isApp(target)) return undefined;
    const [first, second] = args;
    if (name === 'register') {
      const plugin = first && ctx.deref(first);
      if (plugin?.kind === 'package' && CORS_PLUGINS.includes(plugin.specifier) && plugin.path.length <= 1) {
        register(ctx, target, frameworkCors(ctx, FASTIFY_CORS, ctx.span(node), second), 'app');
      }
    } else if (ROUTE_METHODS.has(name)) route(ctx, target, args);
    else if (name === 'route') {
      const handler = ctx.option(first, 'handler');
      if (typeof handler !== 'string') addRoutes(ctx, target, [handler.value]);
    } else if (name === 'addHook') addRoutes(ctx, target, args.slice(1));
    else return undefined;
    return target;
  },

  handler: adapterHandler,
};
