import * as path from 'node:path';
import { asBoolean, asString, get, getPath } from '../config/tree.js';
import type { Span } from '../source.js';
import type { CfgValue } from '../config/tree.js';
import type { FunctionDef, HttpEvent, Project } from './types.js';

/** Functions whose handlers matter to CORS: those behind an API Gateway event or a Function URL. */
export function isWebFunction(fn: FunctionDef): boolean {
  return fn.events.length > 0 || fn.urlCors !== undefined;
}

/**
 * The events whose browser-visible headers come from the handler's own response: lambda-proxy
 * `http` events, and `httpApi` events when API Gateway does not answer CORS itself
 * (with `provider.httpApi.cors` it ignores the integration's CORS headers, RULES.md A3).
 */
export function handlerFacingRoutes(project: Project, fn: FunctionDef): string[] {
  // `cors: false` leaves CORS to the handler; an unknown value might not, so it counts as set (silence).
  const cors = project.provider.httpApiCors;
  const apiAnswersCors = cors !== undefined && asBoolean(cors) !== false;
  const routes: string[] = [];
  for (const e of fn.events) {
    if (e.kind === 'http' && e.integration === 'AWS_PROXY') routes.push(e.route);
    if (e.kind === 'httpApi' && !apiAnswersCors) routes.push(e.route);
  }
  if (routes.length === 0 && fn.urlCors === undefined && hasUrl(fn)) routes.push('function URL');
  return routes;
}

/** Whether the function has a Function URL (`url:`), with or without CORS. */
export function hasUrl(fn: FunctionDef): boolean {
  return fn.node.kind === 'map' && fn.node.entries.some((e) => e.key === 'url');
}

/** Events with an authorizer or an API key: browsers see the gateway's 4XX answers on them. */
export function isProtected(e: HttpEvent): boolean {
  return e.authorizer !== undefined || e.private;
}

/**
 * The payload format of a function's `httpApi` events: `functions.<fn>.httpApi.payload`, else
 * `provider.httpApi.payload`, else the framework's default 2.0 (http-api.js
 * `PayloadFormatVersion`); 'unknown' when the value that decides is not a plain string.
 */
export function httpApiPayload(project: Project, fn: FunctionDef): '1.0' | '2.0' | 'unknown' {
  const value = getPath(fn.node, 'httpApi', 'payload') ?? getPath(project.provider.node, 'httpApi', 'payload');
  if (value === undefined) return '2.0';
  const text = asString(value);
  return text === '1.0' || text === '2.0' ? text : 'unknown';
}

/** Whether every event of a function is an `httpApi` event (other events, ALB's say, may carry fields payload 2.0 lacks). */
export function onlyHttpApiEvents(fn: FunctionDef): boolean {
  const events = get(fn.node, 'events');
  return events?.kind === 'seq' && events.items.length > 0 && events.items.every((e) => e.kind === 'map' && e.entries.length === 1 && e.entries[0].key === 'httpApi');
}

/**
 * Why a config that parsed is not linted as a Framework service, or undefined when it is one:
 * a provider other than AWS (the rules model API Gateway), a serverless-compose file (they only point at services), or a Serverless Components config
 * (`component:` and `inputs:` at the top, or top-level instances that each name a `component`),
 * whose resources the components themselves define.
 */
export function notLinted(project: Project): string | undefined {
  if (/^serverless-compose\./.test(path.basename(project.configFile))) return 'not linted: a serverless-compose configuration, not a service';
  if (project.problems.some((p) => p.kind === undefined)) return undefined;
  const config = project.config;
  const name = asString(getPath(config, 'provider', 'name')) ?? asString(get(config, 'provider'));
  if (name !== undefined && name.toLowerCase() !== 'aws') return `not linted: provider.name is ${name}, and cors-lint checks AWS services only`;
  if (config.kind !== 'map' || get(config, 'functions') !== undefined || get(config, 'provider') !== undefined) return undefined;
  const component = get(config, 'component') !== undefined || get(config, 'inputs') !== undefined;
  const instances = config.entries.length > 0 && config.entries.some((e) => get(e.value, 'component') !== undefined);
  return component || instances ? 'not linted: a Serverless Components configuration, not a Framework service' : undefined;
}

/**
 * Where a related location about an event's cors setting points: the setting itself when it is
 * written in the event, else the event's own `cors` key (a value from `${self:custom.cors}` is
 * shared, and the event is where this route's CORS is decided).
 */
export function corsSettingAt(e: HttpEvent, setting?: CfgValue): Span {
  const cors = e.cors!;
  const written = setting ?? cors.node;
  return written.via?.length || cors.node.via?.length ? cors.keySpan : written.span;
}
