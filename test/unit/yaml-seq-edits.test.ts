import { describe, expect, it } from 'vitest';
import { isScalar, isSeq, parseDocument, type Scalar, type YAMLSeq } from 'yaml';
import { applyFixes } from '../../src/edit/apply.js';
import { reparses } from '../../src/edit/reparse.js';
import type { TextEdit } from '../../src/edit/text-edit.js';
import { appendSeqItems, scalarToList, type EditSource } from '../../src/edit/yaml-edits.js';

/** Parses, builds the edits for the node at `keys`, applies them; checks that the result re-parses. */
function edit(text: string, keys: string[], build: (node: unknown, source: EditSource) => TextEdit[] | null, path = 'serverless.yml'): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  expect(doc.errors).toEqual([]);
  const edits = build(doc.getIn(keys, true), { path, text });
  expect(edits, 'edits').not.toBeNull();
  const out = applyFixes(text, [{ description: 'test', edits: edits! }]);
  expect(out.skipped).toEqual([]);
  expect(reparses(path, out.text)).toBeUndefined();
  return out.text;
}

const append = (values: string[]) => (node: unknown, source: EditSource) => {
  if (!isSeq(node)) throw new Error('not a list');
  return appendSeqItems(source, node, values);
};

const toList = (values: string[]) => (node: unknown, source: EditSource) => {
  if (!isScalar(node)) throw new Error('not a scalar');
  return scalarToList(source, node, values);
};

describe('appendSeqItems', () => {
  it('adds block items after the last one, at its indentation, keeping comments', () => {
    const text = 'cors:\n  headers:\n    - Content-Type # json\n    - X-Custom\n    # - X-Old\n  origin: x\n';
    expect(edit(text, ['cors', 'headers'], append(['Authorization', 'X-Api-Key']))).toBe(
      'cors:\n  headers:\n    - Content-Type # json\n    - X-Custom\n    - Authorization\n    - X-Api-Key\n    # - X-Old\n  origin: x\n',
    );
  });

  it("keeps a list written at its key's column and a file without a final newline", () => {
    expect(edit('headers:\n- a\n- b', ['headers'], append(['c']))).toBe('headers:\n- a\n- b\n- c');
  });

  it('follows CRLF line ends', () => {
    expect(edit('h:\r\n  - a\r\nx: 1\r\n', ['h'], append(['b']))).toBe('h:\r\n  - a\r\n  - b\r\nx: 1\r\n');
  });

  it('quotes values that need it', () => {
    expect(edit('h:\n  - a\n', ['h'], append(['*', 'yes']))).toBe('h:\n  - a\n  - "*"\n  - "yes"\n');
  });

  it('appends inside a one-line flow list, before a trailing comment', () => {
    expect(edit('h: [a, b] # note\n', ['h'], append(['c', 'd']))).toBe('h: [a, b, c, d] # note\n');
  });

  it('fills an empty flow list', () => {
    expect(edit('h: []\n', ['h'], append(['GET']))).toBe('h: [GET]\n');
  });

  it('puts new items of a multi-line flow list on lines of their own', () => {
    expect(edit('h: [\n    a,\n    b\n  ]\n', ['h'], append(['c', 'd']))).toBe('h: [\n    a,\n    b,\n    c,\n    d\n  ]\n');
  });

  it('writes JSON arrays as JSON, on one line or over lines', () => {
    expect(edit('{"h": ["a"]}\n', ['h'], append(['b']), 'serverless.json')).toBe('{"h": ["a", "b"]}\n');
    const multi = '{\n  "h": [\n    "a"\n  ]\n}\n';
    expect(edit(multi, ['h'], append(['b']), 'serverless.json')).toBe('{\n  "h": [\n    "a",\n    "b"\n  ]\n}\n');
  });

  it('refuses nothing to add and a flow list holding only a comment', () => {
    const text = 'h: [a]\ne: [ # none\n]\n';
    const doc = parseDocument(text, { keepSourceTokens: true });
    expect(appendSeqItems({ path: 's.yml', text }, doc.getIn(['h'], true) as YAMLSeq, [])).toBeNull();
    expect(appendSeqItems({ path: 's.yml', text }, doc.getIn(['e'], true) as YAMLSeq, ['x'])).toBeNull();
  });
});

describe('scalarToList', () => {
  it('turns a scalar into a flow list that keeps it first', () => {
    expect(edit("headers: '*' # all\n", ['headers'], toList(['Authorization']))).toBe('headers: ["*", Authorization] # all\n');
  });

  it('writes JSON in JSON files', () => {
    expect(edit('{"headers": "*"}', ['headers'], toList(['Authorization']), 'serverless.json')).toBe('{"headers": ["*","Authorization"]}');
  });

  it('refuses block scalars', () => {
    const text = 'headers: |\n  x\n';
    const doc = parseDocument(text, { keepSourceTokens: true });
    expect(scalarToList({ path: 's.yml', text }, doc.getIn(['headers'], true) as Scalar, ['y'])).toBeNull();
  });
});
