import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSERS } from '../../src/analysis/parsers/index.js';
import { parseJsonc } from '../../src/analysis/parsers/jsonc.js';

/**
 * The trees of the two parsers (test/parsers.test.ts compares what cors-lint makes of them): the
 * same nodes and ranges. Members that are null or absent are left out, as oxc sets to null the
 * optional members typescript-estree leaves undefined; so are oxc's own `hashbang`, `start` and
 * `end` (the offsets of `range` again) and TSEnumMember's `computed`, which are no members of
 * typescript-estree's types. A file that does not parse must fail with both.
 */
function tree(parser: keyof typeof PARSERS, file: string, text: string): unknown {
  let program;
  try {
    program = PARSERS[parser](file, text, /\.[jt]sx$/.test(file));
  } catch {
    return 'syntax error';
  }
  const comments = program.comments?.map((c) => ({ type: c.type, value: c.value, range: c.range }));
  return JSON.parse(
    JSON.stringify({ ...program, comments }, function (this: { type?: string }, key, value: unknown) {
      if (['loc', 'start', 'end', 'parent', 'hashbang'].includes(key) || value === null) return undefined;
      if (key === 'computed' && this.type === 'TSEnumMember') return undefined;
      return typeof value === 'bigint' ? String(value) : value;
    }),
  );
}

function sameTree(file: string, text: string): void {
  expect(tree('oxc', file, text), file).toEqual(tree('typescript-estree', file, text));
}

function scripts(dir: string): string[] {
  return nodeFs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

describe('oxc-parser builds typescript-estree’s tree', () => {
  it('for every script of the rule fixtures and the handler corpus', () => {
    const files = [...scripts(path.join(import.meta.dirname, '..', 'fixtures')), ...scripts(path.join(import.meta.dirname, '..', 'corpus'))];
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) sameTree(file, nodeFs.readFileSync(file, 'utf8'));
  });

  it('with offsets in UTF-16 code units, past a BOM, CRLF line ends and astral characters', () => {
    sameTree('/x/a.ts', '\ufeff// é\r\nconst a = "😀"; /* ü */\r\nexport const h = () => ({ headers: { "X-É": `${a}😀` } });\r\n');
  });

  it('for TypeScript syntax in .js files, as TypeScript reads them', () => {
    sameTree('/x/a.js', 'enum E { A }\nconst x = y as unknown as string;\nexport const h = <div a="1">{x}</div>;\n');
  });

  it('for JSON: one expression statement, offsets into the text as written', () => {
    for (const text of ['{"a": [1, true, null, "x"], "b": {"c": -1.5}}', '\n  [1, {"k": "v"}] // trailing\n', '-1', '{ /* c */ "a": 1, }']) {
      sameTree('/x/data.json', text);
    }
  });

  it('throws on a syntax error with its offset, JSON included', () => {
    const offset = (file: string, text: string) => {
      try {
        PARSERS.oxc(file, text, false);
      } catch (e) {
        return (e as { index?: number }).index;
      }
      return undefined;
    };
    expect(offset('/x/a.js', 'const a = 1;\nf(a b);')).toBe(17);
    expect(offset('/x/a.json', '{"a": 1 "b": 2}')).toBe(8);
    expect(offset('/x/a.json', '{"a": 1}) ; evil(')).toBe(0);
  });
});

describe('parseJsonc', () => {
  it('reads tsconfig as TypeScript does: comments, trailing commas, a BOM, an empty file', () => {
    expect(parseJsonc('\ufeff{ // c\n "a": /* b */ [1, 2,], }')).toEqual({ a: [1, 2] });
    expect(parseJsonc(' \n')).toEqual({});
    expect(parseJsonc("{ 'a': 1 }")).toBeUndefined();
    expect(parseJsonc('{ "a": }')).toBeUndefined();
  });
});
