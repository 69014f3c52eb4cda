/**
 * The documented limits (README "Limits"). Past one, cors-lint reads or follows no further, says
 * "not analysed" naming the limit, and counts what it affects as not fully analysed: never a
 * parse error, a stack overflow or an out-of-memory. Work is bounded by these counts, never by time.
 */

/** Bytes: a larger file is not read at all (checked before reading). */
export const FILE_SIZE_LIMIT = 5 * 1024 * 1024;
/** Characters: a larger handler source or imported module is not parsed (bundles, generated code). */
export const MODULE_SIZE_LIMIT = 1024 * 1024;
/** Levels of the syntax tree of a configuration or handler file. */
export const NESTING_DEPTH_LIMIT = 500;
/** Values copied by YAML aliases, and again by variables, per configuration. */
export const ALIAS_EXPANSION_LIMIT = 100_000;
/** Characters of one string built by resolving variables. */
export const STRING_LENGTH_LIMIT = 1_000_000;
/** Functions analysed in one service. */
export const FUNCTIONS_PER_SERVICE_LIMIT = 1_000;
/** Evaluation steps per JavaScript/TypeScript handler (real handlers use a few thousand). */
export const ANALYSIS_STEP_LIMIT = 200_000;
/** Statements executed per Python handler. */
export const PYTHON_STEP_LIMIT = 50_000;

const number = (n: number) => n.toLocaleString('en-US');

/** The messages that name each limit, so that README, code and tests agree on one wording. */
export const pastLimit = {
  fileSize: (what: string) => `${what} is larger than ${FILE_SIZE_LIMIT / 1024 / 1024} MB (the file size limit)`,
  moduleSize: (what: string) => `${what} is larger than ${MODULE_SIZE_LIMIT / 1024 / 1024} MB (the module size limit)`,
  nesting: (what: string) => `${what} is nested deeper than ${number(NESTING_DEPTH_LIMIT)} levels (the nesting depth limit)`,
  aliases: (what: string) => `${what} expand to more than ${number(ALIAS_EXPANSION_LIMIT)} values (the alias expansion limit)`,
  stringLength: () => `a resolved string would be longer than ${number(STRING_LENGTH_LIMIT)} characters (the resolved string length limit)`,
  functions: (count: number) =>
    `the service defines ${number(count)} functions; those past the first ${number(FUNCTIONS_PER_SERVICE_LIMIT)} are not analysed (the functions per service limit)`,
  steps: (limit: number) => `analysis stopped after ${number(limit)} steps (the analysis step limit)`,
};
