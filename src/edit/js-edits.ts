import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parseSource } from '../analysis/parse.js';
import type { TextEdit } from './text-edit.js';
import { lineEnding } from './line-ending.js';
import type { EditSource } from './yaml-edits.js';

/**
 * Edits of handler sources (JS/TS), addressed by the spans handler facts carry, under the
 * fixer (docs/architecture.md#fixes). Every builder re-parses the file to make sure the span is exactly the node it expects (a
 * plain `key: value` property of an object literal written in the source, a string literal) and
 * returns null otherwise: a header set by an assignment, a computed key or a library call is not
 * text these helpers may touch, and neither is a file that is not JavaScript or TypeScript (a
 * Python dict can look like an object literal). New text follows the file: its line ends and the indentation of
 * the neighbouring property.
 */

interface Offsets {
  start: number;
  end: number;
}

export type Quote = "'" | '"';

/** JavaScript and TypeScript sources by extension: the files these helpers (and the fix loop's re-parse guard) handle. */
export function isScript(path: string): boolean {
  return /\.(?:[cm]?[jt]s|[jt]sx)$/i.test(path);
}

/** What a fix needs to know about a plain property: its key, how the key is quoted, its siblings' keys. */
export interface PlainProperty {
  key: string;
  /** The quote of a string-literal key (`'Access-Control-Allow-Origin': …`); undefined for an identifier key. */
  quote?: Quote;
  /** Keys of the other properties of the same object literal. */
  siblings: string[];
  /** True when the object literal also has spreads or computed keys (it may hold keys not in `siblings`). */
  open: boolean;
}

/** The property at `span` when it is a plain `key: value` property of an object literal; undefined otherwise. */
export function plainProperty(source: EditSource, span: Offsets): PlainProperty | undefined {
  const found = findProperty(source, span);
  if (!found) return undefined;
  const { property, object } = found;
  const siblings: string[] = [];
  let open = false;
  for (const p of object.properties) {
    if (p === property) continue;
    const key = p.type === 'Property' ? staticKey(p) : undefined;
    if (key === undefined) open = true;
    else siblings.push(key);
  }
  const raw = source.text[property.key.range[0]];
  return { key: staticKey(property)!, quote: raw === "'" || raw === '"' ? raw : undefined, siblings, open };
}

/**
 * Inserts `text` (a property such as `Vary: 'Origin'`) right after the plain property at `span`.
 * When that property starts a line of a multi-line object literal, the new property gets a line
 * of its own at the same indentation, and the object's trailing-comma style is kept; otherwise
 * it goes on the same line (`, text`). Null when `span` is not a plain property.
 */
export function insertPropertyAfter(source: EditSource, span: Offsets, text: string): TextEdit[] | null {
  const found = findProperty(source, span);
  if (!found) return null;
  const { property, object } = found;
  const src = source.text;
  const [start, end] = property.range;
  const next = object.properties[object.properties.indexOf(property) + 1];
  const following = next ? next.range[0] : object.range[1] - 1;
  const edit = (at: number, t: string): TextEdit => ({ file: source.path, start: at, end: at, text: t });
  const inline = [edit(end, `, ${text}`)];

  const indent = /^[ \t]*$/.exec(src.slice(lineStart(src, start), start))?.[0];
  if (indent === undefined || !src.slice(end, following).includes('\n')) return inline;

  const eol = lineEnding(src);
  const comma = skipTrivia(src, end);
  if (src[comma] === ',') {
    // `key: value, // note` → the new property on the next line, with its own comma.
    const lineEnd = restOfLineEnd(src, comma + 1);
    return lineEnd === undefined ? inline : [edit(lineEnd + 1, `${indent}${text},${eol}`)];
  }
  if (next) return inline;
  // The last property without a trailing comma: add one, and the new property on the next line, also without.
  const lineEnd = restOfLineEnd(src, end);
  return lineEnd === undefined ? inline : [edit(end, ','), edit(lineEnd + 1, `${indent}${text}${eol}`)];
}

/** Replaces the string literal at `span` with `value`, in the literal's own quotes. Null when `span` is no string literal. */
export function replaceStringLiteral(source: EditSource, span: Offsets, value: string): TextEdit[] | null {
  const program = parse(source);
  const exact = (n: TSESTree.Node) => n.range[0] === span.start && n.range[1] === span.end;
  if (!program || !findNode(program, span, (n) => exact(n) && n.type === 'Literal' && typeof n.value === 'string')) return null;
  const quote = source.text[span.start] === '"' ? '"' : "'";
  return [{ file: source.path, start: span.start, end: span.end, text: stringLiteral(value, quote) }];
}

/** `value` as a JS string literal in the given quotes. */
export function stringLiteral(value: string, quote: Quote): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .split(quote)
    .join(`\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/**
 * Swaps two adjacent items of a call chain or list: `first` and `second` are each the only
 * argument of two calls of the same method, the second chained directly on the first
 * (`x.use(a).use(b)` → `x.use(b).use(a)`), or neighbouring elements of one array literal
 * (`[a, b]` → `[b, a]`). Null in any other shape.
 */
export function swapAdjacent(source: EditSource, first: Offsets, second: Offsets): TextEdit[] | null {
  const program = parse(source);
  if (!program) return null;
  const at = (span: Offsets) => (n: TSESTree.Node) => n.range[0] === span.start && n.range[1] === span.end;
  const a = findNode(program, first, at(first));
  const b = findNode(program, second, at(second));
  if (!a || !b || a.range[1] > b.range[0]) return null;
  const holds = (call: TSESTree.Node, arg: TSESTree.Node) => call.type === 'CallExpression' && call.arguments.length === 1 && call.arguments[0] === arg;
  const chained = findNode(program, second, (n) => {
    if (!holds(n, b) || n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return false;
    const inner = n.callee.object;
    return holds(inner, a) && inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && sameName(inner.callee, n.callee);
  });
  const listed = findNode(
    program,
    second,
    (n) => n.type === 'ArrayExpression' && n.elements.indexOf(a as TSESTree.Expression) + 1 === n.elements.indexOf(b as TSESTree.Expression),
  );
  if (!chained && !listed) return null;
  if (hasComment(source.text, a.range[0], b.range[1])) return null;
  const text = (n: TSESTree.Node) => source.text.slice(n.range[0], n.range[1]);
  return [
    { file: source.path, start: a.range[0], end: a.range[1], text: text(b) },
    { file: source.path, start: b.range[0], end: b.range[1], text: text(a) },
  ];
}

/**
 * True when a comment sits on the lines from `start` to `end`: swapping the code there would leave
 * each comment describing the other call, so such a swap is not made.
 */
function hasComment(text: string, start: number, end: number): boolean {
  const nl = text.indexOf('\n', end);
  const lines = text.slice(lineStart(text, start), nl < 0 ? text.length : nl);
  const code = lines.replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");
  return /\/\/|\/\*/.test(code);
}

/**
 * Adds `key: valueText` to the options object literal a call takes as its first argument
 * (`cors({ credentials: false })`), or gives an argument-less call one (`cors()` →
 * `cors({ key: valueText })`). Null when the first argument is not an object literal, or it
 * already has `key`, spreads or computed keys.
 */
export function addOption(source: EditSource, call: Offsets, key: string, valueText: string): TextEdit[] | null {
  const program = parse(source);
  if (!program) return null;
  const node = findNode(program, call, (n) => n.type === 'CallExpression' && n.range[0] === call.start && n.range[1] === call.end);
  if (node?.type !== 'CallExpression') return null;
  const property = `${key}: ${valueText}`;
  const [options] = node.arguments;
  if (!options) return [{ file: source.path, start: node.range[1] - 1, end: node.range[1] - 1, text: `{ ${property} }` }];
  if (options.type !== 'ObjectExpression') return null;
  const keys = options.properties.map((p) => (p.type === 'Property' ? staticKey(p) : undefined));
  if (keys.includes(undefined) || keys.includes(key)) return null;
  const last = options.properties.at(-1);
  if (!last) return [{ file: source.path, start: options.range[0], end: options.range[1], text: `{ ${property} }` }];
  return insertPropertyAfter(source, { start: last.range[0], end: last.range[1] }, property);
}

/**
 * Replaces a plain read `path.name` (or `path['name']`) at `span`, where `path` is a name or a
 * chain of plain property accesses (`event.headers`), with the expression `text(path)`, in
 * parentheses unless it stands where any expression may (an argument, an initializer). Null
 * when the member expression is optional, is written to, is called, or its object could have
 * side effects if written twice (`load().headers.Origin`).
 */
export function replacePlainRead(source: EditSource, span: Offsets, text: (object: string) => string): TextEdit[] | null {
  const program = parse(source);
  if (!program) return null;
  // findNode tests only the nodes around the span, outermost first: those before the match are its ancestors.
  const ancestors: TSESTree.Node[] = [];
  const node = findNode(program, span, (n) => {
    if (n.range[0] === span.start && n.range[1] === span.end && n.type === 'MemberExpression') return true;
    ancestors.push(n);
    return false;
  });
  if (node?.type !== 'MemberExpression' || node.optional || !isPlainPath(node.object)) return null;
  if (!isPlainReadContext(node, ancestors.at(-1), ancestors.at(-2))) return null;
  const object = source.text.slice(node.object.range[0], node.object.range[1]);
  const expression = text(object);
  return [{ file: source.path, start: span.start, end: span.end, text: standsAlone(node, ancestors.at(-1)) ? expression : `(${expression})` }];
}

/** The quote of the file's first string literal (`'` when it has none): new literals follow the file's style. */
export function preferredQuote(source: EditSource): Quote {
  const program = parse(source);
  if (!program) return "'";
  let first: TSESTree.Node | undefined;
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Literal' && typeof node.value === 'string' && (!first || node.range[0] < first.range[0])) first = node;
    stack.push(...childNodes(node));
  }
  return first && source.text[first.range[0]] === '"' ? '"' : "'";
}

// ---------------------------------------------------------------------------------------------

/** The program of a JavaScript or TypeScript source; undefined for any other file and for text that does not parse. */
function parse(source: EditSource): TSESTree.Program | undefined {
  if (!isScript(source.path)) return undefined;
  const parsed = parseSource(source.path, source.text);
  return parsed.ok ? parsed.file.program : undefined;
}

function findProperty(source: EditSource, span: Offsets): { property: TSESTree.Property; object: TSESTree.ObjectExpression } | undefined {
  const program = parse(source);
  if (!program) return undefined;
  const object = findNode(
    program,
    span,
    (n) => n.type === 'ObjectExpression' && n.properties.some((p) => p.range[0] === span.start && p.range[1] === span.end),
  ) as TSESTree.ObjectExpression | undefined;
  const property = object?.properties.find((p) => p.range[0] === span.start && p.range[1] === span.end);
  if (!object || property?.type !== 'Property') return undefined;
  if (property.kind !== 'init' || property.method || property.shorthand || staticKey(property) === undefined) return undefined;
  return { property, object };
}

/** The key of a non-computed property written as a name or a string literal. */
function staticKey(p: TSESTree.Property): string | undefined {
  if (p.computed) return undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  return p.key.type === 'Literal' && typeof p.key.value === 'string' ? p.key.value : undefined;
}

/** The first node around `span` that satisfies `test` (only nodes containing `span` are searched). */
function findNode(root: TSESTree.Node, span: Offsets, test: (n: TSESTree.Node) => boolean): TSESTree.Node | undefined {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.range[0] > span.start || node.range[1] < span.end) continue;
    if (test(node)) return node;
    stack.push(...childNodes(node));
  }
  return undefined;
}

function isNode(value: unknown): value is TSESTree.Node {
  return !!value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The offset of the first character after `pos` that is neither blank, line break nor comment. */
function skipTrivia(text: string, pos: number): number {
  let p = pos;
  for (;;) {
    while (p < text.length && /\s/.test(text[p])) p++;
    if (text.startsWith('//', p)) {
      const lineBreak = text.indexOf('\n', p);
      p = lineBreak === -1 ? text.length : lineBreak;
    } else if (text.startsWith('/*', p)) {
      const close = text.indexOf('*/', p + 2);
      if (close === -1) return text.length;
      p = close + 2;
    } else return p;
  }
}

/**
 * The offset of the line break ending `pos`'s line when the rest of the line holds only blanks
 * and comments; undefined when code follows on that line (or the text ends).
 */
function restOfLineEnd(text: string, pos: number): number | undefined {
  let p = pos;
  for (;;) {
    while (p < text.length && (text[p] === ' ' || text[p] === '\t' || text[p] === '\r')) p++;
    if (p >= text.length) return undefined;
    if (text[p] === '\n') return p;
    if (text.startsWith('//', p)) {
      const lineBreak = text.indexOf('\n', p);
      return lineBreak === -1 ? undefined : lineBreak;
    }
    if (!text.startsWith('/*', p)) return undefined;
    const close = text.indexOf('*/', p + 2);
    if (close === -1 || text.slice(p, close).includes('\n')) return undefined;
    p = close + 2;
  }
}

function sameName(a: TSESTree.MemberExpression, b: TSESTree.MemberExpression): boolean {
  return !a.computed && !b.computed && a.property.type === 'Identifier' && b.property.type === 'Identifier' && a.property.name === b.property.name;
}

/** `event`, `this`, `req.event.headers`: text that reads the same value when written twice. */
function isPlainPath(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  return node.type === 'MemberExpression' && !node.computed && !node.optional && isPlainPath(node.object);
}

/** The member expression is only read where it stands: not assigned, updated, deleted, destructured into or called as a method. */
function isPlainReadContext(node: TSESTree.MemberExpression, parent: TSESTree.Node | undefined, grandparent: TSESTree.Node | undefined): boolean {
  switch (parent?.type) {
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.left !== node;
    case 'UpdateExpression':
    case 'RestElement':
    case 'ArrayPattern':
      return false;
    case 'UnaryExpression':
      return parent.operator !== 'delete';
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left !== node;
    case 'Property':
      return parent.value !== node || grandparent?.type !== 'ObjectPattern';
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== node;
    case 'TaggedTemplateExpression':
      return parent.tag !== node;
    default:
      return true;
  }
}

/** Whether `node` sits where any expression but a sequence needs no parentheses (an assignment-expression slot). */
function standsAlone(node: TSESTree.Node, parent: TSESTree.Node | undefined): boolean {
  switch (parent?.type) {
    case 'VariableDeclarator':
    case 'ArrayExpression':
    case 'TemplateLiteral':
    case 'ReturnStatement':
    case 'IfStatement':
    case 'SwitchStatement':
      return true;
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== node;
    case 'Property':
      return parent.value === node;
    case 'AssignmentExpression':
      return parent.right === node && parent.operator === '=';
    case 'ArrowFunctionExpression':
      return parent.body === node;
    case 'ConditionalExpression':
      return parent.test !== node;
    default:
      return false;
  }
}

function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) out.push(child);
  }
  return out;
}
