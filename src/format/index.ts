import type { RunReport } from '../results.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export interface FormatContext {
  /** Paths in human formats are relative to it. */
  cwd: string;
  /** The repository root: SARIF and GitHub paths are relative to it. */
  root: string;
  verbose: boolean;
  /** --fix-dry-run: stylish shows diffs. */
  diff: boolean;
  color: boolean;
}

export const FORMATS = {
  stylish: (report, ctx) => formatStylish(report, ctx),
  json: (report) => formatJson(report),
  compact: (report, ctx) => formatCompact(report, ctx.cwd),
  sarif: (report, ctx) => formatSarif(report, ctx),
  github: (report, ctx) => formatGithub(report, ctx),
} satisfies Record<string, (report: RunReport, ctx: FormatContext) => string>;

export type FormatName = keyof typeof FORMATS;

export const isFormatName = (name: string): name is FormatName => Object.hasOwn(FORMATS, name);

/** Formats whose output is for people, so --verbose details go with it rather than to stderr. */
export const isHumanFormat = (name: FormatName) => name === 'stylish' || name === 'github';
