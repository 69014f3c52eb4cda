import { isCollection, isPair, type Document } from 'yaml';
import { escapedByte, firstInvalidByte } from '../encoding.js';
import { NESTING_DEPTH_LIMIT, pastLimit } from '../limits.js';
import { yamlNestingExceeds } from '../nesting.js';
import type { ConfigProblem } from './load.js';

/**
 * Checks of a configuration file's text before and after parsing that make every input give an
 * answer: a file that is not UTF-8 text, or nested past the limit, is one clear problem rather
 * than silence, a parser message about an unrelated line, or a stack overflow.
 */

/**
 * Why the text is not to be parsed: it is no YAML at all (UTF-16/32, binary data), or it may nest
 * past the limit (nesting.ts: the parser is never run on it).
 */
export function beforeParse(file: string, text: string): ConfigProblem | undefined {
  return notTextProblem(file, text) ?? (yamlNestingExceeds(text, NESTING_DEPTH_LIMIT) ? tooDeep(file) : undefined);
}

function notTextProblem(file: string, text: string): ConfigProblem | undefined {
  const at = { file, start: 0, end: 0 };
  // The byte-order marks of UTF-16 and UTF-32 are not UTF-8, so they reach here as escaped bytes (encoding.ts).
  if (/^(?:\uDCFF\uDCFE|\uDCFE\uDCFF|\0\0\uDCFE\uDCFF)/.test(text)) {
    return { span: at, message: 'the file is encoded as UTF-16 or UTF-32, not UTF-8 as the framework reads it: it is not analysed' };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { span: { file, start: nul, end: nul }, message: 'the file holds binary data (a NUL byte), not text: it is not analysed' };
  return undefined;
}

/** The first byte that is not UTF-8, as a finding that leaves the file analysed. */
export function invalidBytesProblem(file: string, text: string): ConfigProblem | undefined {
  const at = firstInvalidByte(text);
  if (at < 0) return undefined;
  const hex = escapedByte(text[at])!.toString(16).toUpperCase().padStart(2, '0');
  return {
    span: { file, start: at, end: at + 1 },
    message: `byte 0x${hex} is not valid UTF-8 (the file is not UTF-8 encoded): the framework reads such bytes as U+FFFD`,
    kind: 'not-utf8',
  };
}

/** A parsed document nested past the limit after all (the estimate before parsing is only an estimate). */
export function afterParse(file: string, doc: Document.Parsed): ConfigProblem | undefined {
  const exhausted = doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION');
  return exhausted || depth(doc.contents) > NESTING_DEPTH_LIMIT ? tooDeep(file) : undefined;
}

function tooDeep(file: string): ConfigProblem {
  return { span: { file, start: 0, end: 0 }, message: `${pastLimit.nesting('the file')}: it is not analysed`, kind: 'limit' };
}

/** The depth of a YAML tree, measured without recursion and stopping past the limit. */
function depth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0 && max <= NESTING_DEPTH_LIMIT) {
    const [node, d] = stack.pop()!;
    if (!isCollection(node)) continue;
    max = Math.max(max, d);
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.key, d + 1], [item.value, d + 1]);
      else stack.push([item, d + 1]);
    }
  }
  return max;
}
