import type { HandlerResult } from './analysis/facts.js';
import type { FunctionDef, Project } from './model/types.js';
import type { SourceFile, Span } from './source.js';
import type { Edits, Fixer } from './edit/fixer.js';
import type { Defect } from './precedence.js';

export type { Defect } from './precedence.js';

export type Severity = 'error' | 'warning';

/** A rule's level as settings files and `--rule` write it. */
export type RuleLevel = 'off' | 'warn' | 'error';

/** A rule's level when no setting names it: recommended rules at their severity, the others off. */
export function defaultLevel(meta: Pick<RuleMeta, 'recommended' | 'severity'>): RuleLevel {
  if (!meta.recommended) return 'off';
  return meta.severity === 'error' ? 'error' : 'warn';
}

export interface RuleMeta<M extends string = string> {
  /** kebab-case; equals the rule's file name. */
  id: string;
  /** One sentence; equals the first paragraph of the rule's doc. */
  description: string;
  severity: Severity;
  recommended: boolean;
  /** True when the rule may attach safe fixes (applied by `--fix`). */
  fixable?: true;
  /** True when the rule may attach suggestions (shown, never applied by the CLI). */
  hasSuggestions?: true;
  /**
   * True when serverless-offline masks the defect locally (it reflects the Origin and answers every
   * preflight, docs/cors-semantics.md#serverless-offline): with that plugin the message says so.
   */
  hiddenByOffline?: true;
  /** Message templates with `{{name}}` placeholders. */
  messages: Record<M, string>;
}

export interface Related {
  at: Span;
  message: string;
}

export type { EditValue, Edits, Fixer } from './edit/fixer.js';

/** A fix or suggestion body: edits of one file made with the fixer it is handed, or null when it cannot be built. */
export type FixBuilder = (fixer: Fixer) => Edits;

export interface Suggestion {
  desc: string;
  fix: FixBuilder;
  /**
   * The edit is harmless wherever the text serves, so it may edit text reached through a variable
   * (a cors block several events share): adding an allowed header, renaming a misspelt key.
   */
  sharedText?: true;
}

export interface Problem<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  at: Span;
  related?: Related[];
  /** `warning` where this finding is milder than the rule's usual one (it never raises the configured level). */
  severity?: 'warning';
  /**
   * What identifies the defect at `at` apart from the function it is reported for, when the
   * message data names the function inside composed text (`where: 'Function a (GET /a) returns'`):
   * findings of one site merge into one listing the functions (mergeSites). By default, the data
   * without `fn`, `route`, `routes` and `path`.
   */
  site?: string;
  /**
   * The defect this finding describes when another rule could see it too (src/precedence.ts): the
   * engine keeps the finding only when this rule owns that defect.
   */
  defect?: Defect;
  /** For findings about a function's event. */
  functionName?: string;
  route?: string;
  /** Built only when the finding is kept, and safe only (docs/cors-semantics.md#safe-fixes). */
  fix?: FixBuilder;
  suggest?: Suggestion[];
}

export interface RuleContext<M extends string = string> {
  readonly project: Project;
  /** The analysed handler of a function (memoised per run). */
  handler(fn: FunctionDef): HandlerResult;
  /** The text of a project file. */
  source(file: string): SourceFile | undefined;
  /** The origins the settings allow at the service's stage (`allowedOrigins`): fixes that must name an origin may use them. */
  readonly allowedOrigins?: readonly string[];
  report(problem: Problem<M>): void;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  check(ctx: RuleContext<M>): void;
}

/** Typed identity: lets TypeScript tie messageIds to the `messages` keys. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
