import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { applyFixes } from '../../src/edit/apply.js';
import { lintCase } from '../support/fixture.js';

/**
 * Suggestions are shown but never applied, so the fixture runner (compact output, --fix) does not
 * see them: these tests check, on fixture cases without fixed/, which findings carry a suggestion
 * and no fix, and what applying the suggestion would write.
 */
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

function diagnostics(ruleId: string, name: string): { dir: string; list: Diagnostic[] } {
  const dir = path.join(FIXTURES, ruleId, name);
  return { dir, list: lintCase(dir, [ruleId]).lints.flatMap((l) => l.diagnostics) };
}

/** The line the suggestion's edit leaves at the finding's line, after applying it alone. */
function suggestedLine(d: Diagnostic, at: string): string {
  const file = d.suggestions![0].edits[0].file;
  const text = nodeFs.readFileSync(file, 'utf8');
  const out = applyFixes(text, [d.suggestions![0]]).text;
  return out
    .split('\n')
    .find((l) => l.includes(at))!
    .trim();
}

describe('invalid-cors-config suggestions', () => {
  const { list } = diagnostics('invalid-cors-config', 'invalid-suggestions-only');
  const byMessage = (part: string) => list.filter((d) => d.message.includes(part));

  it('only suggests renames that turn credentials on or could allow any origin', () => {
    for (const d of byMessage('credentials of function').concat(byMessage('provider.httpApi.cors.credentials'))) {
      expect(d.fix).toBeUndefined();
      expect(suggestedLine(d, 'allowCredentials')).toMatch(/^allowCredentials: true/);
    }
    const wildcard = byMessage('GET /public')[0];
    expect(wildcard.fix).toBeUndefined();
    expect(suggestedLine(wildcard, "['*']")).toBe("origins: ['*']                          # would turn on origin reflection");
  });

  it('has neither fix nor suggestion when the intended key exists', () => {
    const [d] = byMessage('GET /orders/{id}');
    expect(d.fix).toBeUndefined();
    expect(d.suggestions).toBeUndefined();
  });

  it('suggests turning a scalar allowedMethods into a list', () => {
    const [d] = byMessage('Add POST to provider.httpApi.cors.allowedMethods');
    expect(d.fix).toBeUndefined();
    expect(suggestedLine(d, 'allowedMethods')).toBe('allowedMethods: [GET, POST]        # a scalar: the validator makes it a list; adding is a suggestion');
  });

  it('suggests removing cors from an httpApi event and enabling provider.httpApi.cors', () => {
    const { dir: eventDir, list: eventList } = diagnostics('invalid-cors-config', 'invalid-httpapi-event-cors');
    const [d] = eventList;
    expect(d.fix).toBeUndefined();
    expect(d.suggestions!.map((s) => s.description)).toEqual([
      'Remove the ignored cors key',
      'Turn on CORS for the whole HTTP API with provider.httpApi.cors: true (allows any origin)',
    ]);
    const text = nodeFs.readFileSync(path.join(eventDir, 'serverless.yml'), 'utf8');
    expect(applyFixes(text, [d.suggestions![0]]).text).not.toContain('cors: true');
    expect(applyFixes(text, [d.suggestions![1]]).text).toContain('  runtime: nodejs20.x\n  httpApi:\n    cors: true\n');
  });
});

describe('allowed-headers-incomplete suggestions', () => {
  const { list } = diagnostics('allowed-headers-incomplete', 'invalid-no-safe-fix');
  const byRoute = (route: string) => list.find((d) => d.route === route)!;

  it('suggests a list for a scalar *', () => {
    const d = byRoute('GET /star');
    expect(d.fix).toBeUndefined();
    expect(suggestedLine(d, 'Authorization')).toBe('headers: ["*", Authorization]          # the validator makes it [\'*\']');
  });

  it('suggests editing a list shared through a variable at its definition', () => {
    const d = byRoute('GET /shared');
    expect(d.fix).toBeUndefined();
    expect(suggestedLine(d, 'headers: [')).toBe('headers: [Content-Type, Authorization]');
  });

  it('offers nothing for cors: true', () => {
    expect(byRoute('GET /orders').suggestions).toBeUndefined();
    expect(byRoute('GET /orders').fix).toBeUndefined();
  });
});
