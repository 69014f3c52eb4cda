import type { Span } from '../source.js';

export type Once = (span: Span, qualifier?: string) => boolean;

/**
 * A first-time test per source location, for rules whose finding sits in text several functions,
 * paths or responses share (a header object, a helper, a middleware call, a cors block reached
 * through a variable): that is one defect, reported once. `qualifier` tells apart findings that
 * start at the same offset (another value, another path). Call it only when about to report.
 */
export function oncePerSpan(): Once {
  const seen = new Set<string>();
  return (span, qualifier = '') => {
    const key = `${span.file}:${span.start}:${qualifier}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
