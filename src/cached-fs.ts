import type { FileSystem } from './fs.js';

/** Reads each file once per run, however many stages ask for it; `readFiles` lists those that exist. */
export function cachedFileSystem(fs: FileSystem): FileSystem & { readFiles(): string[] } {
  const texts = new Map<string, string | undefined>();
  return {
    ...fs,
    read(file) {
      if (!texts.has(file)) texts.set(file, fs.read(file));
      return texts.get(file);
    },
    readFiles: () => [...texts].filter(([, text]) => text !== undefined).map(([file]) => file),
  };
}
