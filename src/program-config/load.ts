import type { CfgValue } from '../config/tree.js';
import type { FileSystem } from '../fs.js';
import { SourceFile } from '../source.js';
import { evaluateConfig } from './evaluate.js';
import { readProgramConfig } from './static.js';

export type ProgramConfig = { ok: true; source: SourceFile; value: CfgValue } | { ok: false; reason: string };

/**
 * A program config as data: read statically; with `evalConfig`, evaluated instead when the static
 * reading is not complete (the same values, but findings then point at the file's first line).
 */
export function loadProgramConfig(fs: FileSystem, file: string, repoRoot: string, evalConfig: boolean, env: Record<string, string | undefined>): ProgramConfig {
  const read = readProgramConfig(fs, file, repoRoot);
  if (read.ok && (read.complete || !evalConfig)) return read;
  if (!read.ok && !evalConfig)
    return {
      ok: false,
      reason: `${read.reason}; cors-lint does not run configuration code unless --eval-config is given, which evaluates it as the framework does`,
    };
  const evaluated = evaluateConfig(file, env);
  if (!evaluated.ok) return evaluated;
  return { ok: true, source: new SourceFile(file, fs.read(file) ?? ''), value: evaluated.value };
}
