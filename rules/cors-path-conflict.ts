import { joinWords } from '../src/checks/wording.js';
import { expandMethod, httpEventsByPath, methodsCover, preflightMethods, wildcardWithCredentials } from '../src/model/cors.js';
import type { ConfigNode, HttpEvent, RestPath } from '../src/model/types.js';
import { defineRule, type Related, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/source.js';

type Ctx = RuleContext<'explicitOptions' | 'missingCors' | 'differs'>;

/** The settings the framework merges per path (validate.js), in the order messages list them. */
// Allowed headers are left out: the merged preflight allows the union of the lists, which covers
// every method's own list, so differing lists break nothing (a sweep of real services found this noise).
const KEYS = ['origin', 'allowCredentials', 'maxAge', 'cacheControl'] as const;
type Key = (typeof KEYS)[number];

export default defineRule({
  meta: {
    id: 'cors-path-conflict',
    description: 'Require the http events of one path to agree on CORS, because the framework merges them into one preflight',
    severity: 'warning',
    recommended: true,
    messages: {
      explicitOptions:
        'Remove the OPTIONS event of /{{path}}, or its cors. Function {{fn}} ({{route}}) declares OPTIONS where cors generates the preflight; the framework merges both into this function, which must then answer OPTIONS itself.',
      missingCors:
        'Enable cors on this event, as the other methods of /{{path}} do. Function {{fn}} ({{route}}) has none, so the merged preflight allows only {{allowed}}, and browsers block cross-origin {{methods}} requests.',
      differs:
        'Give the events of /{{path}} the same cors {{keys}}. Function {{fn}} ({{route}}) differs from {{otherFn}} ({{otherRoute}}), and the framework merges them into one preflight that answers {{merged}}.',
    },
  },
  check(ctx) {
    for (const [pathKey, events] of httpEventsByPath(ctx.project)) {
      const withCors = events.filter((e) => e.cors);
      if (withCors.length === 0 || events.some((e) => e.corsUnknown)) continue;
      const options = events.find((e) => e.method === 'OPTIONS');
      if (options) {
        // The user's OPTIONS replaces the preflight: what the cors blocks say no longer matters.
        report(ctx, 'explicitOptions', options, { at: options.methodNode });
        continue;
      }
      checkMissingCors(ctx, events, withCors);
      const merged = ctx.project.restPaths.find((p) => p.pathKey === pathKey);
      if (merged) checkDiffers(ctx, merged);
    }
  },
});

interface Finding {
  at: { span: Span };
  data?: Record<string, string>;
  related?: Related[];
}

function report(ctx: Ctx, messageId: 'explicitOptions' | 'missingCors' | 'differs', e: HttpEvent, extra: Finding): void {
  ctx.report({
    messageId,
    data: { fn: e.fn.name, route: e.route, path: e.pathKey, ...extra.data },
    at: extra.at.span,
    related: extra.related,
    functionName: e.fn.name,
    route: e.route,
  });
}

/** Methods without cors are left out of the merged Access-Control-Allow-Methods. */
function checkMissingCors(ctx: Ctx, events: HttpEvent[], withCors: HttpEvent[]): void {
  const contributed = withCors.map(preflightMethods);
  if (contributed.some((m) => m === undefined)) return;
  const allowed = [...new Set((contributed as string[][]).flat())];
  const lacking = events.filter((e) => !e.cors && !methodsCover(allowed, e.method));
  if (lacking.length === 0) return;
  const blocked = [...new Set(lacking.flatMap((e) => expandMethod(e.method)))].filter((m) => !methodsCover(allowed, m));
  const [first, ...others] = lacking;
  report(ctx, 'missingCors', first, {
    at: first.methodNode,
    data: { allowed: allowed.flatMap(expandMethod).join(', '), methods: blocked.join(', ') },
    related: others.map((e) => ({ at: e.node.span, message: `also without cors: ${e.fn.name} (${e.route})` })),
  });
}

/** One event's merged settings as comparable strings; undefined when the value is a variable. */
function settings(e: HttpEvent): Record<Key, string | undefined> {
  const cors = e.cors!;
  const sorted = (list: string[]) => JSON.stringify([...new Set(list.map((s) => s.toLowerCase()))].sort());
  const scalar = (key: 'maxAge' | 'cacheControl') => {
    const v = cors[key]?.text;
    return v === 'unknown' ? undefined : String(v);
  };
  return {
    origin: cors.originUnknown ? undefined : sorted(cors.origins.length ? cors.origins.map((o) => o.value) : [cors.origin ?? '']),
    allowCredentials: cors.allowCredentials === 'unknown' ? undefined : String(cors.allowCredentials),
    maxAge: scalar('maxAge'),
    cacheControl: scalar('cacheControl'),
  };
}

/**
 * Settings that differ between the events of a path: reported once, at the first event that
 * differs from the most common settings. A key is compared only when every event's value is known.
 */
function checkDiffers(ctx: Ctx, p: RestPath): void {
  const all = p.events.map(settings);
  const keys = KEYS.filter((k) => all.every((s) => s[k] !== undefined) && !(k === 'allowCredentials' && wildcardWithCredentials(p)));
  const signature = (s: Record<Key, string | undefined>) => JSON.stringify(keys.map((k) => s[k]));
  const counts = new Map<string, number>();
  for (const s of all) counts.set(signature(s), (counts.get(signature(s)) ?? 0) + 1);
  const refIndex = all.reduce((best, s, i) => (counts.get(signature(s))! > counts.get(signature(all[best]))! ? i : best), 0);
  const ref = all[refIndex];
  const index = all.findIndex((s) => signature(s) !== signature(ref));
  if (index < 0) return;
  const differing = keys.filter((k) => all[index][k] !== ref[k]);
  const e = p.events[index];
  const other = p.events[refIndex];
  report(ctx, 'differs', e, {
    at: nodeOf(e, differing[0]),
    data: { keys: joinWords(differing), otherFn: other.fn.name, otherRoute: other.route, merged: differing.map((k) => mergedAnswer(p, k)).join('; ') },
    related: [{ at: nodeOf(other, differing[0]).span, message: `${other.fn.name} (${other.route}) sets it differently here` }],
  });
}

function nodeOf(e: HttpEvent, key: Key): ConfigNode {
  const cors = e.cors!;
  if (key === 'origin') return cors.originsList?.node ?? cors.originNode ?? cors.node;
  if (key === 'allowCredentials') return cors.allowCredentialsNode ?? cors.node;
  return cors[key]?.node ?? cors.node;
}

/** What the merged preflight sends for one setting (validate.js merge, cors.js output). */
function mergedAnswer(p: RestPath, key: Key): string {
  if (key === 'origin') {
    return p.origins.length > 0
      ? `the request's Origin when it matches one of the unioned origins (${p.origins.join(', ')}), else ${p.origins[0]}`
      : `Access-Control-Allow-Origin ${p.origin} (the last origin wins)`;
  }
  if (key === 'allowCredentials') return `Access-Control-Allow-Credentials ${p.allowCredentials} for every method (credentials are ORed)`;
  const last = p.events
    .map((e) => e.cors![key]?.text)
    .filter((v) => v !== undefined)
    .pop();
  const header = key === 'maxAge' ? 'Access-Control-Max-Age' : 'Cache-Control';
  return `${header} ${last} (the last one set wins)`;
}
