import type { ResponseFact } from '../../src/analysis/facts.js';

/**
 * A response's headers as `name: value`: literals as their text, `<origin>` / `<allowlisted origin>`,
 * `<unknown>`; the name ends with `?` when the header is not always set, and `…` lists an open bag.
 */
export function headers(fact: ResponseFact): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, e] of Object.entries(fact.headers.entries)) {
    const v = e.value;
    out[name + (e.always ? '' : '?')] =
      v.kind === 'literal' ? String(v.value) : v.kind === 'request-origin' ? (v.allowlisted ? '<allowlisted origin>' : '<origin>') : '<unknown>';
  }
  if (fact.headers.open) out['…'] = 'open';
  return out;
}
