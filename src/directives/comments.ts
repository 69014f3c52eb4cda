import { Parser } from 'yaml';
import { parseSource } from '../analysis/parse.js';

/** A comment's text without its delimiters, and its offsets (delimiters included). */
export interface Comment {
  text: string;
  start: number;
  end: number;
}

/**
 * The comments of a YAML, Python, JavaScript or TypeScript file, found by each language's own
 * rules: a `#` or `//` inside a quoted string, a block scalar or a template literal is text, not a
 * comment. Undefined for other files (JSON has no comments).
 */
export function commentsOf(file: string, text: string): Comment[] | undefined {
  if (/\.ya?ml$/i.test(file)) return yamlComments(text);
  if (/\.py$/i.test(file)) return pythonComments(text);
  if (/\.[cm]?[jt]sx?$/i.test(file)) return scriptComments(file, text);
  return undefined;
}

/** The yaml CST keeps comments as tokens; scalars (quoted or block) hold their `#` in their source. */
function yamlComments(text: string): Comment[] {
  const out: Comment[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const t = node as { type?: string; offset?: number; source?: string };
      if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
        out.push({ text: t.source.slice(1), start: t.offset, end: t.offset + t.source.length });
      }
      for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
    }
  };
  for (const token of new Parser().parse(text)) visit(token);
  return out.sort((a, b) => a.start - b.start);
}

/** Python has no regular-expression literals, so a scan over strings (any prefix, triple quotes) finds every comment. */
function pythonComments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const eol = text.slice(i).search(/\r|\n/);
      const end = eol < 0 ? text.length : i + eol;
      out.push({ text: text.slice(i + 1, end), start: i, end });
      i = end;
    } else if (c === '"' || c === "'") {
      // Prefixes (r, b, f, u) change no boundary: even a raw string cannot end at an escaped quote.
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) {
        if (text[i] === '\\') i++;
        else if (quote.length === 1 && text[i] === '\n') break; // an unterminated string ends at the line
        i++;
      }
      i += quote.length;
    } else i++;
  }
  return out;
}

/** typescript-estree's comment list (the same parser the analysis uses); none when the file does not parse. */
function scriptComments(file: string, text: string): Comment[] {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return [];
  return (parsed.file.program.comments ?? []).map((c) => ({ text: c.value, start: c.range[0], end: c.range[1] }));
}
