/**
 * The Node API: the same engine the CLI runs, with nothing written to disk. `run()` returns the
 * ESLint-compatible results the `json` formatter prints (with `fix: true`, each fixed file's text
 * is in `output`).
 */
export { run, NoConfigError, type RunOptions } from './run.js';
export { lintService, type LintOptions, type RuleLevel, type ServiceLint } from './lint.js';
export { fixService, type FixOutcome } from './fix.js';
export { diskFileSystem, memoryFileSystem, type FileSystem } from './fs.js';
export type { FileResult, LintMessage, RunReport } from './results.js';
export type { Rule, RuleMeta } from './rule.js';
export { rules } from '../rules/index.js';
export { formatCompact } from './format/compact.js';
export { formatGithub } from './format/github.js';
export { formatJson } from './format/json.js';
export { formatSarif } from './format/sarif.js';
export { formatStylish } from './format/stylish.js';
