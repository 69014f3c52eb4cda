import type { Fix } from './edit/text-edit.js';
import type { Defect } from './precedence.js';
import type { Severity } from './rule.js';
import type { Span } from './source.js';

/** A finding with offsets; line/column are computed by the formatter's caller (src/results.ts). */
export interface Diagnostic {
  /** Null for problems with inline directives, as in ESLint. */
  ruleId: string | null;
  messageId: string;
  severity: Severity;
  message: string;
  /** The values interpolated into the rule's message template (the ESLint bridge re-renders it). */
  data?: Record<string, string | number>;
  span: Span;
  related: { span: Span; message: string }[];
  functionName?: string;
  /** Every function whose responses pass through this site, sorted (set by `mergeSites`). */
  functionNames?: string[];
  route?: string;
  /**
   * What the finding says apart from which function and route it names: findings of one rule at
   * one span with the same `site` are one defect (a shared header object, helper or cors block).
   */
  site?: string;
  /** The defect it describes, when another rule could see it too (src/precedence.ts). */
  defect?: Defect;
  fix?: Fix;
  suggestions?: Fix[];
  /** With several `--stage`s: the stages that have this finding, when not all do. */
  stages?: string[];
}

/** Replaces `{{name}}` placeholders; unknown names are left visible rather than silently dropped. */
export function interpolate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

function compare(a: Diagnostic, b: Diagnostic): number {
  return (
    a.span.file.localeCompare(b.span.file) ||
    a.span.start - b.span.start ||
    a.span.end - b.span.end ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}

/** Sorted by file and position; the same finding reported twice (e.g. a shared helper) is kept once. */
export function sortAndDedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics].sort(compare).filter((d) => {
    const key = `${d.ruleId}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SEVERITY_RANK = { warning: 1, error: 2 } as const;

/**
 * One defect, one finding: findings of a rule at the same span that differ only in the function
 * and route they name (a helper line every function's responses pass through) become one, the
 * first reported, listing every function in `functionNames` at the highest severity among them.
 */
export function mergeSites(diagnostics: Diagnostic[]): Diagnostic[] {
  const bySite = new Map<string, Diagnostic>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!d.functionName) {
      out.push(d);
      continue;
    }
    const key = `${d.ruleId}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.site ?? d.message}`;
    const first = bySite.get(key);
    if (!first) {
      const merged = { ...d, functionNames: [d.functionName] };
      bySite.set(key, merged);
      out.push(merged);
      continue;
    }
    if (!first.functionNames!.includes(d.functionName)) first.functionNames = [...first.functionNames!, d.functionName].sort();
    if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[first.severity]) first.severity = d.severity;
  }
  return out;
}
