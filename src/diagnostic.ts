import type { Fix } from './edit/text-edit.js';
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
  route?: string;
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
