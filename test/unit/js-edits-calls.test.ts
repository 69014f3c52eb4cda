import { apply, spanOf } from '../support/edits.js';
import { describe, expect, it } from 'vitest';
import { addOption, preferredQuote, replacePlainRead, swapAdjacent } from '../../src/edit/js-edits.js';

const src = (path: string, text: string) => ({ path, text });

describe('swapAdjacent', () => {
  it('swaps the arguments of two chained calls of the same method', () => {
    const text = 'export const h = middy(base)\n  .use(httpErrorHandler())\n  .use(cors({ origin: "x" }));\n';
    const out = apply('h.js', text, swapAdjacent(src('h.js', text), spanOf(text, 'httpErrorHandler()'), spanOf(text, 'cors({ origin: "x" })')));
    expect(out).toBe('export const h = middy(base)\n  .use(cors({ origin: "x" }))\n  .use(httpErrorHandler());\n');
  });

  it('swaps neighbouring elements of an array literal', () => {
    const text = 'middy(base).use([json(), errors(), cors()]);\n';
    expect(apply('h.js', text, swapAdjacent(src('h.js', text), spanOf(text, 'errors()'), spanOf(text, 'cors()')))).toBe(
      'middy(base).use([json(), cors(), errors()]);\n',
    );
  });

  it('refuses items that are not neighbours, other methods, or split statements', () => {
    const apart = 'middy(base).use(errors()).use(json()).use(cors());\n';
    expect(swapAdjacent(src('h.js', apart), spanOf(apart, 'errors()'), spanOf(apart, 'cors()'))).toBeNull();
    const methods = 'middy(base).use(errors()).before(cors());\n';
    expect(swapAdjacent(src('h.js', methods), spanOf(methods, 'errors()'), spanOf(methods, 'cors()'))).toBeNull();
    const split = 'h.use(errors());\nh.use(cors());\n';
    expect(swapAdjacent(src('h.js', split), spanOf(split, 'errors()'), spanOf(split, 'cors()'))).toBeNull();
    const list = 'middy(base).use([errors(), json(), cors()]);\n';
    expect(swapAdjacent(src('h.js', list), spanOf(list, 'errors()'), spanOf(list, 'cors()'))).toBeNull();
  });
});

describe('addOption', () => {
  it('gives an argument-less call an options object', () => {
    const text = 'h.use(cors());\n';
    expect(apply('h.js', text, addOption(src('h.js', text), spanOf(text, 'cors()'), 'origin', "'https://a.example.com'"))).toBe(
      "h.use(cors({ origin: 'https://a.example.com' }));\n",
    );
  });

  it('adds the property to an options object literal, empty, inline or multi-line', () => {
    const empty = 'h.use(cors({}));\n';
    expect(apply('h.js', empty, addOption(src('h.js', empty), spanOf(empty, 'cors({})'), 'origin', "'x'"))).toBe("h.use(cors({ origin: 'x' }));\n");
    const inline = 'h.use(cors({ credentials: false }));\n';
    expect(apply('h.js', inline, addOption(src('h.js', inline), spanOf(inline, 'cors({ credentials: false })'), 'origin', "'x'"))).toBe(
      "h.use(cors({ credentials: false, origin: 'x' }));\n",
    );
    const multi = 'h.use(\n  cors({\n    headers: "a",\n  }),\n);\n';
    const call = spanOf(multi, 'cors({\n    headers: "a",\n  })');
    expect(apply('h.js', multi, addOption(src('h.js', multi), call, 'origin', '"x"'))).toBe(
      'h.use(\n  cors({\n    headers: "a",\n    origin: "x",\n  }),\n);\n',
    );
  });

  it('refuses options it cannot see into, or that already have the key', () => {
    for (const call of ['cors(opts)', 'cors({ ...base })', 'cors({ origin: undefined })']) {
      const text = `h.use(${call});\n`;
      expect(addOption(src('h.js', text), spanOf(text, call), 'origin', "'x'"), text).toBeNull();
    }
  });
});

describe('replacePlainRead', () => {
  const both = (o: string) => `${o}.origin || ${o}.Origin`;

  it('rewrites a plain member read, in parentheses where the context binds tighter', () => {
    const text = "const o = event.headers.Origin.trim();\nconst p = event.headers['Origin'];\nif (x === event.headers.Origin) f(event.headers.Origin);\n";
    let out = text;
    for (const part of ['event.headers.Origin.trim', "event.headers['Origin']", 'x === event.headers.Origin', 'f(event.headers.Origin']) {
      const at = out.indexOf(part) + part.indexOf('event');
      const read = part.includes('[') ? "event.headers['Origin']" : 'event.headers.Origin';
      out = apply('h.js', out, replacePlainRead(src('h.js', out), { start: at, end: at + read.length }, both));
    }
    expect(out).toBe(
      'const o = (event.headers.origin || event.headers.Origin).trim();\n' +
        'const p = event.headers.origin || event.headers.Origin;\n' +
        'if (x === (event.headers.origin || event.headers.Origin)) f(event.headers.origin || event.headers.Origin);\n',
    );
  });

  it('refuses writes, calls, optional chains and objects with side effects', () => {
    const cases: [string, string][] = [
      ['event.headers.Origin = "x";\n', 'event.headers.Origin'],
      ['event.headers.Origin++;\n', 'event.headers.Origin'],
      ['delete event.headers.Origin;\n', 'event.headers.Origin'],
      ['({ a: event.headers.Origin } = x);\n', 'event.headers.Origin'],
      ['event.headers.Origin();\n', 'event.headers.Origin'],
      ['f(event.headers?.Origin);\n', 'event.headers?.Origin'],
      ['f(load().headers.Origin);\n', 'load().headers.Origin'],
      ['f(event.headers[key].Origin);\n', 'event.headers[key].Origin'],
    ];
    for (const [text, part] of cases) expect(replacePlainRead(src('h.js', text), spanOf(text, part), both), text).toBeNull();
  });
});

describe('preferredQuote', () => {
  it("follows the file's first string literal", () => {
    expect(preferredQuote(src('h.js', 'const a = require("x");\nconst b = \'y\';\n'))).toBe('"');
    expect(preferredQuote(src('h.ts', "import x from 'x';\n"))).toBe("'");
    expect(preferredQuote(src('h.js', 'const a = 1;\n'))).toBe("'");
  });
});

describe('swapAdjacent next to comments', () => {
  it('refuses when a comment on those lines would end up describing the other call', () => {
    const text = "export const handler = middy(fn)\n  .use(httpErrorHandler()) // errors\n  .use(cors({ origin: 'https://a.example.com' })) // CORS\n";
    const a = text.indexOf('httpErrorHandler()');
    const b = text.indexOf('cors({');
    const bEnd = text.indexOf('))', b) + 1;
    expect(swapAdjacent({ path: '/r/h.js', text }, { start: a, end: a + 'httpErrorHandler()'.length }, { start: b, end: bEnd })).toBeNull();
    const plain = text.replace(' // errors', '').replace(' // CORS', '');
    const pa = plain.indexOf('httpErrorHandler()');
    const pb = plain.indexOf('cors({');
    const edits = swapAdjacent(
      { path: '/r/h.js', text: plain },
      { start: pa, end: pa + 'httpErrorHandler()'.length },
      { start: pb, end: plain.indexOf('))', pb) + 1 },
    );
    expect(edits).not.toBeNull();
  });
});
