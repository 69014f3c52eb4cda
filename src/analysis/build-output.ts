import * as path from 'node:path';
import { isInside, type FileSystem } from '../fs.js';
import { gitIgnored } from '../gitignore.js';
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
  const unbundled = PLUGIN_OUTPUT_FOLDERS.filter(({ prefix, skip }) => segments.length > skip && prefix.every((p, i) => segments[i] === p)).map(({ skip }) =>
    path.join(serviceDir, ...segments.slice(skip)),
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

/**
 * Folder names build tools write into: JavaScript bundlers and tsc (`dist`, `.build`, `bundle`),
 * Gradle and Kotlin/JS (`build`, e.g. `build/js/packages/<app>/kotlin`), sbt with Scala.js,
 * Leiningen and shadow-cljs for ClojureScript (`target`, `out`, `compiled`).
 */
const BUILD_OUTPUT_DIR = /^\.?(dist|build|out|output|target|bundle|compiled)([-_.][\w-]*)?$/;

/**
 * The build folder (relative to the service) a handler that was not found lies in, when that
 * output is not committed (the folder is absent, or git ignores the handler's file) and no source
 * was looked for outside it (no tsconfig outDir or bundler folder maps it back): there is nothing
 * to read, which is not a defect. Undefined otherwise, so handler-not-found lists the paths tried.
 */
export function uncommittedBuildOutput(fs: FileSystem, repoRoot: string, serviceDir: string, handler: string, tried: string[]): string | undefined {
  const modulePath = handler.slice(0, handler.lastIndexOf('.'));
  const segments = modulePath.split('/').slice(0, -1);
  const at = segments.findIndex((s) => BUILD_OUTPUT_DIR.test(s));
  if (at < 0) return undefined;
  const folder = path.join(serviceDir, ...segments.slice(0, at + 1));
  if (tried.some((t) => !isInside(folder, path.resolve(serviceDir, t)))) return undefined;
  if (fs.isDirectory(folder) && !gitIgnored(fs, repoRoot, path.join(serviceDir, modulePath))) return undefined;
  return path.relative(serviceDir, folder);
}
