import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/edit/apply.js';
import { reparses } from '../../src/edit/reparse.js';
import type { Fix } from '../../src/edit/text-edit.js';
import { lintCase } from '../support/fixture.js';

/**
 * Suggestions and withheld fixes of the config ⇄ handler rules, which expected.txt cannot show:
 * each is applied to its fixture file and the result checked.
 */
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

function diagnostics(ruleId: string, name: string) {
  const dir = path.join(FIXTURES, ruleId, name);
  return lintCase(dir, [ruleId]).lints.flatMap((l) => l.diagnostics);
}

function applied(fix: Fix): string {
  const file = fix.edits[0].file;
  const out = applyFixes(nodeFs.readFileSync(file, 'utf8'), [fix]).text;
  expect(reparses(file, out), out).toBeUndefined();
  return out;
}

describe('missing-preflight', () => {
  it('only suggests cors with credentials, and offers nothing for the shorthand or a per-request origin', () => {
    const [withCredentials] = diagnostics('missing-preflight', 'invalid-credentials-suggestion-only');
    expect(withCredentials.fix).toBeUndefined();
    expect(withCredentials.suggestions).toHaveLength(1);
    expect(applied(withCredentials.suggestions![0])).toContain(
      '          method: patch\n          cors:\n            origin: https://app.example.com\n            allowCredentials: true\n',
    );
    for (const d of diagnostics('missing-preflight', 'invalid-shorthand-and-dynamic-origin')) {
      expect(d.fix).toBeUndefined();
      expect(d.suggestions).toBeUndefined();
    }
  });
});

describe('credentials-mismatch', () => {
  it('reports a handler site once for every path reaching it, pointing at the event cors key, and suggests allowCredentials', () => {
    const [d, ...rest] = diagnostics('credentials-mismatch', 'invalid-config-without-credentials');
    expect(rest).toEqual([]);
    expect(d.functionNames).toEqual(['profile', 'settings']);
    // PATCH /profile is always preflighted: an error, although GET /settings alone would be a warning.
    expect(d.severity).toBe('error');
    expect(d.fix).toBeUndefined();
    expect(applied(d.suggestions![0])).toContain('          cors:\n            origin: https://app.example.com\n            allowCredentials: true\n');
  });

  it('is a warning when only GET, HEAD or POST routes reach the site, and related points at the cors key, not custom', () => {
    const [d, ...rest] = diagnostics('credentials-mismatch', 'invalid-config-without-credentials-simple-methods');
    expect(rest).toEqual([]);
    expect(d.severity).toBe('warning');
    const config = nodeFs.readFileSync(d.related[0].span.file, 'utf8');
    expect(config.slice(d.related[0].span.start, d.related[0].span.end)).toBe('cors');
    expect(config.slice(0, d.related[0].span.start).split('\n').length).toBe(15);
  });

  it('suggests the credentials header next to a plain Access-Control-Allow-Origin property', () => {
    const [d] = diagnostics('credentials-mismatch', 'invalid-response-without-credentials');
    expect(d.fix).toBeUndefined();
    expect(applied(d.suggestions![0])).toContain(
      "headers: { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Credentials': true }",
    );
  });
});

describe('missing-vary-origin', () => {
  it('suggests appending Origin to another Vary, and has no fix for a header set by assignment', () => {
    const [search, suggest] = diagnostics('missing-vary-origin', 'invalid-no-fix');
    expect(search.fix).toBeUndefined();
    expect(search.suggestions).toBeUndefined();
    expect(suggest.fix).toBeUndefined();
    expect(applied(suggest.suggestions![0])).toContain("Vary: 'Accept-Encoding, Origin'");
  });
});
