import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeText } from './encoding.js';

/** One file `--fix` wants to change. */
export interface PlannedWrite {
  file: string;
  /** The text the fixes were computed on: the file must still hold exactly these bytes. */
  original: string;
  text: string;
  /** The service whose fixes these are: when one of its files changed, none of them is written. */
  service: string;
}

export interface WriteReport {
  written: string[];
  /** Services left unwritten because a file changed on disk after it was read. */
  changed: { service: string; file: string }[];
  /** Files cors-lint may not rewrite; when there is one, nothing at all is written. */
  refused: { file: string; reason: string }[];
  /** A failure while writing; every file already replaced was restored, so nothing is changed. */
  failed?: { file: string; reason: string };
}

interface Prepared {
  plan: PlannedWrite;
  /** The real file (symbolic links followed: a link stays a link). */
  target: string;
  stat: fs.Stats;
  temp?: string;
  backup?: string;
}

/**
 * The only place that writes files. All files of a run are written together or not at all:
 *
 * 1. Each target is checked: a regular file, owned by the user running cors-lint, with its owner's
 *    write bit set, and one link only. Anything else is refused, and then nothing is written: a
 *    rename would give a file of another owner to this user, turn a read-only file writable, or
 *    split hard links, and writing in place could leave a half-written file.
 * 2. The new bytes go to a temporary file beside each target, with the target's mode and group.
 * 3. Each target's bytes are compared (SHA-256) with what the fixes were computed on; a service
 *    with a changed file is dropped, its temporary files removed.
 * 4. Each target is kept under a backup hard link and replaced by a rename. If a rename fails, the
 *    targets already replaced get their backups back (renames again), so the run changes nothing.
 *
 * `uid` is the user whose files may be rewritten (the process's, where the platform has one);
 * `rename` is there for tests to make a rename fail.
 */
export function commitWrites(plans: PlannedWrite[], { uid = process.getuid?.(), rename = fs.renameSync } = {}): WriteReport {
  const report: WriteReport = { written: [], changed: [], refused: [] };
  const prepared: Prepared[] = [];
  for (const plan of plans) {
    const target = realPathOrSelf(plan.file);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch (e) {
      report.refused.push({ file: plan.file, reason: `it cannot be read again: ${errorText(e)}` });
      continue;
    }
    const reason = refusal(target, stat, uid);
    if (reason) report.refused.push({ file: plan.file, reason });
    else prepared.push({ plan, target, stat });
  }
  if (report.refused.length > 0) return report;

  let current: Prepared | undefined;
  try {
    for (const p of prepared) prepareTemp((current = p));
    current = undefined;
    const changed = new Set<string>();
    for (const p of prepared) {
      if (!sameBytes(p.target, encodeText(p.plan.original))) {
        changed.add(p.plan.service);
        report.changed.push({ service: p.plan.service, file: p.plan.file });
      }
    }
    const commit = prepared.filter((p) => !changed.has(p.plan.service));
    for (const p of prepared) if (changed.has(p.plan.service)) removeQuietly(p.temp);
    replaceAll(commit, report, rename);
  } catch (e) {
    report.failed = { file: (current ?? prepared[0]).plan.file, reason: errorText(e) };
  } finally {
    for (const p of prepared) removeQuietly(p.temp);
  }
  return report;
}

/** Why cors-lint must not rewrite this file, or undefined. */
function refusal(target: string, stat: fs.Stats, uid: number | undefined): string | undefined {
  if (!stat.isFile()) return 'it is not a regular file';
  if (uid !== undefined && stat.uid !== uid) return `it is owned by another user (uid ${stat.uid})`;
  if ((stat.mode & 0o200) === 0) return `it is read-only (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')})`;
  if (stat.nlink > 1) return `it has ${stat.nlink} hard links, which replacing it would split`;
  try {
    fs.accessSync(path.dirname(target), fs.constants.W_OK);
  } catch {
    return 'its folder is not writable';
  }
  return undefined;
}

function prepareTemp(p: Prepared): void {
  const temp = siblingName(p.target, 'tmp');
  // 'wx' never reuses an existing file; the mode given here is reduced by the umask, so it is set again below.
  const fd = fs.openSync(temp, 'wx', p.stat.mode & 0o7777);
  p.temp = temp;
  try {
    fs.writeFileSync(fd, encodeText(p.plan.text));
    fs.fchmodSync(fd, p.stat.mode & 0o7777);
    // A new file takes the user's (or a setgid folder's) group: give it the original's.
    if (fs.fstatSync(fd).gid !== p.stat.gid) fs.fchownSync(fd, p.stat.uid, p.stat.gid);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function replaceAll(commit: Prepared[], report: WriteReport, rename: typeof fs.renameSync): void {
  const done: Prepared[] = [];
  for (const p of commit) {
    try {
      p.backup = siblingName(p.target, 'backup');
      fs.linkSync(p.target, p.backup);
      rename(p.temp!, p.target);
      p.temp = undefined;
      done.push(p);
    } catch (e) {
      removeQuietly(p.backup);
      for (const d of done.reverse()) fs.renameSync(d.backup!, d.target);
      report.failed = { file: p.plan.file, reason: errorText(e) };
      return;
    }
  }
  for (const p of done) {
    removeQuietly(p.backup);
    report.written.push(p.plan.file);
  }
}

/** Whether the file holds `expected`, compared by SHA-256 (opened non-blocking: a FIFO put in its place is no match). */
function sameBytes(file: string, expected: Buffer): boolean {
  const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    return fs.fstatSync(fd).isFile() && digest(fs.readFileSync(fd)) === digest(expected);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function siblingName(target: string, kind: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.cors-lint-${kind}`);
}

function removeQuietly(file: string | undefined): void {
  if (file !== undefined) fs.rmSync(file, { force: true });
}

function realPathOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'ENOSPC') return 'no space left on the device';
  if (err.code === 'EROFS') return 'the file system is read-only';
  return err.code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Writes a file cors-lint itself owns (a report given with `-o`, the suppressions file) so that a
 * reader never sees it half-written: a temporary file beside it, then a rename. Project files are
 * written by commitWrites only.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = realPathOrSelf(file);
  const temp = siblingName(target, 'tmp');
  try {
    fs.writeFileSync(temp, text, { flag: 'wx' });
    fs.renameSync(temp, target);
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
}
