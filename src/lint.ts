import * as path from 'node:path';
import type { HandlerResult } from './analysis/facts.js';
import type { GuessedImport } from './analysis/modules.js';
import { interpolate, mergeSites, sortAndDedupe, type Diagnostic } from './diagnostic.js';
import { isWebFunction } from './model/queries.js';
import { createFixer, type Fixer } from './edit/fixer.js';
import type { InternalError } from './internal-error.js';
import type { FunctionDef, Project } from './model/types.js';
import { ownerOf } from './precedence.js';
import type { Problem, Rule, RuleLevel, Severity } from './rule.js';
import { loadService, type ServiceOptions } from './service.js';
import { defaultSettings, type ServiceSettings } from './settings/resolve.js';
import { directiveDiagnostic, DirectiveTracker, type DirectiveUse } from './directives/directives.js';
import type { SourceFile } from './source.js';
import type { PathNote } from './targets.js';

export type { RuleLevel } from './rule.js';

export interface LintOptions extends ServiceOptions {
  /**
   * The rules the caller registers (cors-lint's own are `rules` of rules/index.ts): the engine runs
   * those the levels turn on, and directives may name any of them.
   */
  ruleSet: readonly Rule[];
  /** Per-rule levels over the rules' defaults (when `settings` is not given). */
  rules?: Record<string, RuleLevel>;
  /** Run these rules alone, whatever their defaults (fixture tests). */
  only?: string[];
  /** False (`--no-inline-config`): `cors-lint-disable…` comments are ignored. */
  inlineConfig?: boolean;
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
  /** What `--verbose` says about files: how they were read, or why they were not linted. */
  notes: PathNote[];
  internalErrors: InternalError[];
  /** The text of every file a diagnostic points at. */
  source: (file: string) => SourceFile | undefined;
  /** Every file the lint read (config, includes, handlers, their modules). */
  files: string[];
  /** Why the service's program config could not be read (then nothing was linted). */
  unreadable?: string;
  /** The inline directives of every file the lint read, with what each silenced. */
  directives: DirectiveUse[];
  /** Findings dropped because another rule owns the defect they describe (src/precedence.ts). */
  overruled: Overruled[];
}

/** A finding the ownership table gave to another rule. */
export interface Overruled {
  ruleId: string;
  problem: Problem;
}

/** Which rules run: the `only` ones (at their default severity), else those the settings may turn on. */
function activeRules(options: Pick<LintOptions, 'only' | 'ruleSet'>, settings: ServiceSettings): Rule[] {
  return options.ruleSet.filter((rule) => (options.only ? options.only.includes(rule.meta.id) : settings.mayRun(rule.meta)));
}

/** The pipeline for one service (docs/architecture.md#pipeline): load → resolve → model → rules. */
export function lintService(configFile: string, options: LintOptions): ServiceLint {
  const { project, settings, handler, source, files, text, unreadable, internalErrors, guessedImports } = loadService(configFile, {
    ...options,
    settings: options.settings ?? defaultSettings(options.rules),
  });
  const notes: PathNote[] = project.problems.filter((p) => p.kind === 'note').map((p) => ({ path: p.span.file, reason: p.message }));
  const skip = project.notLinted;
  if (skip) {
    const nothing = { diagnostics: [], incomplete: [], files: [], directives: [], overruled: [] };
    return { configFile, project, ...nothing, notes: [...notes, { path: configFile, reason: skip }], internalErrors, source, unreadable };
  }
  const offline = project.plugins.includes('serverless-offline');
  const diagnostics: Diagnostic[] = [];
  const overruled: Overruled[] = [];
  const fixers: Fixers = { own: createFixer({ project, source }), shared: createFixer({ project, source, sharedText: true }) };
  const directives =
    options.inlineConfig === false
      ? undefined
      : new DirectiveTracker(
          text,
          options.ruleSet.map((r) => r.meta.id),
        );
  for (const rule of activeRules(options, settings)) {
    // A rule that crashes loses its own findings only, as in ESLint, which names the rule.
    const found: Diagnostic[] = [];
    const dropped: Overruled[] = [];
    try {
      rule.check({
        project,
        handler,
        source,
        allowedOrigins: settings.allowedOrigins,
        report(problem: Problem) {
          // One defect, one finding: a defect another rule owns is that rule's to report.
          if (problem.defect && ownerOf(problem.defect) !== rule.meta.id) {
            dropped.push({ ruleId: rule.meta.id, problem });
            return;
          }
          // Levels can differ per file and function (overrides); a finding switched off there, or in an ignored file, never builds its fix.
          const at = { file: problem.at.file, functionName: problem.functionName };
          const severity = options.only ? rule.meta.severity : settings.severity(rule.meta, at);
          if (!severity || settings.ignored(at.file) || directives?.suppresses(rule.meta.id, problem.at)) return;
          found.push(toDiagnostic(rule, severity, problem, offline, fixers));
        },
      });
      diagnostics.push(...found);
      overruled.push(...dropped);
    } catch (error) {
      internalErrors.push({ where: `rule ${rule.meta.id}`, file: configFile, error });
    }
  }
  const incomplete = incompleteFunctions(project, handler);
  // Every file read by now (handlers included); ignored files are not linted, so their directives are neither used nor judged.
  const read = files().filter((f) => !settings.ignored(f));
  for (const file of directives ? read : []) {
    for (const p of directives!.of(file).problems) diagnostics.push(directiveDiagnostic(p, 'unknownRule'));
  }

  return {
    configFile,
    project,
    diagnostics: sortAndDedupe(mergeSites(diagnostics)),
    incomplete: [...configLimits(project), ...incomplete],
    notes: [...notes, ...guessedImports().map((g) => guessNote(g, path.dirname(configFile)))],
    internalErrors,
    source,
    files: read,
    unreadable,
    directives: directives?.usage(read) ?? [],
    overruled,
  };
}

/** A bare specifier read from the one folder that provides it: analysis relies on a guess the user can check. */
function guessNote(g: GuessedImport, serviceDir: string): PathNote {
  const reason = `'${g.specifier}' is read from ${path.relative(serviceDir, g.path)}: no package of that name is installed or declared, and that is the one folder providing it`;
  return { path: g.file, reason };
}

/** Limits reached while reading the configuration: the service is only partly analysed. */
function configLimits(project: Project): Incomplete[] {
  const limits = project.problems.filter((p) => p.kind === 'limit').map((p) => ({ reason: p.message }));
  return project.functionsUnread ? [...limits, { reason: `the functions cannot be read: ${project.functionsUnread}` }] : limits;
}

const OFFLINE_NOTE = ' serverless-offline hides this locally (it adds CORS headers to every response): it fails once deployed.';

/** The fixer fixes and most suggestions get, and the one for suggestions that may edit shared text. */
interface Fixers {
  own: Fixer;
  shared: Fixer;
}

function toDiagnostic(rule: Rule, severity: Severity, p: Problem, offline: boolean, fixers: Fixers): Diagnostic {
  const template = rule.meta.messages[p.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${p.messageId}`);
  if (p.fix && !rule.meta.fixable) throw new Error(`rule ${rule.meta.id} reported a fix but is not marked fixable`);
  if (p.suggest?.length && !rule.meta.hasSuggestions) throw new Error(`rule ${rule.meta.id} reported a suggestion but is not marked hasSuggestions`);
  const d: Diagnostic = {
    ruleId: rule.meta.id,
    messageId: p.messageId,
    // A finding may be milder than its rule (never stronger than the level the settings give it).
    severity: p.severity === 'warning' ? 'warning' : severity,
    message: interpolate(template, p.data) + (offline && rule.meta.hiddenByOffline ? OFFLINE_NOTE : ''),
    data: p.data,
    span: p.at,
    related: (p.related ?? []).map((r) => ({ span: r.at, message: r.message })),
    functionName: p.functionName,
    route: p.route,
    site: JSON.stringify([p.messageId, p.site ?? siteData(p.data)]),
    ...(p.defect && { defect: p.defect }),
  };
  const edits = p.fix?.(fixers.own);
  if (edits && edits.length > 0) d.fix = { description: d.message, edits };
  const suggestions = (p.suggest ?? []).flatMap((s) => {
    const e = s.fix(s.sharedText ? fixers.shared : fixers.own);
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
    if (fn.unread) out.push({ functionName: fn.name, reason: `its definition cannot be read: ${fn.unread}` });
    if (fn.unread || !isWebFunction(fn)) continue;
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
