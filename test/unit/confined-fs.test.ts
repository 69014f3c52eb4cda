import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confinedFileSystem, diskFileSystem } from '../../src/fs.js';
import { lintService } from '../../src/lint.js';
import { rules } from '../../rules/index.js';

/** Nothing outside the repository root is read, not even through a symbolic link inside it. */
const base = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-confined-')));
const repo = path.join(base, 'repo');
nodeFs.mkdirSync(repo);
nodeFs.writeFileSync(path.join(base, 'secret.js'), "exports.get = async () => ({ statusCode: 200, body: 'outside' });\n");
nodeFs.writeFileSync(path.join(repo, 'inside.js'), "exports.get = async () => ({ statusCode: 200, body: 'inside' });\n");
nodeFs.symlinkSync(path.join(base, 'secret.js'), path.join(repo, 'handler.js'));
nodeFs.symlinkSync(path.join(repo, 'inside.js'), path.join(repo, 'alias.js'));
afterAll(() => nodeFs.rmSync(base, { recursive: true, force: true }));

describe('confinedFileSystem', () => {
  const fs = confinedFileSystem(diskFileSystem, repo);

  it('reads files and links that stay inside the root', () => {
    expect(fs.read(path.join(repo, 'inside.js'))).toContain('inside');
    expect(fs.read(path.join(repo, 'alias.js'))).toContain('inside');
  });

  it('reads nothing through a link out of the root, and says why', () => {
    expect(fs.read(path.join(repo, 'handler.js'))).toBeUndefined();
    expect(fs.isFile(path.join(repo, 'handler.js'))).toBe(false);
    expect(fs.readProblem(path.join(repo, 'handler.js'))).toEqual({ kind: 'outside-root' });
    expect(fs.readProblem(path.join(repo, 'none.js'))).toEqual({ kind: 'missing' });
  });

  it('reports a handler linked out of the repository with its own message, never reading it', () => {
    const config = path.join(repo, 'serverless.yml');
    nodeFs.writeFileSync(
      config,
      'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  get:\n    handler: handler.get\n    events:\n      - http:\n          path: x\n          method: get\n          cors: true\n',
    );
    const lint = lintService(config, {
      ruleSet: rules,
      fs: diskFileSystem,
      repoRoot: repo,
      only: ['handler-not-found', 'missing-allow-origin', 'parse-error'],
    });
    expect(lint.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['parse-error', 'Check the handler file of function get: handler.js is a symbolic link that leads outside the repository root: it is not read.'],
    ]);
  });
});
