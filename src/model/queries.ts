import type { FunctionDef, HttpEvent, Project } from './types.js';

/**
 * The events whose browser-visible headers come from the handler's own response: lambda-proxy
 * `http` events, and `httpApi` events when API Gateway does not answer CORS itself
 * (with `provider.httpApi.cors` it ignores the integration's CORS headers, RULES.md A3).
 */
export function handlerFacingRoutes(project: Project, fn: FunctionDef): string[] {
  const routes: string[] = [];
  for (const e of fn.events) {
    if (e.kind === 'http' && e.integration === 'AWS_PROXY') routes.push(e.route);
    if (e.kind === 'httpApi' && !project.provider.httpApiCors) routes.push(e.route);
  }
  if (routes.length === 0 && fn.urlCors === undefined && hasUrl(fn)) routes.push('function URL');
  return routes;
}

function hasUrl(fn: FunctionDef): boolean {
  return fn.node.kind === 'map' && fn.node.entries.some((e) => e.key === 'url');
}

/** Events with an authorizer or an API key: browsers see the gateway's 4XX answers on them. */
export function isProtected(e: HttpEvent): boolean {
  return e.authorizer !== undefined || e.private;
}
