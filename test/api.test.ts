import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from './support/cli.js';

/**
 * The Node API as a user's code meets it: imported from the package root by name (the built
 * package, through package.json `exports`), called with nothing but `paths`.
 */
const PACKAGE = 'cors-lint';
const api = (await import(PACKAGE)) as typeof import('../src/index.js');
const ROOT = path.join(import.meta.dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'products-service');

let dir: string;
beforeEach(() => {
  dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-api-')));
  nodeFs.cpSync(EXAMPLE, dir, { recursive: true });
});
afterEach(() => nodeFs.rmSync(dir, { recursive: true, force: true }));

const cliJson = (...args: string[]) => JSON.parse(spawnSync(process.execPath, [CLI, '-f', 'json', ...args], { cwd: dir, encoding: 'utf8' }).stdout);

describe('Node API from the package root', () => {
  it('lint({ paths }) returns what -f json prints', async () => {
    const results = await api.lint({ paths: [dir] });
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId)).sort()).toEqual([
      'authorizer-missing-gateway-responses',
      'missing-5xx-gateway-response',
      'missing-allow-origin',
      'wildcard-origin-with-credentials',
    ]);
    expect(results).toEqual(cliJson('.'));
  });

  it('paths are relative to cwd, which defaults to the working folder', async () => {
    expect(await api.lint({ paths: ['.'], cwd: dir })).toEqual(await api.lint({ paths: [dir] }));
  });

  it('fix({ paths, dryRun }) returns the fixed text without writing; fix({ paths }) writes it', async () => {
    const before = nodeFs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8');
    const dry = await api.fix({ paths: [dir], dryRun: true });
    const output = dry.find((r) => r.output !== undefined)?.output;
    expect(output).toContain('GatewayResponseDefault4XX');
    expect(nodeFs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8')).toBe(before);
    expect(dry).toEqual(cliJson('--fix-dry-run'));
    const written = await api.fix({ paths: [dir] });
    expect(nodeFs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8')).toBe(output);
    expect(written.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['wildcard-origin-with-credentials', 'missing-allow-origin']);
  });

  it('rejects with a clear error where the CLI exits 2', async () => {
    nodeFs.rmSync(path.join(dir, 'serverless.yml'));
    await expect(api.lint({ paths: [dir] })).rejects.toBeInstanceOf(api.NoConfigError);
    nodeFs.writeFileSync(path.join(dir, 'serverless.yml'), 'service: s\n');
    nodeFs.writeFileSync(path.join(dir, '.cors-lint.json'), '{ "rulez": {} }');
    await expect(api.lint({ paths: [dir] })).rejects.toThrow(/\.cors-lint\.json:1:3: unknown key "rulez"; did you mean "rules"\?/);
  });
});

describe('the packed package', () => {
  it('ships the built API with its types, the settings schema and its compiled validator', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const f of [
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/api.d.ts',
      'schema/cors-lint.schema.json',
      'dist/src/settings/validate.generated.js',
    ]) {
      expect(files).toContain(f);
    }
  });
});
