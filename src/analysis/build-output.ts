import * as path from 'node:path';
import { isInside } from '../fs.js';
import { ancestors } from './repo-files.js';
import { sourceBasesOf, type TsConfigs } from './tsconfig.js';

/**
 * Build folders of Serverless bundler plugins, relative to the service, each followed by the
 * source path unchanged: serverless-esbuild writes `.esbuild/.build/<path>.js`,
 * serverless-plugin-typescript `.build/<path>.js`, serverless-webpack (and serverless-bundle)
 * `.webpack/service/<path>.js`, or `.webpack/<function>/<path>.js` when packaging individually.
 * These plugins take the SOURCE path in `handler:`; a handler naming their output was written by
 * hand (or by a custom build step) and is read back to the source it was built from.
 */
const PLUGIN_OUTPUT_FOLDERS: { prefix: string[]; skip: number }[] = [
  { prefix: ['.esbuild', '.build'], skip: 2 },
  { prefix: ['.build'], skip: 1 },
  { prefix: ['.webpack'], skip: 2 },
];

/**
 * The module paths (absolute, without extension) to look for a handler at, in order: when
 * `base` lies in build output (a plugin's folder, or a tsconfig `outDir` at or above it), the
 * sources it is built from come first, because fixes must edit the source and not output that
 * the next build overwrites; `base` itself comes last. A plain source path gives just `[base]`.
 */
export function handlerModuleBases(base: string, serviceDir: string, repoRoot: string, tsconfigs: TsConfigs): string[] {
  const segments = path.relative(serviceDir, base).split(path.sep);
  const unbundled = PLUGIN_OUTPUT_FOLDERS.filter(({ prefix, skip }) => segments.length > skip && prefix.every((p, i) => segments[i] === p)).map(
    ({ skip }) => path.join(serviceDir, ...segments.slice(skip)),
  );
  const out: string[] = [];
  for (const b of [base, ...unbundled]) {
    out.push(...compiledFrom(b, repoRoot, tsconfigs));
    if (b !== base) out.push(b);
  }
  out.push(base);
  return [...new Set(out)].filter((b) => isInside(repoRoot, b));
}

/** Sources of a tsc output path, through the nearest config at or above it whose outDir holds it. */
function compiledFrom(base: string, repoRoot: string, tsconfigs: TsConfigs): string[] {
  for (const dir of ancestors(path.dirname(base), repoRoot)) {
    const config = tsconfigs.inDir(dir);
    const sources = config ? sourceBasesOf(config, base) : [];
    if (sources.length > 0) return sources;
  }
  return [];
}
