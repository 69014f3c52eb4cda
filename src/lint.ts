import type { HandlerResult } from './analysis/facts.js';
import { interpolate, mergeSites, sortAndDedupe, type Diagnostic } from './diagnostic.js';
import type { FileSystem } from './fs.js';
import { isWebFunction, notLinted } from './model/queries.js';
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

/** A function whose findings may be incomplete because something about it is unknown. */
export interface Incomplete {
  functionName: string;
  reason: string;
}

/** Something `--verbose` says about a file: how it was read, or why it was not linted. */
export interface Note {
  file: string;
  message: string;
}

export interface ServiceLint {
  configFile: string;
  project: Project;
  diagnostics: Diagnostic[];
  incomplete: Incomplete[];
  notes: Note[];
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
  const { project, handler, source } = loadService(configFile, options);
  const notes: Note[] = project.problems.filter((p) => p.kind === 'note').map((p) => ({ file: p.span.file, message: p.message }));
  const skip = notLinted(project);
  if (skip) return { configFile, project, diagnostics: [], incomplete: [], notes: [...notes, { file: configFile, message: skip }], source };
  const offline = project.plugins.includes('serverless-offline');
  const diagnostics: Diagnostic[] = [];
  for (const { rule, severity } of activeRules(options)) {
    rule.check({
      project,
      handler,
      source,
      report(problem: Problem) {
        diagnostics.push(toDiagnostic(rule, severity, problem, offline));
      },
    });
  }

  return {
    configFile,
    project,
    diagnostics: sortAndDedupe(mergeSites(diagnostics)),
    incomplete: incompleteFunctions(project, handler),
    notes,
    source,
  };
}

const OFFLINE_NOTE = '; serverless-offline hides this locally (it adds CORS headers to every response), so it only fails once deployed';

function toDiagnostic(rule: Rule, severity: Severity, p: Problem, offline: boolean): Diagnostic {
  const template = rule.meta.messages[p.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${p.messageId}`);
  if (p.fix && !rule.meta.fixable) throw new Error(`rule ${rule.meta.id} reported a fix but is not marked fixable`);
  const d: Diagnostic = {
    ruleId: rule.meta.id,
    messageId: p.messageId,
    severity: p.severity ?? severity,
    message: interpolate(template, p.data) + (offline && rule.meta.hiddenByOffline ? OFFLINE_NOTE : ''),
    span: p.at,
    related: (p.related ?? []).map((r) => ({ span: r.at, message: r.message })),
    functionName: p.functionName,
    route: p.route,
    site: JSON.stringify([p.messageId, p.site ?? siteData(p.data)]),
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

/** Message data without what names the function or route reaching a site (see mergeSites). */
function siteData(data: Problem['data'] = {}): Problem['data'] {
  const { fn: _fn, route: _route, routes: _routes, path: _path, ...rest } = data;
  return rest;
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
    else if (r.status === 'not-analysed') reason = r.reason;
    else if (r.status === 'outside-root') reason = 'handler is outside the repository root';
    else if (!r.facts.complete) reason = r.facts.incompleteReason ?? 'some response paths could not be followed';
    else if (fn.events.some((e) => e.kind === 'http' && e.corsUnknown)) reason = '`cors` is a variable that cannot be resolved';
    if (reason) out.push({ functionName: fn.name, reason });
  }
  return out;
}
