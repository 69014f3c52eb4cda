import type { Diagnostic } from './diagnostic.js';
import type { Fix } from './edit/text-edit.js';
import type { InternalError } from './internal-error.js';
import type { Incomplete } from './lint.js';
import type { SourceFile, Span } from './source.js';

/** ESLint-compatible result types (the JSON formatter prints them as they are). */
export interface EditRange {
  range: [number, number];
  text: string;
}

export interface LintMessage {
  ruleId: string;
  messageId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  functionName?: string;
  route?: string;
  related?: { filePath: string; line: number; column: number; message: string }[];
  fix?: EditRange;
  suggestions?: { desc: string; fix: EditRange }[];
}

export interface FileResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** With --fix / --fix-dry-run: the file's fixed text, when fixes changed it. */
  output?: string;
}

/** What one run produced, for the formatters. */
export interface RunReport {
  results: FileResult[];
  incomplete: (Incomplete & { configFile: string })[];
  /** Service folders cors-lint did not read (program configs). */
  skipped: string[];
  /** Original texts of fixed files, as read (for --fix-dry-run diffs, and checked again before --fix writes). */
  originals: Map<string, string>;
  /** The service (its config file) whose fixes changed each fixed file. */
  fixedBy: Map<string, string>;
  /** Fixes that would have left a file unparsable: never written. */
  droppedFixes: { file: string; description: string; reason: string }[];
  /** Crashes of cors-lint caught during the run (the CLI reports them and exits 2). */
  internalErrors: InternalError[];
}

export function emptyReport(): RunReport {
  return { results: [], incomplete: [], skipped: [], originals: new Map(), fixedBy: new Map(), droppedFixes: [], internalErrors: [] };
}

/**
 * ESLint's single-range form of a multi-edit fix: one range from the first edit's start to the last
 * edit's end, whose text is the original between them with every edit applied.
 */
function mergeEdits(fix: Fix, text: string): EditRange {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  const start = edits[0].start;
  const end = Math.max(...edits.map((e) => e.end));
  let out = '';
  let pos = start;
  for (const e of edits) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return { range: [start, end], text: out + text.slice(pos, end) };
}

export function emptyFileResult(filePath: string): FileResult {
  return { filePath, messages: [], errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

/** Adds a message to a result and to its counts. */
function addMessage(result: FileResult, m: LintMessage): void {
  result.messages.push(m);
  if (m.severity === 2) {
    result.errorCount++;
    if (m.fix) result.fixableErrorCount++;
  } else {
    result.warningCount++;
    if (m.fix) result.fixableWarningCount++;
  }
}

/** Groups diagnostics by file and converts offsets to 1-based line/column (end exclusive). */
export function toFileResults(diagnostics: Diagnostic[], source: (file: string) => SourceFile | undefined): FileResult[] {
  const byFile = new Map<string, FileResult>();
  for (const d of diagnostics) {
    const src = source(d.span.file);
    let result = byFile.get(d.span.file);
    if (!result) {
      result = emptyFileResult(d.span.file);
      byFile.set(d.span.file, result);
    }
    const start = pos(src, d.span.start);
    const end = pos(src, d.span.end);
    const m: LintMessage = {
      ruleId: d.ruleId,
      messageId: d.messageId,
      severity: d.severity === 'error' ? 2 : 1,
      message: d.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
    if (d.functionName) m.functionName = d.functionName;
    if (d.route) m.route = d.route;
    if (d.related.length > 0) m.related = d.related.map((r) => relatedOf(r.span, r.message, source));
    const fixText = d.fix && source(d.fix.edits[0].file)?.text;
    if (d.fix && fixText !== undefined) m.fix = mergeEdits(d.fix, fixText);
    if (d.suggestions) {
      m.suggestions = d.suggestions.flatMap((s) => {
        const t = source(s.edits[0].file)?.text;
        return t === undefined ? [] : [{ desc: s.description, fix: mergeEdits(s, t) }];
      });
    }
    addMessage(result, m);
  }
  return [...byFile.values()];
}

function pos(src: SourceFile | undefined, offset: number): { line: number; column: number } {
  return src ? src.position(offset) : { line: 1, column: 1 };
}

function relatedOf(span: Span, message: string, source: (file: string) => SourceFile | undefined) {
  const p = pos(source(span.file), span.start);
  return { filePath: span.file, line: p.line, column: p.column, message };
}

/** Merges per-service results that point at the same file (a handler shared by two services). */
export function mergeFileResults(results: FileResult[]): FileResult[] {
  const byFile = new Map<string, FileResult>();
  for (const r of results) {
    const prev = byFile.get(r.filePath);
    if (!prev) {
      byFile.set(r.filePath, { ...r, messages: [...r.messages] });
      continue;
    }
    const seen = new Set(prev.messages.map((m) => JSON.stringify(m)));
    for (const m of r.messages) {
      if (!seen.has(JSON.stringify(m))) addMessage(prev, m);
    }
    if (r.output !== undefined) prev.output = r.output;
    prev.messages.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  return [...byFile.values()].sort((a, b) => a.filePath.localeCompare(b.filePath));
}
