import type { OriginTest } from '../analysis/facts.js';

/**
 * Why a handler's test of the request Origin lets look-alike origins through, with one such origin
 * (the handler then echoes it: docs/cors-semantics.md#browser-rules); undefined when the test is
 * tight or its pattern is not a literal.
 */
export function weakOriginTest(test: OriginTest): { flaw: string; example: string } | undefined {
  const p = test.pattern;
  if (p === undefined) return undefined;
  switch (test.method) {
    case 'test':
    case 'match': {
      // A readable look-alike: anchors and escapes dropped, the first alternative of each group kept.
      const host = p
        .replace(/^\^/, '')
        .replace(/\$$/, '')
        .replace(/\(\??:?([^|)]*)(\|[^)]*)?\)/g, '$1')
        .replace(/\\(.)/g, '$1')
        .replace(/[?*+]/g, '');
      if (!p.endsWith('$') || p.endsWith('\\$')) return { flaw: 'is not anchored with $', example: `${host}.attacker.com` };
      if (!p.startsWith('^')) return { flaw: 'is not anchored with ^', example: `https://attacker${host.replace(/^https?:\/\//, '')}` };
      if (unescapedDot(p)) return { flaw: 'has an unescaped . (any character)', example: host.replace(/(:\/\/[^.]*)\./, '$1x') };
      return undefined;
    }
    case 'endsWith':
      return p.startsWith('.') || p.includes('://') ? undefined : { flaw: 'does not start with . or a scheme', example: `https://attacker${p}` };
    case 'startsWith':
      return { flaw: 'checks only the start of the origin', example: `${p}.attacker.com` };
    case 'includes':
      return { flaw: 'checks only that the origin contains the text', example: `https://${p.replace(/^https?:\/\//, '')}.attacker.com` };
    default:
      return undefined;
  }
}

/** A `.` that matches any character: not escaped and not inside a character class. */
function unescapedDot(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '.' && !inClass) return true;
  }
  return false;
}
