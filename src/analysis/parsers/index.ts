import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parseWithOxc } from './oxc.js';
import { parseWithTypescriptEstree } from './typescript-estree.js';

/**
 * The JavaScript and TypeScript parsers behind `parseSource` (../parse.ts). Both build
 * typescript-estree's tree. oxc-parser is the default: native, several times faster, and it
 * loads in milliseconds where typescript-estree loads TypeScript (~300 ms). typescript-estree is
 * the reference: test/parsers.test.ts requires the same facts from both over the rule fixtures
 * and the handler corpus; `--parser typescript-estree` selects it, and so does the ESLint bridge.
 * It and TypeScript are optional peer dependencies, installed with @typescript-eslint/parser.
 */
export const PARSERS = {
  oxc: parseWithOxc,
  'typescript-estree': parseWithTypescriptEstree,
} as const satisfies Record<string, (path: string, text: string, jsx: boolean) => TSESTree.Program>;

export type ParserName = keyof typeof PARSERS;

export const PARSER_NAMES = Object.keys(PARSERS) as ParserName[];

export function isParserName(name: string): name is ParserName {
  return Object.hasOwn(PARSERS, name);
}

const PACKAGES: Record<ParserName, string[]> = { oxc: ['oxc-parser'], 'typescript-estree': ['@typescript-eslint/typescript-estree', 'typescript'] };

/** Why the parser cannot be used (its packages are not installed), or undefined when it can. */
export function parserMissing(name: ParserName): string | undefined {
  const require = createRequire(import.meta.url);
  const missing = PACKAGES[name].filter((p) => {
    try {
      require.resolve(p);
      return false;
    } catch {
      return true;
    }
  });
  return missing.length ? `the ${name} parser needs ${missing.join(' and ')}: npm install --save-dev ${PACKAGES[name].join(' ')}` : undefined;
}

export const DEFAULT_PARSER: ParserName = 'oxc';

let selected: ParserName = DEFAULT_PARSER;

/** Runs `work` with `name` as the parser (the command line's `--parser`, the Node API's `parser`). */
export function withParser<T>(name: ParserName, work: () => T): T {
  const previous = selected;
  selected = name;
  try {
    return work();
  } finally {
    selected = previous;
  }
}

export function selectedParser(): ParserName {
  return selected;
}

/** Parses with the selected parser; a syntax error is thrown, with its offset in `index` or `location`. */
export function parseProgram(path: string, text: string, jsx: boolean): TSESTree.Program {
  return PARSERS[selected](path, text, jsx);
}
