import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import { formatCompact } from '../../src/format/compact.js';
import { formatJson } from '../../src/format/json.js';
import { formatStylish } from '../../src/format/stylish.js';
import { memoryFileSystem } from '../../src/fs.js';
import type { RunReport } from '../../src/results.js';
import { run } from '../../src/run.js';
import { rules } from '../../rules/index.js';
import { CLI } from './cli.js';

/** Helpers for the hostile-input tests: projects in memory or on disk, the three formats, the built CLI. */

export { CLI };

/** A service whose one function `api` has a CORS-enabled GET /api event, with `extra` appended. */
export function serviceYaml(extra = '', handler = 'handler.main'): string {
  return `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  api:
    handler: ${handler}
    events:
      - http:
          path: api
          method: get
          cors: true
${extra}`;
}

/** Runs the linter in memory over files keyed by path below /repo. */
export function runMemory(files: Record<string, string>, fix = false): RunReport {
  const fs = memoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/repo/${p}`, t])));
  return run({ ruleSet: rules, paths: ['/repo'], fs, fix, env: {} });
}

/** The report in the three formats. */
export function formats(report: RunReport, cwd = '/repo'): { stylish: string; json: string; compact: string } {
  return {
    stylish: formatStylish(report, { cwd, verbose: true, diff: false }),
    json: formatJson(report),
    compact: formatCompact(report, cwd),
  };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) {
    // Read-only files and folders made by a test must not stop the clean-up.
    spawnSync('chmod', ['-R', 'u+rwX', dir]);
    nodeFs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A git repository on disk holding `files` (text, or bytes); removed after the test file. */
export function diskRepo(files: Record<string, string | Buffer>): string {
  const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-hostile-')));
  made.push(dir);
  nodeFs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    nodeFs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    nodeFs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** Runs the built CLI in `cwd` (a generous timeout only guards against hangs). */
export function cli(cwd: string, args: string[], nodeArgs: string[] = [], bin = CLI): { stdout: string; stderr: string; status: number | null } {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Makes a FIFO (named pipe): reading one without a writer blocks forever. */
export function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr.toString()}`);
}
