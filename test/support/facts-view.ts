import type { HandlerFacts, ResponseFact } from '../../src/analysis/facts.js';
import { createHandlerAnalyzer } from '../../src/analysis/index.js';
import { memoryFileSystem } from '../../src/fs.js';
import type { Span } from '../../src/source.js';

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

/** An in-memory service under /repo/svc: files relative to it, `deps` as its package.json dependencies. */
export function analyzedProject(files: Record<string, string>, deps?: Record<string, string>) {
  const abs = Object.fromEntries(Object.entries(files).map(([p, t]) => [`${SVC}/${p}`, t]));
  if (deps) abs[`${SVC}/package.json`] = JSON.stringify({ name: 'svc', dependencies: deps });
  const analyzer = createHandlerAnalyzer(memoryFileSystem(abs), '/repo');
  return {
    facts(handler = 'handler.main'): HandlerFacts {
      const r = analyzer.analyze({ serviceDir: SVC, handler });
      if (r.status !== 'analysed') throw new Error(`not analysed: ${JSON.stringify(r)}`);
      return r.facts;
    },
    /** The source text a span covers. */
    text: (span: Span | undefined) => (span ? abs[span.file].slice(span.start, span.end) : undefined),
  };
}

export const SVC = '/repo/svc';
