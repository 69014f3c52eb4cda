import type { Diagnostic } from './diagnostic.js';
import type { Fix } from './edit/text-edit.js';
import type { InternalError } from './internal-error.js';
import type { Incomplete } from './lint.js';
import { ruleDocsUrl } from './package-info.js';
import type { SourceFile, Span } from './source.js';
import type { PathNote } from './targets.js';

/** ESLint-compatible result types (the JSON formatter prints them as they are). */
export interface EditRange {
  range: [number, number];
  text: string;
  /** The file the edit changes, when it is not the finding's (a handler finding fixed in the config). */
  filePath?: string;
}

export interface LintMessage {
  /** Null for problems with inline directives (unknown rule, unused directive), as in ESLint. */
  ruleId: string | null;
  messageId: string;
  severity: 1 | 2;
  message: string;
  /** The rule's documentation page. */
  /** The rule's documentation; absent on reports about directives, which have no rule. */
  docsUrl?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  functionName?: string;
  /** Every function whose responses pass through the site, sorted (with functionName, always). */
  functionNames?: string[];
  route?: string;
  /** With several `--stage`s: the stages that have this finding, when not all do. */
  stages?: string[];
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
  /** Errors hidden by the suppressions file (as in ESLint). */
  suppressedMessages?: (LintMessage & { suppressions: { kind: string; justification: string }[] })[];
}

/** What one run produced, for the formatters. */
export interface RunReport {
  results: FileResult[];
  incomplete: (Incomplete & { configFile: string })[];
  /** Services cors-lint did not read, and why (the summary counts them). */
  skipped: PathNote[];
  /** Paths that led to nothing linted (files of no service, ignored services): listed under --verbose. */
  notes: PathNote[];
  /** What was linted: the summary's `N services, M functions`. */
  checked: { services: number; functions: number };
  /** Every file the lints read (suppressions of other files are left alone). */
  lintedFiles: string[];
  /** Original texts of fixed files, as read (for --fix-dry-run diffs, and checked again before --fix writes). */
  originals: Map<string, string>;
  /** The service (its config file) whose fixes changed each fixed file. */
  fixedBy: Map<string, string>;
  /** Fixes that would have left a file unparsable: never written. */
  droppedFixes: { file: string; description: string; reason: string }[];
  /** Crashes of cors-lint caught during the run (the CLI reports them and exits 2). */
  internalErrors: InternalError[];
}

/**
 * ESLint's single-range form of a multi-edit fix: one range from the first edit's start to the last
 * edit's end, whose text is the original between them with every edit applied.
 */
function mergeEdits(fix: Fix, text: string, findingFile: string): EditRange {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  const file = edits[0].file;
  const start = edits[0].start;
  const end = Math.max(...edits.map((e) => e.end));
  let out = '';
  let pos = start;
  for (const e of edits) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return { range: [start, end], text: out + text.slice(pos, end), ...(file !== findingFile && { filePath: file }) };
}

export function emptyRunReport(): RunReport {
  return {
    results: [],
    incomplete: [],
    skipped: [],
    notes: [],
    checked: { services: 0, functions: 0 },
    lintedFiles: [],
    originals: new Map(),
    fixedBy: new Map(),
    droppedFixes: [],
    internalErrors: [],
  };
}

export function emptyFileResult(filePath: string): FileResult {
  return { filePath, messages: [], errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

/** A result with other messages, its counts redone. */
export function withMessages(r: FileResult, messages: LintMessage[]): FileResult {
  const out: FileResult = { ...r, messages: [], errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const m of messages) addMessage(out, m);
  return out;
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
      ...(d.ruleId && { docsUrl: ruleDocsUrl(d.ruleId) }),
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
    if (d.functionName) m.functionName = d.functionName;
    if (d.functionNames) m.functionNames = d.functionNames;
    if (d.route) m.route = d.route;
    if (d.stages) m.stages = d.stages;
    if (d.related.length > 0) m.related = d.related.map((r) => relatedOf(r.span, r.message, source));
    const fixText = d.fix && source(d.fix.edits[0].file)?.text;
    if (d.fix && fixText !== undefined) m.fix = mergeEdits(d.fix, fixText, d.span.file);
    if (d.suggestions) {
      m.suggestions = d.suggestions.flatMap((s) => {
        const t = source(s.edits[0].file)?.text;
        return t === undefined ? [] : [{ desc: s.description, fix: mergeEdits(s, t, d.span.file) }];
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

/** The message as text formats print it: a site several functions pass through says which. */
export function displayMessage(m: LintMessage): string {
  const names = m.functionNames ?? [];
  return names.length > 1 ? `${m.message} (affects ${names.length} functions: ${names.join(', ')})` : m.message;
}
