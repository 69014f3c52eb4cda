import type { Span } from '../source.js';
import { isShared } from './config-node.js';
import type { ConfigNode, FunctionDef, HttpEvent, Project } from './types.js';

/** Functions whose handlers matter to CORS: those behind an API Gateway event or a Function URL. */
export function isWebFunction(fn: FunctionDef): boolean {
  return fn.events.length > 0 || fn.urlCors !== undefined;
}

/**
 * The events whose browser-visible headers come from the handler's own response: lambda-proxy
 * `http` events, and `httpApi` events when API Gateway does not answer CORS itself
 * (with `provider.httpApi.cors` it ignores the integration's CORS headers, docs/cors-semantics.md#http-api).
 */
export function handlerFacingRoutes(project: Project, fn: FunctionDef): string[] {
  // `cors: false` leaves CORS to the handler; an unknown value might not, so it counts as set (silence).
  const cors = project.provider.httpApiCors;
  const apiAnswersCors = cors !== undefined && cors.on !== false;
  const routes: string[] = [];
  for (const e of fn.events) {
    if (e.kind === 'http' && e.integration === 'AWS_PROXY') routes.push(e.route);
    if (e.kind === 'httpApi' && !apiAnswersCors) routes.push(e.route);
  }
  if (routes.length === 0 && fn.urlCors === undefined && fn.hasUrl) routes.push('function URL');
  return routes;
}

/** Events with an authorizer or an API key: browsers see the gateway's 4XX answers on them. */
export function isProtected(e: HttpEvent): boolean {
  return e.authorizer !== undefined || e.private;
}

/**
 * Where a related location about an event's cors setting points: the setting itself when it is
 * written in the event, else the event's own `cors` key (a value from `${self:custom.cors}` is
 * shared, and the event is where this route's CORS is decided).
 */
export function corsSettingAt(e: HttpEvent, setting?: ConfigNode): Span {
  const cors = e.cors!;
  const written = setting ?? cors.node;
  return isShared(written) || isShared(cors.node) ? cors.keySpan : written.span;
}
