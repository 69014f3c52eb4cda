/*
 * Python parsing with @lezer/python (pure JS, error-tolerant, synchronous).
 *
 * Chosen over web-tree-sitter + tree-sitter-python after measuring both (Node 20, a 298-line
 * handler module with match/walrus/f-strings/PEP 695 generics):
 *   @lezer/python 1.1.19: 0.8 MB installed (with @lezer/common, lr, highlight); load 30 ms,
 *     first parse 64 ms, warm parse 6.5 ms; synchronous API; CJS build, so createRequire works.
 *   web-tree-sitter 0.27.2 + tree-sitter-python 0.25.0: 12 MB installed (the wasm ships in the
 *     packages and loads offline); load 44 ms, first parse 33 ms, warm parse 6.5 ms; but
 *     `Parser.init()` is async (Emscripten), which our synchronous pipeline cannot wait for.
 * Accuracy: on the 648 modules of CPython 3.11's stdlib tree-sitter reports no error and lezer
 * flags 15 valid files. Lezer's gaps (checked by hand) are the `KNOWN_GAPS` below; errors there
 * (and after them) are tolerated instead of reported, and functions containing one are analysed
 * as incomplete. With these, of the 1,790 files of CPython 3.11's Lib (tests included) only
 * the Python 2 grammar test data is reported.
 */
import * as path from 'node:path';
import { lazy } from '../../lazy.js';
import type { parser as LezerParser } from '@lezer/python';
import { MODULE_SIZE_LIMIT, NESTING_DEPTH_LIMIT, pastLimit } from '../../limits.js';
import { pythonNestingExceeds } from '../../nesting.js';
import type { Span } from '../../source.js';

export type Tree = ReturnType<typeof LezerParser.parse>;
export type PyNode = Tree['topNode'];

export interface ParsedPython {
  file: string;
  text: string;
  tree: Tree;
  /** Error nodes at valid syntax lezer does not read (see KNOWN_GAPS): not reported, but not trusted. */
  gaps: Span[];
}

/** `limit`: past a documented limit (README "Limits"): not analysed, never a parse error. */
export type ParseResult = { ok: true; parsed: ParsedPython } | { ok: false; span: Span; message: string; limit?: true };

/** Loaded on first use, so lint runs without Python handlers never load the grammar. */
const lezer = lazy<{ parser: typeof LezerParser }>('@lezer/python');
const pythonParser = (): typeof LezerParser => lezer().parser;

/** A module past the size limit is not parsed; one nested past the depth limit is not evaluated (the evaluator recurses per level). */
export function parsePython(file: string, text: string): ParseResult {
  const limit = (message: string): ParseResult => ({ ok: false, span: { file, start: 0, end: 0 }, message, limit: true });
  if (text.length > MODULE_SIZE_LIMIT) return limit(pastLimit.moduleSize(path.basename(file)));
  // lezer builds its tree recursively: a file that may nest past the limit is not parsed (nesting.ts).
  if (pythonNestingExceeds(text, NESTING_DEPTH_LIMIT)) return limit(pastLimit.nesting(path.basename(file)));
  const tree = pythonParser().parse(text);
  if (depthExceeds(tree, NESTING_DEPTH_LIMIT)) return limit(pastLimit.nesting(path.basename(file)));
  const gaps: Span[] = [];
  let error: PyNode | undefined;
  tree.iterate({
    enter(ref) {
      if (!ref.type.isError) return;
      // Lezer's recovery from a gap can misread the lines after it: later errors are gaps too.
      if (gaps.length > 0 || isKnownGap(ref.node, text)) gaps.push({ file, start: ref.from, end: ref.to });
      else error ??= ref.node;
      return false;
    },
  });
  if (!error) return { ok: true, parsed: { file, text, tree, gaps } };
  const end = Math.max(error.to, Math.min(error.from + 1, text.length));
  const near = text.slice(error.from, end).trim();
  return { ok: false, span: { file, start: error.from, end }, message: near ? `invalid syntax near '${near}'` : 'invalid syntax' };
}

/** Whether the tree's named nodes nest deeper than `limit`, walked with a cursor (no recursion). */
function depthExceeds(tree: Tree, limit: number): boolean {
  const c = tree.cursor();
  let depth = 1;
  for (;;) {
    if (depth > limit) return true;
    if (c.firstChild()) {
      depth++;
      continue;
    }
    while (!c.nextSibling()) {
      if (!c.parent()) return false;
      depth--;
    }
  }
}

/**
 * Valid Python lezer 1.1.19 marks as an error, recognised by where the error node sits:
 * bare `yield` (`x = yield`), a float with a trailing dot (`1.`), `with (a as b, c as d):` and
 * `with x as (a, b):`, `match a, b:` and pattern gaps (`case A():`, `case "a" "b":`), PEP 614
 * decorators (`@buttons[0].connect`), a starred subscript (`a[1, *b]`), `lambda a, /, b: …` and
 * `print >> f, x` (read as a Python 2 print statement).
 */
const KNOWN_GAPS: Array<(error: PyNode, parent: PyNode, text: string) => boolean> = [
  (_e, p) => p.name === 'YieldExpression' || p.name === 'YieldStatement',
  (e, p, text) => p.name === 'MemberExpression' && p.firstChild?.name === 'Number' && /\d\.$/.test(text.slice(p.from, e.from).trimEnd()),
  (_e, p) => p.name === 'WithStatement' || p.parent?.name === 'WithStatement',
  // `with x as (a, b):` leaves `(a, b):` to be read as an annotated assignment, then loses the body.
  (e, p) => [p.parent?.prevSibling, e.prevSibling?.prevSibling].some((n) => n?.name === 'WithStatement' && n.lastChild?.type.isError),
  (_e, p) => p.name === 'MatchStatement' || p.name === 'MatchClause' || p.name.endsWith('Pattern'),
  (_e, p) => p.name === 'Decorator' || p.name === 'DecoratedStatement',
  (e, p, text) => p.name === 'MemberExpression' && text.startsWith('*', e.from),
  (e, p, text) => p.name === 'ParamList' && p.parent?.name === 'LambdaExpression' && text.startsWith('/', e.from),
  (_e, p) => p.name === 'PrintStatement', // `print >> f, x` is a valid (useless) Python 3 expression
];

function isKnownGap(error: PyNode, text: string): boolean {
  const parent = error.parent;
  return !!parent && KNOWN_GAPS.some((gap) => gap(error, parent, text));
}

export function spanOf(parsed: ParsedPython, node: { from: number; to: number }): Span {
  return { file: parsed.file, start: node.from, end: node.to };
}

export function textOf(parsed: ParsedPython, node: { from: number; to: number }): string {
  return parsed.text.slice(node.from, node.to);
}

/** Child nodes (keyword and punctuation tokens included: `not`, `in`, `elif` matter), without comments. */
export function children(node: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}
