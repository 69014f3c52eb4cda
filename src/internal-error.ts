import * as path from 'node:path';
import { escapeText } from './format/escape.js';

/**
 * A crash of cors-lint itself, caught where it happened (one rule, one handler's analysis, one
 * service) so that the rest of the run goes on; the CLI reports it, naming what crashed and the
 * file being linted as ESLint names a crashing rule, and exits 2.
 */
export interface InternalError {
  /** `rule missing-allow-origin`, `the analysis of function f's handler`, `the service`. */
  where: string;
  /** The service's config file. */
  file: string;
  error: unknown;
}

/** The stderr line of an internal error; with `debug`, followed by its stack. */
export function describeInternalError(e: InternalError, cwd: string, debug: boolean): string {
  const message = e.error instanceof Error ? e.error.message : String(e.error);
  const line = `cors-lint: internal error in ${e.where} while linting ${path.relative(cwd, e.file) || e.file}: ${message}`;
  const stack = debug && e.error instanceof Error && e.error.stack ? `\n${e.error.stack}` : '';
  return escapeText(line) + stack;
}
