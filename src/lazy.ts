import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on first use, synchronously: the pipeline is synchronous, and heavy parsers
 * (typescript, @lezer/python) or rarely needed helpers (minimatch, jsdiff) must cost nothing to runs that
 * never reach them.
 */
export function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
