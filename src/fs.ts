import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes } from './encoding.js';
import { FILE_SIZE_LIMIT, pastLimit } from './limits.js';

/** Why a file gave no text. */
export type ReadProblem =
  | { kind: 'missing' }
  /** A FIFO, socket, device or directory: never opened, so reading can neither block nor have effects. */
  | { kind: 'not-regular'; what: string }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'too-large' }
  /** A symbolic link whose target leaves the repository root. */
  | { kind: 'outside-root' };

/** What a message says about a read problem of the file `name`: never anything of its content. */
export function describeReadProblem(name: string, p: ReadProblem): string {
  switch (p.kind) {
    case 'missing':
      return `${name} does not exist`;
    case 'not-regular':
      return `${name} is a ${p.what}, not a regular file: it is not read`;
    case 'unreadable':
      return `${name} cannot be read: ${p.reason}`;
    case 'too-large':
      return `${pastLimit.fileSize(name)}: it is not read`;
    case 'outside-root':
      return `${name} is a symbolic link that leads outside the repository root: it is not read`;
  }
}

/**
 * The only door through which the core reads files (docs/architecture.md#pipeline). Paths are absolute.
 * The CLI passes `diskFileSystem`, tests pass `memoryFileSystem`.
 */
export interface FileSystem {
  /** The file's text (see encoding.ts), or undefined when it cannot be read: `readProblem` says why. */
  read(file: string): string | undefined;
  /** Why `read` gives undefined; undefined when it gives text. */
  readProblem(file: string): ReadProblem | undefined;
  isFile(file: string): boolean;
  isDirectory(dir: string): boolean;
  /** Entry names of a directory (not recursive), [] when it is not one. */
  list(dir: string): string[];
  /** True when the path is a symbolic link (walks never follow links). */
  isSymlink(file: string): boolean;
  /** The path with symbolic links resolved (the path itself where there are none, or it does not exist). */
  realPath(file: string): string;
}

export const diskFileSystem: FileSystem = {
  read(file) {
    const r = readRegularFile(file);
    return 'text' in r ? r.text : undefined;
  },
  readProblem(file) {
    const r = readRegularFile(file);
    return 'problem' in r ? r.problem : undefined;
  },
  isFile(file) {
    try {
      return nodeFs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  isDirectory(dir) {
    try {
      return nodeFs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
  list(dir) {
    try {
      return nodeFs.readdirSync(dir).sort();
    } catch {
      return [];
    }
  },
  isSymlink(file) {
    try {
      return nodeFs.lstatSync(file).isSymbolicLink();
    } catch {
      return false;
    }
  },
  realPath(file) {
    try {
      return nodeFs.realpathSync(file);
    } catch {
      return file;
    }
  },
};

const CHUNK = 64 * 1024;

/**
 * Reads a regular file, refusing anything else by `stat` before opening it (a FIFO would block
 * forever, a device may have effects). It is opened non-blocking and checked again on the open
 * descriptor, so a file swapped for a FIFO in between is refused too; at most FILE_SIZE_LIMIT
 * bytes are read, whatever the file grows to meanwhile.
 */
function readRegularFile(file: string): { text: string } | { problem: ReadProblem } {
  let fd: number | undefined;
  try {
    const st = nodeFs.statSync(file);
    if (!st.isFile()) return { problem: { kind: 'not-regular', what: fileKind(st) } };
    if (st.size > FILE_SIZE_LIMIT) return { problem: { kind: 'too-large' } };
    fd = nodeFs.openSync(file, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK);
    const opened = nodeFs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev) {
      return { problem: { kind: 'unreadable', reason: 'it was replaced while being opened' } };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = nodeFs.readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > FILE_SIZE_LIMIT) return { problem: { kind: 'too-large' } };
    }
    return { text: decodeBytes(Buffer.concat(chunks, total)) };
  } catch (e) {
    return { problem: errnoProblem(e) };
  } finally {
    if (fd !== undefined) nodeFs.closeSync(fd);
  }
}

function fileKind(st: nodeFs.Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isDirectory()) return 'directory';
  return 'special file';
}

function errnoProblem(e: unknown): ReadProblem {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'unreadable', reason: 'permission denied' };
  if (code === 'ELOOP') return { kind: 'unreadable', reason: 'a loop of symbolic links' };
  if (code === 'EISDIR') return { kind: 'not-regular', what: 'directory' };
  return { kind: 'unreadable', reason: code ?? (e instanceof Error ? e.message : String(e)) };
}

/** True when `file` is `root` or below it (paths compared as written). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * A view of `fs` that reads nothing whose real location is outside `root`: a handler or included
 * file that is a symbolic link out of the repository is treated as missing, never read.
 */
export function confinedFileSystem(fs: FileSystem, root: string): FileSystem {
  const realRoot = fs.realPath(root);
  const inside = (file: string) => isInside(realRoot, fs.realPath(file));
  return {
    ...fs,
    read: (file) => (inside(file) ? fs.read(file) : undefined),
    readProblem: (file) => (inside(file) ? fs.readProblem(file) : { kind: 'outside-root' }),
    isFile: (file) => inside(file) && fs.isFile(file),
  };
}

/** An in-memory tree keyed by absolute path, for tests and for re-linting fixed text. */
export function memoryFileSystem(files: Record<string, string> | Map<string, string>): FileSystem {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  const dirs = new Set<string>();
  for (const f of map.keys()) {
    for (let d = path.posix.dirname(f); !dirs.has(d); d = path.posix.dirname(d)) {
      dirs.add(d);
      if (d === path.posix.dirname(d)) break;
    }
  }
  return {
    read: (f) => map.get(f),
    readProblem: (f) => (map.has(f) ? undefined : { kind: 'missing' }),
    isFile: (f) => map.has(f),
    isDirectory: (d) => dirs.has(d),
    list(d) {
      const prefix = d.endsWith('/') ? d : `${d}/`;
      const names = new Set<string>();
      for (const f of [...map.keys(), ...dirs]) {
        if (f.startsWith(prefix) && f.length > prefix.length) names.add(f.slice(prefix.length).split('/')[0]);
      }
      return [...names].sort();
    },
    isSymlink: () => false,
    realPath: (f) => f,
  };
}

/** A file system that sees `overrides` in place of what `base` holds (used between fix passes). */
export function overlayFileSystem(base: FileSystem, overrides: Map<string, string>): FileSystem {
  return {
    ...base,
    read: (f) => (overrides.has(f) ? overrides.get(f) : base.read(f)),
    readProblem: (f) => (overrides.has(f) ? undefined : base.readProblem(f)),
    isFile: (f) => overrides.has(f) || base.isFile(f),
  };
}
