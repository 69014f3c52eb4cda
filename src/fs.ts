import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/**
 * The only door through which the core reads files (ARCHITECTURE.md §1). Paths are absolute.
 * The CLI passes `diskFileSystem`, tests pass `memoryFileSystem`.
 */
export interface FileSystem {
  /** The file's text, or undefined when it does not exist or is not a readable file. */
  read(file: string): string | undefined;
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
    try {
      return nodeFs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
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
    isFile: (f) => overrides.has(f) || base.isFile(f),
  };
}
