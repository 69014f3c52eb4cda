import * as path from 'node:path';
import type { FileSystem } from '../../fs.js';
import { pastLimit } from '../../limits.js';
import { Heap } from '../values.js';
import { PyEvaluator } from './evaluator.js';
import { importedModules, resolveModule } from './modules.js';
import { parsePython, type ParseResult } from './parse.js';
import type { ModuleHost, Py, PyModule, Value } from './values.js';

/**
 * The Python modules of one lint run, as js/program.ts is for JavaScript: each file is parsed
 * once, its top level runs once, lazily, the first time something imports it; the objects it
 * made stay in the shared heap, its globals in its `PyModule`. A module whose top level is still
 * running (an import cycle) has no globals yet: what another module takes from it is unknown.
 */
export class PyProgram implements ModuleHost {
  readonly heap = new Heap<Py>();
  readonly evaluator = new PyEvaluator(this);
  private readonly parses = new Map<string, ParseResult | undefined>();
  private readonly modules = new Map<string, PyModule>();

  constructor(
    private readonly fs: FileSystem,
    private readonly repoRoot: string,
  ) {}

  /** Parses a file once; undefined when it cannot be read, except past the file size limit (a limit result). */
  parse(file: string): ParseResult | undefined {
    if (!this.parses.has(file)) {
      const text = this.fs.read(file);
      const tooLarge = text === undefined && this.fs.readProblem(file)?.kind === 'too-large';
      const limit: ParseResult = { ok: false, span: { file, start: 0, end: 0 }, message: pastLimit.fileSize(path.basename(file)), limit: true };
      this.parses.set(file, text !== undefined ? parsePython(file, text) : tooLarge ? limit : undefined);
    }
    return this.parses.get(file);
  }

  /** A file's source, when it was read. */
  text(file: string): string | undefined {
    const parsed = this.parses.get(file);
    return parsed?.ok ? parsed.parsed.text : undefined;
  }

  module(file: string): PyModule | undefined {
    const existing = this.modules.get(file);
    if (existing) return existing;
    const parsed = this.parse(file);
    if (!parsed?.ok) return undefined;
    const module: PyModule = { file, parsed: parsed.parsed, globals: new Map() };
    this.modules.set(file, module);
    const top = this.evaluator.runModule(module);
    for (const [name, v] of top.vars) module.globals.set(name, v);
    this.heap.freezeObjects(top);
    return module;
  }

  importModule(fromFile: string, dotted: string, level: number): Value {
    const location = resolveModule(this.fs, this.repoRoot, fromFile, dotted, level);
    return location ? { kind: 'module', module: location } : { kind: 'package', name: dotted };
  }

  /** The repository files a module imports, as far as they resolve. */
  importedFiles(file: string): string[] {
    const parsed = this.parse(file);
    if (!parsed?.ok) return [];
    return importedModules(parsed.parsed, (dotted, level) => {
      const found = resolveModule(this.fs, this.repoRoot, file, dotted, level)?.file;
      return found ? [found] : [];
    });
  }

  submodule(dir: string, name: string): Value | undefined {
    const location = resolveModule(this.fs, this.repoRoot, path.join(dir, '__init__.py'), name, 1);
    return location && { kind: 'module', module: location };
  }
}
