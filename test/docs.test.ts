import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { memoryFileSystem } from '../src/fs.js';
import { lintService } from '../src/lint.js';
import { docExamples } from './support/doc-examples.js';

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
        const lint = lintService(config!, { fs: memoryFileSystem(files), repoRoot: root, only: [id] });
        const found = lint.diagnostics.filter((d) => d.ruleId === id);
        if (ex.incorrect) expect(found.length).toBeGreaterThan(0);
        else expect(found.map((d) => d.message)).toEqual([]);
      });
    }
  });
}
