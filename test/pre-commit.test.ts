import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk, testEnv } from './support/process.js';

/**
 * .pre-commit-hooks.yaml under the real pre-commit tool (Debian's package; .ci/run installs it). The hooks
 * repository is a snapshot of this working tree committed to a throwaway repository, as `pre-commit
 * try-repo` does, so that uncommitted changes are what runs; pre-commit installs it as it would for a user
 * (npm install, npm pack, npm install -g) into its own cache. Without pre-commit the test fails: a hook
 * that was never run is not known to work.
 */
const ROOT = path.join(import.meta.dirname, '..');
const tmp = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-pre-commit-')));
const hooksRepo = path.join(tmp, 'hooks');
const project = path.join(tmp, 'project');

const env = testEnv({
  PRE_COMMIT_HOME: path.join(tmp, 'cache'),
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  // The user's git configuration (hooks paths, templates) stays out; npm keeps its cache under HOME.
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: path.join(tmp, 'gitconfig'),
});
const sh = (cwd: string, command: string, ...args: string[]) => run(cwd, command, args, env);
const ok = (cwd: string, command: string, ...args: string[]) => runOk(cwd, command, args, env);

const config = (origin: string) =>
  [
    'service: shop',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    'functions:',
    '  orders:',
    '    handler: handler.orders',
    '    events:',
    '      - http:',
    '          path: orders',
    '          method: get',
    '          cors:',
    `            origin: ${origin}`,
    '',
  ].join('\n');
const handler = (headers: string) => `module.exports.orders = async () => ({ statusCode: 200, headers: { ${headers} }, body: '[]' });\n`;

beforeAll(() => {
  const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error('pre-commit is not installed: `apt-get install pre-commit` (.ci/run does it before the tests)');
  }
  // The hooks repository: the working tree's files (tests aside), committed.
  nodeFs.mkdirSync(hooksRepo);
  const files = ok(ROOT, 'git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0');
  for (const f of files.filter((f) => f && !f.startsWith('test/') && nodeFs.existsSync(path.join(ROOT, f)))) {
    nodeFs.mkdirSync(path.dirname(path.join(hooksRepo, f)), { recursive: true });
    nodeFs.copyFileSync(path.join(ROOT, f), path.join(hooksRepo, f));
  }
  ok(hooksRepo, 'git', 'init', '-q');
  ok(hooksRepo, 'git', 'add', '-A');
  ok(hooksRepo, 'git', 'commit', '-qm', 'snapshot');
  const rev = ok(hooksRepo, 'git', 'rev-parse', 'HEAD').trim();

  nodeFs.mkdirSync(project);
  ok(project, 'git', 'init', '-q');
  nodeFs.writeFileSync(
    path.join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${hooksRepo}\n    rev: ${rev}\n    hooks:\n      - id: cors-lint\n      - id: cors-lint-fix\n`,
  );
  nodeFs.writeFileSync(path.join(project, 'serverless.yml'), config('https://app.example.com'));
  nodeFs.writeFileSync(path.join(project, 'handler.js'), handler("'Access-Control-Allow-Origin': 'https://app.example.com'"));
  ok(project, 'git', 'add', '-A');
  ok(project, 'git', 'commit', '-qm', 'clean service');
  // Installs the hook environment once (cached in PRE_COMMIT_HOME for the runs below).
  ok(project, 'pre-commit', 'install-hooks');
  ok(project, 'pre-commit', 'install');
}, 120_000);

afterAll(() => nodeFs.rmSync(tmp, { recursive: true, force: true }));

describe('pre-commit hooks', () => {
  it('cors-lint fails the hook on findings and prints them', () => {
    nodeFs.writeFileSync(path.join(project, 'handler.js'), handler("'Content-Type': 'application/json'"));
    ok(project, 'git', 'add', '-A');
    const r = sh(project, 'pre-commit', 'run', 'cors-lint', '--all-files');
    expect(r.stdout).toMatch(/^cors-lint\.+Failed$/m);
    expect(r.stdout).toContain('missing-allow-origin');
    expect(r.status).toBe(1);
    // Back to the committed, clean state.
    ok(project, 'git', 'checkout', 'HEAD', '--', '.');
    expect(sh(project, 'pre-commit', 'run', 'cors-lint', '--all-files').status).toBe(0);
  });

  it('cors-lint-fix applies the safe fix during git commit, which succeeds once the fix is staged', () => {
    // A move to another origin, written in a way browsers never send.
    nodeFs.writeFileSync(path.join(project, 'serverless.yml'), config('https://Shop.example.com/'));
    nodeFs.writeFileSync(path.join(project, 'handler.js'), handler("'Access-Control-Allow-Origin': 'https://shop.example.com'"));
    ok(project, 'git', 'add', '-A');
    const first = sh(project, 'git', 'commit', '-m', 'a malformed origin');
    expect(first.status).not.toBe(0);
    expect(first.stdout + first.stderr).toMatch(/^cors-lint --fix\.+Failed$/m);
    expect(first.stdout + first.stderr).toContain('files were modified by this hook');
    expect(nodeFs.readFileSync(path.join(project, 'serverless.yml'), 'utf8')).toBe(config('https://shop.example.com'));
    ok(project, 'git', 'add', '-A');
    const second = sh(project, 'git', 'commit', '-m', 'the fixed origin');
    expect(second.stdout + second.stderr).toMatch(/^cors-lint --fix\.+Passed$/m);
    expect(second.status).toBe(0);
  });
});
