/**
 * Python string literals to their values. Bytes literals and `\N{…}` escapes give undefined
 * (not a header value we can know); f-string replacement fields are handled by the evaluator,
 * which passes the literal parts here with `fstring` set (`{{` and `}}` stand for braces).
 */
export function decodeString(token: string, fstring = false): string | undefined {
  const prefix = /^[a-zA-Z]*/.exec(token)![0].toLowerCase();
  if (prefix.includes('b')) return undefined;
  const body = stripQuotes(token.slice(prefix.length));
  if (body === undefined) return undefined;
  const raw = prefix.includes('r');
  const text = raw ? body : unescape(body);
  if (text === undefined) return undefined;
  return fstring ? text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : text;
}

/** The quote characters a (possibly prefixed) string token opens with: `'`, `"`, `'''` or `"""`. */
export function quoteOf(token: string): string {
  const rest = token.replace(/^[a-zA-Z]*/, '');
  return rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
}

function stripQuotes(s: string): string | undefined {
  const q = quoteOf(s);
  if (!q || !s.endsWith(q) || s.length < q.length * 2) return undefined;
  return s.slice(q.length, s.length - q.length);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

function unescape(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = s[i + 1] ?? '';
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next === '\r') {
      i += s[i + 2] === '\n' ? 2 : 1; // a line continuation inside the string
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += digits.length;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += 1 + len;
    } else if (next === 'N') {
      return undefined;
    } else {
      out += c; // unknown escapes stay as written
    }
  }
  return out;
}
