/**
 * Bytes ⇄ text without loss. Valid UTF-8 decodes as usual (a byte-order mark stays, as U+FEFF);
 * every byte that is not part of valid UTF-8 (a Latin-1 comment, binary data) becomes a lone low
 * surrogate U+DC80–U+DCFF carrying the byte, as Python's "surrogateescape" does. Valid UTF-8 never
 * produces a lone surrogate, so `encodeText(decodeBytes(b))` is `b` byte for byte: a fix spliced
 * into the text changes no byte it does not edit, and hashing the encoded text tells whether the
 * file on disk still holds what was read.
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A lone low surrogate in the escape range: one byte that was not valid UTF-8. */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

export function decodeBytes(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeEscaping(bytes);
  }
}

export function encodeText(text: string): Buffer {
  if (!ESCAPED_BYTE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(ESCAPED_BYTE.source, 'g'))) {
    parts.push(Buffer.from(text.slice(last, m.index), 'utf8'), Buffer.of(text.charCodeAt(m.index) - 0xdc00));
    last = m.index + 1;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** The offset of the first byte that was not valid UTF-8, -1 when there is none. */
export function firstInvalidByte(text: string): number {
  return text.search(ESCAPED_BYTE);
}

/** The byte an escaped character stands for, else undefined. */
export function escapedByte(char: string): number | undefined {
  const c = char.charCodeAt(0);
  return char.length === 1 && c >= 0xdc80 && c <= 0xdcff ? c - 0xdc00 : undefined;
}

/** The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), 0 when there is none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i];
  if (lead < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [lo, hi] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [lo, hi] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function decodeEscaping(bytes: Uint8Array): string {
  const out: string[] = [];
  let run = 0;
  const flush = (end: number) => {
    if (end > run) out.push(strict.decode(bytes.subarray(run, end)));
  };
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    out.push(String.fromCharCode(0xdc00 + bytes[i]));
    run = ++i;
  }
  flush(bytes.length);
  return out.join('');
}
