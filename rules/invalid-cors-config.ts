import { oncePerSpan, type Once } from '../src/checks/once.js';
import { describeRoutes } from '../src/checks/wording.js';
import { expandMethod, httpApiEvents, methodsCover } from '../src/model/cors.js';
import { isShared } from '../src/model/config-node.js';
import { corsSchemaIssues, suggestKey, type CorsKey, type CorsSchemaKind } from '../src/model/cors-schema.js';
import type { HttpApiEvent, HttpEvent, RestCors, V2Cors } from '../src/model/types.js';
import type { Span } from '../src/source.js';
import { defineRule, type FixBuilder, type Problem, type RuleContext } from '../src/rule.js';

type MessageId =
  | 'unknownKey'
  | 'didYouMean'
  | 'otherApiKey'
  | 'invalidValue'
  | 'httpApiEventCors'
  | 'methodNotAllowed'
  | 'externalApiCors'
  | 'functionLevelCors'
  | 'functionLevelCorsNoEvents';
type Ctx = RuleContext<MessageId>;

/** Where a cors object sits, for messages and the finding's function/route. */
interface Place {
  kind: CorsSchemaKind;
  cors: RestCors | V2Cors;
  subject: (key: string) => string;
  event?: HttpEvent;
}

const SCHEMA_NAME: Record<CorsSchemaKind, string> = { rest: "an http event's cors", httpApi: 'provider.httpApi.cors' };
const OTHER_API: Record<CorsSchemaKind, string> = { rest: 'an HTTP API (provider.httpApi.cors)', httpApi: 'a REST (http event cors)' };

export default defineRule({
  meta: {
    id: 'invalid-cors-config',
    description: "Disallow CORS settings that the framework's schema rejects and a deploy silently drops or refuses",
    severity: 'error',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: {
      unknownKey: 'Remove {{subject}}: {{schema}} has no such key. The framework ignores it (or fails the deploy with configValidationMode: error).',
      didYouMean: 'Rename {{subject}} to {{expected}}. {{schema}} has no such key, so the framework ignores it: {{effect}}.',
      otherApiKey: 'Rename {{subject}} to {{expected}}. It is the key name of {{otherApi}}, which {{schema}} ignores: {{effect}}.',
      invalidValue: "Fix the value: {{subject}} {{problem}}. The framework's schema rejects it.",
      httpApiEventCors:
        'Move this cors to provider.httpApi.cors. Function {{fn}} ({{route}}) sets it on an httpApi event, where the framework ignores it{{effect}}.',
      methodNotAllowed:
        'Add {{methods}} to provider.httpApi.cors.allowedMethods. They are used by {{routes}}, whose preflight fails, so the browser never sends those requests.',
      externalApiCors:
        'Configure CORS where the external HTTP API is defined, not in provider.httpApi.cors. With provider.httpApi.id set, packaging stops with EXTERNAL_HTTP_API_CORS_CONFIG.',
      functionLevelCors:
        'Move cors under the http events of function {{fn}} (or to provider.httpApi.cors for httpApi events). The framework ignores cors at function level.',
      functionLevelCorsNoEvents: 'Remove cors from function {{fn}}. It has no events (an authorizer, say), so the key does nothing there.',
    },
  },
  check(ctx) {
    const once = oncePerSpan();
    for (const fn of ctx.project.functions) {
      const at = fn.corsKeySpan;
      // Without events (an authorizer, say) the key is dead config, not a broken API: a warning at most.
      if (at && !fn.declaresEvents && !fn.hasUrl) {
        ctx.report({ messageId: 'functionLevelCorsNoEvents', data: { fn: fn.name }, at, functionName: fn.name, severity: 'warning' });
      } else if (at) ctx.report({ messageId: 'functionLevelCors', data: { fn: fn.name }, at, functionName: fn.name });
      for (const e of fn.events) {
        if (e.kind === 'http' && e.cors?.object) {
          const subject = (key: string) => `cors.${key} of function ${fn.name} (${e.route})`;
          checkMap(ctx, { kind: 'rest', cors: e.cors, subject, event: e }, once);
        }
        if (e.kind === 'httpApi' && e.corsKeySpan) reportEventCors(ctx, e, e.corsKeySpan);
      }
    }
    checkHttpApi(ctx, once);
  },
});

function checkHttpApi(ctx: Ctx, once: Once): void {
  const { provider } = ctx.project;
  const cors = provider.httpApiCors;
  if (!cors || cors.variable || cors.on === false) return;
  if (provider.externalHttpApi) {
    ctx.report({ messageId: 'externalApiCors', at: cors.keySpan });
    return;
  }
  if (!cors.object) return;
  checkMap(ctx, { kind: 'httpApi', cors, subject: (key) => `provider.httpApi.cors.${key}` }, once);
  checkAllowedMethods(ctx, cors);
}

/** Schema findings for one cors map; a map shared through a variable is reported once. */
function checkMap(ctx: Ctx, place: Place, once: Once): void {
  const issues = corsSchemaIssues(place.kind, place.cors);
  for (const issue of issues) {
    const at = issue.kind === 'unknown-key' ? issue.entry.keySpan : issue.entry.value.span;
    if (!once(at)) continue;
    const base = {
      at,
      functionName: place.event?.fn.name,
      route: place.event?.route,
      data: { subject: place.subject(issue.entry.key), schema: SCHEMA_NAME[place.kind] },
    };
    if (issue.kind === 'invalid-value') {
      ctx.report({ ...base, messageId: 'invalidValue', data: { ...base.data, problem: issue.problem } });
      continue;
    }
    const suggestion = suggestKey(place.kind, issue.entry.key);
    if (!suggestion) {
      ctx.report({ ...base, messageId: 'unknownKey' });
      continue;
    }
    const target = suggestion.key;
    const data = { ...base.data, expected: target, effect: effectOf(place, target), otherApi: OTHER_API[place.kind] };
    const problem: Problem<MessageId> = { ...base, messageId: suggestion.otherApi ? 'otherApiKey' : 'didYouMean', data };
    const misnamed = issues.filter((i) => i.kind === 'unknown-key').map((i) => i.entry);
    const rename = renameFix(place, issue.entry, target, misnamed);
    if (rename && renameIsSafe(place, issue.entry, target)) problem.fix = rename;
    else if (rename) problem.suggest = [{ desc: `Rename ${issue.entry.key} to ${target}`, fix: rename, sharedText: true }];
    ctx.report(problem);
  }
}

/** What the misnamed key leaves in place, in the user's terms. */
function effectOf(place: Place, target: string): string {
  const has = (...keys: string[]) => keys.some((k) => place.cors.keys.includes(k));
  if (place.kind === 'rest') {
    if ((target === 'origin' || target === 'origins') && !has('origin', 'origins')) return 'the preflight keeps the default origin * (any origin)';
    if (target === 'headers' && !has('headers')) return 'the preflight keeps the default allowed headers';
  } else {
    if (target === 'allowedOrigins' && !has('allowedOrigins')) return 'allowedOrigins stays at its default * (any origin)';
    if (target === 'allowedHeaders' && !has('allowedHeaders')) return 'allowedHeaders stays at the default list';
    if (target === 'exposedResponseHeaders' && !has(target)) return 'no response header is exposed to the browser';
  }
  if (target === 'allowCredentials' && !has(target)) return 'credentials stay off';
  if (target === 'maxAge' && !has(target)) return 'no Access-Control-Max-Age is sent';
  if (target === 'cacheControl' && !has(target)) return 'no Cache-Control is sent';
  return 'the value has no effect';
}

/**
 * A rename is safe when it makes the text take effect without widening access: never onto
 * allowCredentials unless the value is false, never an origin list holding `*` or a variable.
 */
function renameIsSafe(place: Place, key: CorsKey, target: string): boolean {
  if (isShared(place.cors.node)) return false;
  if (target === 'allowCredentials') return key.asBoolean === false;
  if (target === 'origin' || target === 'origins' || target === 'allowedOrigins') {
    return !!key.asList && key.asList.every((o) => o !== undefined && o.trim() !== '*');
  }
  return true;
}

/** Renames the key in place; none when the target exists or another misnamed key would take it too. */
function renameFix(place: Place, key: CorsKey, target: string, misnamed: CorsKey[]): FixBuilder | undefined {
  if (place.cors.keys.includes(target)) return undefined;
  const rivals = misnamed.filter((m) => suggestKey(place.kind, m.key)?.key === target);
  if (rivals.length > 1) return undefined;
  return (fixer) => fixer.renameKey(place.cors.node, key.keySpan, target);
}

function reportEventCors(ctx: Ctx, e: HttpApiEvent, at: Span): void {
  const { httpApiCors, externalHttpApi } = ctx.project.provider;
  const off = !httpApiCors || httpApiCors.on === false;
  const suggest: Problem<MessageId>['suggest'] = [{ desc: 'Remove the ignored cors key', fix: (fixer) => fixer.removeKey(e.node, 'cors') }];
  if (off && !externalHttpApi) {
    suggest.push({
      desc: 'Turn on CORS for the whole HTTP API with provider.httpApi.cors: true (allows any origin)',
      fix: (fixer) => fixer.addPath(ctx.project.root, ['provider', 'httpApi', 'cors'], true),
    });
  }
  ctx.report({
    messageId: 'httpApiEventCors',
    data: { fn: e.fn.name, route: e.route, effect: off ? ', so this API sends no CORS headers at all' : '' },
    at,
    functionName: e.fn.name,
    route: e.route,
    suggest,
  });
}

/** An explicit allowedMethods is not auto-filled: every route's method must be listed (http-api.js). */
function checkAllowedMethods(ctx: Ctx, cors: V2Cors): void {
  const list = cors.allowedMethods;
  const methods = list?.values;
  if (!list || !methods) return;
  const routes = httpApiEvents(ctx.project).filter((e) => e.method !== '?' && !methodsCover(methods, e.method));
  if (routes.length === 0) return;
  const missing = [...new Set(routes.flatMap((e) => expandMethod(e.method)))].filter((m) => !methodsCover(methods, m));
  const [first, ...others] = routes;
  const problem: Problem<MessageId> = {
    messageId: 'methodNotAllowed',
    data: { methods: missing.join(', '), routes: describeRoutes(routes) },
    at: list.node.span,
    related: others.map((e) => ({ at: e.node.span, message: `also needs its method: ${e.fn.name} (${e.route})` })),
    functionName: first.fn.name,
    route: first.route,
  };
  // A list written in the file gets the methods; shared text, or one value made a list, is offered.
  const edit: FixBuilder = (fixer) => fixer.appendItems(list.node, missing);
  if (!list.single && !isShared(list.node)) problem.fix = edit;
  else problem.suggest = [{ desc: `Add ${missing.join(', ')} to allowedMethods`, fix: edit, sharedText: true }];
  ctx.report(problem);
}
