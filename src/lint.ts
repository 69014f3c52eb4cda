import type { HandlerResult } from './analysis/facts.js';
import { interpolate, sortAndDedupe, type Diagnostic } from './diagnostic.js';
import type { FileSystem } from './fs.js';
import type { InternalError } from './internal-error.js';
import { isWebFunction } from './model/queries.js';
import type { FunctionDef, Project } from './model/types.js';
import type { Problem, Rule, Severity } from './rule.js';
import { rules as allRules } from '../rules/index.js';
import { loadService } from './service.js';
import type { SourceFile } from './source.js';

export type RuleLevel = 'off' | 'warn' | 'error';

export interface LintOptions {
  fs: FileSystem;
  /** Nothing outside it is read. */
  repoRoot: string;
  /** `--stage`: `${sls:stage}` and `${opt:stage}`. */
  stage?: string;
  region?: string;
  env?: Record<string, string | undefined>;
  /** Per-rule levels over the rules' defaults. */
  rules?: Record<string, RuleLevel>;
  /** Run these rules alone, whatever their defaults (fixture tests). */
  only?: string[];
}

/**
 * A function whose findings may be incomplete because something about it is unknown; without
 * `functionName`, the service's configuration itself (a limit was reached while reading it).
 */
export interface Incomplete {
  functionName?: string;
  reason: string;
}

export interface ServiceLint {
  configFile: string;
  project: Project;
  diagnostics: Diagnostic[];
  incomplete: Incomplete[];
  internalErrors: InternalError[];
  /** The text of every file a diagnostic points at. */
  source(file: string): SourceFile | undefined;
}

/** Which rules run and at what severity. */
function activeRules(options: Pick<LintOptions, 'rules' | 'only'>): { rule: Rule; severity: Severity }[] {
  const out: { rule: Rule; severity: Severity }[] = [];
  for (const rule of allRules) {
    if (options.only) {
      if (options.only.includes(rule.meta.id)) out.push({ rule, severity: rule.meta.severity });
      continue;
    }
    const level = options.rules?.[rule.meta.id];
    if (level === 'off' || (!level && !rule.meta.recommended)) continue;
    out.push({ rule, severity: level === 'warn' ? 'warning' : level === 'error' ? 'error' : rule.meta.severity });
  }
  return out;
}

/** The pipeline of ARCHITECTURE.md §3 for one service: load → resolve → model → rules. */
export function lintService(configFile: string, options: LintOptions): ServiceLint {
  const { project, handler, source, internalErrors } = loadService(configFile, options);
  const offline = project.plugins.includes('serverless-offline');
  const diagnostics: Diagnostic[] = [];
  for (const { rule, severity } of activeRules(options)) {
    // A rule that crashes loses its own findings only, as in ESLint, which names the rule.
    const found: Diagnostic[] = [];
    try {
      rule.check({
        project,
        handler,
        source,
        report(problem: Problem) {
          found.push(toDiagnostic(rule, severity, problem, offline));
        },
      });
      diagnostics.push(...found);
    } catch (error) {
      internalErrors.push({ where: `rule ${rule.meta.id}`, file: configFile, error });
    }
  }

  return {
    configFile,
    project,
    diagnostics: sortAndDedupe(diagnostics),
    incomplete: [...configLimits(project), ...incompleteFunctions(project, handler)],
    internalErrors,
    source,
  };
}

/** Limits reached while reading the configuration: the service is only partly analysed. */
function configLimits(project: Project): Incomplete[] {
  return project.problems.filter((p) => p.kind === 'limit').map((p) => ({ reason: p.message }));
}

const OFFLINE_NOTE = '; serverless-offline hides this locally (it adds CORS headers to every response), so it only fails once deployed';

function toDiagnostic(rule: Rule, severity: Severity, p: Problem, offline: boolean): Diagnostic {
  const template = rule.meta.messages[p.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${p.messageId}`);
  if (p.fix && !rule.meta.fixable) throw new Error(`rule ${rule.meta.id} reported a fix but is not marked fixable`);
  const d: Diagnostic = {
    ruleId: rule.meta.id,
    messageId: p.messageId,
    severity,
    message: interpolate(template, p.data) + (offline && rule.meta.hiddenByOffline ? OFFLINE_NOTE : ''),
    span: p.at,
    related: (p.related ?? []).map((r) => ({ span: r.at, message: r.message })),
    functionName: p.functionName,
    route: p.route,
  };
  const edits = p.fix?.();
  if (edits && edits.length > 0) d.fix = { description: d.message, edits };
  const suggestions = (p.suggest ?? []).flatMap((s) => {
    const e = s.fix();
    return e && e.length > 0 ? [{ description: s.desc, edits: e }] : [];
  });
  if (suggestions.length > 0) d.suggestions = suggestions;
  return d;
}

/** What the stylish summary counts and `--verbose` lists: functions rules could only partly judge. */
function incompleteFunctions(project: Project, handler: (fn: FunctionDef) => HandlerResult): Incomplete[] {
  const out: Incomplete[] = [];
  for (const fn of project.functions) {
    if (!isWebFunction(fn)) continue;
    const r = handler(fn);
    let reason: string | undefined;
    if (r.status === 'not-found') reason = 'handler not found';
    else if (r.status === 'parse-error') reason = 'handler does not parse';
    else if (r.status === 'unreadable') reason = 'handler cannot be read';
    else if (r.status === 'not-analysed') reason = r.reason;
    else if (r.status === 'outside-root') reason = 'handler is outside the repository root';
    else if (!r.facts.complete) reason = r.facts.incompleteReason ?? 'some response paths could not be followed';
    else if (fn.events.some((e) => e.kind === 'http' && e.corsUnknown)) reason = '`cors` is a variable that cannot be resolved';
    if (reason) out.push({ functionName: fn.name, reason });
  }
  return out;
}
