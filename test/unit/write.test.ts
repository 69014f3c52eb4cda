import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/encoding.js';
import { commitWrites, type PlannedWrite } from '../../src/write.js';

const UID = process.getuid!();

describe('commitWrites', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-write-')));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A file on disk and the plan to rewrite it, computed on what was read. */
  function planned(name: string, bytes: string | Buffer, text: string, service = 'svc'): PlannedWrite {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return { file, original: decodeBytes(fs.readFileSync(file)), text, service };
  }

  it('replaces every file, keeps bytes it does not edit whatever their encoding, and leaves no temporary file', () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.of(0xe9), Buffer.from('\r\norigin: x/\r\n')]);
    const a = planned('serverless.yml', latin1, '');
    a.text = a.original.replace('x/', 'x');
    const b = planned('handler.js', 'old\n', 'new\r\n\uFEFF✓\n');
    const r = commitWrites([a, b], { uid: UID });
    expect(r).toEqual({ written: [a.file, b.file], changed: [], refused: [] });
    expect(fs.readFileSync(a.file)).toEqual(Buffer.concat([Buffer.from('# caf'), Buffer.of(0xe9), Buffer.from('\r\norigin: x\r\n')]));
    expect(fs.readFileSync(b.file, 'utf8')).toBe('new\r\n\uFEFF✓\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['handler.js', 'serverless.yml']);
  });

  it('keeps the mode and writes through a symbolic link, which stays a link', () => {
    const p = planned('real.yml', 'a', 'b');
    fs.chmodSync(p.file, 0o640);
    const link = path.join(dir, 'link.yml');
    fs.symlinkSync(p.file, link);
    expect(commitWrites([{ ...p, file: link }], { uid: UID }).written).toEqual([link]);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(p.file, 'utf8')).toBe('b');
    expect(fs.statSync(p.file).mode & 0o777).toBe(0o640);
  });

  it('writes nothing for a service whose file changed on disk after it was read, and the rest as planned', () => {
    const a = planned('a.yml', 'x', 'fixed a', 'a');
    const a2 = planned('a-handler.js', 'h', 'fixed handler', 'a');
    const b = planned('b.yml', 'y', 'fixed b', 'b');
    fs.writeFileSync(a.file, 'x edited by the user');
    const r = commitWrites([a, a2, b], { uid: UID });
    expect(r.changed).toEqual([{ service: 'a', file: a.file }]);
    expect(r.written).toEqual([b.file]);
    expect(fs.readFileSync(a.file, 'utf8')).toBe('x edited by the user');
    expect(fs.readFileSync(a2.file, 'utf8')).toBe('h');
    expect(fs.readFileSync(b.file, 'utf8')).toBe('fixed b');
  });

  it('refuses a read-only file, one owned by another user and one with hard links, and then writes nothing at all', () => {
    const ok = planned('ok.yml', 'ok', 'changed');
    const readOnly = planned('ro.yml', 'ro', 'changed');
    fs.chmodSync(readOnly.file, 0o444);
    const linked = planned('linked.yml', 'l', 'changed');
    fs.linkSync(linked.file, path.join(dir, 'other-name.yml'));
    const r = commitWrites([ok, readOnly, linked], { uid: UID });
    expect(r.written).toEqual([]);
    expect(r.refused).toEqual([
      { file: readOnly.file, reason: 'it is read-only (mode 0444)' },
      { file: linked.file, reason: 'it has 2 hard links, which replacing it would split' },
    ]);
    expect(fs.readFileSync(ok.file, 'utf8')).toBe('ok');
    // Another user's file: the check compares owners, so it is tested as that other user.
    expect(commitWrites([ok], { uid: UID + 1 }).refused).toEqual([{ file: ok.file, reason: `it is owned by another user (uid ${UID})` }]);
    expect(fs.readFileSync(ok.file, 'utf8')).toBe('ok');
    expect(fs.statSync(readOnly.file).mode & 0o777).toBe(0o444);
    expect(fs.statSync(linked.file).nlink).toBe(2);
  });

  it('restores every file already replaced when a later one cannot be written, and leaves nothing behind', () => {
    const first = planned('first.yml', 'one', 'ONE');
    const second = planned('second.yml', 'two', 'TWO');
    const third = planned('third.yml', 'three', 'THREE');
    let renames = 0;
    const rename = (from: fs.PathLike, to: fs.PathLike) => {
      if (++renames === 3) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      fs.renameSync(from, to);
    };
    const r = commitWrites([first, second, third], { uid: UID, rename });
    expect(r.written).toEqual([]);
    expect(r.failed).toEqual({ file: third.file, reason: 'no space left on the device' });
    expect([first, second, third].map((p) => fs.readFileSync(p.file, 'utf8'))).toEqual(['one', 'two', 'three']);
    expect(fs.readdirSync(dir).sort()).toEqual(['first.yml', 'second.yml', 'third.yml']);
  });

  it('refuses a file that is no longer a regular file', () => {
    const p = planned('serverless.yml', 'x', 'y');
    fs.rmSync(p.file);
    fs.mkdirSync(p.file);
    expect(commitWrites([p], { uid: UID }).refused).toEqual([{ file: p.file, reason: 'it is not a regular file' }]);
  });
});
