import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { lazy } from '../../lazy.js';

type Oxc = typeof import('oxc-parser');

/** A native parser shipped prebuilt in the package for each platform: loads in milliseconds. */
const oxc = lazy<Oxc>('oxc-parser');

/**
 * oxc-parser, configured to build typescript-estree's tree: TypeScript node shapes in every file,
 * no ParenthesizedExpression nodes, `range` in UTF-16 offsets, and comments with ranges. TypeScript
 * parses `.js` files as TypeScript with JSX, and accepts ES modules and CommonJS alike; `lang`
 * and `sourceType` say the same to oxc. Optional members it has none of are null rather than
 * absent, which no reader of the tree tells apart. Throws a SyntaxError with the offset of the
 * first error in `index`.
 */
export function parseWithOxc(path: string, text: string, jsx: boolean): TSESTree.Program {
  if (path.endsWith('.json')) return parseJson(path, text);
  const lang = /\.[cm]?ts$/.test(path) && !jsx ? 'ts' : 'tsx';
  const { program, comments } = parse(path, text, lang);
  program.comments = comments;
  return program;
}

/** `shift`: characters before the text proper, left out of the offset of an error. */
function parse(path: string, text: string, lang: 'ts' | 'tsx', shift = 0) {
  const result = oxc().parseSync(path, text, { lang, sourceType: 'unambiguous', astType: 'ts', range: true, preserveParens: false });
  const error = result.errors[0];
  if (error) throw Object.assign(new SyntaxError(error.message), { index: Math.max(0, (error.labels[0]?.start ?? 0) - shift) });
  const comments = result.comments.map((c) => ({ type: c.type, value: c.value, range: [c.start, c.end] })) as TSESTree.Comment[];
  return { program: result.program as unknown as TSESTree.Program, comments };
}

/**
 * JSON as typescript-estree gives it: one expression statement. oxc parses JavaScript only, so
 * the text is parsed as a parenthesised expression, and every offset moved back over the `(`.
 */
function parseJson(path: string, text: string): TSESTree.Program {
  const { program, comments } = parse(path, `(${text}\n)`, 'ts', 1);
  const [statement] = program.body;
  if (program.body.length !== 1 || statement.type !== 'ExpressionStatement') throw Object.assign(new SyntaxError('Unexpected token.'), { index: 0 });
  const stack: unknown[] = [statement.expression, ...comments];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (node !== null && typeof node === 'object') {
      // oxc's nodes carry their offsets twice: in `range` and in `start` and `end`.
      const n = node as { range?: [number, number]; start?: number; end?: number };
      if (n.range) n.range = [n.range[0] - 1, n.range[1] - 1];
      if (n.start !== undefined && n.end !== undefined) [n.start, n.end] = [n.start - 1, n.end - 1];
      stack.push(...(Object.values(node) as unknown[]));
    }
  }
  statement.range = statement.expression.range;
  return { ...program, body: [statement], comments, range: [0, text.length], sourceType: 'script' };
}
