import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyFileResult, withMessages, type FileResult, type LintMessage } from '../../src/results.js';
import { applySuppressions, prune, suppress } from '../../src/suppressions.js';
import { CLI } from '../support/cli.js';

const message = (ruleId: string, line: number, severity: 1 | 2 = 2): LintMessage => ({
  ruleId,
  messageId: 'm',
  severity,
  message: ruleId,
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
});
const result = (file: string, ...messages: LintMessage[]): FileResult => withMessages(emptyFileResult(`/r/${file}`), messages);

describe('suppressions (ESLint’s format and rules)', () => {
  const today = [result('a.js', message('x', 1), message('x', 5), message('y', 9, 1)), result('b.yml', message('z', 2))];

  it('--suppress-all records errors per file and rule, never warnings; --suppress-rule only those rules', () => {
    expect(suppress({}, today, '/r')).toEqual({ 'a.js': { x: { count: 2 } }, 'b.yml': { z: { count: 1 } } });
    expect(suppress({ 'old.js': { x: { count: 1 } } }, today, '/r', ['z'])).toEqual({ 'old.js': { x: { count: 1 } }, 'b.yml': { z: { count: 1 } } });
  });

  it('hides errors up to the count, line moves included; more errors than the count are all reported', () => {
    const s = suppress({}, today, '/r');
    const later = [result('a.js', message('x', 3), message('x', 7), message('y', 9, 1)), result('b.yml', message('z', 2), message('z', 4))];
    const { results, unused } = applySuppressions(later, s, '/r', ['/r/a.js', '/r/b.yml']);
    expect(results[0].messages.map((m) => m.ruleId)).toEqual(['y']);
    expect(results[0].suppressedMessages?.map((m) => m.line)).toEqual([3, 7]);
    expect([results[0].errorCount, results[0].warningCount]).toEqual([0, 1]);
    expect(results[1].messages).toHaveLength(2);
    expect(unused).toEqual({});
  });

  it('counts left unused by linted files can be pruned; files not linted keep theirs', () => {
    const s = { 'a.js': { x: { count: 2 } }, 'b.yml': { z: { count: 1 } }, 'other.js': { x: { count: 4 } } };
    const { unused } = applySuppressions([result('a.js', message('x', 1))], s, '/r', ['/r/a.js', '/r/b.yml']);
    expect(unused).toEqual({ 'a.js': { x: { count: 1 } }, 'b.yml': { z: { count: 1 } } });
    expect(prune(s, unused)).toEqual({ 'a.js': { x: { count: 1 } }, 'other.js': { x: { count: 4 } } });
  });
});

describe('adopting cors-lint on a repository with errors (the built CLI)', () => {
  const config = (paths: string[]) =>
    `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n${paths.map((p) => `  ${p}:\n    handler: h.${p}\n    events:\n      - http: { path: ${p}, method: get, cors: true }\n`).join('')}`;
  const handler = (names: string[]) => names.map((n) => `exports.${n} = async () => ({ statusCode: 200, body: '' });\n`).join('');

  it('--suppress-all, then only new errors fail; fixed ones must be pruned', () => {
    const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-suppress-')));
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, '-f', 'compact', ...args], { cwd: dir, encoding: 'utf8' });
    const write = (names: string[]) => {
      nodeFs.writeFileSync(path.join(dir, 'serverless.yml'), config(names));
      nodeFs.writeFileSync(path.join(dir, 'h.js'), handler(names));
    };
    try {
      write(['a', 'b']);
      expect(cli().status).toBe(1);
      const adopt = cli('--suppress-all');
      expect([adopt.status, adopt.stdout]).toEqual([0, '']);
      expect(JSON.parse(nodeFs.readFileSync(path.join(dir, 'cors-lint-suppressions.json'), 'utf8'))).toEqual({
        'h.js': { 'missing-allow-origin': { count: 2 } },
      });
      expect(cli().status).toBe(0);

      write(['a', 'b', 'c']); // a third error in the same file: all three are reported
      const grown = cli();
      expect([grown.status, grown.stdout.split('\n').filter(Boolean).length]).toEqual([1, 3]);

      write(['a']); // one fixed: the leftover count fails the run until pruned
      const shrunk = cli();
      expect(shrunk.status).toBe(2);
      expect(shrunk.stderr).toContain('--prune-suppressions');
      expect(cli('--pass-on-unpruned-suppressions').status).toBe(0);
      expect(cli('--prune-suppressions').status).toBe(0);
      expect(JSON.parse(nodeFs.readFileSync(path.join(dir, 'cors-lint-suppressions.json'), 'utf8'))).toEqual({
        'h.js': { 'missing-allow-origin': { count: 1 } },
      });
      expect(cli().status).toBe(0);
    } finally {
      nodeFs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
