import type { Span } from '../../../source.js';
import type { HeaderValue } from '../../facts.js';
import type { Value } from '../values.js';
import {
  ALLOWED_ORIGIN,
  ANY_ORIGIN,
  credentialsHeader,
  frameworkCors,
  literal,
  originKind,
  readFlag,
  readOrigin,
  UNKNOWN_VALUE,
  withCors,
  type AddedHeader,
  type CorsUse,
  type OriginOption,
} from './cors.js';
import { EXPRESS_CORS } from './express.js';
import type { LibraryContext, LibraryModel } from './model.js';

/**
 * Apollo Server on Lambda, whose handler answers every request itself:
 * - apollo-server-lambda 2.x (2.26.2, dist/ApolloServer.js): `createHandler({ cors })` sets the CORS
 *   headers itself, none without `cors`; an `origin` string is sent as is, `true` echoes the request's
 *   origin, a list echoes an origin it holds (no `Vary`); `credentials: true` sends the credentials header.
 * - apollo-server-lambda 3.x (3.13.0): an Express app made by apollo-server-express 3.13.0 behind
 *   @vendia/serverless-express; `expressGetMiddlewareOptions.cors` goes to the cors package (undefined or
 *   `true`: `cors()`, origin `*`; `false`: none; an object: its options).
 * - @as-integrations/aws-lambda 3.1.0 `startServerAndCreateLambdaHandler(server, requestHandler, options)`:
 *   no CORS header; `options.middleware` may change the result and is not followed.
 * Server `plugins` may set headers too, and are not followed.
 */

interface HandlerInfo {
  site: Span;
  use?: CorsUse;
  /** Why the responses may hold headers not known. */
  unknown?: string;
}

/** `new ApolloServer(options)`: whether it may have plugins (options not read statically count), which may set any header. */
interface ServerInfo {
  plugins: boolean;
}

const PACKAGES = ['apollo-server-lambda', '@apollo/server', '@as-integrations/aws-lambda'];

export const apolloModel: LibraryModel = {
  name: 'apollo',
  packages: PACKAGES,

  call({ specifier, path, args, node }, ctx) {
    const name = path[path.length - 1];
    if (name === 'ApolloServer' && specifier !== '@as-integrations/aws-lambda')
      return ctx.create(apolloModel.name, 'server', { plugins: ctx.option(args[0], 'plugins') !== 'absent' } satisfies ServerInfo);
    if (specifier !== '@as-integrations/aws-lambda' || name !== 'startServerAndCreateLambdaHandler') return undefined;
    const server = args[0] && ctx.deref(args[0]);
    const known = server?.kind === 'library' && server.type === 'server' && !(server.info as ServerInfo).plugins;
    const middleware = ctx.option(args[2], 'middleware') !== 'absent';
    const unknown = !known
      ? 'the Apollo server or its plugins are not followed'
      : middleware
        ? 'the middleware of @as-integrations/aws-lambda is not followed'
        : undefined;
    return handler(ctx, ctx.span(node), undefined, unknown);
  },

  method(target, name, { args, node }, ctx) {
    if (target.type !== 'server' || name !== 'createHandler') return undefined;
    const at = ctx.span(node);
    const plugins = (target.info as ServerInfo).plugins ? 'the Apollo server options may hold plugins, which are not followed' : undefined;
    const major = ctx.packageMajor('apollo-server-lambda');
    if (major === 2) return handler(ctx, at, v2Cors(ctx, at, ctx.option(args[0], 'cors')), plugins);
    if (major === 3) {
      const express = ctx.option(args[0], 'expressGetMiddlewareOptions');
      if (ctx.option(args[0], 'expressAppFromMiddleware') !== 'absent' || express === 'unknown')
        return handler(ctx, at, undefined, 'the Express app apollo-server-lambda is given is not followed');
      const cors = ctx.option(express === 'absent' ? undefined : express.value, 'cors');
      return handler(ctx, at, v3Cors(ctx, at, cors), plugins);
    }
    return handler(ctx, at, undefined, 'the apollo-server-lambda version is not declared');
  },

  handler(target) {
    if (target.type !== 'handler') return undefined;
    const { site, use, unknown } = target.info as HandlerInfo;
    return {
      site,
      decorate: (bag) => (use ? withCors(bag, use) : bag),
      extra: [],
      middleware: use ? [use.fact] : [],
      routes: [],
      ...(unknown ? { incomplete: unknown } : { closed: true }),
    };
  },
};

function handler(ctx: LibraryContext, site: Span, use: CorsUse | undefined, unknown: string | undefined): Value {
  return ctx.create(apolloModel.name, 'handler', { site, ...(use && { use }), ...(unknown && { unknown }) } satisfies HandlerInfo);
}

type CorsOption = ReturnType<LibraryContext['option']>;

/** apollo-server-lambda 2.x's own CORS headers. */
function v2Cors(ctx: LibraryContext, at: Span, cors: CorsOption): CorsUse | undefined {
  if (cors === 'absent') return undefined;
  const opts = cors === 'unknown' ? undefined : cors.value;
  const origin: OriginOption = cors === 'unknown' ? { kind: 'unknown' } : readOrigin(ctx, opts, 'origin');
  const creds = cors === 'unknown' ? ({ value: 'unknown' } as const) : readFlag(ctx, opts, 'credentials');
  const headers: AddedHeader[] = [];
  const set = (value: HeaderValue, valueSpan: Span, always = true) => headers.push({ name: 'Access-Control-Allow-Origin', value, valueSpan, always });
  if (origin.kind === 'string') set(literal(origin.value), origin.span);
  else if (origin.kind === 'boolean' && origin.value) set(ANY_ORIGIN, origin.span);
  else if (origin.kind === 'list') set(ALLOWED_ORIGIN, origin.span);
  else if (origin.kind !== 'absent' && !(origin.kind === 'boolean' && !origin.value)) set(UNKNOWN_VALUE, origin.span ?? at, false);
  headers.push(...credentialsHeader(creds, at));
  return {
    fact: { library: 'apollo-server-lambda', span: at, ...originKind(origin), credentials: creds.value, effectiveDefaultOrigin: 'none' },
    headers,
    keepExisting: false,
  };
}

/** apollo-server-lambda 3.x: the cors package's middleware on the Express app it makes. */
function v3Cors(ctx: LibraryContext, at: Span, cors: CorsOption): CorsUse | undefined {
  if (cors === 'unknown') return frameworkCors(ctx, EXPRESS_CORS, at, { kind: 'unknown' });
  const value = cors === 'absent' ? undefined : ctx.deref(cors.value);
  if (value?.kind === 'literal' && value.value === false) return undefined;
  return frameworkCors(ctx, EXPRESS_CORS, at, value?.kind === 'literal' && value.value === true ? undefined : value);
}
