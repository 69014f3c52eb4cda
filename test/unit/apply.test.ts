import { describe, expect, it } from 'vitest';
import { applyFixes, groupByFile } from '../../src/edit/apply.js';
import type { Fix } from '../../src/edit/text-edit.js';

const F = 'f.yml';
const fix = (description: string, ...edits: [number, number, string][]): Fix => ({
  description,
  edits: edits.map(([start, end, text]) => ({ file: F, start, end, text })),
});

describe('applyFixes', () => {
  const text = '0123456789';

  it('applies disjoint fixes in any order', () => {
    const a = fix('a', [1, 2, 'A']);
    const b = fix('b', [5, 7, '']);
    const c = fix('c', [9, 9, '!']);
    const expected = '0A23478!9';
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ]) {
      const out = applyFixes(text, order);
      expect(out.text).toBe(expected);
      expect(out.applied).toEqual([a, b, c]);
      expect(out.skipped).toEqual([]);
    }
  });

  it('skips a fix that overlaps an earlier one', () => {
    const a = fix('a', [2, 5, 'X']);
    const b = fix('b', [4, 6, 'Y']);
    const out = applyFixes(text, [b, a]);
    expect(out.text).toBe('01X56789');
    expect(out.applied).toEqual([a]);
    expect(out.skipped).toEqual([b]);
  });

  it('treats edits that only touch at a boundary as conflicting', () => {
    const a = fix('a', [2, 4, 'X']);
    const b = fix('b', [4, 6, 'Y']);
    const out = applyFixes(text, [a, b]);
    expect(out.text).toBe('01X456789');
    expect(out.skipped).toEqual([b]);
  });

  it('treats two insertions at the same offset as conflicting, whatever the input order', () => {
    const a = fix('a', [3, 3, 'A']);
    const b = fix('b', [3, 3, 'B']);
    const first = applyFixes(text, [a, b]);
    const second = applyFixes(text, [b, a]);
    expect(first.text).toBe('012A3456789');
    expect(second.text).toBe(first.text);
    expect(first.applied).toEqual([a]);
    expect(second.skipped).toEqual([b]);
  });

  it('an insertion touching a replaced range conflicts', () => {
    const out = applyFixes(text, [fix('a', [3, 5, '']), fix('b', [5, 5, '+'])]);
    expect(out.text).toBe('01256789');
    expect(out.skipped.map((f) => f.description)).toEqual(['b']);
  });

  it('applies a multi-edit fix all or nothing', () => {
    const multi = fix('multi', [1, 1, '['], [8, 8, ']']);
    const blocker = fix('blocker', [7, 9, 'zz']);
    const out = applyFixes(text, [multi, blocker]);
    // `multi` starts first and wins; `blocker` overlaps its second edit and waits for the next pass.
    expect(out.text).toBe('0[1234567]89');
    expect(out.skipped).toEqual([blocker]);

    const early = fix('early', [0, 2, 'E']);
    const out2 = applyFixes(text, [multi, early]);
    // `early` comes first and overlaps `multi`'s first edit: none of `multi` is applied.
    expect(out2.text).toBe('E23456789');
    expect(out2.skipped).toEqual([multi]);
  });

  it('allows the edits of one fix to touch, in source order', () => {
    const out = applyFixes(text, [fix('a', [5, 5, '<'], [3, 5, ''], [5, 7, '>'])]);
    expect(out.text).toBe('012<>789');
  });

  it('skips a fix whose own edits overlap or share an insertion point', () => {
    const overlapping = fix('o', [1, 4, 'a'], [3, 5, 'b']);
    const samePoint = fix('s', [2, 2, 'a'], [2, 2, 'b']);
    const out = applyFixes(text, [overlapping, samePoint]);
    expect(out.text).toBe(text);
    expect(out.applied).toEqual([]);
    expect(out.skipped).toEqual([overlapping, samePoint]);
  });

  it('skips malformed fixes: no edits, out of range, reversed, several files', () => {
    const empty: Fix = { description: 'empty', edits: [] };
    const outside = fix('outside', [8, 11, '']);
    const reversed = fix('reversed', [5, 4, '']);
    const twoFiles: Fix = {
      description: 'two files',
      edits: [
        { file: F, start: 0, end: 0, text: 'x' },
        { file: 'other.yml', start: 0, end: 0, text: 'y' },
      ],
    };
    const out = applyFixes(text, [empty, outside, reversed, twoFiles]);
    expect(out.text).toBe(text);
    expect(out.skipped).toHaveLength(4);
  });

  it('keeps a BOM in front of the text', () => {
    expect(applyFixes('\uFEFFa: 1\n', [fix('a', [4, 5, '2'])]).text).toBe('\uFEFFa: 2\n');
  });
});

describe('groupByFile', () => {
  it('groups fixes by the file of their first edit and drops empty fixes', () => {
    const a = fix('a', [0, 0, 'x']);
    const b: Fix = { description: 'b', edits: [{ file: 'g.json', start: 0, end: 1, text: '' }] };
    const c = fix('c', [2, 2, 'y']);
    const groups = groupByFile([a, b, c, { description: 'none', edits: [] }]);
    expect([...groups.keys()]).toEqual([F, 'g.json']);
    expect(groups.get(F)).toEqual([a, c]);
    expect(groups.get('g.json')).toEqual([b]);
  });
});
