/** A command line cors-lint cannot run: printed as is, exit 2. */
export class UsageError extends Error {}
