import { describe, expect, it } from 'vitest';
import { header, type HandlerResult } from '../../src/analysis/facts.js';
import { createHandlerAnalyzer, type HandlerInput } from '../../src/analysis/index.js';
import { moduleResolver, providedBy, resolveImport } from '../../src/analysis/modules.js';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';
import { parsePythonHandlerRef } from '../../src/model/handler-ref.js';

const ROOT = '/repo';

/** Where `specifier` imported from `from` leads, as a path or the resolution kind. */
function resolver(files: Record<string, string>) {
  const fs = memoryFileSystem(files);
  return (from: string, specifier: string) => {
    const r = resolveImport(fs, from, specifier, ROOT);
    return r.kind === 'file' ? r.path : r.kind;
  };
}

function analyze(files: Record<string, string>, input: Partial<HandlerInput> & { handler: string }, fs?: FileSystem): HandlerResult {
  return createHandlerAnalyzer(fs ?? memoryFileSystem(files), ROOT).analyze({ serviceDir: '/repo/svc', ...input });
}

/** The file the handler was found in, or the whole result when it was not analysed. */
function handlerFile(r: HandlerResult): string | HandlerResult {
  return r.status === 'analysed' ? r.facts.file : r;
}

const HANDLER = 'export const main = async () => ({ statusCode: 200 });\n';

describe('tsconfig paths and baseUrl', () => {
  it('follows a `paths` alias relative to baseUrl', () => {
    const resolve = resolver({
      '/repo/svc/tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@libs/*": ["src/libs/*"] } } }',
      '/repo/svc/src/libs/cors.ts': '',
    });
    expect(resolve('/repo/svc/src/handlers/h.ts', '@libs/cors')).toBe('/repo/svc/src/libs/cors.ts');
    expect(resolve('/repo/svc/src/handlers/h.ts', '@libs/nope')).toBe('package');
  });

  it('resolves `paths` against the config that sets them when there is no baseUrl', () => {
    const resolve = resolver({
      '/repo/svc/config/tsconfig.base.json': '{ "compilerOptions": { "paths": { "~/*": ["../src/*"] } } }',
      '/repo/svc/tsconfig.json': '{ "extends": "./config/tsconfig.base.json" }',
      '/repo/svc/src/util.ts': '',
    });
    expect(resolve('/repo/svc/h.ts', '~/util')).toBe('/repo/svc/src/util.ts');
  });

  it('reads JSON with comments and trailing commas, through an extends chain, skipping package bases', () => {
    const resolve = resolver({
      '/repo/tsconfig.base.json': `{
        // shared by every service
        "compilerOptions": { "baseUrl": ".", "paths": { "@shared/*": ["shared/*",], }, },
      }`,
      '/repo/svc/tsconfig.json': '{ /* node20 lives in node_modules */ "extends": ["@tsconfig/node20/tsconfig.json", "../tsconfig.base"], }',
      '/repo/shared/cors.js': '',
    });
    expect(resolve('/repo/svc/src/h.ts', '@shared/cors')).toBe('/repo/shared/cors.js');
  });

  it('lets a child config override what it extends, baseUrl re-anchoring inherited paths', () => {
    const resolve = resolver({
      '/repo/tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@x/*": ["lib/*"] } } }',
      '/repo/svc/tsconfig.json': '{ "extends": "../tsconfig.base.json", "compilerOptions": { "baseUrl": "." } }',
      '/repo/lib/a.ts': '',
      '/repo/svc/lib/a.ts': '',
    });
    expect(resolve('/repo/svc/h.ts', '@x/a')).toBe('/repo/svc/lib/a.ts');
  });

  it('prefers an exact key, then the longest prefix, then the next substitution', () => {
    const resolve = resolver({
      '/repo/tsconfig.json': JSON.stringify({
        compilerOptions: { baseUrl: '.', paths: { 'app/*': ['generic/*'], 'app/core/*': ['missing/*', 'core/*'], config: ['cfg/index.ts'] } },
      }),
      '/repo/generic/x.ts': '',
      '/repo/core/x.ts': '',
      '/repo/cfg/index.ts': '',
    });
    expect(resolve('/repo/h.ts', 'app/x')).toBe('/repo/generic/x.ts');
    expect(resolve('/repo/h.ts', 'app/core/x')).toBe('/repo/core/x.ts');
    expect(resolve('/repo/h.ts', 'config')).toBe('/repo/cfg/index.ts');
  });

  it('resolves bare specifiers under baseUrl, and leaves the rest to packages', () => {
    const resolve = resolver({
      '/repo/svc/tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
      '/repo/svc/src/lib/x.ts': '',
    });
    expect(resolve('/repo/svc/src/handlers/h.ts', 'src/lib/x')).toBe('/repo/svc/src/lib/x.ts');
    expect(resolve('/repo/svc/src/handlers/h.ts', '@middy/core')).toBe('package');
    expect(resolve('/repo/svc/src/handlers/h.ts', 'node:path')).toBe('package');
  });

  it('uses the nearest config only, and jsconfig.json like tsconfig.json', () => {
    const resolve = resolver({
      '/repo/tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
      '/repo/svc/jsconfig.json': '{ "compilerOptions": { "paths": { "#lib/*": ["./lib/*"] } } }',
      '/repo/svc/lib/a.js': '',
      '/repo/top.ts': '',
    });
    expect(resolve('/repo/svc/h.js', '#lib/a')).toBe('/repo/svc/lib/a.js');
    expect(resolve('/repo/svc/h.js', 'top')).toBe('package');
    expect(resolve('/repo/x/h.ts', 'top')).toBe('/repo/top.ts');
  });

  it('expands ${configDir} to the directory of the config in use', () => {
    const resolve = resolver({
      '/repo/base/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["${configDir}/src/*"] } } }',
      '/repo/svc/tsconfig.json': '{ "extends": "../base/tsconfig.json" }',
      '/repo/svc/src/a.ts': '',
    });
    expect(resolve('/repo/svc/h.ts', '@/a')).toBe('/repo/svc/src/a.ts');
  });

  it('survives broken, cyclic and escaping configs without inventing aliases', () => {
    const broken = resolver({ '/repo/tsconfig.json': '{ "compilerOptions": { "paths": ', '/repo/a.ts': '' });
    expect(broken('/repo/h.ts', 'a')).toBe('package');
    const cyclic = resolver({
      '/repo/tsconfig.json': '{ "extends": "./b.json", "compilerOptions": { "baseUrl": "." } }',
      '/repo/b.json': '{ "extends": "./tsconfig.json" }',
      '/repo/a.ts': '',
    });
    expect(cyclic('/repo/h.ts', 'a')).toBe('/repo/a.ts');
    const escaping = resolver({ '/repo/tsconfig.json': '{ "compilerOptions": { "paths": { "x": ["../outside/x.ts"] } } }' });
    expect(escaping('/repo/h.ts', 'x')).toBe('outside-root');
    const odd = resolver({ '/repo/tsconfig.json': '{ "extends": 3, "compilerOptions": { "paths": { "x": "not-a-list" }, "baseUrl": 1 } }' });
    expect(odd('/repo/h.ts', 'x')).toBe('package');
  });

  it('follows an alias into the module graph', () => {
    const r = analyze(
      {
        '/repo/svc/tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@libs/*": ["src/libs/*"] } } }',
        '/repo/svc/src/libs/cors.ts': "export const corsHeaders = { 'Access-Control-Allow-Origin': 'https://a.example' };\n",
        '/repo/svc/src/h.ts': "import { corsHeaders } from '@libs/cors';\nexport const main = async () => ({ statusCode: 200, headers: corsHeaders });\n",
      },
      { handler: 'src/h.main' },
    );
    expect(r.status === 'analysed' && header(r.facts.responses[0].headers, 'access-control-allow-origin')).toMatchObject({
      state: 'present',
      entry: { value: { kind: 'literal', value: 'https://a.example' } },
    });
  });
});

describe('relative imports', () => {
  it('gives a required JSON file its value', () => {
    const r = analyze(
      {
        '/repo/svc/cors.json': '{ "headers": { "Access-Control-Allow-Origin": "*" } }',
        '/repo/svc/h.js': "const cors = require('./cors.json');\nexports.main = async () => ({ statusCode: 200, headers: cors.headers });\n",
      },
      { handler: 'h.main' },
    );
    expect(r.status === 'analysed' && header(r.facts.responses[0].headers, 'Access-Control-Allow-Origin')).toMatchObject({
      state: 'present',
      entry: { value: { kind: 'literal', value: '*' } },
    });
  });

  it('maps output extensions to TypeScript sources', () => {
    const resolve = resolver({ '/repo/a.tsx': '', '/repo/b.mts': '', '/repo/c.cts': '' });
    expect(resolve('/repo/h.ts', './a.js')).toBe('/repo/a.tsx');
    expect(resolve('/repo/h.ts', './b.mjs')).toBe('/repo/b.mts');
    expect(resolve('/repo/h.ts', './c.cjs')).toBe('/repo/c.cts');
  });

  it('enters a local folder through its package.json, mapping build output back to source', () => {
    const resolve = resolver({
      '/repo/lib/main/package.json': '{ "main": "lib/entry.js" }',
      '/repo/lib/main/lib/entry.js': '',
      '/repo/lib/exp/package.json': '{ "exports": { ".": { "types": "./dist/index.d.ts", "import": "./dist/index.mjs" } } }',
      '/repo/lib/exp/src/index.mts': '',
      '/repo/lib/dist/package.json': '{ "main": "./dist/index.js" }',
      '/repo/lib/dist/src/index.ts': '',
      '/repo/lib/dist/dist/index.js': '',
      '/repo/lib/types/package.json': '{ "types": "index.d.ts" }',
      '/repo/lib/types/index.d.ts': '',
      '/repo/lib/plain/index.js': '',
      '/repo/lib/bad/package.json': '{ main: nope }',
      '/repo/lib/bad/index.ts': '',
    });
    expect(resolve('/repo/h.js', './lib/main')).toBe('/repo/lib/main/lib/entry.js');
    expect(resolve('/repo/h.js', './lib/exp')).toBe('/repo/lib/exp/src/index.mts');
    expect(resolve('/repo/h.js', './lib/dist')).toBe('/repo/lib/dist/src/index.ts');
    expect(resolve('/repo/h.js', './lib/types')).toBe('missing');
    expect(resolve('/repo/h.js', './lib/plain')).toBe('/repo/lib/plain/index.js');
    expect(resolve('/repo/h.js', './lib/bad')).toBe('/repo/lib/bad/index.ts');
  });
});

describe('workspace packages', () => {
  const monorepo = {
    '/repo/package.json': '{ "private": true, "workspaces": ["packages/*", "services/**", "!packages/legacy"] }',
    '/repo/packages/shared/package.json':
      '{ "name": "@acme/shared", "main": "dist/index.js", "exports": { ".": "./dist/index.js", "./utils": "./dist/utils.js", "./cors/*": "./dist/cors/*.js" } }',
    '/repo/packages/shared/src/index.ts': '',
    '/repo/packages/shared/src/utils.ts': '',
    '/repo/packages/shared/src/cors/strict.ts': '',
    '/repo/packages/compiled/package.json': '{ "name": "compiled", "main": "lib/index.js" }',
    '/repo/packages/compiled/tsconfig.json': '{ "compilerOptions": { "outDir": "lib", "rootDir": "source" } }',
    '/repo/packages/compiled/source/index.ts': '',
    '/repo/packages/plain/package.json': '{ "name": "plain" }',
    '/repo/packages/plain/index.js': '',
    '/repo/packages/plain/extra.js': '',
    '/repo/packages/ghost/package.json': '{ "name": "ghost", "main": "dist/index.js" }',
    '/repo/packages/legacy/package.json': '{ "name": "legacy", "main": "index.js" }',
    '/repo/packages/legacy/index.js': '',
    '/repo/services/api/svc/package.json': '{ "name": "api" }',
    '/repo/services/api/svc/h.ts': '',
  };

  it('finds a package by name and maps its entry back to source', () => {
    const resolve = resolver(monorepo);
    const from = '/repo/services/api/svc/h.ts';
    expect(resolve(from, '@acme/shared')).toBe('/repo/packages/shared/src/index.ts');
    expect(resolve(from, '@acme/shared/utils')).toBe('/repo/packages/shared/src/utils.ts');
    expect(resolve(from, '@acme/shared/cors/strict')).toBe('/repo/packages/shared/src/cors/strict.ts');
    expect(resolve(from, '@acme/shared/internal')).toBe('missing');
    expect(resolve(from, 'compiled')).toBe('/repo/packages/compiled/source/index.ts');
    expect(resolve(from, 'plain')).toBe('/repo/packages/plain/index.js');
    expect(resolve(from, 'plain/extra')).toBe('/repo/packages/plain/extra.js');
  });

  it('leaves unbuilt, excluded and foreign packages unknown or to library models', () => {
    const resolve = resolver(monorepo);
    expect(resolve('/repo/services/api/svc/h.ts', 'ghost')).toBe('missing');
    expect(resolve('/repo/services/api/svc/h.ts', 'legacy')).toBe('package');
    expect(resolve('/repo/services/api/svc/h.ts', '@middy/core')).toBe('package');
  });

  it('reads pnpm-workspace.yaml and yarn’s object form', () => {
    const pnpm = resolver({
      '/repo/pnpm-workspace.yaml': "packages:\n  - 'libs/*'\n",
      '/repo/libs/a/package.json': '{ "name": "a", "source": "src/main.ts", "main": "dist/main.js" }',
      '/repo/libs/a/src/main.ts': '',
    });
    expect(pnpm('/repo/app/h.js', 'a')).toBe('/repo/libs/a/src/main.ts');
    const yarn = resolver({
      '/repo/mono/package.json': '{ "workspaces": { "packages": ["pkg-*"] } }',
      '/repo/mono/pkg-one/package.json': '{ "name": "one", "main": "index.js" }',
      '/repo/mono/pkg-one/index.js': '',
      '/repo/mono/other/package.json': '{ "name": "two" }',
      '/repo/mono/other/index.js': '',
    });
    expect(yarn('/repo/mono/svc/h.js', 'one')).toBe('/repo/mono/pkg-one/index.js');
    expect(yarn('/repo/mono/svc/h.js', 'two')).toBe('package');
    expect(yarn('/repo/elsewhere/h.js', 'one')).toBe('package');
  });

  it('indexes the workspace once however many imports ask', () => {
    const base = memoryFileSystem(monorepo);
    let lists = 0;
    const fs: FileSystem = { ...base, list: (d) => (lists++, base.list(d)) };
    for (const spec of ['@acme/shared', 'compiled', 'plain', 'nope', 'other']) resolveImport(fs, '/repo/services/api/svc/h.ts', spec, ROOT);
    const once = lists;
    resolveImport(fs, '/repo/packages/plain/index.js', 'compiled', ROOT);
    expect(lists).toBe(once);
  });

  it('survives broken workspace declarations', () => {
    const resolve = resolver({
      '/repo/package.json': '{ "workspaces": "packages/*" }',
      '/repo/pnpm-workspace.yaml': 'packages: [unclosed',
      '/repo/packages/a/package.json': '{ "name": "a" }',
      '/repo/packages/a/index.js': '',
    });
    expect(resolve('/repo/h.js', 'a')).toBe('package');
  });
});

describe("the bundler's aliases, package imports and the folder that provides a bare specifier", () => {
  it('reads webpack resolve.alias (key$ exactly) and resolve.modules written with path.resolve/join(__dirname)', () => {
    const resolve = resolver({
      '/repo/svc/webpack.config.js': [
        "const path = require('node:path');",
        'const lib = path.resolve(__dirname, "lib");',
        'module.exports = { entry: compute(), resolve: {',
        "  alias: { '@http': path.resolve(__dirname, 'src/http'), 'cfg$': path.join(__dirname, 'src', 'cfg.js'), 'lodash': 'lodash-es', '@far': '/elsewhere' },",
        "  modules: ['node_modules', lib, path.resolve(process.cwd(), 'x')],",
        '} };',
      ].join('\n'),
      '/repo/svc/src/http/ok.js': '',
      '/repo/svc/src/cfg.js': '',
      '/repo/svc/lib/shared/x.js': '',
    });
    expect(resolve('/repo/svc/h.js', '@http/ok')).toBe('/repo/svc/src/http/ok.js');
    expect(resolve('/repo/svc/deep/h.js', 'cfg')).toBe('/repo/svc/src/cfg.js');
    expect(resolve('/repo/svc/h.js', 'cfg/x')).toBe('package');
    expect(resolve('/repo/svc/h.js', 'shared/x')).toBe('/repo/svc/lib/shared/x.js');
    expect(resolve('/repo/svc/h.js', 'lodash/map')).toBe('package');
    expect(resolve('/repo/svc/h.js', '@far/x')).toBe('package');
    expect(resolve('/repo/other/h.js', '@http/ok')).toBe('package');
  });

  it('reads babel-plugin-module-resolver alias and root from .babelrc and babel.config.js, not its regular expressions', () => {
    const babelrc = resolver({
      '/repo/.babelrc':
        '{ // comments are allowed\n "plugins": ["other", ["module-resolver", { "root": "./src", "alias": { "~": "./src/shared", "^x/(.+)": "./src/\\\\1" } }]] }',
      '/repo/src/shared/json.js': '',
      '/repo/src/models/item.js': '',
      '/repo/src/a.js': '',
    });
    expect(babelrc('/repo/h.js', '~/json')).toBe('/repo/src/shared/json.js');
    expect(babelrc('/repo/h.js', 'models/item')).toBe('/repo/src/models/item.js');
    expect(babelrc('/repo/h.js', 'x/a')).toBe('package');
    const js = resolver({
      '/repo/babel.config.js': "module.exports = { plugins: [['babel-plugin-module-resolver', { alias: { '@lib': './lib' } }]] };",
      '/repo/lib/index.js': '',
    });
    expect(js('/repo/svc/h.js', '@lib')).toBe('/repo/lib/index.js');
  });

  it('reads package.json imports, with conditions and patterns, from the importer’s package', () => {
    const resolve = resolver({
      '/repo/svc/package.json': JSON.stringify({
        imports: { '#lib/*': './lib/*.js', '#cors': { node: './src/cors.ts', default: './dist/cors.js' }, '#dep': 'uuid' },
      }),
      '/repo/svc/lib/a.js': '',
      '/repo/svc/src/cors.ts': '',
    });
    expect(resolve('/repo/svc/h.js', '#lib/a')).toBe('/repo/svc/lib/a.js');
    expect(resolve('/repo/svc/deep/h.ts', '#cors')).toBe('/repo/svc/src/cors.ts');
    expect(resolve('/repo/svc/h.js', '#dep')).toBe('package');
    expect(resolve('/repo/svc/h.js', '#none')).toBe('missing');
  });

  it('reads a bare specifier into a folder from the one folder that provides it, never a package, a built-in or an ambiguous one', () => {
    const files = {
      '/repo/svc/package.json': '{ "dependencies": { "declared": "1" } }',
      '/repo/svc/src/utils/response.js': '',
      '/repo/svc/src/declared/x.js': '',
      '/repo/svc/node_modules/installed/package.json': '{}',
      '/repo/svc/src/installed/x.js': '',
      '/repo/svc/src/fs/promises.js': '',
      '/repo/svc/src/helpers/page.js': '',
      '/repo/svc/scripts/helpers/page.js': '',
      '/repo/svc/dist/utils/response.js': '',
      '/repo/other/lib/only/here.js': '',
      '/repo/svc/src/config.js': '',
    };
    const resolve = resolver(files);
    expect(resolve('/repo/svc/src/handlers/h.js', 'utils/response')).toBe('/repo/svc/src/utils/response.js');
    expect(resolve('/repo/svc/h.js', 'only/here')).toBe('/repo/other/lib/only/here.js');
    for (const specifier of ['declared/x', 'installed/x', 'fs/promises', 'config']) expect(resolve('/repo/svc/h.js', specifier), specifier).toBe('package');
    const fs = memoryFileSystem(files);
    // Two folders provide helpers/page: unknown, and the reason names both.
    const ambiguous = resolveImport(fs, '/repo/svc/h.js', 'helpers/page', ROOT);
    expect(ambiguous).toEqual({ kind: 'ambiguous', folders: ['/repo/svc/scripts/helpers', '/repo/svc/src/helpers'] });
    expect(providedBy(['/repo/svc/scripts/helpers', '/repo/svc/src/helpers'], ROOT)).toBe('provided by two folders (svc/scripts/helpers, svc/src/helpers)');
    expect(providedBy(['/repo/a/x', '/repo/b/x', '/repo/c/x', '/repo/d/x'], ROOT)).toBe('provided by 4 folders (a/x, b/x, c/x, d/x)');
    resolveImport(fs, '/repo/svc/h.js', 'utils/response', ROOT);
    expect(moduleResolver(fs, ROOT).guessed()).toEqual([{ file: '/repo/svc/h.js', specifier: 'utils/response', path: '/repo/svc/src/utils/response.js' }]);
  });
});

describe('handlers that name build output', () => {
  const source = { '/repo/svc/src/handlers/x.ts': HANDLER };

  it('maps a tsconfig outDir back to rootDir', () => {
    const files = { ...source, '/repo/svc/tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }' };
    expect(handlerFile(analyze(files, { handler: 'dist/handlers/x.main' }))).toBe('/repo/svc/src/handlers/x.ts');
  });

  it('infers the root from `include` when rootDir is not set', () => {
    const files = { ...source, '/repo/svc/tsconfig.json': '{ "compilerOptions": { "outDir": "./build" }, "include": ["src/**/*.ts"] }' };
    expect(handlerFile(analyze(files, { handler: 'build/handlers/x.main' }))).toBe('/repo/svc/src/handlers/x.ts');
  });

  it('prefers the source over committed output, which the next build overwrites', () => {
    const files = {
      ...source,
      '/repo/svc/dist/handlers/x.js': HANDLER,
      '/repo/svc/tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
    };
    expect(handlerFile(analyze(files, { handler: 'dist/handlers/x.main' }))).toBe('/repo/svc/src/handlers/x.ts');
  });

  it.each(['.build/src/handlers/x.main', '.esbuild/.build/src/handlers/x.main', '.webpack/service/src/handlers/x.main', '.webpack/myFn/src/handlers/x.main'])(
    'reads %s back to the plugin’s source',
    (handler) => {
      expect(handlerFile(analyze(source, { handler }))).toBe('/repo/svc/src/handlers/x.ts');
    },
  );

  it('lists every path tried when no source exists', () => {
    const files = { '/repo/svc/tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }' };
    const exts = (b: string) => ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].map((e) => b + e);
    expect(analyze(files, { handler: 'dist/h.main', runtime: 'nodejs20.x' })).toEqual({ status: 'not-found', tried: [...exts('src/h'), ...exts('dist/h')] });
    expect(analyze({}, { handler: '.build/h.main', runtime: 'nodejs20.x' })).toEqual({ status: 'not-found', tried: [...exts('h'), ...exts('.build/h')] });
  });
});

describe('Python handlers', () => {
  const py = 'def main(event, context):\n    return {"statusCode": 200}\n';

  it('reads dotted module paths the way the Python runtime does', () => {
    expect(parsePythonHandlerRef('src/handler.hello')).toEqual({ base: 'src/handler', exportName: 'hello', memberPath: [] });
    expect(parsePythonHandlerRef('app.handlers.api.main')).toEqual({ base: 'app/handlers/api', exportName: 'main', memberPath: [] });
    expect(parsePythonHandlerRef('main')).toBeUndefined();
    expect(parsePythonHandlerRef('a..b')).toBeUndefined();
    expect(parsePythonHandlerRef('a.')).toBeUndefined();
  });

  it('analyses modules and packages named by the handler', () => {
    expect(handlerFile(analyze({ '/repo/svc/app/handlers/api.py': py }, { handler: 'app.handlers.api.main', runtime: 'python3.12' }))).toBe(
      '/repo/svc/app/handlers/api.py',
    );
    expect(handlerFile(analyze({ '/repo/svc/pkg/__init__.py': py }, { handler: 'pkg.main', runtime: 'python3.11' }))).toBe('/repo/svc/pkg/__init__.py');
  });

  it('names a missing function relative to the service', () => {
    const r = analyze({ '/repo/svc/src/handler.py': py }, { handler: 'src/handler.other', runtime: 'python3.12' });
    expect(r).toMatchObject({ status: 'not-found', tried: ['src/handler.py'], missingExport: { exportName: 'other' } });
  });

  it('keeps runtimes apart: a Node runtime does not take a .py file', () => {
    expect(analyze({ '/repo/svc/src/handler.py': py }, { handler: 'src/handler.main', runtime: 'nodejs20.x' })).toEqual({
      status: 'not-found',
      tried: ['src/handler.ts', 'src/handler.mts', 'src/handler.cts', 'src/handler.js', 'src/handler.mjs', 'src/handler.cjs'],
    });
  });

  it('refuses services outside the root and names Python cannot import', () => {
    expect(analyze({}, { serviceDir: '/elsewhere', handler: 'x.main', runtime: 'python3.12' })).toEqual({ status: 'outside-root', path: '/elsewhere/x' });
    expect(analyze({}, { handler: '../x.main', runtime: 'python3.12' }).status).toBe('not-analysed');
  });
});
