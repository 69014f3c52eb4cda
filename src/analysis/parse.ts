import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FileSystem } from '../fs.js';
import { lazy } from '../lazy.js';
import type { Span } from '../source.js';

type Estree = typeof import('@typescript-eslint/typescript-estree');

/** The parser (and the TypeScript compiler behind it) loads on first use: config-only runs never pay for it. */
const parser = lazy<Estree>('@typescript-eslint/typescript-estree');

export interface ParsedFile {
  path: string;
  text: string;
  program: TSESTree.Program;
}

export type ParseResult = { ok: true; file: ParsedFile } | { ok: false; span: Span; message: string };

/**
 * Parse results of this process, keyed by path and text: a module shared by the services of a
 * monorepo, or a handler left unchanged between fix passes, is parsed once per run, not once per
 * service or pass. Trees are never mutated, so sharing them is safe; the cap bounds memory.
 */
const parsed = new Map<string, ParseResult>();
const MAX_CACHED_PARSES = 5000;

/** Parses JS, TS and JSON by extension (JSON gives one expression statement). */
export function parseSource(path: string, text: string): ParseResult {
  const key = `${path}\0${text}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  if (parsed.size >= MAX_CACHED_PARSES) parsed.delete(parsed.keys().next().value!);
  const result = parseUncached(path, text);
  parsed.set(key, result);
  return result;
}

function parseUncached(path: string, text: string): ParseResult {
  try {
    const program = parser().parse(text, {
      filePath: path,
      range: true,
      loc: false,
      // Inline cors-lint directives are read from the same parse (src/directives/comments.ts).
      comment: true,
      jsx: /\.[jt]sx$/.test(path),
      errorOnUnknownASTType: false,
    });
    return { ok: true, file: { path, text, program } };
  } catch (e) {
    const at = errorOffset(e, text.length);
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, span: { file: path, start: at, end: at }, message };
  }
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

  get(path: string): ParseResult | undefined {
    if (!this.results.has(path)) {
      const text = this.text(path);
      this.results.set(path, text === undefined ? undefined : parseSource(path, text));
    }
    return this.results.get(path);
  }
}
