import { describe, expect, it } from 'vitest';
import { createHandlerAnalyzer, type HandlerInput } from '../../src/analysis/index.js';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';
import { parseHandlerRef, runtimeFamily } from '../../src/model/handler-ref.js';

describe('parseHandlerRef', () => {
  it('splits the module path from the export name', () => {
    expect(parseHandlerRef('src/api.hello')).toEqual({ base: 'src/api', exportName: 'hello', memberPath: [] });
    expect(parseHandlerRef('handler.default')).toEqual({ base: 'handler', exportName: 'default', memberPath: [] });
    expect(parseHandlerRef('./src/api.hello')).toEqual({ base: './src/api', exportName: 'hello', memberPath: [] });
  });

  it('cuts the last segment at its first dot, as the Lambda runtime does', () => {
    expect(parseHandlerRef('src/index.handlers.hello')).toEqual({ base: 'src/index', exportName: 'handlers', memberPath: ['hello'] });
    expect(parseHandlerRef('a.b/c.d')).toEqual({ base: 'a.b/c', exportName: 'd', memberPath: [] });
  });

  it('rejects strings without an export name', () => {
    expect(parseHandlerRef('handler')).toBeUndefined();
    expect(parseHandlerRef('src/handler.')).toBeUndefined();
    expect(parseHandlerRef('src/.hello')).toBeUndefined();
    expect(parseHandlerRef('a.b..c')).toBeUndefined();
  });
});

describe('runtimeFamily', () => {
  it('groups runtimes', () => {
    expect(runtimeFamily(undefined)).toBe('node');
    expect(runtimeFamily('nodejs20.x')).toBe('node');
    expect(runtimeFamily('python3.12')).toBe('python');
    for (const r of ['go1.x', 'provided.al2', 'java21', 'dotnet8', 'ruby3.3']) expect(runtimeFamily(r)).toBe('other');
  });
});

describe('handler resolution', () => {
  const analyze = (files: Record<string, string>, input: Partial<HandlerInput> & { handler: string }, fs?: FileSystem) =>
    createHandlerAnalyzer(fs ?? memoryFileSystem(files), '/repo').analyze({ serviceDir: '/repo/svc', ...input });
  const ok = 'export const hello = async () => ({ statusCode: 200 });\n';

  it('prefers the TypeScript source when compiled output sits next to it', () => {
    const r = analyze({ '/repo/svc/src/api.ts': ok, '/repo/svc/src/api.js': ok }, { handler: 'src/api.hello' });
    expect(r.status === 'analysed' && r.facts.file).toBe('/repo/svc/src/api.ts');
  });

  it('finds .mjs and .cjs handlers', () => {
    const r = analyze({ '/repo/svc/h.cjs': 'exports.hello = async () => ({ statusCode: 200 });' }, { handler: 'h.hello' });
    expect(r.status === 'analysed' && r.facts.file).toBe('/repo/svc/h.cjs');
  });

  it('reports every path tried for a missing file, relative to the service', () => {
    expect(analyze({}, { handler: 'src/api.hello' })).toEqual({
      status: 'not-found',
      // No runtime: a Python module would have been taken too.
      tried: ['src/api.ts', 'src/api.mts', 'src/api.cts', 'src/api.js', 'src/api.mjs', 'src/api.cjs', 'src/api.py', 'src/api/__init__.py'],
    });
  });

  it('reports a missing export with the file that was found', () => {
    expect(analyze({ '/repo/svc/h.js': 'exports.other = async () => {};' }, { handler: 'h.hello' })).toEqual({
      status: 'not-found',
      tried: ['h.js'],
      missingExport: { file: '/repo/svc/h.js', exportName: 'hello' },
    });
    const nested = analyze({ '/repo/svc/h.js': 'exports.routes = { a: async () => {} };' }, { handler: 'h.routes.b' });
    expect(nested.status === 'not-found' && nested.missingExport?.exportName).toBe('routes.b');
  });

  it('follows a nested member path', () => {
    const r = analyze({ '/repo/svc/h.js': 'exports.routes = { a: async () => ({ statusCode: 201 }) };' }, { handler: 'h.routes.a' });
    expect(r.status === 'analysed' && r.facts.responses.map((f) => f.statusCode)).toEqual([201]);
  });

  it('refuses handler paths that leave the repository', () => {
    expect(analyze({ '/elsewhere/h.js': ok }, { handler: '../../elsewhere/h.hello' })).toEqual({ status: 'outside-root', path: '/elsewhere/h' });
  });

  it('hands Python modules to the Python analyzer, and reports a missing one', () => {
    const py = { '/repo/svc/h.py': 'def hello(event, context):\n    return {}\n' };
    const analysed = analyze(py, { handler: 'h.hello', runtime: 'python3.12' });
    expect(analysed.status === 'analysed' && analysed.facts.file).toBe('/repo/svc/h.py');
    expect(analyze(py, { handler: 'h.hello' }).status).toBe('analysed');
    expect(analyze({}, { handler: 'h.hello', runtime: 'python3.12' })).toEqual({ status: 'not-found', tried: ['h.py', 'h/__init__.py'] });
  });

  it('does not analyse other runtimes or container images', () => {
    expect(analyze({}, { handler: 'bootstrap', runtime: 'go1.x' })).toEqual({ status: 'not-analysed', reason: 'the go1.x runtime is not analysed' });
    expect(analyze({}, { handler: 'x.y', runtime: 'provided.al2' }).status).toBe('not-analysed');
    expect(analyze({}, { handler: 'x.y', image: true }).status).toBe('not-analysed');
    expect(analyze({}, { handler: 'nodot' })).toEqual({ status: 'not-analysed', reason: 'handler "nodot" does not have the form file.export' });
  });

  it('reports a syntax error at its offset', () => {
    const text = 'exports.hello = async () => {\n  return { statusCode: 200,, };\n};\n';
    const r = analyze({ '/repo/svc/h.js': text }, { handler: 'h.hello' });
    expect(r.status).toBe('parse-error');
    if (r.status !== 'parse-error') return;
    expect(r.span.file).toBe('/repo/svc/h.js');
    expect(r.span.start).toBe(text.indexOf(',,') + 1);
    expect(r.message).toMatch(/expected/i);
  });

  it('reads each file once per run and memoises results', () => {
    const files = new Map([
      ['/repo/svc/h.js', "const { cors } = require('./cors');\nexports.a = async () => ({ headers: cors });\nexports.b = async () => ({ headers: cors });\n"],
      ['/repo/svc/cors.js', "exports.cors = { 'Access-Control-Allow-Origin': '*' };\n"],
    ]);
    const base = memoryFileSystem(files);
    const reads = new Map<string, number>();
    const counting: FileSystem = { ...base, read: (f) => (reads.set(f, (reads.get(f) ?? 0) + 1), base.read(f)) };
    const analyzer = createHandlerAnalyzer(counting, '/repo');
    const a = analyzer.analyze({ serviceDir: '/repo/svc', handler: 'h.a' });
    analyzer.analyze({ serviceDir: '/repo/svc', handler: 'h.b' });
    expect(analyzer.analyze({ serviceDir: '/repo/svc', handler: 'h.a' })).toBe(a);
    expect(Object.fromEntries(reads)).toEqual({ '/repo/svc/h.js': 1, '/repo/svc/cors.js': 1 });
  });
});
