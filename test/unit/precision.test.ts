import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixService } from '../../src/fix.js';
import { memoryFileSystem } from '../../src/fs.js';
import { lintCase } from '../support/fixture.js';
import { rules } from '../../rules/index.js';

/** What expected.txt cannot show about a finding: its severity, the functions it lists. */
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

function diagnostics(ruleId: string, name: string) {
  return lintCase(path.join(FIXTURES, ruleId, name), [ruleId]).lints.flatMap((l) => l.diagnostics);
}

describe('severity of one finding', () => {
  it('invalid-cors-config: cors on a function without events is a warning, on one with events an error', () => {
    const bySeverity = Object.fromEntries(diagnostics('invalid-cors-config', 'invalid-function-level-cors').map((d) => [d.functionName, d.severity]));
    expect(bySeverity).toEqual({ listProducts: 'error', authorize: 'warning' });
  });
});

describe('a config only the framework loader reads', () => {
  const config = [
    'service: s',
    'provider:',
    '  name: aws',
    'custom:',
    "  policy: '{",
    '    "Version": "2012-10-17"',
    "  }'",
    'functions:',
    '  hello:',
    '    handler: handler.hello',
    '    events:',
    '      - http:',
    '          path: hello',
    '          method: get',
    '          cors:',
    '            origin: https://app.example.com',
    '            heanders: [X-Foo]',
    '          authorizer: aws_iam',
    '',
  ].join('\n');
  const files = {
    '/r/serverless.yml': config,
    '/r/handler.js': "exports.hello = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' } });",
  };

  it('is linted, with findings at the lines of their keys, and no fix edits it', () => {
    const outcome = fixService('/r/serverless.yml', {
      ruleSet: rules,
      fs: memoryFileSystem(files),
      repoRoot: '/r',
      only: ['invalid-cors-config', 'authorizer-missing-gateway-responses'],
    });
    const found = outcome.result.diagnostics.map((d) => [d.ruleId, config.slice(0, d.span.start).split('\n').length]);
    expect(found).toEqual([
      ['invalid-cors-config', 17],
      ['authorizer-missing-gateway-responses', 18],
    ]);
    expect(outcome.result.diagnostics.every((d) => d.fix === undefined)).toBe(true);
    expect(outcome.outputs.size).toBe(0);
    expect(outcome.result.notes.map((n) => n.reason)).toEqual([expect.stringMatching(/fixes to it are not offered/)]);
  });
});

describe('one missing OPTIONS route, one finding', () => {
  it('missing-preflight on an HTTP API: the other preflighted routes of the path are related locations, not findings', () => {
    const found = diagnostics('missing-preflight', 'invalid-http-api-handler-cors');
    expect(found.map((d) => d.route)).toEqual(['GET /notes/{id}']);
    expect(found[0].related.map((r) => r.message)).toContain('also preflighted: PUT /notes/{id} (function updateNote)');
  });
});
