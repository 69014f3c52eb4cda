import { oncePerSpan } from '../src/checks/once.js';
import { describeRoutes } from '../src/checks/wording.js';
import { DEFAULT_CORS_HEADERS } from '../src/model/build.js';
import {
  httpApiCorsConfig,
  httpApiEvents,
  missingHeaders,
  preflightHeaders,
  requiredRequestHeaders,
  type HeaderNeed,
  type RequiredHeader,
} from '../src/model/cors.js';
import { isShared } from '../src/model/config-node.js';
import type { ConfigNode, EventDef, ListSetting } from '../src/model/types.js';
import { defineRule, type FixBuilder, type Problem, type RuleContext, type Suggestion } from '../src/rule.js';

type MessageId = 'missing' | 'wildcardAuthorization';
type Ctx = RuleContext<MessageId>;

/** Why a header is needed, said of the event itself (REST) or of a route named after it (HTTP API). */
const NEED: Record<'own' | 'route', Record<HeaderNeed, string>> = {
  own: { authorizer: 'its authorizer', 'api-key': 'its API key (private: true)', 'aws-iam': 'its aws_iam signing', handler: 'its handler, which reads it' },
  route: { authorizer: 'the authorizer', 'api-key': 'the API key', 'aws-iam': 'aws_iam signing', handler: 'the handler' },
};

export default defineRule({
  meta: {
    id: 'allowed-headers-incomplete',
    description: 'Require the CORS allowed headers to include the request headers that authorizers, API keys and handlers need',
    severity: 'error',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: {
      missing: 'Add {{headers}} to {{list}}. Needed by {{reasons}}: without it the preflight fails and the browser never sends the request.',
      wildcardAuthorization:
        'List Authorization in {{list}}: * does not cover it. Needed by {{reasons}}: browsers that follow the Fetch standard reject the preflight.',
    },
  },
  check(ctx) {
    checkRest(ctx);
    checkHttpApi(ctx);
  },
});

/** Request headers the event's handler reads by a static name (lambda-proxy events only: others see no headers). */
function handlerReads(ctx: Ctx, e: EventDef): string[] {
  if (e.kind === 'http' && e.integration !== 'AWS_PROXY') return [];
  const r = ctx.handler(e.fn);
  return r.status === 'analysed' ? (r.facts.readsHeaders ?? []).map((h) => h.name) : [];
}

/** The needs behind the missing headers, e.g. "the authorizer and aws_iam signing". */
function needs(missing: RequiredHeader[], said: 'own' | 'route'): string {
  return [...new Set(missing.map((m) => NEED[said][m.need]))].join(' and ');
}

/**
 * REST: the preflight allows the union of the path's lists (validate.js), so compare with that.
 * One preflight is one finding: the headers every method of the path needs, at the first event in
 * need (adding them to its list fixes the merged preflight).
 */
function checkRest(ctx: Ctx): void {
  // A cors block shared through a variable is one list to fix.
  const once = oncePerSpan();
  for (const p of ctx.project.restPaths) {
    const allowed = preflightHeaders(p);
    if (!allowed || (p.allowCredentials === 'unknown' && allowed.includes('*'))) continue;
    const credentials = p.allowCredentials === true;
    const required = p.events.map((e) => requiredRequestHeaders(e, handlerReads(ctx, e)));
    const e = p.events.find((_, i) => missingHeaders(allowed, required[i], credentials).missing.length > 0);
    if (!e) continue;
    const cors = e.cors!;
    const { missing, wildcardAuthorization } = missingHeaders(allowed, required.flat(), credentials);
    if (!once((cors.headersList ?? cors).node.span)) continue;
    const owner = `function ${e.fn.name} (${e.route})`;
    report(ctx, {
      missing,
      wildcardAuthorization,
      list: cors.headersList ? `cors.headers of ${owner}` : `the default cors.headers list of ${owner}`,
      reasons: needs(missing, 'own'),
      headers: cors.headersList,
      cors,
      key: 'headers',
      event: e,
    });
  }
}

/** HTTP API: one allowedHeaders list for every route; one finding that names the first route in need. */
function checkHttpApi(ctx: Ctx): void {
  const cors = httpApiCorsConfig(ctx.project);
  if (!cors) return;
  const allowed = cors.allowedHeaders ? cors.allowedHeaders.values : DEFAULT_CORS_HEADERS;
  const credentials = cors.allowCredentials?.value;
  if (!allowed || (credentials === undefined && cors.allowCredentials && allowed.includes('*'))) return;

  const inNeed: EventDef[] = [];
  const required: RequiredHeader[] = [];
  for (const e of httpApiEvents(ctx.project)) {
    const own = missingHeaders(allowed, requiredRequestHeaders(e, handlerReads(ctx, e)), credentials === true).missing;
    if (own.length === 0) continue;
    inNeed.push(e);
    required.push(...own);
  }
  if (inNeed.length === 0) return;
  const { missing, wildcardAuthorization } = missingHeaders(allowed, required, credentials === true);
  const [first, ...others] = inNeed;
  report(ctx, {
    missing,
    wildcardAuthorization,
    list: cors.allowedHeaders ? 'provider.httpApi.cors.allowedHeaders' : 'the default allowedHeaders list of provider.httpApi.cors',
    reasons: `${needs(missing, 'route')} of ${describeRoutes(inNeed)}`,
    headers: cors.allowedHeaders,
    cors,
    key: 'allowedHeaders',
    event: first,
    related: others.map((e) => ({ at: (e.authorizer?.node ?? e.node).span, message: `also needs it: ${e.fn.name} (${e.route})` })),
  });
}

interface Finding {
  missing: RequiredHeader[];
  wildcardAuthorization: boolean;
  list: string;
  reasons: string;
  /** The allowed-headers list; undefined when the framework's default list applies. */
  headers: ListSetting | undefined;
  cors: { node: ConfigNode; object: boolean };
  key: 'headers' | 'allowedHeaders';
  event: EventDef;
  related?: Problem['related'];
}

function report(ctx: Ctx, f: Finding): void {
  const names = f.missing.map((m) => m.name);
  const problem: Problem<MessageId> = {
    messageId: f.wildcardAuthorization ? 'wildcardAuthorization' : 'missing',
    data: { list: f.list, headers: names.join(', '), reasons: f.reasons },
    at: (f.headers ?? f.cors).node.span,
    related: f.related,
    functionName: f.event.fn.name,
    route: f.event.route,
    ...addHeaders(f, names),
  };
  ctx.report(problem);
}

/**
 * Appending allows the browser to send a header and grants no read access, so it is safe: in
 * place for a list of this file, as a new list of the defaults plus the missing names when the
 * defaults apply and cors is a map. Shared text (reached through a variable) and a list written
 * as one value are suggestions; `cors: true` gets nothing.
 */
function addHeaders(f: Finding, names: string[]): { fix?: FixBuilder; suggest?: Suggestion[] } {
  const { headers, cors } = f;
  const edit: FixBuilder | undefined = headers
    ? (fixer) => fixer.appendItems(headers.node, names)
    : cors.object
      ? (fixer) => fixer.addKey(cors.node, f.key, [...DEFAULT_CORS_HEADERS, ...names])
      : undefined;
  if (!edit) return {};
  if (!headers?.single && !isShared((headers ?? cors).node)) return { fix: edit };
  return { suggest: [{ desc: `Add ${names.join(', ')} to the allowed headers`, fix: edit, sharedText: true }] };
}
