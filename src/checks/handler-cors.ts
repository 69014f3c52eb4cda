import { header, type HandlerFacts } from '../analysis/facts.js';
import type { FunctionDef, HttpApiEvent, HttpEvent } from '../model/types.js';
import type { RuleContext } from '../rule.js';
import type { Span } from '../source.js';
import { handlerCorsSite, isOriginlessMiddyCors } from './responses.js';

/**
 * APIs whose CORS is written in the handlers (docs/cors-semantics.md#handler-managed-cors): no
 * `cors` is configured for the API, yet some of its functions send Access-Control-Allow-Origin (or
 * use a CORS middleware) or answer an OPTIONS route. Browsers call such an API, so each of its
 * routes needs its handler to send the headers, and each preflight needs a route that answers it.
 */
export interface HandlerCorsApi {
  kind: 'http' | 'httpApi';
  /** The API's events a handler answers with its own proxy response, in config order. */
  events: (HttpEvent | HttpApiEvent)[];
  /** The functions that show CORS in code, with where they do. Never empty. */
  senders: CorsSender[];
}

export interface CorsSender {
  fn: FunctionDef;
  at: Span;
  /** `sends`: a response with Access-Control-Allow-Origin or a CORS middleware; `options`: an OPTIONS route. */
  how: 'sends' | 'options';
}

type Ctx = Pick<RuleContext, 'project' | 'handler'>;

/** The service's REST and HTTP APIs that have no `cors` configured and CORS in their handlers. */
export function handlerCorsApis(ctx: Ctx): HandlerCorsApi[] {
  const { project } = ctx;
  const events = project.functions.flatMap((fn) => fn.events);
  const apis: HandlerCorsApi[] = [];
  const rest = events.filter((e): e is HttpEvent => e.kind === 'http');
  // Any cors on a REST event, or one that cannot be known, is configured CORS: the other rules judge it.
  if (!rest.some((e) => e.cors || e.corsUnknown))
    apis.push(
      api(
        ctx,
        'http',
        rest.filter((e) => e.integration === 'AWS_PROXY'),
      ),
    );
  // `cors: false` leaves CORS to the handlers; an external HTTP API may have CORS where it is defined.
  const v2 = project.provider.httpApiCors;
  if ((v2 === undefined || v2.on === false) && !project.provider.externalHttpApi) {
    apis.push(
      api(
        ctx,
        'httpApi',
        events.filter((e) => e.kind === 'httpApi'),
      ),
    );
  }
  return apis.filter((a) => a.senders.length > 0);
}

function api(ctx: Ctx, kind: HandlerCorsApi['kind'], events: (HttpEvent | HttpApiEvent)[]): HandlerCorsApi {
  const senders: CorsSender[] = [];
  for (const fn of new Set(events.map((e) => e.fn))) {
    const result = ctx.handler(fn);
    const site = result.status === 'analysed' ? corsSite(result.facts, kind) : undefined;
    const options = events.find((e) => e.fn === fn && e.method === 'OPTIONS');
    if (site) senders.push({ fn, at: site, how: 'sends' });
    else if (options) senders.push({ fn, at: options.node.span, how: 'options' });
  }
  return { kind, events, senders };
}

/**
 * Where a handler shows it does CORS on an API of `kind`: a CORS middleware that sends
 * Access-Control-Allow-Origin there (not a `@middy/http-cors` without origin, nor one that acts on
 * REST events only on an HTTP API), else the header in its first response that has it.
 */
export function corsSite(facts: HandlerFacts, kind: HandlerCorsApi['kind']): Span | undefined {
  return handlerCorsSite(facts, (m) => !isOriginlessMiddyCors(m) && !(m.restOnly && kind === 'httpApi'));
}

/**
 * Whether a handler is known to send Access-Control-Allow-Origin on none of its responses: every
 * path was followed, responses were found, no CORS middleware may add the header, and each
 * response is known to lack it. A handler that was not fully read is never counted.
 */
export function neverSendsOrigin(facts: HandlerFacts): boolean {
  return (
    facts.complete &&
    facts.responses.length > 0 &&
    !facts.middleware?.length &&
    facts.responses.every((r) => header(r.headers, 'access-control-allow-origin').state === 'absent')
  );
}
