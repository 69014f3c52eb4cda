import type { Diagnostic } from '../diagnostic.js';
import { didYouMean } from '../did-you-mean.js';
import { SourceFile, type Span } from '../source.js';
import { commentsOf } from './comments.js';

/**
 * Inline directives, as ESLint's: `cors-lint-disable-next-line <id>[, <id>] -- reason`,
 * `cors-lint-disable-line`, and `cors-lint-disable` … `cors-lint-enable` blocks, in YAML and Python
 * `#` comments and JavaScript/TypeScript `//` and `/* *\/` comments. Without ids a directive covers
 * every rule. Text after ` -- ` is the reason and is ignored.
 */
export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
  kind: DirectiveKind;
  /** The rule ids it names; empty for every rule. */
  rules: string[];
  /** The comment. */
  span: Span;
  /** The 1-based lines the comment starts and ends on. */
  line: number;
  endLine: number;
}

/** A problem with a directive itself (an unknown rule id): reported with no rule id, as ESLint does. */
export interface DirectiveProblem {
  span: Span;
  message: string;
}

export interface FileDirectives {
  directives: Directive[];
  problems: DirectiveProblem[];
}

const DIRECTIVE = /^\s*cors-lint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;

/** The directives of a file; none for files whose comments cannot be known. */
export function parseDirectives(source: SourceFile, ruleIds: readonly string[]): FileDirectives {
  const out: FileDirectives = { directives: [], problems: [] };
  for (const c of commentsOf(source.path, source.text) ?? []) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const kind = m[1] as DirectiveKind;
    const span = { file: source.path, start: c.start, end: c.end };
    const rules = m[2]
      .split(/\s-{2,}\s|\s-{2,}$/)[0]
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    for (const id of rules) {
      if (!ruleIds.includes(id)) out.problems.push({ span, message: `Unknown rule "${id}" in cors-lint-${kind}${didYouMean(id, ruleIds)}` });
    }
    const line = source.position(c.start).line;
    out.directives.push({ kind, rules, span, line, endLine: source.position(Math.max(c.start, c.end - 1)).line });
  }
  return out;
}

const covers = (d: Directive, ruleId: string) => d.rules.length === 0 || d.rules.includes(ruleId);

/** Which `disable`/`enable` blocks are open at a point. */
interface BlockState {
  /** A `cors-lint-disable` of every rule, unless a later `enable` names the rule. */
  all?: Directive;
  enabledUnderAll: Set<string>;
  disabled: Map<string, Directive>;
}

/** The block state just before `offset`, from the directives before it (in file order). */
function blockState(directives: Directive[], offset: number): BlockState {
  const state: BlockState = { enabledUnderAll: new Set(), disabled: new Map() };
  for (const d of directives) {
    if (d.span.start >= offset) break;
    if (d.kind === 'disable' && d.rules.length === 0) {
      state.all = d;
      state.enabledUnderAll.clear();
    } else if (d.kind === 'disable') for (const r of d.rules) state.disabled.set(r, d);
    else if (d.kind === 'enable' && d.rules.length === 0) {
      state.all = undefined;
      state.disabled.clear();
    } else if (d.kind === 'enable') {
      for (const r of d.rules) {
        state.disabled.delete(r);
        state.enabledUnderAll.add(r);
      }
    }
  }
  return state;
}

/** The directive that disables `ruleId` in this state, if any. */
function disabling(state: BlockState, ruleId: string): Directive | undefined {
  return state.disabled.get(ruleId) ?? (state.all && !state.enabledUnderAll.has(ruleId) ? state.all : undefined);
}

/**
 * The directives of the files one lint reads, and which rules each one silenced. A line directive
 * applies to problems starting on its line (or the next); a block applies from the comment on.
 */
export class DirectiveTracker {
  private readonly files = new Map<string, FileDirectives & { source?: SourceFile }>();
  private readonly used = new Map<Directive, Set<string>>();

  constructor(
    private readonly text: (file: string) => string | undefined,
    private readonly ruleIds: readonly string[],
  ) {}

  of(file: string): FileDirectives & { source?: SourceFile } {
    let found = this.files.get(file);
    if (!found) {
      // Most files name no directive: they cost a substring search, not a comment scan.
      const text = this.text(file);
      const source = text?.includes('cors-lint-') ? new SourceFile(file, text) : undefined;
      found = source ? { ...parseDirectives(source, this.ruleIds), source } : { directives: [], problems: [] };
      this.files.set(file, found);
    }
    return found;
  }

  /** True when a directive silences the problem (and the directive is then used). */
  suppresses(ruleId: string, at: Span): boolean {
    const { directives, source } = this.of(at.file);
    if (directives.length === 0) return false;
    const line = source!.position(at.start).line;
    const byLine = directives.find(
      (d) => covers(d, ruleId) && ((d.kind === 'disable-line' && d.line === line) || (d.kind === 'disable-next-line' && d.endLine + 1 === line)),
    );
    const by = byLine ?? disabling(blockState(directives, at.start), ruleId);
    if (!by) return false;
    let rules = this.used.get(by);
    if (!rules) this.used.set(by, (rules = new Set()));
    rules.add(ruleId);
    return true;
  }

  /** Every directive of the given files with the rules it silenced (an `enable`: the rules it ended). */
  usage(files: Iterable<string>): DirectiveUse[] {
    const out: DirectiveUse[] = [];
    for (const file of files) {
      const { directives } = this.of(file);
      for (const d of directives) {
        const used = d.kind === 'enable' ? this.ended(directives, d) : (this.used.get(d) ?? new Set<string>());
        out.push({ directive: d, used: [...used] });
      }
    }
    return out;
  }

  /** What an `enable` ends: the named rules disabled just before it, or '*' when it names none and anything was. */
  private ended(directives: Directive[], enable: Directive): Set<string> {
    const state = blockState(directives, enable.span.start);
    if (enable.rules.length > 0) return new Set(enable.rules.filter((r) => disabling(state, r)));
    return new Set(state.all || state.disabled.size > 0 ? ['*'] : []);
  }
}

/** A directive and the rules it silenced in one lint. */
export interface DirectiveUse {
  directive: Directive;
  used: string[];
}

/**
 * `--report-unused-disable-directives`: the directives that silenced nothing in any lint that read
 * their file (a handler shared by two services counts as used when either needed it).
 */
export function unusedDirectives(uses: DirectiveUse[]): DirectiveProblem[] {
  const byDirective = new Map<string, { directive: Directive; used: Set<string> }>();
  for (const u of uses) {
    const key = `${u.directive.span.file}\0${u.directive.span.start}`;
    const entry = byDirective.get(key) ?? { directive: u.directive, used: new Set<string>() };
    for (const r of u.used) entry.used.add(r);
    byDirective.set(key, entry);
  }
  const out: DirectiveProblem[] = [];
  for (const { directive: d, used } of byDirective.values()) {
    const name = `cors-lint-${d.kind}`;
    if (d.kind === 'enable') {
      const why = d.rules.length === 0 ? (used.size === 0 ? [''] : []) : d.rules.filter((r) => !used.has(r)).map((r) => ` for "${r}"`);
      for (const w of why) out.push({ span: d.span, message: `Unused ${name} directive (no matching cors-lint-disable directive${w})` });
    } else if (d.rules.length === 0) {
      if (used.size === 0) out.push({ span: d.span, message: `Unused ${name} directive (no problems were reported)` });
    } else {
      for (const r of d.rules.filter((x) => !used.has(x)))
        out.push({ span: d.span, message: `Unused ${name} directive (no problems were reported from "${r}")` });
    }
  }
  return out;
}

/** A problem with a directive as a finding: an error with no rule id, as in ESLint. */
export function directiveDiagnostic(p: DirectiveProblem, messageId: 'unknownRule' | 'unusedDirective'): Diagnostic {
  return { ruleId: null, messageId, severity: 'error', message: p.message, span: p.span, related: [] };
}
