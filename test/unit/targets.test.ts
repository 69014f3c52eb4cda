import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import { resolveTargets } from '../../src/targets.js';

const fs = memoryFileSystem({
  '/outer/serverless.yml': 'service: outside-the-repo',
  '/outer/repo/.git/HEAD': 'ref',
  '/outer/repo/README.md': '# repo',
  '/outer/repo/.cors-lint.json': '{}',
  '/outer/repo/libs/cors.js': '',
  '/outer/repo/services/a/serverless.yml': 'service: a',
  '/outer/repo/services/a/src/deep/handler.ts': '',
  '/outer/repo/services/a/nested/serverless.yaml': 'service: nested',
  '/outer/repo/services/a/nested/h.js': '',
  '/outer/repo/services/b/serverless.json': '{}',
});
const R = '/outer/repo';
const configs = (...paths: string[]) => resolveTargets(fs, paths).services.map((s) => s.configFile.replace(`${R}/`, ''));

describe('resolveTargets: which services the given paths name', () => {
  it('a handler file, or any file of a service, names the nearest service above it', () => {
    expect(configs(`${R}/services/a/src/deep/handler.ts`)).toEqual(['services/a/serverless.yml']);
    expect(configs(`${R}/services/a/nested/h.js`)).toEqual(['services/a/nested/serverless.yaml']);
  });

  it('a folder inside a service names that service; a folder holding services names all of them', () => {
    expect(configs(`${R}/services/a/src`)).toEqual(['services/a/serverless.yml']);
    expect(configs(`${R}/services`)).toEqual(['services/a/serverless.yml', 'services/a/nested/serverless.yaml', 'services/b/serverless.json']);
  });

  it('each service once, whatever number of its files are given (git diff --name-only)', () => {
    expect(configs(`${R}/services/b/serverless.json`, `${R}/services/a/src/deep/handler.ts`, `${R}/services/a/serverless.yml`)).toEqual([
      'services/b/serverless.json',
      'services/a/serverless.yml',
    ]);
  });

  it('a deleted file names its service; files of no service are notes, never services outside the repository', () => {
    const t = resolveTargets(fs, [`${R}/services/b/gone.js`, `${R}/README.md`, `${R}/libs/cors.js`, `${R}/libs/removed.js`]);
    expect(t.services.map((s) => s.configFile)).toEqual([`${R}/services/b/serverless.json`]);
    expect(t.services[0].repoRoot).toBe(R);
    expect(t.notes.map((n) => n.path)).toEqual([`${R}/README.md`, `${R}/libs/cors.js`, `${R}/libs/removed.js`]);
    expect(t.empty).toEqual([]);
  });

  it('a settings file names every service below its folder; an empty folder is reported as empty', () => {
    expect(configs(`${R}/.cors-lint.json`)).toHaveLength(3);
    expect(resolveTargets(fs, [`${R}/libs`]).empty).toEqual([`${R}/libs`]);
  });
});

describe('the repository root without git', () => {
  const roots = (files: Record<string, string>, paths: string[], choice: { cwd?: string; root?: string } = {}) =>
    resolveTargets(memoryFileSystem(files), paths, choice).services.map((s) => s.repoRoot);
  const service = { '/x/mono/services/api/serverless.yml': 'service: api', '/x/mono/services/api/package.json': '{ "name": "api" }' };

  it('is the nearest folder marking a repository or workspace, never the service folder below it', () => {
    const markers: Record<string, string>[] = [
      { '/x/mono/package.json': '{ "workspaces": ["services/*"] }' },
      { '/x/mono/pnpm-workspace.yaml': 'packages: []' },
      { '/x/mono/lerna.json': '{}' },
      { '/x/mono/nx.json': '{}' },
      { '/x/mono/serverless-compose.yml': 'services: {}' },
    ];
    for (const marker of markers)
      expect(roots({ ...service, ...marker }, ['/x/mono/services/api'], { cwd: '/elsewhere' }), Object.keys(marker)[0]).toEqual(['/x/mono']);
    // A package.json without `workspaces` marks nothing.
    expect(roots({ ...service, '/x/mono/package.json': '{ "name": "mono" }' }, ['/x/mono/services/api'], { cwd: '/elsewhere' })).toEqual([
      '/x/mono/services/api',
    ]);
  });

  it('else the working folder when it holds every linted path, else the folder named; --root wins', () => {
    expect(roots(service, ['/x/mono/services/api'], { cwd: '/x/mono' })).toEqual(['/x/mono']);
    expect(roots(service, ['/x/mono/services/api', '/y'], { cwd: '/x/mono' })).toEqual(['/x/mono/services/api']);
    expect(roots(service, ['/x/mono/services/api/serverless.yml'], { cwd: '/elsewhere' })).toEqual(['/x/mono/services/api']);
    expect(roots({ ...service, '/x/mono/nx.json': '{}' }, ['/x/mono/services/api'], { cwd: '/x', root: '/x/mono/services' })).toEqual(['/x/mono/services']);
  });

  it("bounds the search for a file's service, as git does", () => {
    const files = {
      '/x/serverless.yml': 'service: above-the-root',
      '/x/mono/package.json': '{ "workspaces": ["packages/*"] }',
      '/x/mono/scripts/build.js': '',
      '/x/mono/packages/api/serverless.yml': 'service: api',
      '/x/mono/packages/api/src/handler.js': '',
    };
    const targets = (paths: string[], choice: { cwd?: string; root?: string }) => resolveTargets(memoryFileSystem(files), paths, choice);
    const handler = targets(['/x/mono/packages/api/src/handler.js'], { cwd: '/x/mono' });
    expect(handler.services).toEqual([{ configFile: '/x/mono/packages/api/serverless.yml', repoRoot: '/x/mono' }]);
    // A file of the workspace that no service owns never belongs to the service above the workspace.
    const script = targets(['/x/mono/scripts/build.js'], { cwd: '/x/mono' });
    expect(script.services).toEqual([]);
    expect(script.notes.map((n) => n.path)).toEqual(['/x/mono/scripts/build.js']);
    // --root bounds it the same way, workspace or not.
    expect(targets(['/x/mono/scripts/build.js'], { cwd: '/x', root: '/x/mono/scripts' }).services).toEqual([]);
    expect(targets(['/x/mono/packages/api/src/handler.js'], { cwd: '/x', root: '/x/mono/packages/api/src' }).services).toEqual([]);
  });

  it('with nothing marking the repository, a file still names the service above its folder', () => {
    const files = { '/x/svc/serverless.yml': 'service: svc', '/x/svc/src/handler.js': '' };
    for (const cwd of ['/x/svc/src', '/elsewhere'])
      expect(
        resolveTargets(memoryFileSystem(files), ['/x/svc/src/handler.js'], { cwd }).services.map((s) => s.configFile),
        cwd,
      ).toEqual(['/x/svc/serverless.yml']);
  });

  it('a git top-level comes first', () => {
    expect(roots({ ...service, '/x/mono/nx.json': '{}', '/x/mono/services/.git': 'gitdir: elsewhere' }, ['/x/mono/services/api'], { cwd: '/x' })).toEqual([
      '/x/mono/services',
    ]);
  });
});
