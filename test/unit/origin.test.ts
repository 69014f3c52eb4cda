import { describe, expect, it } from 'vitest';
import { weakOriginTest } from '../../src/checks/origin-tests.js';
import { checkOrigin, matchesOriginPattern } from '../../src/model/origin.js';

describe('checkOrigin', () => {
  it('accepts serialized origins, * and non-default ports', () => {
    for (const o of ['*', 'https://app.example.com', 'http://localhost:3000', 'https://app.example.com:8443']) {
      expect(checkOrigin(o, 'header'), o).toBeUndefined();
      expect(checkOrigin(o, 'allowlist'), o).toBeUndefined();
    }
  });

  it('rewrites a trailing slash, upper case and a default port to the serialized form', () => {
    expect(checkOrigin('https://app.example.com/', 'header')).toEqual({
      kind: 'not-serialized',
      expected: 'https://app.example.com',
      issues: ['a trailing slash'],
      fixable: true,
    });
    expect(checkOrigin('HTTPS://App.Example.com:443/', 'allowlist')).toEqual({
      kind: 'not-serialized',
      expected: 'https://app.example.com',
      issues: ['a trailing slash', 'upper-case letters in the scheme or host', 'the default port :443'],
      fixable: true,
    });
    expect(checkOrigin('http://localhost:80', 'header')).toMatchObject({ expected: 'http://localhost', issues: ['the default port :80'] });
    // :443 is the default of https only.
    expect(checkOrigin('http://localhost:443', 'header')).toBeUndefined();
  });

  it('does not offer to drop a path or query', () => {
    expect(checkOrigin('https://app.example.com/login', 'header')).toEqual({
      kind: 'not-serialized',
      expected: 'https://app.example.com',
      issues: ['a path'],
      fixable: false,
    });
    expect(checkOrigin('https://app.example.com?x=1', 'header')).toMatchObject({ issues: ['a path'], fixable: false });
  });

  it('reports surrounding whitespace only where the value is compared, not where it is sent', () => {
    expect(checkOrigin(' https://app.example.com ', 'allowlist')).toMatchObject({
      expected: 'https://app.example.com',
      issues: ['surrounding whitespace'],
      fixable: true,
    });
    expect(checkOrigin(' * ', 'pattern')).toMatchObject({ expected: '*', issues: ['surrounding whitespace'] });
    expect(checkOrigin(' https://app.example.com ', 'header')).toBeUndefined();
  });

  it('reports a missing scheme, null and several origins in one value', () => {
    expect(checkOrigin('app.example.com', 'header')).toEqual({ kind: 'missing-scheme' });
    expect(checkOrigin('localhost:3000', 'allowlist')).toEqual({ kind: 'missing-scheme' });
    expect(checkOrigin('null', 'header')).toEqual({ kind: 'null' });
    expect(checkOrigin('NULL', 'allowlist')).toEqual({ kind: 'null' });
    expect(checkOrigin('https://a.example.com,https://b.example.com', 'header')).toEqual({ kind: 'list' });
    expect(checkOrigin('https://a.example.com https://b.example.com', 'allowlist')).toEqual({ kind: 'list' });
  });

  it('treats * inside a header value as literal, and stays quiet on allowlists', () => {
    expect(checkOrigin('https://*.example.com', 'header')).toEqual({ kind: 'partial-wildcard' });
    expect(checkOrigin('*.example.domain', 'header')).toEqual({ kind: 'partial-wildcard' });
    expect(checkOrigin('https://*.example.com', 'allowlist')).toBeUndefined();
  });

  it('accepts wildcards at a label boundary, in the port and for the whole host', () => {
    for (const p of ['https://*.example.com', '*.example.com', 'https://*-api.example.com', 'http://localhost:*', 'https://*', '*']) {
      expect(checkOrigin(p, 'pattern'), p).toBeUndefined();
    }
  });

  it('reports a wildcard glued to the domain with an origin it lets through', () => {
    expect(checkOrigin('https://*example.com', 'pattern')).toEqual({ kind: 'overbroad', example: 'https://attackerexample.com' });
    expect(checkOrigin('*example.com', 'pattern')).toEqual({ kind: 'overbroad', example: 'https://attackerexample.com' });
    expect(checkOrigin('https://app-*', 'pattern')).toEqual({ kind: 'overbroad', example: 'https://app-attacker.com' });
  });

  it('reports more than one * in a pattern', () => {
    expect(checkOrigin('https://*.*.example.com', 'pattern')).toEqual({ kind: 'multiple-wildcards' });
  });

  it('checks the rest of a wildcard pattern like any origin', () => {
    expect(checkOrigin('https://*.Example.com/', 'pattern')).toMatchObject({ kind: 'not-serialized', expected: 'https://*.example.com' });
  });

  it('never throws on odd input', () => {
    for (const v of ['', ' ', '://', 'https://', 'https://[::1]:443', '(*', 'https://bücher.de/', '\u0000']) {
      expect(() => checkOrigin(v, 'pattern')).not.toThrow();
      expect(() => checkOrigin(v, 'header')).not.toThrow();
    }
  });
});

describe('matchesOriginPattern', () => {
  it('escapes dots and turns only the first * into .+, matching the whole origin', () => {
    const m = (origin: string) => matchesOriginPattern('https://*.example.com', origin);
    expect(m('https://app.example.com')).toBe(true);
    expect(m('https://example.com')).toBe(false);
    expect(m('https://appxexample.com')).toBe(false);
    expect(m('https://app.example.com.evil.com')).toBe(false);
    // A later * is left as regex repetition of the character before it: `[.]*` here, any number of dots.
    expect(matchesOriginPattern('https://*.example.*', 'https://app.example.com')).toBe(false);
    expect(matchesOriginPattern('https://*.example.*', 'https://app.example...')).toBe(true);
    expect(matchesOriginPattern('https://*.example.*', 'https://app.example')).toBe(true);
    expect(matchesOriginPattern('https://*example.com', 'https://attackerexample.com')).toBe(true);
    expect(matchesOriginPattern('https://app.example.com', 'https://app.example.com')).toBe(true);
  });

  it('is unknown, never run, for patterns with other regular-expression syntax', () => {
    expect(matchesOriginPattern('https://(a.com', 'https://(a.com')).toBeUndefined();
    expect(matchesOriginPattern('https://(app|www).example.com', 'https://app.example.com')).toBeUndefined();
    expect(matchesOriginPattern('https://**.example.com', 'https://a.example.com')).toBeUndefined();
  });

  it('answers in linear time where a backtracking regular expression takes minutes', () => {
    // `https://(a+)+` backtracks exponentially on a near-miss; as a pattern it is unknown, not run.
    expect(matchesOriginPattern('https://(a+)+', `https://${'a'.repeat(30)}!`)).toBeUndefined();
    // The wildcard language itself has no nested repetition, and the matcher never backtracks.
    const origin = `https://${'a'.repeat(200_000)}!`;
    expect(matchesOriginPattern('https://*a*a*a*a*a*a*a*a.com', origin)).toBe(false);
  });
});

describe('weakOriginTest', () => {
  const weak = (method: string, pattern: string) => weakOriginTest({ span: { file: 'h.js', start: 0, end: 0 }, method, pattern });

  it('accepts anchored, escaped patterns and dot-led suffixes', () => {
    expect(weak('test', '^https:\\/\\/app\\.example\\.com$')).toBeUndefined();
    expect(weak('test', '^https:\\/\\/[a-z]+\\.example\\.com$')).toBeUndefined();
    expect(weak('endsWith', '.example.com')).toBeUndefined();
    expect(weak('endsWith', 'https://app.example.com')).toBeUndefined();
  });

  it('names the flaw and a look-alike origin that passes', () => {
    expect(weak('test', 'example\\.com$')).toEqual({ flaw: 'is not anchored with ^', example: 'https://attackerexample.com' });
    expect(weak('test', '^https:\\/\\/app\\.example\\.com')?.example).toBe('https://app.example.com.attacker.com');
    expect(weak('test', '^https://app.example.com$')).toEqual({ flaw: 'has an unescaped . (any character)', example: 'https://appxexample.com' });
    expect(weak('endsWith', 'example.com')?.example).toBe('https://attackerexample.com');
    expect(weak('includes', 'example.com')?.example).toBe('https://example.com.attacker.com');
  });
});
