import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reparses } from '../src/edit/reparse.js';
import { overlayFileSystem } from '../src/fs.js';
import { caseFileSystem, fixCase, lineMatches, lintCase, listFiles } from './support/fixture.js';

/**
 * The one rule test runner (docs/architecture.md, "Adding a rule"): every folder test/fixtures/<rule-id>/<case>/ is a
 * mini-project linted with that rule alone; expected.txt holds the compact output. A `fixed/`
 * folder holds the files as --fix must leave them. UPDATE=1 rewrites the expectations.
 */
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const UPDATE = process.env.UPDATE === '1';

for (const ruleId of nodeFs.readdirSync(FIXTURES).sort()) {
  describe(ruleId, () => {
    for (const name of nodeFs.readdirSync(path.join(FIXTURES, ruleId)).sort()) {
      const dir = path.join(FIXTURES, ruleId, name);
      const expectedFile = path.join(dir, 'expected.txt');
      const fixedDir = path.join(dir, 'fixed');

      it(`${name}: reports what expected.txt says`, () => {
        const { lines } = lintCase(dir, [ruleId]);
        if (UPDATE) nodeFs.writeFileSync(expectedFile, lines.map((l) => `${l}\n`).join(''));
        const expected = nodeFs.readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean);
        if (name.startsWith('valid-')) expect(expected, 'valid-* cases expect no finding').toEqual([]);
        else if (name.startsWith('invalid-')) expect(expected.length, 'invalid-* cases expect findings').toBeGreaterThan(0);
        else throw new Error(`case ${name} must start with valid- or invalid-`);
        expect(lines.length).toBe(expected.length);
        expected.forEach((e, i) => expect(lineMatches(e, lines[i]), `line ${i + 1}:\n  expected ${e}\n  actual   ${lines[i]}`).toBe(true));
        for (const l of lines) expect(l.endsWith(`[${ruleId}]`)).toBe(true);
      });

      // A fix case is one with a fixed/ folder (create it empty and run UPDATE=1 to fill it).
      if (!nodeFs.existsSync(fixedDir)) continue;

      it(`${name}: --fix writes fixed/, which re-parses and is fixed for good`, () => {
        const outputs = fixCase(dir, [ruleId]);
        if (UPDATE) {
          nodeFs.rmSync(fixedDir, { recursive: true, force: true });
          for (const [file, text] of outputs) {
            const target = path.join(fixedDir, path.relative(dir, file));
            nodeFs.mkdirSync(path.dirname(target), { recursive: true });
            nodeFs.writeFileSync(target, text);
          }
        }
        const expectedFiles = listFiles(fixedDir);
        expect([...outputs.keys()].map((f) => path.relative(dir, f)).sort()).toEqual(expectedFiles);
        for (const rel of expectedFiles) {
          const text = outputs.get(path.join(dir, rel))!;
          expect(text, rel).toBe(nodeFs.readFileSync(path.join(fixedDir, rel), 'utf8'));
          expect(reparses(rel, text), `${rel} re-parses`).toBeUndefined();
        }
        // Idempotence: the fixed project has nothing left for this rule, and a second --fix changes nothing.
        const fixedFs = overlayFileSystem(caseFileSystem(dir), outputs);
        expect(lintCase(dir, [ruleId], fixedFs).lines).toEqual([]);
        expect(fixCase(dir, [ruleId], fixedFs).size).toBe(0);
      });
    }
  });
}
