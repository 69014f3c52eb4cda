import { facingHandlers, type FacingHandler } from '../src/checks/handlers.js';
import { oncePerSpan, type Once } from '../src/checks/once.js';
import { joinWords } from '../src/checks/wording.js';
import { staticHeaderValue } from '../src/model/gateway.js';
import { header } from '../src/analysis/facts.js';
import { weakOriginTest } from '../src/checks/origin-tests.js';
import { checkOrigin, type OriginDefect, type OriginUse } from '../src/model/origin.js';
import { literalOrigin } from '../src/checks/responses.js';
import type { ConfigNode, FunctionDef, ListSetting } from '../src/model/types.js';
import { defineRule, type Problem, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/source.js';

type MessageId = 'notSerialized' | 'missingScheme' | 'nullOrigin' | 'list' | 'partialWildcard' | 'overbroad' | 'multipleWildcards' | 'weakTest';
type Ctx = RuleContext<MessageId>;

/** One origin value and where it sits. */
interface Site {
  /** Names the place in messages: "Function getProduct (GET /product) cors". */
  where: string;
  use: OriginUse;
  value: string;
  span: Span;
  /** The config value holding exactly this origin, when a fix may rewrite it. */
  node?: ConfigNode;
  /** The scalar's text for a value (gateway responses quote it inside the string). */
  write?: (origin: string) => string;
  /** Extra advice for a partial wildcard. */
  hint?: string;
  fn?: FunctionDef;
  route?: string;
}

type Place = Pick<Site, 'where' | 'use' | 'fn' | 'route'>;

export default defineRule({
  meta: {
    id: 'malformed-origin',
    description:
      'Disallow origin values browsers never match: trailing slashes, paths, upper case, default ports, missing schemes, null, lists in one value, and wildcards the framework does not expand or expands too far',
    severity: 'error',
    recommended: true,
    fixable: true,
    messages: {
      notSerialized:
        "Write origin '{{value}}' as '{{expected}}'. {{where}}: it has {{issues}}, and browsers compare the Origin they send byte for byte, so it never matches.",
      missingScheme: "Add the scheme to origin '{{value}}' (such as 'https://{{value}}'). {{where}}: browsers send scheme://host, so it never matches.",
      nullOrigin: "Remove origin '{{value}}'. {{where}}: sandboxed iframes and file: or data: pages send it, so any site can obtain it and read the response.",
      list: "Split '{{value}}' into one origin per value. {{where}}: {{effect}}.",
      partialWildcard:
        "List the origins instead of '{{value}}'. {{where}}: it is sent as is and browsers do not expand * inside an origin, so it never matches{{hint}}.",
      overbroad:
        "Narrow origins pattern '{{value}}': it also matches '{{example}}'. {{where}}: the framework turns * into .+, which does not stop at the dot before the domain, so look-alike domains pass.",
      multipleWildcards:
        "Use one * at most in origins pattern '{{value}}'. {{where}}: the framework turns only the first into a wildcard, so the pattern does not match what it says.",
      weakTest:
        "Tighten the origin test of function {{fn}} ({{route}}): it {{flaw}}. It also accepts '{{example}}', which the handler then echoes in Access-Control-Allow-Origin.",
    },
  },
  check(ctx) {
    const once = oncePerSpan();
    const visit = (site: Site) => {
      if (once(site.span, `${site.value}\0${site.fn?.name ?? ''}`)) report(ctx, site);
    };
    for (const fn of ctx.project.functions) restSites(fn).forEach(visit);
    listSites({ where: 'provider.httpApi.cors', use: 'allowlist' }, ctx.project.provider.httpApiCors?.allowedOrigins).forEach(visit);
    for (const fn of ctx.project.functions) {
      listSites({ where: `Function ${fn.name} url.cors`, use: 'allowlist', fn }, fn.urlCors?.allowedOrigins).forEach(visit);
    }
    gatewaySites(ctx).forEach(visit);
    const handlers = facingHandlers(ctx);
    handlers.flatMap(handlerSites).forEach(visit);
    for (const h of handlers) reportWeakTests(ctx, h, once);
  },
});

/** H-7: allowlist tests that let look-alike origins through, when the handler echoes the origin they guard. */
function reportWeakTests(ctx: Ctx, { fn, routes, facts }: FacingHandler, once: Once): void {
  const echoes = facts.responses.some((r) => {
    const h = header(r.headers, 'access-control-allow-origin');
    return h.state === 'present' && h.entry.value.kind === 'request-origin' && h.entry.value.allowlisted;
  });
  if (!echoes) return;
  for (const test of facts.originTests ?? []) {
    const weak = weakOriginTest(test);
    if (!weak || !once(test.span, fn.name)) continue;
    const data = { fn: fn.name, route: routes.join(', '), flaw: weak.flaw, example: weak.example };
    ctx.report({ messageId: 'weakTest', data, at: test.span, functionName: fn.name, route: routes[0] });
  }
}

const REST_SINGLE_HINT = ' (listed under origins, the framework matches * as a wildcard)';

/**
 * REST `cors.origin` written as one origin (sent as is), and the patterns of `cors.origins` and of
 * a comma-separated `origin` (one value holding several cannot be rewritten to one of them).
 */
function restSites(fn: FunctionDef): Site[] {
  const sites: Site[] = [];
  for (const ev of fn.events) {
    if (ev.kind !== 'http' || !ev.cors) continue;
    const base: Place = { where: `Function ${fn.name} (${ev.route}) cors`, use: 'pattern', fn, route: ev.route };
    const { origin, originNode, origins } = ev.cors;
    if (originNode && origin !== undefined)
      sites.push({ ...base, use: 'header', value: origin, span: originNode.span, node: originNode, hint: REST_SINGLE_HINT });
    for (const o of origins) sites.push({ ...base, value: o.value, span: o.node.span, node: o.split ? undefined : o.node });
  }
  return sites;
}

/** A list of origins (a scalar counts as a one-element list, as the framework's validator coerces it). */
function listSites(place: Place, list: ListSetting | undefined): Site[] {
  return (list?.items ?? []).flatMap(({ value, node }) => (value === undefined ? [] : [{ ...place, value, span: node.span, node }]));
}

/** Static Access-Control-Allow-Origin values of gateway responses (`"'https://…'"`); mapping expressions are not origins. */
function gatewaySites(ctx: Ctx): Site[] {
  return ctx.project.gatewayResponses.flatMap((g) => {
    const node = g.headers.get('access-control-allow-origin')?.node;
    const value = staticHeaderValue(g, 'access-control-allow-origin');
    if (!node || value === undefined) return [];
    const write = (origin: string) => `'${origin}'`;
    return [{ where: `Gateway response ${g.resource.logicalId}`, use: 'header' as const, value, span: node.span, node, write }];
  });
}

/** Literal Access-Control-Allow-Origin values in the responses of handlers whose headers reach the browser. */
function handlerSites({ fn, routes, facts }: FacingHandler): Site[] {
  return facts.responses.flatMap((r) => {
    const origin = literalOrigin(r.headers);
    if (!origin) return [];
    const where = `Function ${fn.name} (${routes.join(', ')}) response`;
    return [{ where, use: 'header' as const, value: origin.value, span: origin.entry.valueSpan, fn, route: routes[0] }];
  });
}

function report(ctx: Ctx, site: Site): void {
  const defect = checkOrigin(site.value, site.use);
  if (!defect) return;
  const problem: Problem<MessageId> = {
    ...message(site, defect),
    at: site.span,
    defect: { kind: 'malformed-origin', at: site.span },
    // One value reached by several functions (a shared header object or cors block) is one finding listing them.
    site: `${site.use}\0${site.value}`,
    functionName: site.fn?.name,
    route: site.route,
  };
  if (defect.kind === 'not-serialized' && defect.fixable && site.node) {
    const node = site.node;
    problem.fix = (fixer) => fixer.replaceValue(node, site.write ? site.write(defect.expected) : defect.expected);
  }
  ctx.report(problem);
}

function message(site: Site, defect: OriginDefect): Pick<Problem<MessageId>, 'messageId' | 'data'> {
  const data = { where: site.where, value: site.value };
  switch (defect.kind) {
    case 'not-serialized':
      return { messageId: 'notSerialized', data: { ...data, issues: joinWords(defect.issues), expected: defect.expected } };
    case 'missing-scheme':
      return { messageId: 'missingScheme', data };
    case 'null':
      return { messageId: 'nullOrigin', data };
    case 'list': {
      const effect =
        site.use === 'header'
          ? 'Access-Control-Allow-Origin takes exactly one origin, so browsers reject every response'
          : "each entry is compared with the request's one origin, so it never matches";
      return { messageId: 'list', data: { ...data, effect } };
    }
    case 'partial-wildcard':
      return { messageId: 'partialWildcard', data: { ...data, hint: site.hint ?? '' } };
    case 'overbroad':
      return { messageId: 'overbroad', data: { ...data, example: defect.example } };
    case 'multiple-wildcards':
      return { messageId: 'multipleWildcards', data };
  }
}
