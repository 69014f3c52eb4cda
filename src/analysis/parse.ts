import * as nodePath from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FileSystem } from '../fs.js';
import { MODULE_SIZE_LIMIT, NESTING_DEPTH_LIMIT, pastLimit } from '../limits.js';
import { scriptNestingExceeds } from '../nesting.js';
import type { Span } from '../source.js';
import { parseProgram, selectedParser } from './parsers/index.js';

export interface ParsedFile {
  path: string;
  text: string;
  program: TSESTree.Program;
}

/** `limit`: valid or not, the file is past a documented limit (README "Limits"): not analysed, never a parse error. */
export type ParseResult = { ok: true; file: ParsedFile } | { ok: false; span: Span; message: string; limit?: true };

/** A file not parsed because of a limit; `message` names the limit. */
function pastLimitResult(path: string, message: string): ParseResult {
  return { ok: false, span: { file: path, start: 0, end: 0 }, message, limit: true };
}

/**
 * Parse results of this process, keyed by path and text: a module shared by the services of a
 * monorepo, or a handler left unchanged between fix passes, is parsed once per run, not once per
 * service or pass. Trees are never mutated, so sharing them is safe; the cap bounds memory.
 */
const parsed = new Map<string, ParseResult>();
const MAX_CACHED_PARSES = 5000;

/** Parses JS, TS and JSON by extension (JSON gives one expression statement). */
export function parseSource(path: string, text: string): ParseResult {
  const key = `${selectedParser()}\0${path}\0${text}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  if (parsed.size >= MAX_CACHED_PARSES) parsed.delete(parsed.keys().next().value!);
  const result = parseUncached(path, text);
  parsed.set(key, result);
  return result;
}

/**
 * The parser and the evaluator recurse once per level of the syntax tree, so a file nested past
 * the limit is not analysed: estimated from its tokens before parsing (nesting.ts), then measured
 * exactly, without recursion. A parser that runs out of stack all the same is past the limit too.
 */
function parseUncached(path: string, text: string): ParseResult {
  const name = nodePath.basename(path);
  const jsx = /\.[jt]sx$/.test(path);
  if (text.length > MODULE_SIZE_LIMIT) return pastLimitResult(path, pastLimit.moduleSize(name));
  if (scriptNestingExceeds(text, NESTING_DEPTH_LIMIT)) return pastLimitResult(path, pastLimit.nesting(name));
  try {
    const program = parseProgram(path, text, jsx);
    if (treeDepthExceeds(program, NESTING_DEPTH_LIMIT)) return pastLimitResult(path, pastLimit.nesting(name));
    return { ok: true, file: { path, text, program } };
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) return pastLimitResult(path, pastLimit.nesting(name));
    const at = errorOffset(e, text.length);
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, span: { file: path, start: at, end: at }, message };
  }
}

/** Whether an ESTree is deeper than `limit` nodes, walked with an explicit stack. */
function treeDepthExceeds(root: TSESTree.Node, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const [key, child] of Object.entries(node as object)) {
      if (key === 'parent' || child === null || typeof child !== 'object') continue;
      if (Array.isArray(child)) {
        for (const c of child) if (c !== null && typeof c === 'object' && 'type' in c) stack.push([c, depth + 1]);
      } else if ('type' in child) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** typescript-estree's TSError carries the offset of the failure; anything else points at the start. */
function errorOffset(e: unknown, length: number): number {
  const loc = (e as { location?: { start?: { offset?: unknown } } }).location?.start?.offset;
  const index = (e as { index?: unknown }).index;
  const offset = typeof loc === 'number' ? loc : typeof index === 'number' ? index : 0;
  return Math.max(0, Math.min(offset, length));
}

/** Each file is read and parsed at most once per run; undefined when it cannot be read. */
export class ParseCache {
  private readonly texts = new Map<string, string | undefined>();
  private readonly results = new Map<string, ParseResult | undefined>();

  constructor(private readonly fs: FileSystem) {}

  text(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.fs.read(path));
    return this.texts.get(path);
  }

  /** Undefined when the file cannot be read, except past the file size limit (a limit result). */
  get(path: string): ParseResult | undefined {
    if (!this.results.has(path)) {
      const text = this.text(path);
      const tooLarge = text === undefined && this.fs.readProblem(path)?.kind === 'too-large';
      this.results.set(
        path,
        text !== undefined ? parseSource(path, text) : tooLarge ? pastLimitResult(path, pastLimit.fileSize(nodePath.basename(path))) : undefined,
      );
    }
    return this.results.get(path);
  }
}
