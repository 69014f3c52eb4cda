import * as path from 'node:path';
import { uncommittedBuildOutput } from './analysis/build-output.js';
import { createHandlerAnalyzer } from './analysis/index.js';
import { esbuildAlias } from './analysis/bundler-aliases.js';
import { moduleResolver, type GuessedImport } from './analysis/modules.js';
import type { HandlerResult } from './analysis/facts.js';
import { cachedFileSystem } from './cached-fs.js';
import { ConfigFiles, type ConfigProblem, type ParsedConfigs } from './config/load.js';
import { get, getPath, type CfgValue } from './config/tree.js';
import { mayDeployFromRoot, resolveConfig } from './config/variables.js';
import { confinedFileSystem, describeReadProblem, type FileSystem } from './fs.js';
import { isProgramConfig } from './discover.js';
import type { InternalError } from './internal-error.js';
import { buildProject, serviceName } from './model/build.js';
import { loadProgramConfig } from './program-config/load.js';
import { findOwner } from './model/shared-api.js';
import type { ApiReference, FunctionDef, Project } from './model/types.js';
import { siblingProjects, type SiblingCache } from './siblings.js';
import { defaultSettings, type ServiceSettings, type SettingsFor } from './settings/resolve.js';
import { SourceFile, type Span } from './source.js';

/** Handlers a plugin writes at packaging time (serverless-wsgi's wrapper, which serves the app `custom.wsgi.app` names). */
const GENERATED_HANDLERS: { plugin: string; handler: RegExp }[] = [{ plugin: 'serverless-wsgi', handler: /^wsgi(_handler)?\.handler$/ }];

function generatedBy(project: Project, handler: string): string | undefined {
  return GENERATED_HANDLERS.find((g) => g.handler.test(handler) && project.plugins.includes(g.plugin))?.plugin;
}

export interface ServiceOptions {
  fs: FileSystem;
  /** Nothing outside it is read. */
  repoRoot: string;
  /** `--stage`: `${sls:stage}` and `${opt:stage}`. */
  stage?: string;
  region?: string;
  env?: Record<string, string | undefined>;
  /** The service's settings (levels, ignores, …); rule defaults when absent. */
  settings?: SettingsFor;
  /** `--eval-config`: evaluate program configs that static reading cannot fully read. */
  evalConfig?: boolean;
  /**
   * The repository's other services, shared by the services of one run (src/siblings.ts). Absent:
   * this service looks them up on its own; `false`: it does not look (a sibling being read itself).
   */
  siblings?: SiblingCache | false;
  /** Configs parsed by the services of the run so far (src/config/load.ts): each file is parsed once. */
  parsedConfigs?: ParsedConfigs;
}

/** A loaded service: its model, its handlers' facts on demand, and the text of its files. */
export interface Service {
  project: Project;
  settings: ServiceSettings;
  /** Why a program config could not be read (the service is then listed as not read). */
  unreadable?: string;
  handler: (fn: FunctionDef) => HandlerResult;
  source: (file: string) => SourceFile | undefined;
  /** The files read so far (config, includes, handlers and the modules they import). */
  files: () => string[];
  text: (file: string) => string | undefined;
  /** Bare specifiers read from the one folder providing them, by the handlers analysed so far. */
  guessedImports: () => GuessedImport[];
  /** Crashes caught while analysing handlers (the functions concerned read as not analysed). */
  internalErrors: InternalError[];
}

/**
 * Load → resolve variables → model, with handler analysis memoised per function (files are read
 * once per run through one cached file system). An unparsable config gives a project with its
 * problems and nothing else, so the run goes on with the other services.
 */
export function loadService(configFile: string, options: ServiceOptions): Service {
  const fs = cachedFileSystem(confinedFileSystem(options.fs, options.repoRoot));
  const serviceDir = path.dirname(configFile);
  const files = new ConfigFiles(fs, options.parsedConfigs);
  const env = options.env ?? {};
  const program = isProgramConfig(configFile) ? loadProgramConfig(fs, configFile, options.repoRoot, !!options.evalConfig, env) : undefined;
  const loaded = program ? (program.ok ? { ...program, errors: [] } : undefined) : files.load(configFile);
  const base = { configFile, serviceDir, repoRoot: options.repoRoot };
  let config: CfgValue;
  let stage: string;
  let problems: ConfigProblem[];
  // A program config that cannot be read is not a problem of the file: the run lists it as not read.
  const fatal = loaded ? loaded.errors.filter((e) => e.kind === undefined) : program ? [] : [unreadable(fs, configFile)];
  const shape = loaded && fatal.length === 0 ? shapeProblem(loaded.value, configFile) : undefined;
  if (shape) fatal.push(shape);
  if (!loaded || fatal.length > 0) {
    config = { kind: 'map', entries: [], span: { file: configFile, start: 0, end: 0 } };
    stage = options.stage ?? 'dev';
    problems = loaded ? [...loaded.errors, ...(shape ? [shape] : [])] : fatal;
  } else {
    const resolved = resolveConfig(loaded, {
      files,
      fs,
      serviceDir,
      repoRoot: options.repoRoot,
      stage: options.stage,
      region: options.region,
      env,
    });
    // Problems that leave the file analysed (bytes that are not UTF-8, limits) are reported with the rest.
    ({ value: config, stage } = resolved);
    problems = [...loaded.errors, ...resolved.problems];
  }
  const sources = new Map<string, SourceFile | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      const text = fs.read(file);
      sources.set(file, text === undefined ? undefined : new SourceFile(file, text));
    }
    return sources.get(file);
  };
  const position = (span: Span) => source(span.file)?.position(span.start) ?? { line: 1, column: 1 };
  const settings = (options.settings ?? defaultSettings())({ configFile, config, service: serviceName(get(config, 'service')), stage, position });
  const siblings = options.siblings === false ? undefined : (options.siblings ?? (new Map() as SiblingCache));
  const siblingOptions: ServiceOptions = { ...options, settings: undefined, siblings: false };
  const findRestApiOwner =
    siblings &&
    ((reference: ApiReference) =>
      findOwner(
        reference,
        siblingProjects(fs, options.repoRoot, options.stage, configFile, siblings, (file) => loadService(file, siblingOptions).project),
      ));
  const project = buildProject({ ...base, config, stage, problems, browserFacing: settings.browserFacing, findRestApiOwner });

  const alias = esbuildAlias(config);
  if (alias) moduleResolver(fs, options.repoRoot).addServiceAliases(serviceDir, alias);
  const analyzer = createHandlerAnalyzer(fs, options.repoRoot);
  const results = new Map<FunctionDef, HandlerResult>();
  const notAnalysed = (reason: string): HandlerResult => ({ status: 'not-analysed', reason });
  const analyseHandler = (fn: FunctionDef): HandlerResult => {
    if (fn.handler === undefined) {
      if (fn.image) return notAnalysed('container image function');
      return notAnalysed(fn.handlerSpan ? 'the handler is not a static string' : 'the function has no `handler:` key');
    }
    const generator = generatedBy(project, fn.handler);
    if (generator) {
      // serverless-wsgi's wrapper serves the app `custom.wsgi.app` names (`api.app`, `src/api.app`).
      const app = getPath(config, 'custom', 'wsgi', 'app');
      if (app?.kind !== 'scalar' || typeof app.value !== 'string') return notAnalysed(`the handler is generated by ${generator} at packaging time`);
      const served = analyzer.analyze({ serviceDir, handler: app.value, runtime: fn.runtime ?? 'python3', wsgi: true });
      // The handler itself is right; a `custom.wsgi.app` that cannot be found leaves the function unknown.
      return served.status === 'not-found' ? notAnalysed(`custom.wsgi.app "${app.value}" names nothing cors-lint can find`) : served;
    }
    let r = analyzer.analyze({ serviceDir, handler: fn.handler, runtime: fn.runtime, image: fn.image });
    // A service deployed from the repository root (`--config services/api/serverless.yml`) has handler paths from there.
    if (r.status === 'not-found' && !r.missingExport && serviceDir !== options.repoRoot && mayDeployFromRoot(config)) {
      const fromRoot = analyzer.analyze({ serviceDir: options.repoRoot, handler: fn.handler, runtime: fn.runtime, image: fn.image });
      if (fromRoot.status !== 'not-found' || fromRoot.missingExport) r = fromRoot;
    }
    const output = r.status === 'not-found' && !r.missingExport ? uncommittedBuildOutput(fs, options.repoRoot, serviceDir, fn.handler, r.tried) : undefined;
    return output ? notAnalysed(`the handler is build output (${output}/ is not committed) and no source maps to it`) : r;
  };
  const internalErrors: InternalError[] = [];
  return {
    project,
    settings,
    unreadable: program && !program.ok ? program.reason : undefined,
    internalErrors,
    handler(fn) {
      let r = results.get(fn);
      if (!r) {
        try {
          r = analyseHandler(fn);
        } catch (error) {
          // One handler that crashes the analysis costs its own facts only.
          internalErrors.push({ where: `the analysis of function ${fn.name}'s handler`, file: configFile, error });
          r = notAnalysed('cors-lint failed on this handler (an internal error, reported separately)');
        }
        results.set(fn, r);
      }
      return r;
    },
    source,
    files: () => fs.readFiles(),
    text: (file) => fs.read(file),
    guessedImports: () => moduleResolver(fs, options.repoRoot).guessed(),
  };
}

/** Why the service file gave no text: a finding, except past the file size limit (not analysed). */
function unreadable(fs: FileSystem, file: string): ConfigProblem {
  const problem = fs.readProblem(file) ?? { kind: 'unreadable', reason: 'unknown error' };
  return { span: { file, start: 0, end: 0 }, message: describeReadProblem('the file', problem), ...(problem.kind === 'too-large' && { kind: 'limit' }) };
}

/**
 * The service file must hold a map of settings (service, provider, functions): an empty file, a
 * list or a single value gives one finding rather than a silent pass. (An included `${file()}` may
 * hold anything.)
 */
function shapeProblem(value: CfgValue, file: string): ConfigProblem | undefined {
  if (value.kind === 'map' || value.kind === 'unknown') return undefined;
  const span = { file, start: 0, end: 0 };
  if (value.kind === 'scalar' && value.value === null) return { span, message: 'the configuration is empty: it defines no service' };
  const what = value.kind === 'seq' ? 'a list' : 'a single value';
  return { span: value.span, message: `the configuration is ${what}, not a map of settings (service, provider, functions): it is not analysed` };
}
