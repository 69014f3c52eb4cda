import { header, type HeaderEntry } from '../src/analysis/facts.js';
import { insertPropertyAfter, plainProperty, replaceStringLiteral, stringLiteral } from '../src/edit/js-edits.js';
import { handlerFacingRoutes } from '../src/model/queries.js';
import { defineRule, type RuleContext } from '../src/rule.js';

type Ctx = RuleContext<'missing' | 'withoutOrigin'>;

export default defineRule({
  meta: {
    id: 'missing-vary-origin',
    description: 'Require Vary: Origin on responses whose Access-Control-Allow-Origin depends on the request',
    severity: 'warning',
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: {
      missing:
        "Function {{fn}} ({{route}}) chooses Access-Control-Allow-Origin per request, but this response has no Vary: Origin: a shared cache (CloudFront, a proxy) can hand one origin's answer to another, whose browser then blocks it",
      withoutOrigin:
        "Function {{fn}} ({{route}}) chooses Access-Control-Allow-Origin per request, but this response's Vary ('{{vary}}') does not list Origin: a shared cache (CloudFront, a proxy) can hand one origin's answer to another, whose browser then blocks it",
    },
  },
  check(ctx) {
    // A header object shared by several responses or functions is one defect with one fix.
    const reported = new Set<string>();
    for (const fn of ctx.project.functions) {
      const routes = handlerFacingRoutes(ctx.project, fn);
      if (routes.length === 0) continue;
      const result = ctx.handler(fn);
      if (result.status !== 'analysed') continue;
      const data = { fn: fn.name, route: routes.join(', ') };
      for (const r of result.facts.responses) {
        const origin = header(r.headers, 'access-control-allow-origin');
        if (origin.state !== 'present' || origin.entry.value.kind !== 'request-origin') continue;
        const vary = header(r.headers, 'vary');
        const problem = { at: origin.entry.span, functionName: fn.name, route: routes[0] };
        const key = `${origin.entry.span.file}:${origin.entry.span.start}`;
        if (vary.state === 'unknown' || reported.has(key)) continue;
        if (vary.state === 'absent') {
          reported.add(key);
          ctx.report({ messageId: 'missing', data, ...problem, fix: () => addVary(ctx, origin.entry) });
          continue;
        }
        const written = vary.entry.value.kind === 'literal' ? vary.entry.value.value : undefined;
        if (typeof written !== 'string' || listsOrigin(written)) continue;
        reported.add(key);
        ctx.report({
          messageId: 'withoutOrigin',
          data: { ...data, vary: written },
          ...problem,
          related: [{ at: vary.entry.span, message: 'Vary set here' }],
          suggest: [{ desc: 'Add Origin to the Vary header', fix: () => appendOrigin(ctx, vary.entry, written) }],
        });
      }
    }
  },
});

/** `Vary: *` already varies on everything. */
function listsOrigin(vary: string): boolean {
  return vary.split(',').some((v) => ['origin', '*'].includes(v.trim().toLowerCase()));
}

/** `Vary: 'Origin'` right after the Access-Control-Allow-Origin property, in the key's quotes. */
function addVary(ctx: Ctx, origin: HeaderEntry) {
  const file = ctx.source(origin.span.file);
  if (!file) return null;
  const source = { path: file.path, text: file.text };
  const property = plainProperty(source, origin.span);
  if (property?.key.toLowerCase() !== 'access-control-allow-origin' || property.siblings.some((k) => k.toLowerCase() === 'vary')) return null;
  return insertPropertyAfter(source, origin.span, `Vary: ${stringLiteral('Origin', property.quote ?? "'")}`);
}

/** Only where the Vary value is a string literal of a plain `Vary: '…'` property. */
function appendOrigin(ctx: Ctx, vary: HeaderEntry, value: string) {
  const file = ctx.source(vary.span.file);
  if (!file) return null;
  const source = { path: file.path, text: file.text };
  if (plainProperty(source, vary.span)?.key.toLowerCase() !== 'vary') return null;
  return replaceStringLiteral(source, vary.valueSpan, `${value.trim()}, Origin`);
}
