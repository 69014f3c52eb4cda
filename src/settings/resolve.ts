import * as path from 'node:path';
import { defaultLevel, type RuleLevel, type RuleMeta, type Severity } from '../rule.js';
import type { Position, Span } from '../source.js';
import { getPath, type CfgValue } from '../config/tree.js';
import { customSettings, type SettingsFiles, type SettingsSource } from './files.js';
import { matchesAny } from './globs.js';
import type { Override } from './validate.js';

/** What the settings decide for one service (at one stage). */
export interface ServiceSettings {
  /** The settings that apply, in order (a later one wins): the settings file, then `custom.corsLint`. */
  sources: SettingsSource[];
  /** False for functions no browser calls: their events are left out of the CORS model. */
  browserFacing: (functionName: string) => boolean;
  /** `allowedOrigins` of the service's stage, for fixes that must name an origin. */
  allowedOrigins?: readonly string[];
  /** Whether the rule may report anywhere in the service (it runs only then). */
  mayRun(rule: RuleMeta): boolean;
  /** The severity of a finding of the rule, undefined when the rule is off there. */
  severity(rule: RuleMeta, at: { file: string; functionName?: string }): Severity | undefined;
  /** Files whose findings are dropped (`ignores`). */
  ignored(file: string): boolean;
}

/** One layer of rule levels and where it applies (ESLint's flat config objects, in order). */
interface Layer extends Override {
  dir: string;
}

/**
 * Combines the settings sources of a service with the `--rule` levels of the command line, which
 * win over everything (as in ESLint). `service` is the service's name, `stage` its stage.
 */
export function serviceSettings(sources: SettingsSource[], cli: Record<string, RuleLevel>, service: string | undefined, stage: string): ServiceSettings {
  const layers: Layer[] = sources.flatMap((s) => [{ dir: s.dir, rules: s.settings.rules }, ...(s.settings.overrides ?? []).map((o) => ({ ...o, dir: s.dir }))]);
  const inService = (l: Layer) => !l.services || (service !== undefined && l.services.includes(service));
  const applies = (l: Layer, at: { file: string; functionName?: string }) =>
    inService(l) &&
    (!l.functions || (at?.functionName !== undefined && l.functions.includes(at.functionName))) &&
    (!l.files || matchesAny(l.files, l.dir, at.file));
  const notBrowserFacing = sources.map((s) => s.settings.notBrowserFacing ?? {});
  const serviceHidden = service !== undefined && notBrowserFacing.some((n) => n.services?.includes(service));
  let allowedOrigins: string[] | undefined;
  for (const s of sources) allowedOrigins = s.settings.allowedOrigins?.[stage] ?? allowedOrigins;

  const levelOf = (rule: RuleMeta, layer: Layer | undefined) => layer?.rules?.[rule.id];
  return {
    sources,
    browserFacing: (fn) => !serviceHidden && !notBrowserFacing.some((n) => n.functions?.includes(fn)),
    allowedOrigins,
    mayRun(rule) {
      if (cli[rule.id]) return cli[rule.id] !== 'off';
      if (defaultLevel(rule) !== 'off') return true;
      return layers.some((l) => inService(l) && (levelOf(rule, l) ?? 'off') !== 'off');
    },
    severity(rule, at) {
      let level: RuleLevel | undefined = cli[rule.id];
      for (let i = layers.length - 1; level === undefined && i >= 0; i--) if (applies(layers[i], at)) level = levelOf(rule, layers[i]);
      level ??= defaultLevel(rule);
      return level === 'off' ? undefined : level === 'warn' ? 'warning' : 'error';
    },
    ignored: (file) => sources.some((s) => matchesAny(s.settings.ignores ?? [], s.dir, file)),
  };
}

/** What a service's settings are decided from, once its config is loaded and resolved. */
export interface ServiceContext {
  configFile: string;
  /** The resolved config (for `custom.corsLint`). */
  config: CfgValue;
  service?: string;
  stage: string;
  position: (span: Span) => Position;
}

/** Resolves a service's settings (`settingsFor`, or `defaultSettings` without settings files). */
export type SettingsFor = (service: ServiceContext) => ServiceSettings;

/** Rule defaults, with optional levels over them: no settings files. */
export function defaultSettings(rules: Record<string, RuleLevel> = {}): SettingsFor {
  return (s) => serviceSettings([], rules, s.service, s.stage);
}

/**
 * Settings from files (the nearest settings file up to `repoRoot`, or `-c`) and the service's own
 * `custom.corsLint`, which wins; `--rule` levels win over both.
 */
export function settingsFor(files: SettingsFiles, cli: Record<string, RuleLevel>, repoRoot: string): SettingsFor {
  return (s) => {
    const sources: SettingsSource[] = [];
    const file = files.forDir(path.dirname(s.configFile), repoRoot);
    if (file) sources.push(file);
    const custom = files.options.lookup ? getPath(s.config, 'custom', 'corsLint') : undefined;
    if (custom) sources.push(customSettings(custom, s.configFile, s.position));
    return serviceSettings(sources, cli, s.service, s.stage);
  };
}
