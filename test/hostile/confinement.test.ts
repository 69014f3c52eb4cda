import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, diskRepo, serviceYaml } from '../support/hostile.js';

/** Nothing outside the repository root is read, settings included, and no message quotes a refused file. */
const outside = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-outside-')));
const SECRET = path.join(outside, 'secret');
nodeFs.writeFileSync(SECRET, 'root:x:0:0:SECRET-VALUE-4711:/root:/bin/bash\n');
afterAll(() => nodeFs.rmSync(outside, { recursive: true, force: true }));
const HANDLER = "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n";

describe('the repository root', () => {
  it('a .cors-lint.json linked out of the repository is refused, quoting nothing of it', () => {
    const dir = diskRepo({ 'serverless.yml': serviceYaml(), 'handler.js': HANDLER });
    nodeFs.symlinkSync(SECRET, path.join(dir, '.cors-lint.json'));
    const r = cli(dir, []);
    expect(r.stderr).toBe(`cors-lint: ${path.join(dir, '.cors-lint.json')} is a symbolic link that leads outside the repository root: it is not read\n`);
    expect(r.status).toBe(2);
  });

  it('a broken .cors-lint.json in the repository is reported by place, not by quoting it', () => {
    const dir = diskRepo({ 'serverless.yml': serviceYaml(), 'handler.js': HANDLER, '.cors-lint.json': 'root:x:0:0:SECRET-VALUE-4711\n' });
    const r = cli(dir, []);
    expect(r.stderr).toBe(`cors-lint: ${path.join(dir, '.cors-lint.json')}:1:1: the settings: expected a map, got a string\n`);
    expect(r.status).toBe(2);
    for (const text of ['{\n  "rules": SECRET-VALUE-4711\n}\n', '{\n  "rules": { "SECRET-VALUE-4711": "on" ]\n}\n']) {
      nodeFs.writeFileSync(path.join(dir, '.cors-lint.json'), text);
      const broken = cli(dir, []);
      expect(broken.stderr).toMatch(/\.cors-lint\.json:2:\d+: /);
      expect(broken.stderr).not.toContain('SECRET');
      expect(broken.status).toBe(2);
    }
  });

  it('a service file, a ${file()} and a handler linked out of the repository are not read, quoting nothing', () => {
    const dir = diskRepo({
      'a/handler.js': HANDLER,
      'b/serverless.yml': serviceYaml('custom:\n  x: ${file(./vars.yml)}\n'),
      'b/handler.js': HANDLER,
      'c/serverless.yml': serviceYaml(),
    });
    nodeFs.symlinkSync(SECRET, path.join(dir, 'a', 'serverless.yml'));
    nodeFs.symlinkSync(SECRET, path.join(dir, 'b', 'vars.yml'));
    nodeFs.symlinkSync(SECRET, path.join(dir, 'c', 'handler.js'));
    const r = cli(dir, ['-f', 'compact']);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'a/serverless.yml:1:1: error: Fix the configuration: the file is a symbolic link that leads outside the repository root: it is not read [parse-error]',
      'c/handler.js:1:1: error: Check the handler file of function api: c/handler.js is a symbolic link that leads outside the repository root: it is not read. [parse-error]',
    ]);
    // A ${file()} linked beyond the root is not read: its value is unknown, and --verbose says so.
    expect(cli(dir, ['--verbose']).stdout).toContain('b/serverless.yml: file(./vars.yml) lies outside the repository root and is not read');
    for (const format of ['stylish', 'json', 'compact']) expect(cli(dir, ['-f', format, '--verbose']).stdout + r.stderr).not.toContain('SECRET');
  });

  it('follows symbolic links whose target stays inside the root: ${file()} and handler imports', () => {
    const respond = "exports.respond = () => ({ statusCode: 200, body: 'no cors' });\n";
    const dir = diskRepo({
      'shared/custom.yml': 'flag: true\n',
      'shared/lib/respond.js': respond,
      'svc/serverless.yml': serviceYaml('custom: ${file(./linked/custom.yml)}\n'),
      'svc/handler.js': "const { respond } = require('./lib/respond');\nexports.main = async () => respond();\n",
    });
    nodeFs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'svc', 'linked'));
    nodeFs.symlinkSync(path.join(dir, 'shared', 'lib'), path.join(dir, 'svc', 'lib'));
    const r = cli(dir, ['-f', 'compact', '--verbose']);
    expect(r.stdout).toContain('svc/handler.js:2:28: error: Add Access-Control-Allow-Origin to this response.');
    expect(r.stdout).not.toContain('parse-error');
    // Machine formats list what was not fully analysed on stderr: nothing here, the linked ${file()} included.
    expect(r.stderr).toBe('');
  });
});
