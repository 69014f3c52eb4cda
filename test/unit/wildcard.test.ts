import { describe, expect, it } from 'vitest';
import { globTokens, matchesTokens, originPatternTokens } from '../../src/wildcard.js';

describe('wildcard matching', () => {
  const glob = (pattern: string, name: string) => matchesTokens(globTokens(pattern), name);

  it('matches folder globs: * any run, ? one character, the rest literally', () => {
    expect(glob('*', '')).toBe(true);
    expect(glob('pkg-*', 'pkg-a')).toBe(true);
    expect(glob('pkg-*', 'pkg-')).toBe(true);
    expect(glob('pkg-*', 'pk')).toBe(false);
    expect(glob('a?c', 'abc')).toBe(true);
    expect(glob('a?c', 'ac')).toBe(false);
    expect(glob('*.[x]', 'a.[x]')).toBe(true);
    expect(glob('*a*b', 'xaxxb')).toBe(true);
    expect(glob('*a*b', 'xaxxbx')).toBe(false);
  });

  it('reads origin patterns as the framework does, and refuses other regular-expression syntax', () => {
    expect(originPatternTokens('https://*.example.com')).toHaveLength('https://.example.com'.length + 2);
    expect(originPatternTokens('https://a+b.com')).toBeUndefined();
    expect(originPatternTokens('*')).toEqual([{ repeat: false }, { repeat: true }]);
  });

  it('never backtracks: many stars against a long near-miss', () => {
    const name = 'a'.repeat(100_000);
    expect(glob('*a*a*a*a*a*a*a*a*a*a*a*a*b', name)).toBe(false);
    expect(glob('*a*a*a*a*a*a*a*a*a*a*a*a*a', name)).toBe(true);
  });
});
