import { oncePerSpan } from '../src/checks/once.js';
import { describeRoutes } from '../src/checks/wording.js';
import { asBoolean, asStringList, get, type CfgValue } from '../src/config/tree.js';
import { DEFAULT_CORS_HEADERS } from '../src/model/build.js';
import {
  httpApiCorsConfig, httpApiEvents, missingHeaders, preflightHeaders, requiredRequestHeaders, type HeaderNeed, type RequiredHeader,
} from '../src/model/cors.js';
import type { EventDef } from '../src/model/types.js';
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
    const required = p.events.map((e) => requiredRequestHeaders(ctx.project, e, handlerReads(ctx, e)));
    const e = p.events.find((_, i) => missingHeaders(allowed, required[i], credentials).missing.length > 0);
    if (!e) continue;
    const cors = e.cors!;
    const { missing, wildcardAuthorization } = missingHeaders(allowed, required.flat(), credentials);
    if (!once((cors.headersNode ?? cors.node).span)) continue;
    const owner = `function ${e.fn.name} (${e.route})`;
    report(ctx, {
      missing,
      wildcardAuthorization,
      list: cors.headersNode ? `cors.headers of ${owner}` : `the default cors.headers list of ${owner}`,
      reasons: needs(missing, 'own'),
      listNode: cors.headersNode,
      corsNode: cors.node,
      key: 'headers',
      event: e,
    });
  }
}

/** HTTP API: one allowedHeaders list for every route; one finding that names the first route in need. */
function checkHttpApi(ctx: Ctx): void {
  const cors = httpApiCorsConfig(ctx.project);
  if (!cors) return;
  const listNode = get(cors, 'allowedHeaders');
  const listed = listNode ? asStringList(listNode) : DEFAULT_CORS_HEADERS;
  const credentials = asBoolean(get(cors, 'allowCredentials'));
  if (!listed || listed.some((h) => h === undefined)) return;
  const allowed = listed as string[];
  if (credentials === undefined && get(cors, 'allowCredentials') && allowed.includes('*')) return;

  const inNeed: EventDef[] = [];
  const required: RequiredHeader[] = [];
  for (const e of httpApiEvents(ctx.project)) {
    const own = missingHeaders(allowed, requiredRequestHeaders(ctx.project, e, handlerReads(ctx, e)), credentials === true).missing;
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
    list: listNode ? 'provider.httpApi.cors.allowedHeaders' : 'the default allowedHeaders list of provider.httpApi.cors',
    reasons: `${needs(missing, 'route')} of ${describeRoutes(inNeed)}`,
    listNode,
    corsNode: cors,
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
  listNode: CfgValue | undefined;
  corsNode: CfgValue;
  key: 'headers' | 'allowedHeaders';
  event: EventDef;
  related?: Problem['related'];
}

function report(ctx: Ctx, f: Finding): void {
  const names = f.missing.map((m) => m.name);
  const problem: Problem<MessageId> = {
    messageId: f.wildcardAuthorization ? 'wildcardAuthorization' : 'missing',
    data: { list: f.list, headers: names.join(', '), reasons: f.reasons },
    at: (f.listNode ?? f.corsNode).span,
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
  const suggest = (fix: FixBuilder) => ({ suggest: [{ desc: `Add ${names.join(', ')} to the allowed headers`, fix, sharedText: true as const }] });
  let edit: FixBuilder;
  if (f.listNode?.kind === 'seq') edit = (fixer) => fixer.appendItems(f.listNode!, names);
  else if (f.listNode?.kind === 'scalar') return suggest((fixer) => fixer.appendItems(f.listNode!, names));
  else if (!f.listNode && f.corsNode.kind === 'map') edit = (fixer) => fixer.addKey(f.corsNode, f.key, [...DEFAULT_CORS_HEADERS, ...names]);
  else return {};
  return (f.listNode ?? f.corsNode).via?.length ? suggest(edit) : { fix: edit };
}
