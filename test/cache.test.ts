import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from './support/cli.js';
import { run } from './support/process.js';

/**
 * `--cache` (README "Cache"), through the built CLI: a second run gives the same report; a stored
 * finding is what a hit prints (the cache is tampered with to tell a hit from a lint); anything the
 * service's findings depend on (a helper shared from outside the service, an option) invalidates it.
 */
const HELPER_WITH_CORS = `exports.respond = (body) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(body) });\n`;
const HELPER_WITHOUT_CORS = `exports.respond = (body) => ({ statusCode: 200, headers: {}, body: JSON.stringify(body) });\n`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) nodeFs.rmSync(d, { recursive: true, force: true });
});

/** A repository with two services whose handlers share `libs/respond.js`. */
function repository(): string {
  const dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-cache-'));
  dirs.push(dir);
  const write = (rel: string, text: string) => {
    nodeFs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    nodeFs.writeFileSync(path.join(dir, rel), text);
  };
  nodeFs.mkdirSync(path.join(dir, '.git'));
  write('libs/respond.js', HELPER_WITH_CORS);
  for (const name of ['orders', 'users']) {
    write(
      `services/${name}/serverless.yml`,
      `service: ${name}\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  list:\n    handler: handler.list\n    events:\n      - http:\n          path: ${name}\n          method: get\n          cors: true\n`,
    );
    write(`services/${name}/handler.js`, `const { respond } = require('../../libs/respond');\nexports.list = async () => respond([]);\n`);
  }
  return dir;
}

function lint(dir: string, ...args: string[]) {
  const r = run(dir, process.execPath, [CLI, '-f', 'compact', '.', ...args]);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Replaces every stored finding's message: a run that prints it used the cache. */
function tamper(cacheFile: string): void {
  const text = nodeFs.readFileSync(cacheFile, 'utf8');
  const tampered = text.replace(/"message":"[^"]*"/g, '"message":"FROM THE CACHE"');
  expect(tampered).not.toBe(text);
  nodeFs.writeFileSync(cacheFile, tampered);
}

describe('--cache', () => {
  it('a second run prints the same report, from the cache', () => {
    const dir = repository();
    nodeFs.writeFileSync(path.join(dir, 'libs/respond.js'), HELPER_WITHOUT_CORS);
    const uncached = lint(dir);
    expect(uncached.stdout).toContain('[missing-allow-origin]');
    expect(lint(dir, '--cache')).toEqual(uncached);
    const cacheFile = path.join(dir, '.cors-lint-cache');
    expect(nodeFs.existsSync(cacheFile)).toBe(true);
    expect(lint(dir, '--cache')).toEqual(uncached);
    tamper(cacheFile);
    const hit = lint(dir, '--cache');
    expect(hit.stdout).toContain('FROM THE CACHE');
    expect(hit.stdout.match(/FROM THE CACHE/g)).toHaveLength(uncached.stdout.match(/\[missing-allow-origin\]/g)!.length);
  });

  it('editing a helper the handlers reach, outside the services, lints them again', () => {
    const dir = repository();
    const cacheFile = path.join(dir, 'lint.cache');
    expect(lint(dir, '--cache', '--cache-location', cacheFile).stdout).toBe('');
    nodeFs.writeFileSync(path.join(dir, 'libs/respond.js'), HELPER_WITHOUT_CORS);
    const edited = lint(dir, '--cache', '--cache-location', cacheFile);
    expect(edited).toEqual(lint(dir));
    expect(edited.stdout.match(/\[missing-allow-origin\]/g)).toHaveLength(2);
  });

  it('a service whose own files changed is linted again, the other comes from the cache', () => {
    const dir = repository();
    nodeFs.writeFileSync(path.join(dir, 'libs/respond.js'), HELPER_WITHOUT_CORS);
    lint(dir, '--cache');
    tamper(path.join(dir, '.cors-lint-cache'));
    const handler = path.join(dir, 'services/users/handler.js');
    nodeFs.writeFileSync(handler, `${nodeFs.readFileSync(handler, 'utf8')}// edited\n`);
    const lines = lint(dir, '--cache').stdout.trim().split('\n');
    expect(lines.filter((l) => l.includes('services/orders/') && l.includes('FROM THE CACHE'))).toHaveLength(1);
    const users = lines.filter((l) => l.includes('services/users/'));
    expect(users).toHaveLength(1);
    expect(users[0]).toContain('[missing-allow-origin]');
    expect(users[0]).not.toContain('FROM THE CACHE');
  });

  it('other options do not use what another run stored', () => {
    const dir = repository();
    nodeFs.writeFileSync(path.join(dir, 'libs/respond.js'), HELPER_WITHOUT_CORS);
    lint(dir, '--cache');
    tamper(path.join(dir, '.cors-lint-cache'));
    const other = lint(dir, '--cache', '--rule', 'missing-allow-origin:warn');
    expect(other.stdout).not.toContain('FROM THE CACHE');
    expect(other).toEqual(lint(dir, '--rule', 'missing-allow-origin:warn'));
  });

  it('a corrupt cache file is ignored and written anew', () => {
    const dir = repository();
    nodeFs.writeFileSync(path.join(dir, 'libs/respond.js'), HELPER_WITHOUT_CORS);
    const expected = lint(dir);
    const cacheFile = path.join(dir, '.cors-lint-cache');
    for (const corrupt of ['{"key":', 'null', '{"key":"x","entries":{"a":1}}', '\u0000\u0001']) {
      nodeFs.writeFileSync(cacheFile, corrupt);
      expect(lint(dir, '--cache')).toEqual(expected);
      expect(lint(dir, '--cache')).toEqual(expected);
    }
    // A valid file whose entries are of the wrong shape: each entry is a miss.
    const stored = JSON.parse(nodeFs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
    for (const key of Object.keys(stored.entries)) stored.entries[key] = { queries: 'nonsense', env: {}, part: {} };
    nodeFs.writeFileSync(cacheFile, JSON.stringify(stored));
    expect(lint(dir, '--cache')).toEqual(expected);
  });

  it('an environment variable the config reads is part of the key', () => {
    const dir = repository();
    const config = path.join(dir, 'services/orders/serverless.yml');
    nodeFs.writeFileSync(config, nodeFs.readFileSync(config, 'utf8').replace('cors: true', 'cors: ${env:ORDERS_CORS}'));
    const withEnv = (value: string) => {
      const r = run(dir, process.execPath, [CLI, '-f', 'compact', '.', '--cache'], { ...process.env, ORDERS_CORS: value });
      return r.stdout;
    };
    nodeFs.writeFileSync(path.join(dir, 'libs/respond.js'), HELPER_WITHOUT_CORS);
    const on = withEnv('true');
    expect(on).toContain('services/orders/');
    expect(withEnv('false')).not.toContain('services/orders/');
    expect(withEnv('true')).toBe(on);
  });
});
