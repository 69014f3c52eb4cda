import * as path from 'node:path';
import { findRepoRoot } from '../discover.js';
import type { FileSystem } from '../fs.js';
import type { RuleLevel } from '../lint.js';
import { loadService } from '../service.js';
import { resolveTargets } from '../targets.js';
import { rules } from '../../rules/index.js';
import { SettingsFiles, type SettingsLookup } from './files.js';
import { serviceSettings, settingsFor, type ServiceSettings } from './resolve.js';
import type { Settings } from './validate.js';

/**
 * `--print-config PATH`: the settings that apply to a file, as ESLint's `--print-config` shows
 * them: where they come from, every rule's level there (overrides by function cannot be decided
 * for a file and stay listed), and the other keys merged.
 */
export function printableSettings(fs: FileSystem, file: string, lookup: SettingsLookup, cli: Record<string, RuleLevel>): Record<string, unknown> {
  const files = new SettingsFiles(fs, lookup);
  const service = resolveTargets(fs, [file]).services[0];
  let settings: ServiceSettings;
  if (service) {
    const resolve = settingsFor(files, cli, service.repoRoot);
    settings = loadService(service.configFile, { fs, repoRoot: service.repoRoot, settings: resolve }).settings;
  } else {
    const dir = fs.isDirectory(file) ? file : path.dirname(file);
    const found = files.forDir(dir, findRepoRoot(fs, dir));
    settings = serviceSettings(found ? [found] : [], cli, undefined, 'dev');
  }
  const levels: Record<string, RuleLevel> = {};
  for (const r of rules) {
    const severity = settings.severity(r.meta, { file });
    levels[r.meta.id] = severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'off';
  }
  const merged: Settings = {};
  for (const s of settings.sources.map((x) => x.settings)) {
    if (s.ignores) merged.ignores = [...(merged.ignores ?? []), ...s.ignores];
    const byFunction = s.overrides?.filter((o) => o.functions);
    if (byFunction?.length) merged.overrides = [...(merged.overrides ?? []), ...byFunction];
    if (s.notBrowserFacing) {
      const n = (merged.notBrowserFacing ??= {});
      if (s.notBrowserFacing.services) n.services = [...(n.services ?? []), ...s.notBrowserFacing.services];
      if (s.notBrowserFacing.functions) n.functions = [...(n.functions ?? []), ...s.notBrowserFacing.functions];
    }
    if (s.allowedOrigins) merged.allowedOrigins = { ...merged.allowedOrigins, ...s.allowedOrigins };
  }
  return { settingsFiles: settings.sources.map((s) => s.file), rules: levels, ...merged };
}
