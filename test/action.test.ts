import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The composite action (action.yml): checked statically against script injection, and its lint step
 * run as GitHub runs a bash step (`bash --noprofile --norc -eo pipefail`), against the built CLI.
 */
const ROOT = path.join(import.meta.dirname, '..');

interface Step {
  name: string;
  id?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  shell?: string;
}

interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(nodeFs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const lintStep = action.runs.steps.find((s) => s.id === 'lint')!;

describe('action.yml', () => {
  it('is a composite action whose scripts contain no expressions', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      if (step.run === undefined) continue;
      expect(step.shell, step.name).toBe('bash');
      // Inputs (or any other expression) spliced into a script would run as code: they go through env.
      expect(step.run, step.name).not.toMatch(/\$\{\{/);
    }
  });

  it('passes every input through env (or as the working directory)', () => {
    const referenced = action.runs.steps.flatMap((s) => [...Object.values(s.env ?? {}), s['working-directory'] ?? '']).join('\n');
    for (const name of Object.keys(action.inputs)) expect(referenced, name).toContain(`\${{ inputs.${name} }}`);
    expect(action.outputs['sarif-file'].value).toBe('${{ steps.lint.outputs.sarif-file }}');
  });
});

describe('action lint step', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) nodeFs.rmSync(d, { recursive: true, force: true });
  });

  /** Runs the step's script in a copy of the example service, with the given inputs (others at their defaults). */
  function runStep(inputs: Record<string, string> = {}) {
    const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-action-')));
    dirs.push(dir);
    nodeFs.cpSync(path.join(ROOT, 'examples', 'products-service'), dir, { recursive: true });
    const value = (name: string) => inputs[name] ?? action.inputs[name].default ?? '';
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: path.join(dir, 'github-output') };
    for (const [key, expr] of Object.entries(lintStep.env!)) env[key] = value(expr.match(/inputs\.([\w-]+)/)![1]);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', lintStep.run!], { cwd: dir, env, encoding: 'utf8' });
    const output = nodeFs.existsSync(env.GITHUB_OUTPUT!) ? nodeFs.readFileSync(env.GITHUB_OUTPUT!, 'utf8') : '';
    return { ...r, dir, output };
  }

  it('annotates the findings, writes the SARIF report and fails on errors', () => {
    const r = runStep();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error file=handler\.js,line=11,/m);
    expect(r.stdout).toContain('✖ 4 problems (3 errors, 1 warning)');
    expect(r.output).toBe('sarif-file=cors-lint.sarif\n');
    const sarif = JSON.parse(nodeFs.readFileSync(path.join(r.dir, 'cors-lint.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(4);
  });

  it('passes args and paths as words, never as code', () => {
    const r = runStep({ args: '--rule missing-allow-origin:off --quiet', paths: 'serverless.yml $(touch injected)', 'sarif-file': '' });
    expect(nodeFs.existsSync(path.join(r.dir, 'injected'))).toBe(false);
    expect(nodeFs.existsSync(path.join(r.dir, 'cors-lint.sarif'))).toBe(false);
    // The options took effect as words: the rule is off and warnings are dropped; the two odd words are
    // paths inside the service, linted with it (as a deleted file from `git diff --name-only` would be).
    expect(r.stdout).not.toContain('missing-allow-origin');
    expect(r.stdout).not.toMatch(/^::warning/m);
    expect(r.stdout).toMatch(/^::error /m);
    expect(r.status).toBe(1);
  });

  it('honours args', () => {
    const r = runStep({ args: '--rule wildcard-origin-with-credentials:off --rule missing-allow-origin:off --quiet', 'sarif-file': '' });
    expect(r.stdout).not.toContain('wildcard-origin-with-credentials');
    expect(r.stdout).not.toContain('::warning');
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
    expect(r.status).toBe(1);
  });
});
