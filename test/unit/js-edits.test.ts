import { apply, spanOf } from '../support/edits.js';
import { describe, expect, it } from 'vitest';
import { insertPropertyAfter, isScript, plainProperty, replaceStringLiteral, stringLiteral } from '../../src/edit/js-edits.js';

const ACAO = "'Access-Control-Allow-Origin': origin";
const VARY = "Vary: 'Origin'";

describe('insertPropertyAfter', () => {
  it('gives the new property a line of its own in a multi-line object, with a comma like its neighbours', () => {
    const text = `const h = {\n  ${ACAO},\n  'Content-Type': 'application/json',\n};\n`;
    const out = apply('h.js', text, insertPropertyAfter({ path: 'h.js', text }, spanOf(text, ACAO), VARY));
    expect(out).toBe(`const h = {\n  ${ACAO},\n  ${VARY},\n  'Content-Type': 'application/json',\n};\n`);
  });

  it('keeps a missing trailing comma missing after the last property, and the comment on its line', () => {
    const text = `return {\n    headers: {\n      a: 1,\n      ${ACAO} // echo\n    },\n  };\n`;
    const wrapped = `function f(origin) {\n${text}}\n`;
    const out = apply('h.js', wrapped, insertPropertyAfter({ path: 'h.js', text: wrapped }, spanOf(wrapped, ACAO), VARY));
    expect(out).toBe(`function f(origin) {\nreturn {\n    headers: {\n      a: 1,\n      ${ACAO}, // echo\n      ${VARY}\n    },\n  };\n}\n`);
  });

  it('writes after a comment that follows the comma, and keeps CRLF line ends', () => {
    const text = `const h = {\r\n\t${ACAO}, /* why */ // more\r\n};\r\n`;
    const out = apply('h.ts', text, insertPropertyAfter({ path: 'h.ts', text }, spanOf(text, ACAO), VARY));
    expect(out).toBe(`const h = {\r\n\t${ACAO}, /* why */ // more\r\n\t${VARY},\r\n};\r\n`);
  });

  it('stays on the line in a one-line object, or when the property shares its line with others', () => {
    const one = `const h = { ${ACAO} };\n`;
    expect(apply('h.js', one, insertPropertyAfter({ path: 'h.js', text: one }, spanOf(one, ACAO), VARY))).toBe(`const h = { ${ACAO}, ${VARY} };\n`);
    const shared = `const h = {\n  a: 1, ${ACAO},\n  b: 2,\n};\n`;
    expect(apply('h.js', shared, insertPropertyAfter({ path: 'h.js', text: shared }, spanOf(shared, ACAO), VARY))).toBe(
      `const h = {\n  a: 1, ${ACAO}, ${VARY},\n  b: 2,\n};\n`,
    );
  });

  it('refuses what is not a plain property of an object literal', () => {
    const assign = "headers['Access-Control-Allow-Origin'] = origin;\n";
    expect(insertPropertyAfter({ path: 'h.js', text: assign }, spanOf(assign, "headers['Access-Control-Allow-Origin'] = origin"), VARY)).toBeNull();
    const computed = 'const h = { [ACAO]: origin };\n';
    expect(insertPropertyAfter({ path: 'h.js', text: computed }, spanOf(computed, '[ACAO]: origin'), VARY)).toBeNull();
    const shorthand = 'const h = { origin };\n';
    expect(insertPropertyAfter({ path: 'h.js', text: shorthand }, spanOf(shorthand, 'origin'), VARY)).toBeNull();
    const broken = `const h = { ${ACAO} `;
    expect(insertPropertyAfter({ path: 'h.js', text: broken }, spanOf(broken, ACAO), VARY)).toBeNull();
    // A Python dict reads like an object literal, but is not this helper's to edit.
    const py = `headers = {${ACAO}}\n`;
    expect(insertPropertyAfter({ path: 'handler.py', text: py }, spanOf(py, ACAO), VARY)).toBeNull();
    // A span that only covers part of the property.
    const text = `const h = { ${ACAO} };\n`;
    expect(insertPropertyAfter({ path: 'h.js', text }, spanOf(text, "'Access-Control-Allow-Origin'"), VARY)).toBeNull();
  });
});

describe('plainProperty', () => {
  it('tells the key, its quotes and the keys beside it', () => {
    const text = `const h = { "Vary": 'Accept', ${ACAO}, ...more, [k]: 1 };\n`;
    expect(plainProperty({ path: 'h.js', text }, spanOf(text, ACAO))).toEqual({
      key: 'Access-Control-Allow-Origin',
      quote: "'",
      siblings: ['Vary'],
      open: true,
    });
    expect(plainProperty({ path: 'h.js', text }, spanOf(text, `"Vary": 'Accept'`))).toMatchObject({ key: 'Vary', quote: '"', open: true });
    const closed = 'const h = { Vary: x, b: 1 };\n';
    expect(plainProperty({ path: 'h.js', text: closed }, spanOf(closed, 'Vary: x'))).toEqual({ key: 'Vary', quote: undefined, siblings: ['b'], open: false });
  });
});

describe('replaceStringLiteral', () => {
  it('writes the new value in the literal’s own quotes', () => {
    const text = `const h = { Vary: "Accept-Encoding" };\n`;
    expect(apply('h.ts', text, replaceStringLiteral({ path: 'h.ts', text }, spanOf(text, '"Accept-Encoding"'), 'Accept-Encoding, Origin'))).toBe(
      `const h = { Vary: "Accept-Encoding, Origin" };\n`,
    );
  });

  it('refuses a span that is not a string literal', () => {
    const text = 'const h = { Vary: vary, n: 1 };\n';
    expect(replaceStringLiteral({ path: 'h.js', text }, spanOf(text, 'vary'), 'Origin')).toBeNull();
    expect(replaceStringLiteral({ path: 'h.js', text }, spanOf(text, '1'), 'Origin')).toBeNull();
  });
});

describe('stringLiteral', () => {
  it('escapes the quote, backslashes and line breaks', () => {
    expect(stringLiteral("it's", "'")).toBe("'it\\'s'");
    expect(stringLiteral('say "hi"\\\n', '"')).toBe('"say \\"hi\\"\\\\\\n"');
  });
});

describe('isScript', () => {
  it('knows JavaScript and TypeScript sources by extension', () => {
    for (const p of ['a.js', 'a.cjs', 'a.mjs', 'a.jsx', 'b/a.ts', 'a.cts', 'a.mts', 'A.TSX']) expect(isScript(p), p).toBe(true);
    for (const p of ['a.py', 'a.json', 'serverless.yml', 'a.d', 'js']) expect(isScript(p), p).toBe(false);
  });
});
