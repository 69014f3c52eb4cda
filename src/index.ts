/**
 * The Node API. `lint(options)` and `fix(options)` run what the CLI runs (only `paths` is needed)
 * and return what `-f json` prints; `fix` writes the fixed files unless `dryRun`. The engine's
 * parts below serve tools that need more control: `run()` lints in memory over any FileSystem.
 */
export { lint, fix, type CorsLintOptions } from './api.js';
export { run, NoConfigError, type RunOptions } from './run.js';
export { SettingsError } from './settings/validate.js';
export { lintService, type LintOptions, type RuleLevel, type ServiceLint } from './lint.js';
export { fixService, type FixOutcome } from './fix.js';
export { diskFileSystem, memoryFileSystem, type FileSystem } from './fs.js';
export type { FileResult, LintMessage, RunReport } from './results.js';
export { defineRule, type Rule, type RuleMeta } from './rule.js';
export { rules } from '../rules/index.js';
export { formatCompact } from './format/compact.js';
export { formatGithub } from './format/github.js';
export { formatJson } from './format/json.js';
export { formatSarif } from './format/sarif.js';
export { formatStylish } from './format/stylish.js';
