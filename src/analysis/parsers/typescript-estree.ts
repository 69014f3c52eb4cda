import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { lazy } from '../../lazy.js';

type Estree = typeof import('@typescript-eslint/typescript-estree');

/** The parser (and the TypeScript compiler behind it, ~300 ms to load) loads on first use. */
const estree = lazy<Estree>('@typescript-eslint/typescript-estree');

/** typescript-estree, the reference parser. Its TSError carries the offset of a syntax error in `location`. */
export function parseWithTypescriptEstree(path: string, text: string, jsx: boolean): TSESTree.Program {
  return estree().parse(text, {
    filePath: path,
    range: true,
    loc: false,
    // Inline cors-lint directives are read from the same parse (src/directives/comments.ts).
    comment: true,
    jsx,
    errorOnUnknownASTType: false,
  });
}
