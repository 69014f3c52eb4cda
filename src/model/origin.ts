import { matchesTokens, originPatternTokens } from '../wildcard.js';

/**
 * Origin values as browsers and API Gateway compare them (docs/cors-semantics.md#browser-rules,
 * #rest-cors for the framework's patterns). A browser
 * sends `Origin: scheme://host[:port]` serialized (lower case, no path, no default port) and
 * compares Access-Control-Allow-Origin with it byte for byte, so anything else never matches.
 */

/** How a place uses an origin value, which decides the forms it accepts. */
export type OriginUse =
  /** Sent as the Access-Control-Allow-Origin value as is: `*` or one origin. */
  | 'header'
  /** A REST `origins` entry: the framework's wildcard pattern, fully matched against the request Origin. */
  | 'pattern'
  /** An HTTP API or Function URL `allowedOrigins` entry, compared with the request Origin by AWS. */
  | 'allowlist';

export type OriginDefect =
  | { kind: 'null' }
  /** Several origins in one value. */
  | { kind: 'list' }
  | { kind: 'missing-scheme' }
  /** A `*` inside a value sent as is: browsers never expand it. */
  | { kind: 'partial-wildcard' }
  /** A pattern whose wildcard also matches a look-alike domain such as `example`. */
  | { kind: 'overbroad'; example: string }
  /** A pattern with more than one `*`: only the first becomes a wildcard, the others repeat the character before them. */
  | { kind: 'multiple-wildcards' }
  /** Not in serialized form; `fixable` when rewriting it to `expected` keeps its meaning (no path dropped). */
  | { kind: 'not-serialized'; expected: string; issues: string[]; fixable: boolean };

const DEFAULT_PORTS = new Map([
  ['http', '80'],
  ['https', '443'],
]);

/** `scheme://authority rest`; the scheme is optional so that a missing one can be told apart. */
const URL_SHAPE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)(.*)$/s;

/** The first defect of an origin value, or undefined when it is fine or cannot be judged (non-ASCII hosts). */
export function checkOrigin(value: string, use: OriginUse): OriginDefect | undefined {
  const origin = value.trim();
  if (origin === '' || origin === '*') return whitespaceOnly(value, origin, use);
  if (origin.toLowerCase() === 'null') return { kind: 'null' };
  if (/[\s,]/.test(origin)) return { kind: 'list' };

  const stars = origin.split('*').length - 1;
  if (stars > 0) {
    if (use === 'header') return { kind: 'partial-wildcard' };
    // Whether AWS expands a partial wildcard in allowedOrigins is not documented: stay quiet.
    if (use === 'allowlist') return undefined;
    if (stars > 1) return { kind: 'multiple-wildcards' };
    const example = overbroadExample(origin);
    if (example) return { kind: 'overbroad', example };
  }

  const [, scheme, authority, rest] = URL_SHAPE.exec(origin)!;
  // A leading `*` becomes `.+`, which covers the scheme as well.
  if (scheme === undefined) return use === 'pattern' && origin.startsWith('*') ? undefined : { kind: 'missing-scheme' };
  if (/[^\x00-\x7f]/.test(authority)) return undefined;

  const [, host, port] = /^(.*?)(?::(\d*))?$/s.exec(authority)!;
  const issues: string[] = [];
  if (origin !== value && use !== 'header') issues.push('surrounding whitespace');
  if (rest === '/') issues.push('a trailing slash');
  else if (rest !== '') issues.push('a path');
  if (scheme !== scheme.toLowerCase() || host !== host.toLowerCase()) issues.push('upper-case letters in the scheme or host');
  const lowerScheme = scheme.toLowerCase();
  const keepPort = port !== undefined && port !== '' && port !== DEFAULT_PORTS.get(lowerScheme);
  if (port !== undefined && !keepPort) issues.push(port === '' ? 'an empty port' : `the default port :${port}`);
  if (issues.length === 0) return undefined;
  const expected = `${lowerScheme}://${host.toLowerCase()}${keepPort ? `:${port}` : ''}`;
  return { kind: 'not-serialized', expected, issues, fixable: rest === '' || rest === '/' };
}

/**
 * Surrounding whitespace around `*` (or nothing) matters only where the value is compared; as a
 * header value, HTTP parsing drops it.
 */
function whitespaceOnly(value: string, origin: string, use: OriginUse): OriginDefect | undefined {
  if (origin === '' || origin === value || use === 'header') return undefined;
  return { kind: 'not-serialized', expected: origin, issues: ['surrounding whitespace'], fixable: true };
}

/**
 * Whether an origin matches a REST `origins` pattern: the framework's `regexifyWildcards`
 * (serverless `…/api-gateway/lib/cors.js`) makes every `.` literal and only the first `*` `.+`;
 * API Gateway's VTL then matches the whole request Origin against it (Java String.matches).
 * Matched in linear time (wildcard.ts); undefined (unknown) when the pattern holds other
 * regular-expression syntax, which is never run.
 */
export function matchesOriginPattern(pattern: string, origin: string): boolean | undefined {
  const tokens = originPatternTokens(pattern);
  return tokens && matchesTokens(tokens, origin);
}

/**
 * An origin a single-`*` pattern lets through although it lies outside the domain the pattern
 * names: the wildcard in the host is not followed by a dot, so `https://*example.com` also
 * matches `https://attackerexample.com`. `*-api.example.com` stays inside `example.com` and passes;
 * so does a two-label public suffix (`*example.co.uk`), which this heuristic cannot know.
 */
function overbroadExample(pattern: string): string | undefined {
  const star = pattern.indexOf('*');
  const before = pattern.slice(0, star);
  // Only a wildcard in the host: not in the scheme, a port (`http://localhost:*`) or the path.
  if (before !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#:@]*$/.test(before)) return undefined;
  const after = pattern.slice(star + 1);
  const hostRest = after.split(/[/:?#]/)[0];
  if (hostRest.startsWith('.')) return undefined;
  // `https://*` allows any host on purpose.
  if (hostRest === '' && (before === '' || before.endsWith('://'))) return undefined;
  const dot = hostRest.indexOf('.');
  if (dot !== -1 && hostRest.slice(dot + 1).includes('.')) return undefined;
  const example = `${before === '' ? 'https://' : before}${hostRest === '' ? 'attacker.com' : 'attacker'}${after}`;
  return matchesOriginPattern(pattern, example) ? example : undefined;
}
