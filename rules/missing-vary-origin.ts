import { header, type HeaderEntry } from '../src/analysis/facts.js';
import { facingHandlers } from '../src/checks/handlers.js';
import { oncePerSpan } from '../src/checks/once.js';
import { defineRule, type Fixer } from '../src/rule.js';

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
        "Add Vary: Origin to this response. Function {{fn}} ({{route}}) chooses Access-Control-Allow-Origin per request, so a shared cache (CloudFront, a proxy) can hand one origin's answer to another.",
      withoutOrigin:
        "Add Origin to this response's Vary ('{{vary}}'). Function {{fn}} ({{route}}) chooses Access-Control-Allow-Origin per request, so a shared cache (CloudFront, a proxy) can hand one origin's answer to another.",
    },
  },
  check(ctx) {
    // A header object shared by several responses or functions is one defect with one fix.
    const once = oncePerSpan();
    for (const { fn, routes, facts } of facingHandlers(ctx)) {
      const data = { fn: fn.name, route: routes.join(', ') };
      for (const r of facts.responses) {
        const origin = header(r.headers, 'access-control-allow-origin');
        if (origin.state !== 'present' || origin.entry.value.kind !== 'request-origin') continue;
        const vary = header(r.headers, 'vary');
        if (vary.state === 'unknown') continue;
        const problem = { at: origin.entry.span, functionName: fn.name, route: routes[0] };
        if (vary.state === 'absent') {
          if (once(origin.entry.span, fn.name)) ctx.report({ messageId: 'missing', data, ...problem, fix: (fixer) => addVary(fixer, origin.entry) });
          continue;
        }
        const written = vary.entry.value.kind === 'literal' ? vary.entry.value.value : undefined;
        if (typeof written !== 'string' || listsOrigin(written) || !once(origin.entry.span, fn.name)) continue;
        ctx.report({
          messageId: 'withoutOrigin',
          data: { ...data, vary: written },
          ...problem,
          related: [{ at: vary.entry.span, message: 'Vary set here' }],
          suggest: [{ desc: 'Add Origin to the Vary header', fix: (fixer) => appendOrigin(fixer, vary.entry, written) }],
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
function addVary(fixer: Fixer, origin: HeaderEntry) {
  const property = fixer.property(origin.span);
  if (property?.key.toLowerCase() !== 'access-control-allow-origin' || property.siblings.some((k) => k.toLowerCase() === 'vary')) return null;
  return fixer.insertAfterProperty(origin.span, `Vary: ${fixer.stringLiteral('Origin', property.quote ?? "'")}`);
}

/** Only where the Vary value is a string literal of a plain `Vary: '…'` property. */
function appendOrigin(fixer: Fixer, vary: HeaderEntry, value: string) {
  if (fixer.property(vary.span)?.key.toLowerCase() !== 'vary') return null;
  return fixer.replaceString(vary.valueSpan, `${value.trim()}, Origin`);
}
