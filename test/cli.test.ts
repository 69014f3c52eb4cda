import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './support/cli.js';
import { run, testEnv } from './support/process.js';

/**
 * CLI end-to-end scenarios (Spectral-style): each test/scenarios/*.txt holds `=== file PATH` sections
 * (the project), `=== command`, the expected `=== stdout`, `=== status`, optionally `=== stderr`
 * (a substring), `=== env` (KEY=VALUE lines added to the environment) and `=== file-after PATH` (a
 * file's text after the command). `<dir>` in expectations
 * stands for the scenario's temporary folder. The CLI under test is the built one (npm test builds it).
 */
const SCENARIOS = path.join(import.meta.dirname, 'scenarios');

interface Scenario {
  files: Record<string, string>;
  after: Record<string, string>;
  command: string;
  stdout: string;
  stderr?: string;
  status: number;
  env: Record<string, string>;
}

function parseScenario(text: string): Scenario {
  const s: Scenario = { files: {}, after: {}, command: '', stdout: '', status: 0, env: {} };
  for (const part of text.split(/^=== /m).slice(1)) {
    const nl = part.indexOf('\n');
    const [kind, arg] = part.slice(0, nl).trim().split(/\s+/, 2);
    const body = part.slice(nl + 1);
    if (kind === 'file') s.files[arg] = body;
    else if (kind === 'file-after') s.after[arg] = body;
    else if (kind === 'command') s.command = body.trim();
    else if (kind === 'env')
      s.env = Object.fromEntries(
        body
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    else if (kind === 'stdout') s.stdout = body;
    else if (kind === 'stderr') s.stderr = body.trim();
    else if (kind === 'status') s.status = Number(body.trim());
    else throw new Error(`unknown section ${kind}`);
  }
  return s;
}

function serialize(s: Scenario): string {
  const parts = Object.entries(s.files).map(([p, t]) => `=== file ${p}\n${t}`);
  const env = Object.entries(s.env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
  if (env) parts.push(`=== env\n${env}`);
  parts.push(`=== command\n${s.command}\n`, `=== stdout\n${s.stdout}`);
  if (s.stderr !== undefined) parts.push(`=== stderr\n${s.stderr}\n`);
  parts.push(`=== status\n${s.status}\n`);
  parts.push(...Object.entries(s.after).map(([p, t]) => `=== file-after ${p}\n${t}`));
  return parts.join('');
}

describe('cli scenarios', () => {
  for (const name of nodeFs
    .readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    it(name, () => {
      const s = parseScenario(nodeFs.readFileSync(path.join(SCENARIOS, name), 'utf8'));
      const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-scenario-')));
      try {
        for (const [rel, text] of Object.entries(s.files)) {
          nodeFs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          nodeFs.writeFileSync(path.join(dir, rel), text);
        }
        const [bin, ...args] = s.command.split(/\s+/);
        expect(bin).toBe('cors-lint');
        const r = run(dir, process.execPath, [CLI, ...args], testEnv(s.env));
        const norm = (t: string) => t.split(dir).join('<dir>');
        if (process.env.UPDATE === '1') {
          s.stdout = norm(r.stdout);
          s.status = r.status ?? -1;
          for (const rel of Object.keys(s.after)) s.after[rel] = nodeFs.readFileSync(path.join(dir, rel), 'utf8');
          nodeFs.writeFileSync(path.join(SCENARIOS, name), serialize(s));
        }
        expect(norm(r.stdout)).toBe(s.stdout);
        if (s.stderr !== undefined) expect(norm(r.stderr)).toContain(s.stderr);
        expect(r.status, r.stderr).toBe(s.status);
        for (const [rel, text] of Object.entries(s.after)) expect(nodeFs.readFileSync(path.join(dir, rel), 'utf8'), rel).toBe(text);
      } finally {
        nodeFs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
