import type { Span } from '../../../source.js';
import type { CorsMiddlewareFact, HeaderBag, HeaderValue, ResponseFact } from '../../facts.js';
import { UNDEFINED, UNKNOWN } from '../../values.js';
import type { LibraryValue, Value } from '../values.js';
import { listItems } from './context.js';
import {
  ACAO,
  ALLOWED_ORIGIN,
  ANY_ORIGIN,
  corsOf,
  corsValue,
  credentialsHeader,
  literal,
  readFlag,
  readOrigin,
  UNKNOWN_VALUE,
  withCors,
  type AddedHeader,
  type CorsUse,
} from './cors.js';
import type { LibraryContext, LibraryHandler, LibraryModel, LibraryReader } from './model.js';

/**
 * middy (docs/cors-semantics.md#handler-libraries): `middy(fn).use(cors(opts))`,
 * `middy().use([a, b]).handler(fn)`, chains split across statements, and the legacy 0.x `middy`
 * with `middy/middlewares`. The wrapped function's responses get the CORS headers unless they set
 * them already (cors runs `after`); `@middy/http-error-handler` adds a response for thrown errors,
 * which carries CORS only when cors was registered before it (`onError` runs in reverse
 * registration order).
 */

const CORE = ['@middy/core', 'middy'];
const HTTP_CORS = '@middy/http-cors';
const LEGACY = 'middy/middlewares';
const ERROR_HANDLER = '@middy/http-error-handler';
/** Middlewares that rewrite the event the handler reads (header names, payload 2.0 fields). */
const NORMALIZERS = new Set(['@middy/http-header-normalizer', '@middy/http-event-normalizer', 'httpHeaderNormalizer', 'httpEventNormalizer']);

/** Official middlewares that leave the CORS headers alone; any other middleware opens the bag. */
const NEUTRAL = [
  'http-json-body-parser',
  'http-event-normalizer',
  'http-header-normalizer',
  'http-urlencode-body-parser',
  'http-urlencode-path-parser',
  'http-multipart-body-parser',
  'http-response-serializer',
  'validator',
  'input-output-logger',
  'error-logger',
  'ssm',
  'secrets-manager',
  'do-not-wait-for-empty-event-loop',
  'warmup',
  'event-normalizer',
].map((name) => `@middy/${name}`);

const NEUTRAL_LEGACY = new Set([
  'jsonBodyParser',
  'httpEventNormalizer',
  'httpHeaderNormalizer',
  'urlEncodeBodyParser',
  'httpMultipartBodyParser',
  'httpResponseSerializer',
  'validator',
  'inputOutputLogger',
  'errorLogger',
  'ssm',
  'secretsManager',
  'doNotWaitForEmptyEventLoop',
  'warmup',
]);

interface Instance {
  /** The `middy(…)` call. */
  span: Span;
}

export const middyModel: LibraryModel = {
  name: 'middy',
  packages: [...CORE, HTTP_CORS, LEGACY, ERROR_HANDLER, ...NEUTRAL],

  call({ specifier, path, args, node }, ctx) {
    const at = ctx.span(node);
    const [name] = path;
    if (specifier === LEGACY) {
      if (path.length !== 1) return undefined;
      if (name === 'cors') return corsValue(ctx, middyModel, middyCors(ctx, true, at, args[0]));
      if (name === 'httpErrorHandler') return ctx.create(middyModel.name, 'error-handler', { span: at });
      return NEUTRAL_LEGACY.has(name) ? ctx.create(middyModel.name, 'neutral', { normalizer: NORMALIZERS.has(name) }) : undefined;
    }
    if (path.length !== 0) return undefined;
    if (CORE.includes(specifier)) {
      const instance = ctx.create(middyModel.name, 'middy', { span: at } satisfies Instance);
      ctx.set(instance, 'handler', args[0] ?? UNDEFINED);
      return instance;
    }
    if (specifier === HTTP_CORS) return corsValue(ctx, middyModel, middyCors(ctx, false, at, args[0]));
    if (specifier === ERROR_HANDLER) return ctx.create(middyModel.name, 'error-handler', { span: at });
    return ctx.create(middyModel.name, 'neutral', { normalizer: NORMALIZERS.has(specifier) });
  },

  method(target, name, { args }, ctx) {
    if (target.type !== 'middy') return undefined;
    if (name === 'use') ctx.set(target, 'uses', { kind: 'array', items: [...listItems(ctx, target, 'uses'), ...flatten(args, ctx)] });
    else if (name === 'handler') ctx.set(target, 'handler', args[0] ?? UNDEFINED);
    // Inline `before` / `after` / `onError` functions are not followed: they may set anything.
    else if (['before', 'after', 'onError'].includes(name)) ctx.set(target, 'uses', { kind: 'array', items: [...listItems(ctx, target, 'uses'), UNKNOWN] });
    else return undefined;
    return target;
  },

  handler(target, reader) {
    return target.type === 'middy' ? middyHandler(target, reader) : undefined;
  },
};

function flatten(args: readonly Value[], reader: LibraryReader): Value[] {
  return args.flatMap((a) => {
    const v = reader.deref(a);
    return v.kind === 'array' ? flatten(v.items, reader) : [v];
  });
}

function middyHandler(target: LibraryValue, reader: LibraryReader): LibraryHandler {
  const cors: { use: CorsUse; index: number }[] = [];
  let errorHandler: { span: Span; index: number } | undefined;
  let unknown = false;
  let normalizesRequest = false;
  listItems(reader, target, 'uses').forEach((u, index) => {
    const v = reader.deref(u);
    const use = corsOf(v);
    if (use) cors.push({ use, index });
    else if (v.kind === 'library' && v.type === 'error-handler') errorHandler ??= { span: (v.info as { span: Span }).span, index };
    else if (v.kind === 'library' && v.type === 'neutral') normalizesRequest ||= (v.info as { normalizer: boolean }).normalizer;
    else unknown = true;
  });
  // `after` runs in reverse registration order, and cors keeps a header already set: the last registered wins.
  const addCors = (bag: HeaderBag, uses: typeof cors) => [...uses].reverse().reduce((b, c) => withCors(b, c.use), { ...bag, open: bag.open || unknown });
  const extra: ResponseFact[] = [];
  if (errorHandler) {
    const eh = errorHandler;
    const contentType = { name: 'Content-Type', value: UNKNOWN_VALUE, span: eh.span, valueSpan: eh.span, always: true };
    const bag: HeaderBag = { entries: { 'content-type': contentType }, open: false };
    const lost = cors.some((c) => c.index > eh.index);
    extra.push({
      site: eh.span,
      headers: addCors(
        bag,
        cors.filter((c) => c.index < eh.index),
      ),
      ...(lost && { lostCorsBy: 'middy-order' as const }),
    });
  }
  const middleware: CorsMiddlewareFact[] = cors.map(({ use, index }) => ({
    ...use.fact,
    hasErrorHandler: errorHandler !== undefined,
    ...(errorHandler && errorHandler.index < index && { errorHandlerBefore: { span: errorHandler.span } }),
  }));
  return {
    inner: reader.get(target, 'handler'),
    site: (target.info as Instance).span,
    decorate: (bag) => addCors(bag, cors),
    extra,
    middleware,
    routes: [],
    // An unknown middleware may rewrite the event as well.
    normalizesRequest: normalizesRequest || unknown,
  };
}

/**
 * `@middy/http-cors` (`legacy`: `middy/middlewares` cors). Default origin: `*` up to v5, none
 * from v6 on, unknown when the version is not declared; a dynamic origin adds `Vary: Origin`.
 */
function middyCors(ctx: LibraryContext, legacy: boolean, at: Span, opts: Value | undefined): CorsUse {
  const version = legacy ? undefined : ctx.packageMajor(HTTP_CORS);
  const defaultOrigin = legacy || (version !== undefined && version < 6) ? '*' : version === undefined ? 'unknown' : 'none';
  const creds = readFlag(ctx, opts, 'credentials');
  const { acao, kind } = middyOrigin(ctx, legacy, opts, creds.value, defaultOrigin, at);
  const headers: AddedHeader[] = [...(acao ? [acao] : []), ...credentialsHeader(creds, at), ...(legacy ? [] : varyHeader(ctx, opts, acao, at))];
  const restOnly = legacy || version === 1;
  return {
    fact: {
      library: legacy ? 'middy-legacy' : 'middy-http-cors',
      span: at,
      ...kind,
      credentials: creds.value,
      ...(version !== undefined && { version }),
      effectiveDefaultOrigin: defaultOrigin,
      ...(restOnly && { restOnly }),
    },
    headers,
    keepExisting: true,
  };
}

/**
 * The origin middy sends: `getOrigin` decides it; else `origins` echo allowlisted origins and
 * fall back to the first; else `origin` or the default. `*` with credentials echoes any origin
 * (and so does `*` inside `origins` for `@middy/http-cors`).
 */
function middyOrigin(
  ctx: LibraryContext,
  legacy: boolean,
  opts: Value | undefined,
  creds: boolean | 'unknown',
  defaultOrigin: '*' | 'none' | 'unknown',
  at: Span,
): { acao?: AddedHeader; kind: Pick<CorsMiddlewareFact, 'origin' | 'originValue'> } {
  const header = (value: HeaderValue, valueSpan: Span, always = true): AddedHeader => ({ name: ACAO, value, valueSpan, always });
  const star = creds === true ? ANY_ORIGIN : creds === false ? literal('*') : UNKNOWN_VALUE;
  const unknown = (span: Span) => ({ acao: header(UNKNOWN_VALUE, span), kind: { origin: 'unknown' as const } });
  const getOrigin = legacy ? 'absent' : ctx.option(opts, 'getOrigin');
  if (getOrigin !== 'absent') return { acao: header(UNKNOWN_VALUE, getOrigin === 'unknown' ? at : getOrigin.valueSpan), kind: { origin: 'function' } };
  const origins = readOrigin(ctx, opts, 'origins');
  if (origins.kind === 'list' && origins.items.length > 0) {
    const items = origins.items;
    if (items.some((i) => i === undefined)) return unknown(origins.span);
    if (!legacy && items.includes('*')) return { acao: header(star, origins.span), kind: { origin: creds === true ? 'reflect-any' : 'list' } };
    const single = items.length === 1 && !items[0]!.includes('*');
    return { acao: header(single ? literal(items[0]!) : ALLOWED_ORIGIN, origins.span), kind: { origin: 'list' } };
  }
  if (origins.kind !== 'absent' && origins.kind !== 'list') return unknown(origins.span ?? at);
  const origin = readOrigin(ctx, opts, 'origin');
  if (origin.kind === 'absent') {
    const kind = { origin: defaultOrigin === '*' && creds === true ? ('reflect-any' as const) : ('default' as const) };
    if (defaultOrigin === 'none') return { kind };
    return { acao: defaultOrigin === '*' ? header(star, at) : header(UNKNOWN_VALUE, at, false), kind };
  }
  if (origin.kind !== 'string') return unknown(origin.span ?? at);
  const reflects = origin.value === '*' && creds === true;
  return {
    acao: header(origin.value === '*' ? star : literal(origin.value), origin.span),
    kind: { origin: reflects ? 'reflect-any' : 'static', originValue: origin.value },
  };
}

/** An explicit `vary` option, or `Vary: Origin` when the origin sent depends on the request. */
function varyHeader(ctx: LibraryContext, opts: Value | undefined, acao: AddedHeader | undefined, at: Span): AddedHeader[] {
  const vary = readOrigin(ctx, opts, 'vary');
  if (vary.kind === 'string') return [{ name: 'Vary', value: literal(vary.value), valueSpan: vary.span, always: true }];
  if (vary.kind !== 'absent' || acao?.value.kind === 'unknown') return [{ name: 'Vary', value: UNKNOWN_VALUE, valueSpan: at, always: false }];
  return acao?.value.kind === 'request-origin' ? [{ name: 'Vary', value: literal('Origin'), valueSpan: at, always: true }] : [];
}
