import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/write.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-write-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the content of an existing file and leaves no temporary file', () => {
    const file = path.join(dir, 'serverless.yml');
    fs.writeFileSync(file, 'old\n');
    writeFileAtomic(file, 'new\r\n\uFEFF✓\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new\r\n\uFEFF✓\n');
    expect(fs.readdirSync(dir)).toEqual(['serverless.yml']);
  });

  it('keeps the file mode', () => {
    const file = path.join(dir, 'run.sh');
    fs.writeFileSync(file, 'a');
    fs.chmodSync(file, 0o755);
    writeFileAtomic(file, 'b');
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
  });

  it('creates a missing file', () => {
    const file = path.join(dir, 'new.json');
    writeFileAtomic(file, '{}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
    expect(fs.readdirSync(dir)).toEqual(['new.json']);
  });

  it('writes through a symbolic link, which stays a link', () => {
    const target = path.join(dir, 'real.yml');
    const link = path.join(dir, 'link.yml');
    fs.writeFileSync(target, 'a');
    fs.symlinkSync(target, link);
    writeFileAtomic(link, 'b');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('b');
    expect(fs.readdirSync(dir).sort()).toEqual(['link.yml', 'real.yml']);
  });

  it('throws, removes its temporary file and keeps the original when the rename fails', () => {
    // A directory cannot be replaced by a file: the rename fails after the temporary file was written.
    const target = path.join(dir, 'folder');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inner'), 'x');
    expect(() => writeFileAtomic(target, 'text')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['folder']);
    expect(fs.readdirSync(target)).toEqual(['inner']);
  });
});
