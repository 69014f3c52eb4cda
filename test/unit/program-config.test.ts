import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { diskFileSystem, memoryFileSystem } from '../../src/fs.js';
import { loadProgramConfig } from '../../src/program-config/load.js';
import { readProgramConfig } from '../../src/program-config/static.js';
import { mergeStages } from '../../src/stages.js';
import { plain } from '../support/config-view.js';

const read = (files: Record<string, string>, file = '/r/serverless.ts') => readProgramConfig(memoryFileSystem(files), file, '/r');
const data = (files: Record<string, string>, file?: string) => {
  const r = read(files, file);
  if (!r.ok) throw new Error(r.reason);
  return { value: plain(r.value), complete: r.complete };
};

describe('program configs read statically', () => {
  it('every way of exporting an object literal', () => {
    for (const text of [
      "export default { service: 'a' };",
      "module.exports = { service: 'a' };",
      "const config: AWS = { service: 'a' } satisfies AWS;\nexport = config;",
      "const config = { service: 'a' } as const;\nmodule.exports = config;",
    ]) {
      expect(data({ '/r/serverless.ts': text }).value, text).toEqual({ service: 'a' });
    }
  });

  it('follows constants, spreads, member reads, templates and local imports (default, named, re-exported, required)', () => {
    const files = {
      '/r/serverless.mjs': [
        "import base, { region } from './base.mjs';",
        "import { list } from './functions/index.mjs';",
        "const shared = require('./shared.cjs');",
        "const stage = '${opt:stage}';",
        'export default {',
        '  ...base,',
        "  provider: { ...base.provider, region, stage, 'timeout': -3 },",
        '  functions: { list, ping: shared.ping },',
        '  custom: { url: `https://${region}.example.com`, nothing: undefined, items: [1, , ...[2]] },',
        '};',
      ].join('\n'),
      '/r/base.mjs': "export const region = 'eu-west-1';\nexport default { service: 'svc', provider: { name: 'aws' } };",
      '/r/functions/index.mjs': "export { default as list } from './list.mjs';",
      '/r/functions/list.mjs': "export default { handler: 'src/list.handler' };",
      '/r/shared.cjs': "module.exports = { ping: { handler: 'ping.handler' } };",
    };
    expect(data(files, '/r/serverless.mjs')).toEqual({
      value: {
        service: 'svc',
        provider: { name: 'aws', region: 'eu-west-1', stage: '${opt:stage}', timeout: -3 },
        functions: { list: { handler: 'src/list.handler' }, ping: { handler: 'ping.handler' } },
        custom: { url: 'https://eu-west-1.example.com', items: [1, null, 2] },
      },
      complete: true,
    });
  });

  it('values computed when the config runs are unknown, and the rest stays known', () => {
    const text =
      "import { x } from 'some-package';\nmodule.exports = { service: 'a', provider: { stage: process.env.STAGE, role: x, get y() { return 1; } }, functions: { ...load() } };";
    expect(data({ '/r/serverless.js': text }, '/r/serverless.js')).toEqual({
      value: {
        service: 'a',
        provider: {
          stage: { unknown: 'a property of a value that cannot be known' },
          role: { unknown: "x comes from 'some-package', a package, which is not read" },
          y: { unknown: 'a method or accessor' },
        },
        functions: { unknown: 'an object spreads a value that cannot be known' },
      },
      complete: false,
    });
  });

  it('says why an imported name is unknown: a package, a missing file, a file outside the root, a name not exported, two folders providing it', () => {
    const text = [
      "import { a } from './missing';",
      "import { b } from '../outside';",
      "import { c, e } from './computed';",
      "import { f } from 'helpers/page';",
      'export default { a, b, c, d, e, f };',
    ].join('\n');
    const files = {
      '/r/serverless.ts': text,
      '/r/computed.ts': 'export const c = Date.now();',
      '/outside.ts': 'export const b = 1;',
      '/r/src/helpers/page.ts': 'export const f = 1;',
      '/r/lib/helpers/page.ts': 'export const f = 2;',
    };
    expect(data(files).value).toEqual({
      a: { unknown: "a comes from './missing', which cannot be found" },
      b: { unknown: "b comes from '../outside', which lies outside the repository root and is not analysed" },
      c: { unknown: 'a function call is computed when the configuration runs' },
      d: { unknown: 'd is not a constant of the configuration' },
      e: { unknown: "e comes from './computed', which does not export it as a value cors-lint can read" },
      f: { unknown: "f comes from 'helpers/page', which is provided by two folders (lib/helpers, src/helpers): not followed" },
    });
  });

  it("reads the template's handlerPath(__dirname) when @libs/handler-resolver is not in the checkout, and no other unknown helper", () => {
    const files = {
      '/r/serverless.ts': "import { hello } from './src/functions/hello';\nexport default { functions: { hello } };",
      '/r/src/functions/hello/index.ts': [
        "import { handlerPath } from '@libs/handler-resolver';",
        "import { otherPath } from '@libs/other';",
        'export const hello = { handler: `${handlerPath(__dirname)}/handler.main`, other: `${otherPath(__dirname)}/x` };',
      ].join('\n'),
    };
    expect(data(files).value).toEqual({
      functions: {
        hello: {
          handler: 'src/functions/hello/handler.main',
          other: { unknown: 'a template literal with a value that cannot be known' },
        },
      },
    });
  });

  it('says why a config cannot be read, and names --eval-config', () => {
    expect(read({ '/r/serverless.ts': 'export default async () => ({});' })).toEqual({
      ok: false,
      reason: 'the exported configuration is not an object literal (a function at serverless.ts:1)',
    });
    expect(read({ '/r/serverless.ts': 'const x = 1;' })).toMatchObject({ ok: false, reason: expect.stringContaining('exports no configuration') });
    const loaded = loadProgramConfig(memoryFileSystem({ '/r/serverless.js': 'module.exports = build();' }), '/r/serverless.js', '/r', false, {});
    expect(loaded).toMatchObject({ ok: false, reason: expect.stringContaining('unless --eval-config is given') });
  });
});

describe('--eval-config', () => {
  const withFiles = (files: Record<string, string>, test: (dir: string) => void) => {
    const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-eval-')));
    try {
      for (const [name, text] of Object.entries(files)) nodeFs.writeFileSync(path.join(dir, name), text);
      test(dir);
    } finally {
      nodeFs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('evaluates .js (awaiting a promise) and .mjs in the service folder, with the given environment', () => {
    withFiles(
      { 'serverless.js': "module.exports = Promise.resolve({ service: require('path').basename(process.cwd()).slice(0, 9), stage: process.env.STAGE });" },
      (dir) => {
        const r = loadProgramConfig(diskFileSystem, path.join(dir, 'serverless.js'), dir, true, { STAGE: 'prod' });
        expect(r.ok && plain(r.value)).toEqual({ service: 'cors-lint', stage: 'prod' });
      },
    );
    withFiles({ 'serverless.mjs': "const stage = 'qa';\nexport default { service: 'm', stage: [stage].join() };" }, (dir) => {
      const r = loadProgramConfig(diskFileSystem, path.join(dir, 'serverless.mjs'), dir, true, {});
      expect(r.ok && plain(r.value)).toEqual({ service: 'm', stage: 'qa' });
    });
  });

  it('reports why evaluation failed; a .ts config needs the service’s ts-node, as with the framework', () => {
    withFiles({ 'serverless.js': "throw new Error('no credentials');" }, (dir) => {
      expect(loadProgramConfig(diskFileSystem, path.join(dir, 'serverless.js'), dir, true, {})).toEqual({
        ok: false,
        reason: 'evaluating it failed: no credentials',
      });
    });
    withFiles({ 'serverless.ts': 'export default build();' }, (dir) => {
      expect(loadProgramConfig(diskFileSystem, path.join(dir, 'serverless.ts'), dir, true, {})).toMatchObject({
        ok: false,
        reason: expect.stringContaining('ts-node'),
      });
    });
  });

  it('keeps a complete static reading (its findings point at the right lines) instead of evaluating', () => {
    const fs = memoryFileSystem({ '/r/serverless.js': "module.exports = { service: 'a' };" });
    const r = loadProgramConfig(fs, '/r/serverless.js', '/r', true, {});
    expect(r.ok && r.value.span.start).toBe(17);
  });
});

describe('mergeStages', () => {
  const d = (message: string, start = 0): Diagnostic => ({
    ruleId: 'r',
    messageId: 'm',
    severity: 'error',
    message,
    span: { file: '/f', start, end: start + 1 },
    related: [],
  });
  it('keeps findings of every stage as they are and says which stages have the others', () => {
    const merged = mergeStages([
      { stage: 'dev', diagnostics: [d('same'), d('origin a', 5)] },
      { stage: 'qa', diagnostics: [d('same'), d('origin a', 5)] },
      { stage: 'prod', diagnostics: [d('same'), d('origin b', 5)] },
    ]);
    expect(merged.map((m) => [m.message, m.stages])).toEqual([
      ['same', undefined],
      ['origin a (stages dev, qa)', ['dev', 'qa']],
      ['origin b (stage prod)', ['prod']],
    ]);
  });
});
