import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCase } from '../support/fixture.js';

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
