import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixService } from '../../src/fix.js';
import { diskFileSystem, memoryFileSystem } from '../../src/fs.js';
import { run } from '../../src/run.js';
import { writeFixes } from '../../src/write-fixes.js';
import { cli, diskRepo } from '../support/hostile.js';
import { rules } from '../../rules/index.js';

/** --fix loses nothing: bytes it does not edit, edits made meanwhile, files it may not write. */
const HANDLER = "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' } });\n";

/** A service whose origin has a trailing slash (a safe fix removes it), with `comment` bytes on its first line. */
function config(comment: Buffer = Buffer.from('# products')): Buffer {
  return Buffer.concat([
    comment,
    Buffer.from(`
service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  api:
    handler: handler.main
    events:
      - http:
          path: api
          method: get
          cors:
            origin: https://app.example.com/
`),
  ]);
}

const LATIN1 = Buffer.concat([Buffer.from('# caf'), Buffer.of(0xe9), Buffer.from(' cr'), Buffer.of(0xe8), Buffer.from('me')]);
const fixed = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace('example.com/\n', 'example.com\n'), 'latin1');

describe('--fix writes', () => {
  it('keeps a Latin-1 comment byte for byte, and the dry-run diff shows the one change and hides none', () => {
    const dir = diskRepo({ 'serverless.yml': config(LATIN1), 'handler.js': HANDLER });
    const dry = cli(dir, ['--fix-dry-run']);
    expect(dry.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual([
      '-            origin: https://app.example.com/',
      '+            origin: https://app.example.com',
    ]);
    expect(dry.stdout).toContain('1:6     error    Fix the configuration: byte 0xE9 is not valid UTF-8');
    expect(nodeFs.readFileSync(path.join(dir, 'serverless.yml'))).toEqual(config(LATIN1));

    const r = cli(dir, ['--fix']);
    expect(r.stderr).toBe('');
    expect(nodeFs.readFileSync(path.join(dir, 'serverless.yml'))).toEqual(fixed(config(LATIN1)));
  });

  it('writes nothing for a service whose file was edited after cors-lint read it (nor at a shifted place)', () => {
    for (const edit of [(t: string) => t.replace('service: s', 'service: s-renamed'), (t: string) => `# a new first line\n${t}`]) {
      const dir = diskRepo({ 'serverless.yml': config(), 'handler.js': HANDLER });
      const report = run({ ruleSet: rules, paths: [dir], fs: diskFileSystem, fix: true, env: {} });
      const file = path.join(dir, 'serverless.yml');
      const edited = edit(nodeFs.readFileSync(file, 'utf8'));
      nodeFs.writeFileSync(file, edited);
      const written = writeFixes(report, dir);
      expect(written).toEqual({
        complete: false,
        messages: ['serverless.yml changed on disk while cors-lint ran: nothing written for the service serverless.yml'],
      });
      expect(nodeFs.readFileSync(file, 'utf8')).toBe(edited);
    }
  });

  it('two runs fixing the same file at once apply the edit once', () => {
    const dir = diskRepo({ 'serverless.yml': config(), 'handler.js': HANDLER });
    const first = run({ ruleSet: rules, paths: [dir], fs: diskFileSystem, fix: true, env: {} });
    const second = run({ ruleSet: rules, paths: [dir], fs: diskFileSystem, fix: true, env: {} });
    expect(writeFixes(first, dir).complete).toBe(true);
    expect(writeFixes(second, dir).complete).toBe(false);
    expect(nodeFs.readFileSync(path.join(dir, 'serverless.yml'))).toEqual(fixed(config()));
  });

  it('changes no file when one cannot be written, says which and why, prints the findings and exits 2', () => {
    const dir = diskRepo({ 'a/serverless.yml': config(), 'a/handler.js': HANDLER, 'b/serverless.yml': config(), 'b/handler.js': HANDLER });
    nodeFs.chmodSync(path.join(dir, 'b', 'serverless.yml'), 0o444);
    const r = cli(dir, ['--fix', '-f', 'compact']);
    expect(r.stderr).toBe(
      'cors-lint: b/serverless.yml is not written: it is read-only (mode 0444)\ncors-lint: --fix wrote nothing: the fixed files are written all together or not at all\n',
    );
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/:\d+:\d+:.*\[/, ' [')),
    ).toEqual(['a/serverless.yml [malformed-origin]', 'b/serverless.yml [malformed-origin]']);
    expect(r.status).toBe(2);
    expect(nodeFs.readFileSync(path.join(dir, 'a', 'serverless.yml'))).toEqual(config());
    expect(nodeFs.readFileSync(path.join(dir, 'b', 'serverless.yml'))).toEqual(config());
    expect(nodeFs.statSync(path.join(dir, 'b', 'serverless.yml')).mode & 0o777).toBe(0o444);
  });

  it('leaves a hard-linked file and its links alone', () => {
    const dir = diskRepo({ 'serverless.yml': config(), 'handler.js': HANDLER });
    nodeFs.linkSync(path.join(dir, 'serverless.yml'), path.join(dir, 'shared.yml'));
    const r = cli(dir, ['--fix']);
    expect(r.stderr).toContain('cors-lint: serverless.yml is not written: it has 2 hard links, which replacing it would split\n');
    expect(r.status).toBe(2);
    expect(nodeFs.statSync(path.join(dir, 'serverless.yml')).ino).toBe(nodeFs.statSync(path.join(dir, 'shared.yml')).ino);
    expect(nodeFs.readFileSync(path.join(dir, 'shared.yml'))).toEqual(config());
  });

  it('new lines take the line ending of the file (its first line), whatever the others use', () => {
    for (const [eol, rest] of [
      ['\r\n', '\n'],
      ['\n', '\r\n'],
    ]) {
      const text = `service: s${eol}provider:${rest}  name: aws${rest}functions:${rest}  api:${rest}    handler: handler.main${rest}    events:${rest}      - http:${rest}          path: api${rest}          method: get${rest}          authorizer: aws_iam${rest}          cors: true${rest}`;
      const fs = memoryFileSystem({ '/repo/serverless.yml': text, '/repo/handler.js': HANDLER.replace("'https://app.example.com'", "'*'") });
      const out = fixService('/repo/serverless.yml', { ruleSet: rules, fs, repoRoot: '/repo' }).outputs.get('/repo/serverless.yml')!;
      const added = out.slice(text.length);
      expect(added).toContain('GatewayResponseDefault4XX');
      expect(added.split(eol).length).toBeGreaterThan(5);
      expect(added.replaceAll(eol, '')).not.toMatch(/[\r\n]/);
    }
  });
});
