import { isCollection, isMap, isNode, isPair, isScalar, isSeq, type Node, type Pair, type Range, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { needsBlock, renderBlock, renderBlockEntry, renderFlow, renderFlowEntry, renderFlowKey, renderJson, type EditValue } from './edit-value.js';
import type { TextEdit } from './text-edit.js';
import { lineEnding } from './line-ending.js';

export { cfnRef, CfnRef, type EditValue } from './edit-value.js';

/**
 * Comment-preserving edits of YAML and JSON config files, under the fixer (docs/architecture.md#fixes). Every builder
 * returns splices into the original text, touching no byte outside them, or null when the edit
 * cannot be made safely (key already present, node not from the parsed text, unexpected layout).
 *
 * Nodes must come from `parseDocument(source.text, { keepSourceTokens: true })` (ranges are
 * offsets into that text; the source tokens give block indentation). A file is JSON when its
 * path ends in `.json`: its maps are flow maps in the yaml tree, and new text is written as JSON.
 *
 * New text follows the file: its line ends (CRLF stays CRLF), its indent step (2 or 4 spaces,
 * tabs in JSON), the map's own indentation. A BOM and a missing final newline stay as they are.
 *
 * A SourceFile (`ctx.source(file)`) is an EditSource.
 */
export interface EditSource {
  path: string;
  text: string;
}

/**
 * Adds `key: value` as the last entry of `map`; null when the key already exists.
 *
 * Block maps: the new lines go right after the last entry's full extent: its value, a comment
 * on the same line, and anything the parser counts as part of that value (deeper-indented lines,
 * so also comments indented under it). Blank lines and comments that follow at the map's own
 * indentation or less stay after the new entry: they usually introduce the next sibling of the
 * parent, or are a commented-out entry that should not be separated from its neighbours.
 *
 * Flow maps and JSON: `, key: value` after the last entry (on a new line, indented like the
 * first key, when the map spreads over lines); an empty `{}` gets the entry inside, expanded
 * over lines in a multi-line JSON file. To turn `key: {}` or `key:` (null) in a block map into
 * a block map, use setEmptyValue on the parent; insertPath does this by itself.
 */
export function insertMapEntry(source: EditSource, map: YAMLMap, key: string, value: EditValue): TextEdit[] | null {
  if (!isMap(map) || findPair(map, key) !== undefined) return null;
  const style = styleOf(source);
  if (map.flow) return insertFlowEntry(source, style, map, key, value);
  if (style.json) return null;

  const indent = blockIndent(source.text, map);
  const at = indent === undefined ? undefined : entryEnd(source.text, map.items[map.items.length - 1], indent);
  if (at === undefined || indent === undefined) return null;
  const lines = indentLines(renderBlockEntry(key, value, style.unit.length), ' '.repeat(indent));
  return [insertLines(source, style, at, lines)];
}

/**
 * Gives `key`, whose value is empty (null, `~`, nothing, `{}` or `[]`), the value `value`.
 * In a block map a non-empty map or list is written in block style on the following lines and
 * the old `{}`/`~` is removed; anything else replaces the old value on its line. Null when the
 * key is missing, its value is not empty, or carries an anchor or tag (aliases would follow).
 */
export function setEmptyValue(source: EditSource, map: YAMLMap, key: string, value: EditValue): TextEdit[] | null {
  const pair = isMap(map) ? findPair(map, key) : undefined;
  const old = pair?.value;
  if (!pair || !isEmptyValue(source.text, old)) return null;
  const { text } = source;
  const style = styleOf(source);
  const [start, end] = old.range;

  if (style.json) {
    const rendered = isMultiline(text) ? continueLines(renderJson(value, style.unit), lineIndent(text, start)) : renderJson(value);
    return [edit(source, start, end, withEol(rendered, style.eol))];
  }
  if (map.flow || !needsBlock(value)) {
    const inline = replaceInline(source, old.range, renderFlow(value));
    return inline ? [inline] : null;
  }

  const indent = blockIndent(text, map);
  const at = indent === undefined ? undefined : entryEnd(text, pair, indent);
  if (at === undefined || indent === undefined) return null;
  const edits: TextEdit[] = [];
  // Remove the old `{}` or `~` together with the blanks before it, so `Resources: {}` becomes `Resources:`.
  if (start < end) edits.push(edit(source, skipBlanksBack(text, start), end, ''));
  const lines = indentLines(renderBlock(value, style.unit.length), ' '.repeat(indent + style.unit.length));
  edits.push(insertLines(source, style, at, lines));
  return edits;
}

/**
 * Sets `path` (keys from `root`) to `value`, creating the missing maps on the way: the first
 * missing key is added at the end of the deepest existing map, with the rest of the path nested
 * under it; an empty value met on the way (`resources:`, `Resources: {}`) is given the nested map.
 * Null when the full path exists already, or when a value on the way is not a map (a list, a
 * string such as `${file(...)}`, an alias: editing through those is not this helper's call).
 */
export function insertPath(source: EditSource, root: YAMLMap, path: string[], value: EditValue): TextEdit[] | null {
  let map: unknown = root;
  for (const [i, key] of path.entries()) {
    if (!isMap(map)) return null;
    const rest = path.slice(i + 1);
    const nested = rest.reduceRight<EditValue>((inner, k) => ({ [k]: inner }), value);
    const pair = findPair(map, key);
    if (!pair) return insertMapEntry(source, map, key, nested);
    if (rest.length === 0) return null;
    if (isEmptyValue(source.text, pair.value)) return setEmptyValue(source, map, key, nested);
    map = pair.value;
  }
  return null;
}

/**
 * Replaces a scalar's value, keeping its anchor, tag and any comment after it, and its quoting
 * style when that can express the new value (a block scalar `|` becomes a one-line scalar).
 */
export function replaceScalar(source: EditSource, scalar: Scalar, newValue: string | number | boolean | null): TextEdit[] | null {
  if (!isScalar(scalar) || !scalar.range) return null;
  const [start, end] = scalar.range;
  const style = styleOf(source);
  let text = style.json ? JSON.stringify(newValue) : renderFlow(newValue, flowType(scalar.type));
  // A block scalar's range ends with its line break; keep the next line a line of its own.
  if (/\n$/.test(source.text.slice(start, end))) text += style.eol;
  return [edit(source, start, end, text)];
}

/**
 * Removes the entry `key` from `map`. Block maps: the entry's whole lines, line break included
 * (comments above it stay); the only entry of a block map becomes `{}`, so the map stays a map.
 * Flow maps and JSON: the entry with the comma that separates it from its neighbour.
 */
export function removeMapEntry(source: EditSource, map: YAMLMap, key: string): TextEdit[] | null {
  const pair = isMap(map) ? findPair(map, key) : undefined;
  if (!pair) return null;
  const { text } = source;
  const { items } = map;
  const index = items.indexOf(pair);
  const start = pairStart(pair);
  const end = contentEnd(pair);
  if (start === undefined || end === undefined) return null;

  if (map.flow) {
    const range = map.range;
    if (!range || text[range[0]] !== '{' || text[range[1] - 1] !== '}') return null;
    if (items.length === 1) return [edit(source, range[0] + 1, range[1] - 1, '')];
    const next = index + 1 < items.length ? pairStart(items[index + 1]) : undefined;
    if (next !== undefined) return [edit(source, start, next, '')];
    const prevEnd = contentEnd(items[index - 1]);
    return prevEnd === undefined ? null : [edit(source, prevEnd, end, '')];
  }

  if (items.length === 1) {
    // An empty value's offset can lie after blanks (`key:   # note`); those stay before the comment.
    const last = skipBlanksBack(text, end);
    const eol = /\n$/.test(text.slice(start, last)) ? styleOf(source).eol : '';
    return [edit(source, start, last, '{}' + eol)];
  }
  const lineStartOffset = lineStart(text, start);
  const indent = blockIndent(text, map);
  const after = indent === undefined ? undefined : entryEnd(text, pair, indent);
  if (after === undefined) return null;
  if (/^[ \t]*$/.test(text.slice(lineStartOffset, start))) return [edit(source, lineStartOffset, after, '')];
  // The first entry shares its line with `- `: remove up to the next entry, which takes its place.
  const next = index === 0 ? pairStart(items[1]) : undefined;
  return next === undefined ? null : [edit(source, start, next, '')];
}

/** Renames a pair's key in place, keeping its quoting style when possible. */
export function renameKey(source: EditSource, pair: Pair, newKey: string): TextEdit[] | null {
  if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return null;
  const [start, end] = pair.key.range;
  const text = styleOf(source).json ? JSON.stringify(newKey) : renderFlowKey(newKey, flowType(pair.key.type));
  return [edit(source, start, end, text)];
}

/**
 * Appends `values` to the end of a list. Block lists: `- value` lines at the items' indentation,
 * right after the last item's full extent (as insertMapEntry does for maps). Flow lists and JSON
 * arrays: `, value` after the last item, on lines of their own when the list spreads over lines;
 * an empty `[]` gets the values inside. Null when there is nothing to add or the layout is unexpected.
 */
export function appendSeqItems(source: EditSource, seq: YAMLSeq, values: EditValue[]): TextEdit[] | null {
  if (!isSeq(seq) || values.length === 0) return null;
  const style = styleOf(source);
  if (seq.flow) {
    const one = (v: EditValue, indent?: string) =>
      style.json ? (indent === undefined ? renderJson(v) : continueLines(renderJson(v, style.unit), indent)) : renderFlow(v);
    return appendFlowItems(source, style, seq, (indent) => values.map((v) => one(v, indent)).join(indent === undefined ? ', ' : `,\n${indent}`));
  }
  if (style.json || seq.items.length === 0) return null;
  const indent = blockIndent(source.text, seq);
  const at = indent === undefined ? undefined : entryEnd(source.text, seq.items[seq.items.length - 1] as Node, indent);
  if (at === undefined || indent === undefined) return null;
  return [insertLines(source, style, at, indentLines(renderBlock(values, style.unit.length), ' '.repeat(indent)))];
}

/**
 * Turns a one-line scalar into a flow list of itself followed by `values` (`'*'` → `['*', X]`),
 * keeping anything after it on its line. Null for block scalars and scalars not from the text.
 */
export function scalarToList(source: EditSource, scalar: Scalar, values: EditValue[]): TextEdit[] | null {
  if (!isScalar(scalar) || !scalar.range || scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') return null;
  const [start, end] = scalar.range;
  const list = [scalar.value as EditValue, ...values];
  return [edit(source, start, end, styleOf(source).json ? renderJson(list) : renderFlow(list))];
}

// ---------------------------------------------------------------------------------------------

interface Style {
  json: boolean;
  eol: string;
  /** One indentation step: spaces, or a tab in a tab-indented JSON file. */
  unit: string;
}

function styleOf({ path, text }: EditSource): Style {
  const json = /\.json$/i.test(path);
  return { json, eol: lineEnding(text), unit: indentUnit(text, json) };
}

/** 4 spaces when the least indented nested line uses 4 or more, else 2; a tab for tab-indented JSON. */
function indentUnit(text: string, json: boolean): string {
  let least = Infinity;
  for (const line of text.split('\n')) {
    const m = /^([ \t]+)([^\s#])/.exec(line);
    if (!m) continue;
    if (m[1][0] === '\t') {
      if (json) return '\t';
      continue;
    }
    least = Math.min(least, /^ */.exec(m[1])![0].length);
  }
  return least >= 4 && least !== Infinity ? '    ' : '  ';
}

function insertFlowEntry(source: EditSource, style: Style, map: YAMLMap, key: string, value: EditValue): TextEdit[] | null {
  return appendFlowItems(source, style, map, (indent) =>
    style.json
      ? `${JSON.stringify(key)}: ${indent === undefined ? renderJson(value) : continueLines(renderJson(value, style.unit), indent)}`
      : renderFlowEntry(key, value),
  );
}

/**
 * Appends to a flow map or list (`{…}`/`[…]`, JSON objects and arrays). `items` renders the new
 * text: on one line when `indent` is undefined, else as lines that continue at `indent`.
 */
function appendFlowItems(source: EditSource, style: Style, collection: YAMLMap | YAMLSeq, items: (indent?: string) => string): TextEdit[] | null {
  const { text } = source;
  const range = collection.range;
  const [openChar, closeChar] = isMap(collection) ? ['{', '}'] : ['[', ']'];
  if (!range || text[range[0]] !== openChar || text[range[1] - 1] !== closeChar) return null;
  const [open, closeEnd] = range;

  if (collection.items.length === 0) {
    // Text inside `{ }` can only be a comment; rather than guess where it belongs, leave the collection alone.
    if (text.slice(open + 1, closeEnd - 1).trim() !== '') return null;
    if (!style.json || !isMultiline(text)) return [edit(source, open, closeEnd, `${openChar}${items()}${closeChar}`)];
    const outer = lineIndent(text, open);
    const inner = outer + style.unit;
    return [edit(source, open, closeEnd, withEol(`${openChar}\n${inner}${items(inner)}\n${outer}${closeChar}`, style.eol))];
  }

  const firstStart = itemStart(collection.items[0]);
  const lastEnd = contentEnd(collection.items[collection.items.length - 1]);
  if (firstStart === undefined || lastEnd === undefined) return null;
  if (!text.slice(open, firstStart).includes('\n')) return [edit(source, lastEnd, lastEnd, `, ${items()}`)];

  // One item per line: the new ones go on lines of their own, indented like the first.
  const indent = lineIndent(text, firstStart);
  const lineBreak = text.indexOf('\n', lastEnd);
  const lineEnd = lineBreak === -1 ? text.length : lineBreak - (text[lineBreak - 1] === '\r' ? 1 : 0);
  const rest = text.slice(lastEnd, lineEnd);
  const newLine = withEol(`\n${indent}${items(indent)}`, style.eol);
  if (/^[ \t]*$/.test(rest)) return [edit(source, lastEnd, lastEnd, ',' + newLine)];
  // A comment ends the last item's line (YAML only): comma before it, new items after it.
  if (!style.json && /^[ \t]+#/.test(rest)) return [edit(source, lastEnd, lastEnd, ','), edit(source, lineEnd, lineEnd, newLine)];
  return [edit(source, lastEnd, lastEnd, `, ${items()}`)];
}

/** Replaces a value on its line; an empty value (`key:`) gets the text right after its colon. */
function replaceInline(source: EditSource, [start, end]: Range, rendered: string): TextEdit | undefined {
  if (start < end) return edit(source, start, end, rendered);
  // An empty value's offset may sit on a following comment (`key:   # note`): write after the colon instead.
  const afterColon = skipBlanksBack(source.text, start);
  return source.text[afterColon - 1] === ':' ? edit(source, afterColon, afterColon, ' ' + rendered) : undefined;
}

/** Inserts whole lines (`lines` ends with '\n') at a line start, or after the last line when the file lacks a final line break. */
function insertLines(source: EditSource, style: Style, at: number, lines: string): TextEdit {
  const { text } = source;
  const missingBreak = at === text.length && at > 0 && text[at - 1] !== '\n';
  const body = missingBreak ? '\n' + lines.replace(/\n$/, '') : lines;
  return edit(source, at, at, withEol(body, style.eol));
}

function edit(source: EditSource, start: number, end: number, text: string): TextEdit {
  return { file: source.path, start, end, text };
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  // Later duplicates win, as in the framework's loader.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const k = map.items[i].key;
    if (isScalar(k) && String(k.value) === key) return map.items[i];
  }
  return undefined;
}

function isEmptyValue(text: string, node: unknown): node is Node & { range: Range } {
  if (!isNode(node) || !node.range || node.tag || ('anchor' in node && node.anchor)) return false;
  if (isScalar(node)) return node.value === null;
  return isCollection(node) && node.items.length === 0 && !text.slice(node.range[0], node.range[1]).includes('#');
}

function rangeOf(node: unknown): Range | undefined {
  return isNode(node) ? (node.range ?? undefined) : undefined;
}

/** Where a pair's text begins: its key, or an anchor, tag or `?` written before the key. */
function pairStart(pair: Pair): number | undefined {
  const prefix = pair.srcToken?.start.find((t) => t.type === 'anchor' || t.type === 'tag' || t.type === 'explicit-key-ind');
  return prefix?.offset ?? rangeOf(pair.key)?.[0];
}

/** Where a map entry's or list item's text begins. */
function itemStart(item: unknown): number | undefined {
  return isPair(item) ? pairStart(item) : rangeOf(item)?.[0];
}

/**
 * Where a node's content ends, before any comment or line break after it. Block collections are
 * followed down to their last item, because their own range also covers the comments after them,
 * up to the indentation of the next line.
 */
function contentEnd(node: unknown): number | undefined {
  if (isPair(node)) {
    const key = contentEnd(node.key);
    const value = contentEnd(node.value);
    return key === undefined ? undefined : Math.max(key, value ?? 0);
  }
  if (isCollection(node) && !node.flow && node.items.length > 0) return contentEnd(node.items[node.items.length - 1]);
  return rangeOf(node)?.[1];
}

/**
 * The start of the line after a block entry's full extent: its content, the comment on its
 * last line, and the comment lines after it indented deeper than the map's keys (`indent`),
 * which describe the entry's own body. Blank lines, and comments at the keys' indentation or
 * less, stay outside: they lead to what follows, or are a commented-out sibling.
 */
function entryEnd(text: string, pair: Pair | Node, indent: number): number | undefined {
  const end = contentEnd(pair);
  let after = end === undefined ? undefined : nextLine(text, end);
  if (after === undefined) return undefined;
  for (let pos = after; pos < text.length;) {
    const lineBreak = text.indexOf('\n', pos);
    const next = lineBreak === -1 ? text.length : lineBreak + 1;
    const [, blanks, first] = /^([ \t]*)(\S?)/.exec(text.slice(pos, next))!;
    if (first === '#' && blanks.length > indent) after = next;
    else if (first !== '') break;
    pos = next;
  }
  return after;
}

/** The column of a block map's keys, or of a block list's `-`. */
function blockIndent(text: string, map: YAMLMap | YAMLSeq): number | undefined {
  const token = map.srcToken;
  if (token && 'indent' in token) return token.indent;
  if (!isMap(map)) return undefined;
  // Parsed without source tokens: the first key's column (an anchor before it would mislead this).
  const start = rangeOf(map.items[0]?.key)?.[0];
  if (start === undefined) return undefined;
  const ls = lineStart(text, start);
  return start - ls - (ls === 0 && text.startsWith('\uFEFF') ? 1 : 0);
}

/** `pos` itself when it starts a line, else the start of the next line if the rest of this one is blank or a comment. */
function nextLine(text: string, pos: number): number | undefined {
  if (pos === 0 || text[pos - 1] === '\n') return pos;
  const lineBreak = text.indexOf('\n', pos);
  const rest = text.slice(pos, lineBreak === -1 ? text.length : lineBreak);
  if (!/^[ \t]*(#.*)?\r?$/.test(rest)) return undefined;
  return lineBreak === -1 ? text.length : lineBreak + 1;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The blanks at the start of `pos`'s line, up to `pos`. */
function lineIndent(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, pos), pos))![0];
}

function skipBlanksBack(text: string, pos: number): number {
  let p = pos;
  while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
  return p;
}

function isMultiline(text: string): boolean {
  return text.trimEnd().includes('\n');
}

function indentLines(lines: string, indent: string): string {
  return lines.replace(/^(?=.)/gm, indent);
}

/** Indents every line but the first, which continues an existing line. */
function continueLines(text: string, indent: string): string {
  return text.replace(/\n/g, '\n' + indent);
}

function withEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** The flow style to keep for a scalar (block styles cannot be kept on one line). */
function flowType(type: Scalar.Type | undefined): Scalar.Type | undefined {
  return type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED' ? undefined : type;
}
