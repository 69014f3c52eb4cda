import type { Span } from '../../../source.js';
import { headerEntries, type CorsMiddlewareFact, type HeaderBag, type HeaderValue, type MiddyErrorOrder, type ResponseFact } from '../../facts.js';
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
 * them already (cors runs `after`). Thrown errors get the response an error handler builds
 * (`@middy/http-error-handler`, middy-middleware-json-error-handler), which carries cors's headers
 * or not depending on the installed majors: see `errorPath`.
 */

const CORE = ['@middy/core', 'middy'];
const HTTP_CORS = '@middy/http-cors';
const LEGACY = 'middy/middlewares';
const ERROR_HANDLER = '@middy/http-error-handler';
const JSON_ERROR_HANDLER = 'middy-middleware-json-error-handler';
/** Middlewares that rewrite the event the handler reads (header names, payload 2.0 fields). */
const NORMALIZERS = new Set(['@middy/http-header-normalizer', '@middy/http-event-normalizer', 'httpHeaderNormalizer', 'httpEventNormalizer']);

/** Official middlewares that leave the CORS headers alone and return nothing in `onError`; any other middleware may. */
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
  /** The `@middy/core` major; 0 for the legacy `middy` package. */
  core?: number;
}

/** An error middleware as created: the package and its major when the service declares it. */
interface ErrorHandlerInfo {
  span: Span;
  package: typeof ERROR_HANDLER | typeof LEGACY | typeof JSON_ERROR_HANDLER;
  major?: number;
}

export const middyModel: LibraryModel = {
  name: 'middy',
  packages: [...CORE, HTTP_CORS, LEGACY, ERROR_HANDLER, JSON_ERROR_HANDLER, ...NEUTRAL],

  call({ specifier, path, args, node }, ctx) {
    const at = ctx.span(node);
    const [name] = path;
    const errorHandler = (info: Omit<ErrorHandlerInfo, 'span'>) =>
      ctx.create(middyModel.name, 'error-handler', { span: at, ...info } satisfies ErrorHandlerInfo);
    if (specifier === LEGACY) {
      if (path.length !== 1) return undefined;
      if (name === 'cors') return corsValue(ctx, middyModel, middyCors(ctx, true, at, args[0]));
      if (name === 'httpErrorHandler') return errorHandler({ package: LEGACY, major: 0 });
      return NEUTRAL_LEGACY.has(name) ? ctx.create(middyModel.name, 'neutral', { normalizer: NORMALIZERS.has(name) }) : undefined;
    }
    if (specifier === JSON_ERROR_HANDLER) {
      // `JSONErrorHandlerMiddleware()` (the default export is `create`), `new JSONErrorHandlerMiddleware()`, `….create()`.
      const forms = ['', 'default', 'JSONErrorHandlerMiddleware', 'JSONErrorHandlerMiddleware.create'];
      return forms.includes(path.join('.')) ? errorHandler({ package: JSON_ERROR_HANDLER }) : undefined;
    }
    if (path.length !== 0) return undefined;
    if (CORE.includes(specifier)) {
      const core = specifier === 'middy' ? 0 : ctx.packageMajor(specifier);
      const instance = ctx.create(middyModel.name, 'middy', { span: at, ...(core !== undefined && { core }) } satisfies Instance);
      ctx.set(instance, 'handler', args[0] ?? UNDEFINED);
      return instance;
    }
    if (specifier === HTTP_CORS) return corsValue(ctx, middyModel, middyCors(ctx, false, at, args[0]));
    if (specifier === ERROR_HANDLER) return errorHandler({ package: ERROR_HANDLER, major: ctx.packageMajor(ERROR_HANDLER) });
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

/** A registered middleware as the `onError` stack sees it, in registration order. */
type Step =
  | { kind: 'cors'; use: CorsUse; major?: number }
  | { kind: 'error'; info: ErrorHandlerInfo }
  /** A middleware that may do anything in `onError`. */
  | { kind: 'unknown' };

/**
 * What an error middleware does in `onError` (rules/middy-cors-order.md cites the versions read):
 * `replaces` the response with its own, headers already set included, and the chain goes on
 * (http-error-handler 0.x–1.x, middy-middleware-json-error-handler 1–4); `returns` its response,
 * keeping headers already set, which ends the chain on @middy/core 2+ (http-error-handler 2.x);
 * `fills` in a response only when none exists yet, and the chain goes on (http-error-handler 3+).
 */
type ErrorHandling = 'replaces' | 'returns' | 'fills';

function errorHandling(info: ErrorHandlerInfo, core: number): { name: string; does: ErrorHandling } {
  if (info.package === JSON_ERROR_HANDLER) return { name: JSON_ERROR_HANDLER, does: 'replaces' };
  if (info.package === LEGACY) return { name: 'httpErrorHandler (middy/middlewares)', does: 'replaces' };
  // The official middlewares are released with the core: an undeclared one is taken to match it.
  const major = info.major ?? core;
  return { name: `${ERROR_HANDLER} ${major}.x`, does: major <= 1 ? 'replaces' : major === 2 ? 'returns' : 'fills' };
}

type ErrorStep = Extract<Step, { kind: 'error' }>;

/** A response an error handler built, with the cors steps whose headers it carries. */
interface ErrorResponse {
  by?: ErrorStep;
  cors: Step[];
}

interface ErrorPath {
  /** The response thrown errors get; undefined when no error handler answers. */
  response?: ErrorResponse;
  /** The cors steps whose headers that response lacks, and why. */
  lost: Map<Step, { cause: MiddyErrorOrder['cause']; by: ErrorStep }>;
}

/**
 * Runs the `onError` stack as `@middy/core` `core` does: in registration order up to 2.x, in
 * reverse from 3.0 (`onError` middlewares are pushed, then unshifted); a middleware returning a
 * value ends the chain from 2.0 (0.x–1.x pass control with `next()`). cors adds its headers to
 * the response so far; up to 2.x it creates one when there is none, from 3.0 it adds nothing then.
 * Undefined when a middleware may do anything there.
 */
function errorPath(steps: readonly Step[], core: number): ErrorPath | undefined {
  const lost: ErrorPath['lost'] = new Map();
  let response: ErrorResponse | undefined;
  const skipped: Step[] = [];
  const run = core >= 3 ? [...steps].reverse() : steps;
  for (const [i, step] of run.entries()) {
    if (step.kind === 'unknown') return undefined;
    if (step.kind === 'cors') {
      const creates = (step.major ?? core) <= 2;
      if (response || creates) response = { ...response, cors: [...(response?.cors ?? []), step] };
      else skipped.push(step);
      continue;
    }
    if (!response?.by) for (const c of skipped.splice(0)) lost.set(c, { cause: 'runs-first', by: step });
    const { does } = errorHandling(step.info, core);
    if (does === 'replaces') {
      for (const c of response?.cors ?? []) lost.set(c, { cause: 'replaced', by: step });
      response = { by: step, cors: [] };
    } else if (does === 'fills') {
      response = { by: response?.by ?? step, cors: response?.cors ?? [] };
    } else {
      response = { by: step, cors: response?.cors ?? [] };
      if (core >= 2) {
        for (const c of run.slice(i + 1)) if (c.kind === 'cors') lost.set(c, { cause: 'chain-ends', by: step });
        break;
      }
    }
  }
  return { ...(response?.by && { response }), lost };
}

/** Whether error responses carry `cors`'s headers once the registrations are `steps`. */
function carries(steps: Step[], core: number, cors: Step): boolean {
  return errorPath(steps, core)?.response?.cors.includes(cors) ?? false;
}

/** What makes error responses carry a lost cors's headers (see `MiddyErrorOrder.remedy`). */
function remedy(steps: readonly Step[], core: number, cors: Step, by: Step): MiddyErrorOrder['remedy'] {
  const swapped = steps.map((s) => (s === cors ? by : s === by ? cors : s));
  if (carries(swapped, core, cors)) return 'swap';
  const others = steps.filter((s) => s !== cors);
  if (carries([cors, ...others], core, cors)) return 'first';
  if (carries([...others, cors], core, cors)) return 'last';
  return 'versions';
}

/**
 * The `@middy/core` major when the service does not declare it: that of the official middlewares
 * it uses, which are released together with the core, when they agree.
 */
function releasedWith(...majors: (number | undefined)[][]): number | undefined {
  const declared = new Set(majors.flat().filter((m) => m !== undefined));
  return declared.size === 1 ? [...declared][0] : undefined;
}

function middyHandler(target: LibraryValue, reader: LibraryReader): LibraryHandler {
  const instance = target.info as Instance;
  const cors: { use: CorsUse; step: Step }[] = [];
  const steps: Step[] = [];
  const errorHandlers: ErrorHandlerInfo[] = [];
  let unknownAfter = false;
  let normalizesRequest = false;
  for (const u of listItems(reader, target, 'uses')) {
    const v = reader.deref(u);
    const use = corsOf(v);
    if (use) {
      const step: Step = {
        kind: 'cors',
        use,
        ...(use.fact.version !== undefined && { major: use.fact.version }),
        ...(use.fact.library === 'middy-legacy' && { major: 0 }),
      };
      cors.push({ use, step });
      steps.push(step);
    } else if (v.kind === 'library' && v.type === 'error-handler') {
      const info = v.info as ErrorHandlerInfo;
      errorHandlers.push(info);
      steps.push({ kind: 'error', info });
    } else if (v.kind === 'library' && v.type === 'neutral') {
      normalizesRequest ||= (v.info as { normalizer: boolean }).normalizer;
    } else {
      // A middleware object written in the project: only the phases it defines matter.
      unknownAfter ||= reader.option(v, 'after') !== 'absent';
      if (reader.option(v, 'onError') !== 'absent') steps.push({ kind: 'unknown' });
      normalizesRequest ||= reader.option(v, 'before') !== 'absent';
    }
  }
  // `after` runs in reverse registration order, and cors keeps a header already set: the last registered wins.
  const addCors = (bag: HeaderBag, uses: CorsUse[]) => uses.reduce((b, c) => withCors(b, c), { ...bag, open: bag.open || unknownAfter });
  const core =
    instance.core ??
    releasedWith(
      cors.map((c) => c.use.fact.version),
      errorHandlers.map((e) => (e.package === ERROR_HANDLER ? e.major : undefined)),
    );
  const path = core === undefined ? undefined : errorPath(steps, core);
  const extra: ResponseFact[] = [];
  const first = errorHandlers[0];
  if (first) {
    const by = path?.response?.by?.info;
    const site = by?.span ?? first.span;
    // http-error-handler 2+ sets the content type; the handlers that replace the response set no header.
    const contentType = { name: 'Content-Type', value: UNKNOWN_VALUE, span: site, valueSpan: site, always: true };
    const sets = by && core !== undefined && errorHandling(by, core).does !== 'replaces';
    const bag: HeaderBag = { entries: headerEntries(sets ? { 'content-type': contentType } : {}), open: path === undefined };
    const carried = path?.response?.cors.flatMap((s) => (s.kind === 'cors' ? [s.use] : [])) ?? [];
    extra.push({
      site,
      // Applied in the order they ran: the first to set a header keeps it.
      headers: carried.reduce((b, c) => withCors(b, c), bag),
      ...(path && path.lost.size > 0 && { lostCorsBy: 'middy-order' as const }),
    });
  }
  const middleware: CorsMiddlewareFact[] = cors.map(({ use, step }) => {
    const lost = path?.lost.get(step);
    return {
      ...use.fact,
      hasErrorHandler: first !== undefined,
      ...(lost &&
        core !== undefined && {
          lostOnError: {
            errorHandler: { span: lost.by.info.span, name: errorHandling(lost.by.info, core).name },
            core,
            cause: lost.cause,
            position: steps.indexOf(step) < steps.indexOf(lost.by) ? ('before' as const) : ('after' as const),
            remedy: remedy(steps, core, step, lost.by),
          },
        }),
    };
  });
  return {
    inner: reader.get(target, 'handler'),
    site: instance.span,
    decorate: (bag) =>
      addCors(
        bag,
        [...cors].reverse().map((c) => c.use),
      ),
    extra,
    middleware,
    routes: [],
    // An unknown middleware may rewrite the event as well.
    normalizesRequest,
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
