import { describe, expect, it } from 'vitest';
import type { CfgMap, CfgValue } from '../../src/config/tree.js';
import { corsSchemaIssues, editDistance, suggestKey } from '../../src/model/cors-schema.js';

const span = { file: 'serverless.yml', start: 0, end: 0 };

/** A config map from plain data; `unknown` stands for a variable that cannot be resolved. */
function cfg(value: unknown): CfgValue {
  if (value === 'unknown') return { kind: 'unknown', reason: 'test', span };
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(cfg), span };
  if (value !== null && typeof value === 'object') {
    return { kind: 'map', span, entries: Object.entries(value).map(([key, v]) => ({ key, keySpan: span, value: cfg(v) })) };
  }
  return { kind: 'scalar', value: value as string | number | boolean | null, span };
}

const issues = (kind: 'rest' | 'httpApi', data: Record<string, unknown>) =>
  corsSchemaIssues(kind, { node: cfg(data) }).map((i) => (i.kind === 'unknown-key' ? `unknown ${i.entry.key}` : `${i.entry.key} ${i.problem}`));

describe('corsSchemaIssues', () => {
  it('accepts what the validator coerces: scalars for lists, strings for booleans and integers', () => {
    expect(issues('rest', { origin: 'https://a.example.com', headers: '*', allowCredentials: 'false', maxAge: '600', methods: 'GET' })).toEqual([]);
    expect(issues('httpApi', { allowedOrigins: 'https://a.example.com', allowedMethods: '*', allowCredentials: 'true', maxAge: 0 })).toEqual([]);
  });

  it('reports unknown keys and rejected values, once per key', () => {
    expect(issues('rest', { heanders: ['x'], maxAge: 0, methods: ['GET', 'FETCH', 'BREW'] })).toEqual([
      'unknown heanders',
      'maxAge must be >= 1',
      'methods item 2 must be equal to one of the allowed values (GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE, ANY)',
    ]);
    expect(issues('httpApi', { origins: ['x'], maxAge: -1 })).toEqual(['unknown origins', 'maxAge must be >= 0']);
  });

  it('does not judge values that are variables or CloudFormation functions', () => {
    expect(issues('rest', { maxAge: 'unknown', headers: ['a', 'unknown'] })).toEqual([]);
    const withRef: CfgMap = { kind: 'map', span, entries: [{ key: 'origin', keySpan: span, value: { kind: 'map', tag: '!Ref', span, entries: [] } }] };
    expect(corsSchemaIssues('rest', { node: withRef })).toEqual([]);
  });
});

describe('suggestKey', () => {
  it('maps the other API and CloudFormation names', () => {
    expect(suggestKey('rest', 'allowedOrigins')).toEqual({ key: 'origins', otherApi: true });
    expect(suggestKey('rest', 'credentials')).toEqual({ key: 'allowCredentials', otherApi: false });
    expect(suggestKey('httpApi', 'origin')).toEqual({ key: 'allowedOrigins', otherApi: true });
    expect(suggestKey('httpApi', 'AllowOrigins')).toEqual({ key: 'allowedOrigins', otherApi: false });
    expect(suggestKey('httpApi', 'exposeHeaders')).toEqual({ key: 'exposedResponseHeaders', otherApi: false });
  });

  it('finds case variants and typos within two edits', () => {
    expect(suggestKey('rest', 'maxage')?.key).toBe('maxAge');
    expect(suggestKey('rest', 'heanders')?.key).toBe('headers');
    expect(suggestKey('rest', 'allowCredential')?.key).toBe('allowCredentials');
    expect(suggestKey('httpApi', 'allowedHeader')?.key).toBe('allowedHeaders');
  });

  it('gives nothing for far or ambiguous keys', () => {
    expect(suggestKey('rest', 'exposedResponseHeaders')).toBeUndefined();
    expect(suggestKey('httpApi', 'cacheControl')).toBeUndefined();
    expect(suggestKey('rest', 'orgins')).toEqual({ key: 'origins', otherApi: false });
    // `origin` and `origins` are both one edit from `originz`: no guess.
    expect(suggestKey('rest', 'originz')).toBeUndefined();
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('alloworigins', 'allowedorigins')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
