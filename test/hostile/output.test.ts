import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeText } from '../../src/format/escape.js';
import { cli, diskRepo, formats, runMemory } from '../support/hostile.js';

/** Text from the project never reaches a terminal raw, and machine formats stay valid whatever it holds. */
const config = (name: string) => `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  ${name}:
    handler: missing.main
`;

describe('output safety', () => {
  it('escapes control characters, bidirectional overrides and bytes that are not UTF-8', () => {
    expect(escapeText('a\x1b[2Jb\x07c\rd\ne\tf\x7f\x9b\u202eg\u2028h\udce9i😀')).toBe('a\\x1b[2Jb\\x07c\\x0dd\\x0ae\tf\\x7f\\x9b\\u202eg\\u2028h\\xe9i😀');
  });

  it('a function name with ESC, BEL and CR is escaped in stylish and compact, and round-trips through JSON', () => {
    const name = 'api\x1b[2J\x07\rX';
    const report = runMemory({ 'serverless.yml': config('"api\\e[2J\\a\\rX"') });
    const { stylish, json, compact } = formats(report);
    for (const text of [stylish, compact]) {
      expect(text).toContain('api\\x1b[2J\\x07\\x0dX');
      expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
    expect(JSON.parse(json)[0].messages[0].functionName).toBe(name);
  });

  it('a path with control characters is escaped by the CLI, in results and on stderr', () => {
    const folder = 'svc\x1b]0;owned\x07';
    // A program config elsewhere: listed as not read (on stderr with --verbose in json).
    const dir = diskRepo({ [`${folder}/serverless.yml`]: config('api'), [`${folder}-program/serverless.ts`]: '' });
    for (const format of ['stylish', 'compact']) {
      const r = cli(dir, ['-f', format, '--verbose']);
      expect(r.stdout).toContain('svc\\x1b]0;owned\\x07/serverless.yml');
      expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
    const json = cli(dir, ['-f', 'json', '--verbose']);
    expect(JSON.parse(json.stdout)[0].filePath).toBe(path.join(dir, folder, 'serverless.yml'));
    expect(json.stderr).toMatch(/^cors-lint: svc\\x1b\]0;owned\\x07-program\/serverless\.ts: not read: it exports no configuration[^\n]*\n$/);
  });

  it('JSON stays valid with bytes that are not UTF-8 in a message', () => {
    const report = runMemory({ 'serverless.yml': config('"caf\udce9"') });
    const parsed = JSON.parse(formats(report).json) as { messages: { functionName?: string }[] }[];
    expect(parsed[0].messages.map((m) => m.functionName)).toContain('caf\udce9');
    expect(formats(report).stylish).toContain('caf\\xe9');
  });
});
