import { UNDEFINED } from '../../values.js';
import { createApp, isApp, markOpaque, register, use } from './app.js';
import { corsValue, frameworkCors } from './cors.js';
import { EXPRESS_CORS } from './express.js';
import type { LibraryModel } from './model.js';

/**
 * NestJS on Express (@nestjs/core and @nestjs/platform-express 10.4.15): `NestFactory.create(Module,
 * { cors })` and `app.enableCors(options)` register the cors package's middleware with those options
 * (ExpressAdapter.enableCors is `this.use(cors(options))`; `cors: true` passes none). The app is what
 * `app.getHttpAdapter().getInstance()` hands to serverless-express or serverless-http. Its controllers
 * are not followed, so its responses stay open and the handler is not fully analysed.
 */

/** Methods that return the app (or the adapter and instance, which stand for it here). */
const SAME_APP = new Set([
  'getHttpAdapter',
  'getInstance',
  'setGlobalPrefix',
  'enableVersioning',
  'useGlobalPipes',
  'useGlobalFilters',
  'useGlobalInterceptors',
  'useGlobalGuards',
  'enableShutdownHooks',
  'useLogger',
  'init',
]);

export const nestModel: LibraryModel = {
  name: 'nest',
  packages: ['@nestjs/core'],

  call({ path, args, node }, ctx) {
    if (path.join('.') !== 'NestFactory.create') return undefined;
    const at = ctx.span(node);
    const app = createApp(ctx, nestModel, at);
    markOpaque(ctx, app, 'the controllers of a NestJS app are not followed');
    const cors = ctx.option(args[1], 'cors');
    if (cors !== 'absent') {
      const value = cors === 'unknown' ? { kind: 'unknown' as const } : ctx.deref(cors.value);
      if (!(value.kind === 'literal' && !value.value))
        register(ctx, app, frameworkCors(ctx, EXPRESS_CORS, at, value.kind === 'literal' ? undefined : value), 'app');
    }
    return app;
  },

  method(target, name, { args, node }, ctx) {
    if (!isApp(target)) return undefined;
    if (name === 'enableCors') use(ctx, target, [corsValue(ctx, nestModel, frameworkCors(ctx, EXPRESS_CORS, ctx.span(node), args[0]))]);
    else if (name === 'use') use(ctx, target, args);
    else if (!SAME_APP.has(name)) return undefined;
    return name === 'enableCors' || name === 'use' ? UNDEFINED : target;
  },
};
