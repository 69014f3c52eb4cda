import type { Span } from './source.js';

/**
 * One defect, one finding (docs/architecture.md#precedence). Some defects are visible to more than
 * one rule: a response without Access-Control-Allow-Origin because middy's error handler runs
 * first is also a response without the header. Each such defect has one owner, the rule whose
 * message says what to do about it. A rule that reports one names it (`Problem.defect`), and the
 * engine keeps the finding only when that rule is the owner, whether or not the owner runs:
 * turning a rule off silences its defects, it does not hand them to a more general rule.
 */
export const DEFECT_OWNERS = {
  /** Error responses without Access-Control-Allow-Origin because middy's error handler answers where cors's onError does not reach; at the error handler. */
  'middy-error-order': 'middy-cors-order',
  /** Responses without Access-Control-Allow-Origin from `@middy/http-cors` 6+ given no origin; at the middleware call. */
  'middy-cors-without-origin': 'middy-cors-no-origin',
  /** Access-Control-Allow-Origin `*` with credentials, which browsers refuse; at the credentials. */
  'wildcard-with-credentials': 'wildcard-origin-with-credentials',
  /** An origin value no browser matches (a path, a trailing slash, no scheme, …); at the value. */
  'malformed-origin': 'malformed-origin',
} as const satisfies Record<string, string>;

export type DefectKind = keyof typeof DEFECT_OWNERS;

/** A defect a finding describes, and where it is: the owner's finding and the others name the same place. */
export interface Defect {
  kind: DefectKind;
  at: Span;
}

/** The rule that reports a defect. */
export function ownerOf(defect: Defect): string {
  return DEFECT_OWNERS[defect.kind];
}

/**
 * Rules whose findings about one function may meet at one place (overlapping, or one pointing at
 * the other's place) while describing different defects. The all-rules test
 * (test/precedence.test.ts) fails on any other two findings that meet.
 */
export const SHARED_PLACES: readonly (readonly [string, string])[] = [
  // The first protected event needs both catch-alls: DEFAULT_4XX for rejections, DEFAULT_5XX for failures.
  ['authorizer-missing-gateway-responses', 'missing-5xx-gateway-response'],
  // An echoed origin may lack both an allowlist (any site reads the answers) and Vary: Origin (caches mix them up).
  ['missing-vary-origin', 'reflected-origin'],
  // A header object may echo the Origin without Vary and read it in one spelling only.
  ['missing-vary-origin', 'origin-header-case'],
  // A `*` pattern with credentials admits any site, whether or not the path's other events agree with it.
  ['cors-path-conflict', 'reflected-origin'],
  // Events of one path that disagree, and a handler that disagrees with the merged answer, are fixed apart.
  ['cors-path-conflict', 'origin-mismatch'],
  ['cors-path-conflict', 'credentials-mismatch'],
  // Headers a handler sets that API Gateway drops, and headers the API's list lacks.
  ['allowed-headers-incomplete', 'backend-cors-ignored'],
  // A CORS middleware that loses its headers on errors, on an HTTP API route with nothing to answer its preflight.
  ['middy-cors-order', 'missing-preflight'],
];
