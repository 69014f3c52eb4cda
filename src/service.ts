import * as path from 'node:path';
import { createHandlerAnalyzer } from './analysis/index.js';
import type { HandlerResult } from './analysis/facts.js';
import { cachedFileSystem } from './cached-fs.js';
import { ConfigFiles } from './config/load.js';
import type { CfgValue } from './config/tree.js';
import { resolveConfig } from './config/variables.js';
import type { FileSystem } from './fs.js';
import { buildProject } from './model/build.js';
import type { FunctionDef, Project } from './model/types.js';
import { SourceFile } from './source.js';

export interface ServiceOptions {
  fs: FileSystem;
  repoRoot: string;
  stage?: string;
  region?: string;
  env?: Record<string, string | undefined>;
}

/** A loaded service: its model, its handlers' facts on demand, and the text of its files. */
export interface Service {
  project: Project;
  handler(fn: FunctionDef): HandlerResult;
  source(file: string): SourceFile | undefined;
}

/**
 * Load → resolve variables → model, with handler analysis memoised per function (files are read
 * once per run through one cached file system). An unparsable config gives a project with its
 * problems and nothing else, so the run goes on with the other services.
 */
export function loadService(configFile: string, options: ServiceOptions): Service {
  const fs = cachedFileSystem(options.fs);
  const serviceDir = path.dirname(configFile);
  const files = new ConfigFiles(fs);
  const loaded = files.load(configFile);
  const base = { configFile, serviceDir, repoRoot: options.repoRoot };
  let project: Project;
  if (!loaded || loaded.errors.length > 0) {
    const empty: CfgValue = { kind: 'map', entries: [], span: { file: configFile, start: 0, end: 0 } };
    const problems = loaded?.errors ?? [{ span: empty.span, message: 'cannot read the file' }];
    project = buildProject({ ...base, config: empty, stage: options.stage ?? 'dev', problems });
  } else {
    const resolved = resolveConfig(loaded, {
      files, fs, serviceDir, repoRoot: options.repoRoot, stage: options.stage, region: options.region, env: options.env ?? {},
    });
    project = buildProject({ ...base, config: resolved.value, stage: resolved.stage, problems: resolved.problems });
  }

  const analyzer = createHandlerAnalyzer(fs, options.repoRoot);
  const results = new Map<FunctionDef, HandlerResult>();
  return {
    project,
    handler(fn) {
      const known = results.get(fn);
      if (known) return known;
      const r: HandlerResult =
        fn.handler === undefined
          ? { status: 'not-analysed', reason: fn.image ? 'container image function' : 'the handler is not a static string' }
          : analyzer.analyze({ serviceDir, handler: fn.handler, runtime: fn.runtime, image: fn.image });
      results.set(fn, r);
      return r;
    },
    source(file) {
      const t = fs.read(file);
      return t === undefined ? undefined : new SourceFile(file, t);
    },
  };
}
