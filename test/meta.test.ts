import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { withRulesTable } from '../src/tools/docs.js';
import { docDescription, docHeadings } from './support/doc-examples.js';

/** Conventions every rule keeps (docs/architecture.md, "Adding a rule"), checked so that none drifts. */
const ROOT = path.join(import.meta.dirname, '..');
const RULES_DIR = path.join(ROOT, 'rules');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** How messages may start: with what to do. */
const ACTIONS = [
  'Add',
  'Allow',
  'Change',
  'Check',
  'Configure',
  'Create',
  'Enable',
  'Fix',
  'Give',
  'Keep',
  'List',
  'Map',
  'Move',
  'Name',
  'Narrow',
  'Pass',
  'Point',
  'Read',
  'Register',
  'Remove',
  'Rename',
  'Replace',
  'Return',
  'Send',
  'Set',
  'Split',
  'Tighten',
  'Use',
  'Write',
];

describe('rule registry', () => {
  it('is sorted and lists exactly the rule files', () => {
    const files = nodeFs
      .readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(files);
  });

  it('rules read the model and build fixes with the fixer: no imports of the config, the edit layer or yaml', () => {
    for (const file of nodeFs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'))) {
      const imports = [...nodeFs.readFileSync(path.join(RULES_DIR, file), 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gm)].map((m) => m[1]);
      expect(
        imports.filter((i) => i === 'yaml' || /\/src\/(config|edit)\//.test(i)),
        file,
      ).toEqual([]);
    }
  });

  it('README rule table is up to date (npm run docs:update)', () => {
    const readme = nodeFs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withRulesTable(readme)).toBe(readme);
  });
});

for (const rule of rules) {
  const { id } = rule.meta;
  describe(id, () => {
    const doc = nodeFs.readFileSync(path.join(RULES_DIR, `${id}.md`), 'utf8');
    const cases = nodeFs.existsSync(path.join(FIXTURES, id)) ? nodeFs.readdirSync(path.join(FIXTURES, id)) : [];

    it('has a kebab-case id and a one-sentence description without a trailing period', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(rule.meta.description).not.toMatch(/\.$/);
    });

    it('has a doc whose headings follow the template and whose first paragraph is the description', () => {
      const expected = [`# ${id}`, '## Why', '## Examples', ...(rule.meta.fixable ? ['## Fix'] : []), '## Options', '## When not to use it'];
      expect(docHeadings(doc)).toEqual(expected);
      expect(docDescription(doc)).toBe(rule.meta.description);
    });

    it('has valid and invalid fixtures', () => {
      expect(cases.some((c) => c.startsWith('valid-'))).toBe(true);
      expect(cases.some((c) => c.startsWith('invalid-'))).toBe(true);
    });

    it('is fixable exactly when a fixture has fixed/ output', () => {
      const withFixed = cases.some((c) => nodeFs.existsSync(path.join(FIXTURES, id, c, 'fixed')));
      expect(withFixed).toBe(!!rule.meta.fixable);
    });

    it('has messages that lead with what to do, in a short first sentence', () => {
      for (const [messageId, template] of Object.entries(rule.meta.messages)) {
        // An imperative verb first (extend the list for a new one), and a first sentence that fits on a line.
        expect(template.split(' ')[0], messageId).toBeOneOf(ACTIONS);
        expect(template.split('. ')[0].length, messageId).toBeLessThanOrEqual(100);
      }
    });

    it('uses every message in some fixture', () => {
      const expected = cases.map((c) => nodeFs.readFileSync(path.join(FIXTURES, id, c, 'expected.txt'), 'utf8')).join('\n');
      for (const [messageId, template] of Object.entries(rule.meta.messages)) {
        const pattern = template
          .split(/\{\{\s*\w+\s*\}\}/)
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*');
        expect(new RegExp(pattern).test(expected), `messageId ${messageId} appears in no expected.txt`).toBe(true);
      }
    });
  });
}
