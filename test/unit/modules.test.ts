import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createHandlerAnalyzer } from '../../src/analysis/index.js';
import { resolveImport } from '../../src/analysis/modules.js';
import { memoryFileSystem } from '../../src/fs.js';

describe('the parser', () => {
  it('is loaded only when a handler needs parsing', () => {
    const require = createRequire(import.meta.url);
    const parser = require.resolve('oxc-parser');
    const analyzer = createHandlerAnalyzer(memoryFileSystem({ '/repo/svc/h.js': 'exports.a = async () => ({});' }), '/repo');
    analyzer.analyze({ serviceDir: '/repo/svc', handler: 'missing.a' });
    analyzer.analyze({ serviceDir: '/repo/svc', handler: 'h.a', runtime: 'go1.x' });
    expect(require.cache[parser]).toBeUndefined();
    expect(analyzer.analyze({ serviceDir: '/repo/svc', handler: 'h.a' }).status).toBe('analysed');
    expect(require.cache[parser]).toBeDefined();
  });

  it('needs no TypeScript compiler: not for the nesting estimate, tsconfig paths or TypeScript handlers', () => {
    const require = createRequire(import.meta.url);
    const files = {
      '/repo/tsconfig.json': '{ /* paths */ "compilerOptions": { "baseUrl": ".", "paths": { "@libs/*": ["libs/*"] }, }, }',
      '/repo/libs/cors.ts': "export const headers: Record<string, string> = { 'Access-Control-Allow-Origin': '*' };",
      '/repo/svc/h.ts': "import { headers } from '@libs/cors';\nexport const a = async (): Promise<object> => ({ statusCode: 200, headers });",
    };
    const result = createHandlerAnalyzer(memoryFileSystem(files), '/repo').analyze({ serviceDir: '/repo/svc', handler: 'h.a' });
    expect(result.status === 'analysed' && result.facts.responses[0].headers.entries['access-control-allow-origin']?.value).toEqual({
      kind: 'literal',
      value: '*',
    });
    expect(require.cache[require.resolve('typescript')]).toBeUndefined();
  });
});

describe('resolveImport', () => {
  const fs = memoryFileSystem({
    '/repo/svc/a.js': '',
    '/repo/svc/b.ts': '',
    '/repo/svc/both.ts': '',
    '/repo/svc/both.js': '',
    '/repo/svc/data.json': '{}',
    '/repo/svc/lib/index.ts': '',
    '/repo/svc/util/index.js': '',
    '/repo/other/x.js': '',
  });
  const resolve = (from: string, spec: string) => resolveImport(fs, from, spec, '/repo');

  it('resolves paths with and without extensions', () => {
    expect(resolve('/repo/svc/h.js', './a.js')).toEqual({ kind: 'file', path: '/repo/svc/a.js' });
    expect(resolve('/repo/svc/h.js', './a')).toEqual({ kind: 'file', path: '/repo/svc/a.js' });
    expect(resolve('/repo/svc/h.js', './b')).toEqual({ kind: 'file', path: '/repo/svc/b.ts' });
    expect(resolve('/repo/svc/h.js', './data.json')).toEqual({ kind: 'file', path: '/repo/svc/data.json' });
    expect(resolve('/repo/svc/h.js', './data')).toEqual({ kind: 'file', path: '/repo/svc/data.json' });
    expect(resolve('/repo/svc/lib/x.ts', '../a')).toEqual({ kind: 'file', path: '/repo/svc/a.js' });
  });

  it('maps a .js specifier to its TypeScript source', () => {
    expect(resolve('/repo/svc/h.ts', './b.js')).toEqual({ kind: 'file', path: '/repo/svc/b.ts' });
    expect(resolve('/repo/svc/h.js', './b.js')).toEqual({ kind: 'file', path: '/repo/svc/b.ts' });
  });

  it("stays on the importer's side of a source/output pair", () => {
    expect(resolve('/repo/svc/h.ts', './both.js')).toEqual({ kind: 'file', path: '/repo/svc/both.ts' });
    expect(resolve('/repo/svc/h.ts', './both')).toEqual({ kind: 'file', path: '/repo/svc/both.ts' });
    expect(resolve('/repo/svc/h.js', './both.js')).toEqual({ kind: 'file', path: '/repo/svc/both.js' });
    expect(resolve('/repo/svc/h.js', './both')).toEqual({ kind: 'file', path: '/repo/svc/both.js' });
  });

  it('finds index files of directories', () => {
    expect(resolve('/repo/svc/h.ts', './lib')).toEqual({ kind: 'file', path: '/repo/svc/lib/index.ts' });
    expect(resolve('/repo/svc/h.js', './util')).toEqual({ kind: 'file', path: '/repo/svc/util/index.js' });
  });

  it('leaves packages to library models and stays inside the root', () => {
    expect(resolve('/repo/svc/h.js', '@middy/core')).toEqual({ kind: 'package', specifier: '@middy/core' });
    expect(resolve('/repo/svc/h.js', 'node:fs')).toEqual({ kind: 'package', specifier: 'node:fs' });
    expect(resolve('/repo/svc/h.js', '../other/x')).toEqual({ kind: 'file', path: '/repo/other/x.js' });
    expect(resolve('/repo/svc/h.js', '../../etc/passwd')).toEqual({ kind: 'outside-root', path: '/etc/passwd' });
    expect(resolve('/repo/svc/h.js', './nope')).toEqual({ kind: 'missing' });
  });
});
