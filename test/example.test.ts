import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './support/cli.js';

/** The README's quick start: the bundled example shows the three seed defects, and --fix repairs the config. */
const ROOT = path.join(import.meta.dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'products-service');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  const findings = r.stdout.split('\n').filter(Boolean);
  return { status: r.status, findings, rules: findings.map((l) => l.match(/\[([a-z0-9-]+)\]$/)?.[1]) };
}

describe('examples/products-service', () => {
  it('reports the three seed findings', () => {
    const { status, rules } = cli(['-f', 'compact', EXAMPLE], ROOT);
    expect(status).toBe(1);
    for (const id of ['wildcard-origin-with-credentials', 'missing-allow-origin', 'authorizer-missing-gateway-responses']) {
      expect(rules, id).toContain(id);
    }
  });

  it('--fix adds the gateway response, keeps every line and comment, and the rule is then quiet', () => {
    const dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-example-'));
    try {
      nodeFs.cpSync(EXAMPLE, dir, { recursive: true });
      const before = nodeFs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8');
      cli(['--fix', '.'], dir);
      const after = nodeFs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8');
      expect(after).toContain('GatewayResponseDefault4XX:');
      expect(after.startsWith(before)).toBe(true);
      expect(nodeFs.readFileSync(path.join(dir, 'handler.js'), 'utf8')).toBe(nodeFs.readFileSync(path.join(EXAMPLE, 'handler.js'), 'utf8'));
      const again = cli(['-f', 'compact', '.'], dir);
      expect(again.rules).not.toContain('authorizer-missing-gateway-responses');
      cli(['--fix', '.'], dir);
      expect(nodeFs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8')).toBe(after);
    } finally {
      nodeFs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
