import type { FileSystem, ReadProblem } from './fs.js';

/**
 * Answers each question about a path once: every file read and every `stat`, `realpath` and
 * directory listing made once per run, however many services, stages and fix passes ask. What a
 * run sees of a file is one snapshot, the one fixes are computed on and checked against before
 * writing. `readFiles` lists the files read that exist.
 */
export function cachedFileSystem(fs: FileSystem): FileSystem & { readFiles(): string[] } {
  const texts = new Map<string, string | undefined>();
  const problems = new Map<string, ReadProblem | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, fs.read(file));
    return texts.get(file);
  };
  const listed = memo((d) => fs.list(d));
  return {
    read,
    readProblem(file) {
      if (read(file) !== undefined) return undefined;
      if (!problems.has(file)) problems.set(file, fs.readProblem(file));
      return problems.get(file);
    },
    isFile: memo((f) => fs.isFile(f)),
    isDirectory: memo((d) => fs.isDirectory(d)),
    // A copy: callers may sort or filter what they get.
    list: (d) => [...listed(d)],
    isSymlink: memo((f) => fs.isSymlink(f)),
    realPath: memo((f) => fs.realPath(f)),
    readFiles: () => [...texts].filter(([, text]) => text !== undefined).map(([file]) => file),
  };
}

function memo<T>(answer: (path: string) => T): (path: string) => T {
  const answers = new Map<string, T>();
  return (path) => {
    if (!answers.has(path)) answers.set(path, answer(path));
    return answers.get(path)!;
  };
}
