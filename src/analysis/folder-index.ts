import * as path from 'node:path';
import type { FileSystem } from '../fs.js';

/** Folders that hold dependencies or build output, never the sources a bare specifier means. */
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'coverage', 'out']);
/** A walk stops this deep and after this many folders (a repository this large is not guessed in further). */
const MAX_DEPTH = 8;
const MAX_FOLDERS = 5000;

/**
 * Which folders under a scope hold a subfolder of a given name (`utils`): the places a bare
 * specifier starting with that folder (`utils/response`) could be read from. Each scope is walked
 * once, without following links or entering hidden, dependency and build output folders.
 */
export class FolderIndex {
  private readonly indexes = new Map<string, Map<string, string[]>>();

  constructor(private readonly fs: FileSystem) {}

  /** The folders under `scope` (itself included) with a subfolder named `name`. */
  providers(scope: string, name: string): string[] {
    let index = this.indexes.get(scope);
    if (!index) this.indexes.set(scope, (index = this.walk(scope)));
    return index.get(name) ?? [];
  }

  private walk(scope: string): Map<string, string[]> {
    const index = new Map<string, string[]>();
    let budget = MAX_FOLDERS;
    const visit = (dir: string, depth: number): void => {
      for (const entry of this.fs.list(dir)) {
        const child = path.join(dir, entry);
        if (entry.startsWith('.') || SKIPPED.has(entry) || this.fs.isSymlink(child) || !this.fs.isDirectory(child)) continue;
        index.set(entry, [...(index.get(entry) ?? []), dir]);
        if (depth < MAX_DEPTH && budget > 0) {
          budget--;
          visit(child, depth + 1);
        }
      }
    };
    visit(scope, 0);
    return index;
  }
}
