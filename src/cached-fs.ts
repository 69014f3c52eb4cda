import type { FileSystem, ReadProblem } from './fs.js';

/**
 * Reads each file once, however many stages and fix passes ask for it: what a run sees of a file
 * is one snapshot, the one fixes are computed on and checked against before writing. `readFiles`
 * lists the files read that exist.
 */
export function cachedFileSystem(fs: FileSystem): FileSystem & { readFiles(): string[] } {
  const texts = new Map<string, string | undefined>();
  const problems = new Map<string, ReadProblem | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, fs.read(file));
    return texts.get(file);
  };
  return {
    ...fs,
    read,
    readProblem(file) {
      if (read(file) !== undefined) return undefined;
      if (!problems.has(file)) problems.set(file, fs.readProblem(file));
      return problems.get(file);
    },
    readFiles: () => [...texts].filter(([, text]) => text !== undefined).map(([file]) => file),
  };
}
