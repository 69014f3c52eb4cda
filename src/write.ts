import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` so that a reader never sees a half-written file: write a temporary
 * file in the same folder (a rename is atomic only within one file system), give it the
 * original's permission bits, then rename it over the original. A symbolic link is followed,
 * so the link stays a link and its target gets the new text. On failure the temporary file is
 * removed and the error is thrown; the original is left untouched. The only place that writes files.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = realPathOrSelf(file);
  const mode = modeOf(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx' never reuses an existing file; if opening fails there is nothing of ours to clean up.
  const fd = fs.openSync(temp, 'wx', mode ?? 0o666);
  try {
    try {
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // The mode given to open() is reduced by the umask; set the original's bits exactly.
    if (mode !== undefined) fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

function realPathOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** The permission bits of an existing file, undefined for a new one. */
function modeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}
