import { UNDEFINED, UNKNOWN } from '../../values.js';
import type { LibraryValue, Value } from '../values.js';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { addRoutes, appHandler, createApp, isApp, isPath, register, ROUTE_METHODS, setHeader, type Coverage } from './app.js';
import { REQUEST, toHeaderValue } from './context.js';
import { frameworkCors, type Flavour } from './cors.js';
import type { LibraryContext, LibraryModel } from './model.js';

/**
 * `lambda-api` (docs/cors-semantics.md#handler-libraries): `const api = require('lambda-api')()`,
 * CORS through `res.cors(opts)` inside a middleware
 * (`api.use((req, res, next) => { res.cors(); next(); })`, the whole API) or a route (that route
 * only), and `api.run(event, context)` as the handler's response. `res.cors()` sends `*` unless
 * `origin` is given; `credentials: true` adds ACAC whatever the origin (lambda-api 1.0.3
 * lib/response.js). `Access-Control-*` headers set with `res.header()` count as set on some paths;
 * the routes' own responses are not followed, so the app's responses stay open and the handler is
 * not fully analysed.
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
      const { api, coverage } = target.info as ResponseInfo;
      if (name === 'cors') register(ctx, api, frameworkCors(ctx, LAMBDA_API_CORS, ctx.span(node), args[0]), coverage);
      else if (name === 'header') handSet(ctx, api, args, node);
      else return undefined;
      return target;
    }
    if (!isApp(target)) return undefined;
    const [first, ...rest] = args;
    const callbacks = isPath(first, ctx) ? rest : args;
    if (name === 'use') runAll(ctx, target, callbacks, isPath(first, ctx) ? 'route' : 'app');
    else if (ROUTE_METHODS.has(name)) runAll(ctx, target, callbacks, 'route');
    else if (name === 'options') runAll(ctx, target, callbacks, 'preflight');
    else if (name === 'run') {
      ctx.incomplete('the responses of lambda-api routes are not followed (only res.cors() and the CORS headers set with res.header)');
      return ctx.serve(appHandler(ctx, target, ctx.span(node)));
    } else if (name === 'register') ctx.run(first ?? UNKNOWN, [target, rest[0] ?? UNDEFINED]);
    else return undefined;
    return UNDEFINED;
  },
};

/** `res.header(name, value)` (lambda-api 1.0.3 lib/response.js): an `Access-Control-*` header is one of the app's CORS headers. */
function handSet(ctx: LibraryContext, api: LibraryValue, [name, value]: readonly Value[], node: TSESTree.CallExpression): void {
  const key = name && ctx.deref(name);
  if (key?.kind !== 'literal' || typeof key.value !== 'string' || !/^access-control-/i.test(key.value)) return;
  const valueNode = node.arguments[1] ?? node;
  setHeader(ctx, api, { name: key.value, value: toHeaderValue(ctx.deref(value ?? UNDEFINED)), span: ctx.span(node), valueSpan: ctx.span(valueNode) });
}

/** Runs each middleware / route once so that its `res.cors()` registers; keeps it as a route for header reads. */
function runAll(ctx: LibraryContext, api: LibraryValue, callbacks: readonly Value[], coverage: Coverage): void {
  const res = ctx.create(lambdaApiModel.name, 'response', { api, coverage } satisfies ResponseInfo);
  for (const fn of callbacks) ctx.run(fn, [REQUEST, res, UNKNOWN]);
  addRoutes(ctx, api, [...callbacks]);
}
