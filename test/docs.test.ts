import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { discoverConfigs } from '../src/discover.js';
import { memoryFileSystem } from '../src/fs.js';
import { lintService, type RuleLevel } from '../src/lint.js';
import { docExamples } from './support/doc-examples.js';
import { CLI } from './support/cli.js';
import { caseFileSystem, caseOptions } from './support/fixture.js';

/** The examples in rules/<id>.md are linted like fixtures: ❌ must report the rule, ✅ must not. */
for (const rule of rules) {
  const { id } = rule.meta;
  const doc = nodeFs.readFileSync(path.join(import.meta.dirname, '..', 'rules', `${id}.md`), 'utf8');
  describe(`${id} doc examples`, () => {
    const examples = docExamples(doc);
    it('has an incorrect and a correct example', () => {
      expect(examples.some((e) => e.incorrect)).toBe(true);
      expect(examples.some((e) => !e.incorrect)).toBe(true);
    });
    for (const ex of examples) {
      it(ex.title, () => {
        const root = '/doc';
        const files = Object.fromEntries(Object.entries(ex.files).map(([p, t]) => [path.posix.join(root, p), t]));
        const config = Object.keys(files).find((f) => /\/serverless\.(ya?ml|json)$/.test(f));
        expect(config, 'an example needs a serverless config').toBeDefined();
        const lint = lintService(config!, { ruleSet: rules, fs: memoryFileSystem(files), repoRoot: root, only: [id] });
        const found = lint.diagnostics.filter((d) => d.ruleId === id);
        if (ex.incorrect) expect(found.length).toBeGreaterThan(0);
        else expect(found.map((d) => d.message)).toEqual([]);
      });
    }
  });
}

/**
 * The README's Default column against what a run really does with no settings: each rule's first
 * invalid fixture is linted with every rule at its default, and the rule must report at that level
 * (or, when `off`, not at all, although the same case reports when the rule is turned on).
 */
describe('README rule table defaults', () => {
  const readme = nodeFs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const defaults = new Map([...readme.matchAll(/^\| \[`([a-z0-9-]+)`\]\(rules\/\1\.md\) \| .* \| `(\w+)` \|/gm)].map((m) => [m[1], m[2]]));
  for (const rule of rules) {
    const { id } = rule.meta;
    it(`${id}: ${defaults.get(id)}`, () => {
      expect(['off', 'warn', 'error']).toContain(defaults.get(id));
      const fixtures = path.join(import.meta.dirname, 'fixtures', id);
      const dir = path.join(
        fixtures,
        nodeFs
          .readdirSync(fixtures)
          .sort()
          .find((c) => c.startsWith('invalid-'))!,
      );
      const levels = (rulesSetting: Record<string, RuleLevel>) => {
        const fs = caseFileSystem(dir);
        const { stage, env } = caseOptions(dir);
        const found = discoverConfigs(fs, dir).configs.flatMap(
          (c) => lintService(c, { ruleSet: rules, fs, repoRoot: dir, stage, env: env ?? {}, rules: rulesSetting }).diagnostics,
        );
        return [...new Set(found.filter((d) => d.ruleId === id).map((d) => (d.severity === 'error' ? 'error' : 'warn')))];
      };
      if (defaults.get(id) === 'off') {
        expect(levels({})).toEqual([]);
        expect(levels({ [id]: 'warn' })).toEqual(['warn']);
      } else {
        expect(levels({})).toEqual([defaults.get(id)]);
      }
    });
  }
});

describe('README', () => {
  it('documents every option of cors-lint --help', () => {
    const readme = nodeFs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
    const options = [...new Set(help.match(/(?<=\s)--?[a-z][a-z-]*/g))];
    expect(options.length).toBeGreaterThan(10);
    for (const option of options) expect(readme, option).toContain(`\`${option}`);
  });
});
