import { escapedByte } from '../encoding.js';

/**
 * Text from the project (function names, paths, values, diff lines) made safe for a terminal:
 * C0 and C1 control characters, DEL, bidirectional-override characters and line separators
 * become visible escapes (`\x1b`, `\u202e`), so a file cannot move the cursor, rewrite earlier
 * output, ring the bell or reorder what a reviewer reads. A byte that was not UTF-8 shows as the
 * byte (`\xe9`, see encoding.ts). Tabs stay. Formats that print for people (stylish, compact, the
 * CLI's stderr lines) pass every project string through `escapeText`; JSON needs no escaping,
 * as JSON.stringify escapes control characters and lone surrogates itself.
 */
const UNSAFE =
  /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])/g;

export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const byte = escapedByte(c);
    if (byte !== undefined) return `\\x${hex(byte, 2)}`;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
