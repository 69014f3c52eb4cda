import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';
import { run } from '../../src/run.js';
import { rules } from '../../rules/index.js';
import { cli, diskRepo, serviceYaml } from '../support/hostile.js';

/** A crash in one rule, one handler's analysis or one service costs that part only; the run goes on. */
const NO_ORIGIN = "exports.main = async () => ({ statusCode: 200, body: '' });\n";
const files = {
  '/repo/a/serverless.yml': serviceYaml(),
  '/repo/a/handler.js': NO_ORIGIN,
  '/repo/b/serverless.yml': serviceYaml(),
  '/repo/b/handler.js': NO_ORIGIN,
};

function report(fs: FileSystem) {
  const r = run({ ruleSet: rules, paths: ['/repo'], fs, fix: false, env: {} });
  return {
    findings: r.results.flatMap((x) => x.messages.map((m) => `${path.relative('/repo', x.filePath)} ${m.ruleId}`)),
    errors: r.internalErrors.map((e) => `${e.where} @ ${path.relative('/repo', e.file)}: ${(e.error as Error).message}`),
    incomplete: r.incomplete.map((i) => `${path.relative('/repo', i.configFile)} ${i.functionName}: ${i.reason}`),
  };
}

/** The project's files, where reading `file` throws: a bug reached at that point. */
function throwingOn(file: string, message: string): FileSystem {
  const base = memoryFileSystem(files);
  return {
    ...base,
    read: (f) => {
      if (f === file) throw new Error(message);
      return base.read(f);
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('failure isolation', () => {
  it('a rule that crashes is named with the file; the other rules report as usual', () => {
    const rule = rules.find((r) => r.meta.id === 'missing-preflight')!;
    vi.spyOn(rule, 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    const r = report(memoryFileSystem(files));
    expect(r.errors).toEqual(['rule missing-preflight @ a/serverless.yml: boom', 'rule missing-preflight @ b/serverless.yml: boom']);
    expect(r.findings).toEqual(['a/handler.js missing-allow-origin', 'b/handler.js missing-allow-origin']);
  });

  it("a crash in one handler's analysis leaves that function not analysed, and the rest analysed", () => {
    const r = report(throwingOn('/repo/a/handler.js', 'disk on fire'));
    expect(r.errors).toEqual(["the analysis of function api's handler @ a/serverless.yml: disk on fire"]);
    expect(r.incomplete).toEqual(['a/serverless.yml api: cors-lint failed on this handler (an internal error, reported separately)']);
    expect(r.findings).toEqual(['b/handler.js missing-allow-origin']);
  });

  it('a crash while loading one service loses that service only', () => {
    const r = report(throwingOn('/repo/a/serverless.yml', 'unexpected'));
    expect(r.errors).toEqual(['the service @ a/serverless.yml: unexpected']);
    expect(r.findings).toEqual(['b/handler.js missing-allow-origin']);
  });

  it('the CLI prints every finding, names the crashed rule and file, exits 2, and shows the stack with --debug', () => {
    const dir = diskRepo({ 'serverless.yml': serviceYaml('  other:\n    handler: missing.main\n'), 'handler.js': NO_ORIGIN });
    const preload = ['--import', path.join(import.meta.dirname, '..', 'support', 'crashing-rule.mjs')];
    // The preload patches the rule in dist/rules, which the unbundled command line imports (the bundle holds its own copy).
    const unbundled = path.join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.js');
    const r = cli(dir, ['-f', 'compact'], preload, unbundled);
    expect(r.stderr).toBe('cors-lint: internal error in rule missing-allow-origin while linting serverless.yml: boom from a test\n');
    expect(r.stdout).toMatch(/^serverless\.yml:14:14: warning: Fix handler missing\.main of function other: .* \[handler-not-found\]\n$/);
    expect(r.status).toBe(2);
    const withRule = cli(dir, ['-f', 'compact', '--debug'], preload, unbundled);
    expect(withRule.stderr).toMatch(
      /^cors-lint: internal error in rule missing-allow-origin while linting serverless\.yml: boom from a test\nError: boom from a test\n {4}at /,
    );
  });
});
