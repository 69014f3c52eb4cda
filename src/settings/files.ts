import * as path from 'node:path';
import { parseConfig } from '../config/load.js';
import type { CfgValue } from '../config/tree.js';
import { confinedFileSystem, describeReadProblem, type FileSystem } from '../fs.js';
import type { Position, Span } from '../source.js';
import { SettingsError, validateSettings, type Settings } from './validate.js';

/** Settings file names, in the order they are looked for in one folder. */
export const SETTINGS_FILES = ['.cors-lint.json', '.cors-lint.yaml', '.cors-lint.yml'];

/** Validated settings and where they came from. */
export interface SettingsSource {
  /** The settings file, or the service config for `custom.corsLint`. */
  file: string;
  /** The folder `ignores` and `files` globs are relative to. */
  dir: string;
  settings: Settings;
}

export interface SettingsLookup {
  /** `-c/--config`: this file instead of the lookup. */
  configFile?: string;
  /** With `configFile`: the folder its globs are relative to (the working folder, as in ESLint); default the file's. */
  configBase?: string;
  /** `--no-config-lookup`: no settings file and no `custom.corsLint`. */
  lookup: boolean;
}

/** Reads settings files once per run, however many services share them. */
export class SettingsFiles {
  private readonly read = new Map<string, SettingsSource | undefined>();

  constructor(
    private readonly fs: FileSystem,
    readonly options: SettingsLookup = { lookup: true },
  ) {}

  /** The settings file that applies to a service in `dir`: `-c`, else the nearest one up to `root`. */
  forDir(dir: string, root: string): SettingsSource | undefined {
    if (this.options.configFile) {
      const source = this.load(this.options.configFile);
      return source && this.options.configBase ? { ...source, dir: this.options.configBase } : source;
    }
    if (!this.options.lookup) return undefined;
    const file = findSettingsFile(this.fs, dir, root);
    // A file found by the lookup is read only inside the repository (a link out of it is refused).
    return file === undefined ? undefined : this.load(file, confinedFileSystem(this.fs, root));
  }

  private load(file: string, fs = this.fs): SettingsSource | undefined {
    if (!this.read.has(file)) this.read.set(file, readSettingsFile(fs, file));
    return this.read.get(file);
  }
}

/**
 * The nearest settings file at or above `dir`, stopping at `root` (the repository root). Anything
 * by that name counts (a FIFO, a link out of the repository), so that reading it says what is wrong.
 */
export function findSettingsFile(fs: FileSystem, dir: string, root: string): string | undefined {
  const present = (f: string) => fs.isFile(f) || fs.readProblem(f)?.kind !== 'missing';
  for (let d = dir; ; d = path.dirname(d)) {
    const found = SETTINGS_FILES.map((n) => path.join(d, n)).find(present);
    if (found) return found;
    if (d === root || path.dirname(d) === d || !d.startsWith(root)) return undefined;
  }
}

/** A settings file, parsed (JSON or YAML) and validated; throws SettingsError. */
export function readSettingsFile(fs: FileSystem, file: string): SettingsSource {
  const text = fs.read(file);
  if (text === undefined) throw new SettingsError(describeReadProblem(file, fs.readProblem(file) ?? { kind: 'unreadable', reason: 'unknown error' }));
  const parsed = parseConfig(file, text);
  const position = (span: Span) => parsed.source.position(span.start);
  if (parsed.errors.length > 0) {
    const lines = parsed.errors.map((e) => {
      const p = position(e.span);
      return `${file}:${p.line}:${p.column}: ${e.message}`;
    });
    throw new SettingsError(lines.join('\n'));
  }
  return { file, dir: path.dirname(file), settings: validateSettings(parsed.value, position) };
}

/** `custom.corsLint` of a service config, validated; throws SettingsError. */
export function customSettings(value: CfgValue, configFile: string, position: (span: Span) => Position): SettingsSource {
  return { file: configFile, dir: path.dirname(configFile), settings: validateSettings(value, position, 'custom.corsLint') };
}
