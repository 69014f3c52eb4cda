import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/encoding.js';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';
import { lintService } from '../../src/lint.js';
import { cli, diskRepo, formats, mkfifo, runMemory, serviceYaml } from '../support/hostile.js';
import { rules } from '../../rules/index.js';

/** Every input gets an answer: one clear finding naming the file, in every format, never silence. */
const KINDS: Record<string, { bytes: Buffer; message: string }> = {
  empty: { bytes: Buffer.from(''), message: 'Fix the configuration: the configuration is empty: it defines no service' },
  'comments only': { bytes: Buffer.from('# nothing here yet\n'), message: 'Fix the configuration: the configuration is empty: it defines no service' },
  'a BOM and nothing else': { bytes: Buffer.from('\uFEFF'), message: 'Fix the configuration: the configuration is empty: it defines no service' },
  'a YAML list': {
    bytes: Buffer.from('- service: a\n- service: b\n'),
    message: 'Fix the configuration: the configuration is a list, not a map of settings (service, provider, functions): it is not analysed',
  },
  'a plain string': {
    bytes: Buffer.from('hello world\n'),
    message: 'Fix the configuration: the configuration is a single value, not a map of settings (service, provider, functions): it is not analysed',
  },
  'binary data': {
    bytes: Buffer.of(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0x10),
    message: 'Fix the configuration: the file holds binary data (a NUL byte), not text: it is not analysed',
  },
  'UTF-16 with its BOM': {
    bytes: Buffer.from('\uFEFFservice: s\n', 'utf16le'),
    message: 'Fix the configuration: the file is encoded as UTF-16 or UTF-32, not UTF-8 as the framework reads it: it is not analysed',
  },
  'Latin-1 (not UTF-8)': {
    bytes: Buffer.concat([Buffer.from('# caf'), Buffer.of(0xe9), Buffer.from(`\n${serviceYaml()}`)]),
    message: 'Fix the configuration: byte 0xE9 is not valid UTF-8 (the file is not UTF-8 encoded): the framework reads such bytes as U+FFFD',
  },
};

describe('every configuration gets an answer', () => {
  for (const [kind, { bytes, message }] of Object.entries(KINDS)) {
    it(`${kind}: one finding naming the file, in every format`, () => {
      const report = runMemory({
        'serverless.yml': decodeBytes(bytes),
        'handler.js': "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n",
      });
      const found = report.results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath, ruleId: m.ruleId, message: m.message, severity: m.severity })));
      expect(found).toEqual([{ file: '/repo/serverless.yml', ruleId: 'parse-error', message, severity: 2 }]);
      const { stylish, json, compact } = formats(report);
      expect(stylish).toContain(`serverless.yml\n  `);
      expect(stylish).toContain(message);
      expect(compact.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^serverless\.yml:\d+:\d+: /)]);
      expect(compact).toContain(`: ${message} [parse-error]\n`);
      expect(JSON.parse(json)[0]).toMatchObject({ filePath: '/repo/serverless.yml', errorCount: 1, messages: [{ ruleId: 'parse-error', message }] });
    });
  }

  it('a UTF-8 BOM before a valid configuration is no finding', () => {
    const report = runMemory({
      'serverless.yml': `\uFEFF${serviceYaml()}`,
      'handler.js': "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n",
    });
    expect(report.results.flatMap((r) => r.messages)).toEqual([]);
  });

  it('the CLI exits 1 for them, in each format', () => {
    const files = Object.fromEntries(Object.entries(KINDS).map(([kind, { bytes }], i) => [`s${i}-${kind.replace(/\W+/g, '-')}/serverless.yml`, bytes]));
    const dir = diskRepo(files);
    for (const format of ['stylish', 'json', 'compact']) {
      const r = cli(dir, ['-f', format]);
      expect(r.status, r.stderr).toBe(1);
      for (const file of Object.keys(files)) expect(r.stdout).toContain(format === 'json' ? path.join(dir, file) : file);
    }
  });
});

describe('files that exist but give no text', () => {
  it('an unreadable handler has its own message, not handler-not-found', () => {
    const base = memoryFileSystem({ '/repo/serverless.yml': serviceYaml() });
    const fs: FileSystem = {
      ...base,
      isFile: (f) => f === '/repo/handler.js' || base.isFile(f),
      readProblem: (f) => (f === '/repo/handler.js' ? { kind: 'unreadable', reason: 'permission denied' } : base.readProblem(f)),
    };
    const lint = lintService('/repo/serverless.yml', { ruleSet: rules, fs, repoRoot: '/repo' });
    expect(lint.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['parse-error', 'Check the handler file of function api: handler.js cannot be read: permission denied.'],
    ]);
    expect(lint.incomplete).toEqual([{ functionName: 'api', reason: 'handler cannot be read' }]);
  });

  it('an unreadable service file has its own message', () => {
    const base = memoryFileSystem({});
    const fs: FileSystem = { ...base, readProblem: () => ({ kind: 'unreadable', reason: 'permission denied' }) };
    const lint = lintService('/repo/serverless.yml', { ruleSet: rules, fs, repoRoot: '/repo' });
    expect(lint.diagnostics.map((d) => d.message)).toEqual(['Fix the configuration: the file cannot be read: permission denied']);
  });

  it('FIFOs are refused by stat, never opened: a service file, a ${file()} target and a handler', { timeout: 60_000 }, () => {
    const dir = diskRepo({
      'b/serverless.yml': serviceYaml('custom:\n  cors: ${file(./pipe.yml)}\n'),
      'b/handler.js': "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n",
      'c/serverless.yml': serviceYaml(),
    });
    nodeFs.mkdirSync(path.join(dir, 'a'));
    mkfifo(path.join(dir, 'a', 'serverless.yml'));
    mkfifo(path.join(dir, 'b', 'pipe.yml'));
    mkfifo(path.join(dir, 'c', 'handler.js'));
    const r = cli(dir, ['-f', 'compact']);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'a/serverless.yml:1:1: error: Fix the configuration: the file is a FIFO, not a regular file: it is not read [parse-error]',
      'b/serverless.yml:14:9: error: Fix the configuration: cannot resolve ${file(./pipe.yml)}: ./pipe.yml is a FIFO, not a regular file: it is not read [parse-error]',
      'c/handler.js:1:1: error: Check the handler file of function api: c/handler.js is a FIFO, not a regular file: it is not read. [parse-error]',
    ]);
    expect(r.status).toBe(1);
  });

  it('a FIFO .cors-lint.json is a settings error, not a hang', { timeout: 60_000 }, () => {
    const dir = diskRepo({ 'serverless.yml': serviceYaml() });
    mkfifo(path.join(dir, '.cors-lint.json'));
    const r = cli(dir, []);
    expect(r.stderr).toBe(`cors-lint: ${path.join(dir, '.cors-lint.json')} is a FIFO, not a regular file: it is not read\n`);
    expect(r.status).toBe(2);
  });
});
