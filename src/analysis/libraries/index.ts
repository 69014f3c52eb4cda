import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Value } from '../values.js';

/**
 * The plug-in point for handler-side libraries (RULES.md A10: middy, lambda-api, Powertools …).
 * The evaluator leaves whatever comes from an npm package unknown; when a package's export is
 * called, each model whose `packages` list holds the specifier may instead return a value the
 * evaluator understands (for instance a function whose responses carry the headers the
 * middleware adds). One file per library goes in this folder and into `libraryModels`.
 */
export interface LibraryModel {
  /** Package specifiers handled, as written in imports: `@middy/core`. */
  readonly packages: readonly string[];
  /** The value of the call, or undefined to leave it unknown. */
  call(call: LibraryCall): Value | undefined;
}

export interface LibraryCall {
  specifier: string;
  /** Properties read from the package before the call: `[]` for the default / `require()` value, `['cors']` for `pkg.cors(…)`. */
  path: readonly string[];
  args: readonly Value[];
  node: TSESTree.CallExpression | TSESTree.NewExpression;
}

export const libraryModels: readonly LibraryModel[] = [];
