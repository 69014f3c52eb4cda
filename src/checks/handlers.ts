import type { HandlerFacts } from '../analysis/facts.js';
import { handlerFacingRoutes } from '../model/queries.js';
import type { FunctionDef, HttpEvent } from '../model/types.js';
import type { RuleContext } from '../rule.js';

/**
 * Where the rules about what handlers send start: the functions (or events) whose handler
 * responses reach browsers as written, with the handler's facts. Handlers that were not analysed
 * (not found, unparsable) are left out, so rules stay quiet on them. The order is config order,
 * so "report once, for the first function" picks the first one written.
 */

/** A function whose handler's own response headers reach browsers, with those routes and the handler's facts. */
export interface FacingHandler {
  fn: FunctionDef;
  /** handlerFacingRoutes: never empty. */
  routes: string[];
  facts: HandlerFacts;
}

/** Every function with handler-facing routes whose handler was analysed (handlers of other functions are not analysed). */
export function facingHandlers(ctx: Pick<RuleContext, 'project' | 'handler'>): FacingHandler[] {
  const out: FacingHandler[] = [];
  for (const fn of ctx.project.functions) {
    const routes = handlerFacingRoutes(ctx.project, fn);
    if (routes.length === 0) continue;
    const result = ctx.handler(fn);
    if (result.status === 'analysed') out.push({ fn, routes, facts: result.facts });
  }
  return out;
}

/** The lambda-proxy events among `events` whose handler was analysed, with its facts. */
export function proxyHandlers(ctx: Pick<RuleContext, 'handler'>, events: HttpEvent[]): { event: HttpEvent; facts: HandlerFacts }[] {
  const out: { event: HttpEvent; facts: HandlerFacts }[] = [];
  for (const event of events) {
    if (event.integration !== 'AWS_PROXY') continue;
    const result = ctx.handler(event.fn);
    if (result.status === 'analysed') out.push({ event, facts: result.facts });
  }
  return out;
}
