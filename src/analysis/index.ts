import * as path from 'node:path';
import { describeReadProblem, isInside, type FileSystem } from '../fs.js';
import { NODE_HANDLER_EXTENSIONS, parseHandlerRef, parsePythonHandlerRef, pythonModuleFiles, runtimeFamily } from '../model/handler-ref.js';
import { handlerModuleBases } from './build-output.js';
import { fromParseFailure, type HandlerResult } from './facts.js';
import { moduleResolver } from './modules.js';
import { ParseCache } from './parse.js';
import { Program } from './js/program.js';
import { createPythonAnalyzer, type PythonAnalyzer } from './python/index.js';
import { ResponseAnalyzer } from './js/responses.js';

export interface HandlerInput {
  /** Absolute directory of serverless.yml: handler paths are relative to it. */
  serviceDir: string;
  /** `handler:` as written, e.g. `src/api.hello`. */
  handler: string;
  /** The function's (or provider's) runtime; undefined means the framework default, Node. */
  runtime?: string;
  /** Container image function. */
  image?: boolean;
  /** `handler` names a WSGI app that serverless-wsgi serves (Python only). */
  wsgi?: boolean;
}

export interface HandlerAnalyzer {
  analyze(input: HandlerInput): HandlerResult;
  /** The export names of a JavaScript or TypeScript file (none when it cannot be parsed). */
  exportNames(file: string): string[];
}

/**
 * One analyzer per lint run: files are parsed once, module top levels run once and handler
 * results are memoised, whichever function asks first. Nothing outside `repoRoot` is read.
 */
export function createHandlerAnalyzer(fs: FileSystem, repoRoot: string): HandlerAnalyzer {
  const parses = new ParseCache(fs);
  const program = new Program(fs, repoRoot, parses);
  const responses = new ResponseAnalyzer(program);
  const { tsconfigs } = moduleResolver(fs, repoRoot);
  const results = new Map<string, HandlerResult>();
  const notAnalysed = (reason: string): HandlerResult => ({ status: 'not-analysed', reason });
  // Created on the first Python handler (its grammar loads on its first parse).
  let python: PythonAnalyzer | undefined;

  /**
   * A candidate that exists but gives no text: a FIFO, an unreadable file, a link out of the
   * repository (its own message, never "not found"), or one past the file size limit (not analysed).
   */
  const unreadable = (candidates: string[]): HandlerResult | undefined => {
    for (const file of candidates) {
      const problem = fs.readProblem(file);
      if (!problem || problem.kind === 'missing') continue;
      const message = describeReadProblem(path.relative(repoRoot, file), problem);
      return problem.kind === 'too-large' ? notAnalysed(message) : { status: 'unreadable', span: { file, start: 0, end: 0 }, message };
    }
    return undefined;
  };

  return {
    exportNames(file) {
      const module = program.module(file);
      return module ? program.exportNames(module) : [];
    },
    analyze({ serviceDir, handler, runtime, image, wsgi }) {
      if (image) return notAnalysed('container image functions have no handler source to read');
      const family = runtimeFamily(runtime);
      if (family === 'other') return notAnalysed(`the ${runtime} runtime is not analysed`);
      const relative = (f: string) => path.relative(serviceDir, f);

      const pyRef = parsePythonHandlerRef(handler);
      const pyBase = pyRef && path.resolve(serviceDir, pyRef.base);
      const pyFiles = pyBase && isInside(repoRoot, pyBase) ? pythonModuleFiles(pyBase) : [];
      const analysePython = (): HandlerResult | undefined => {
        const file = pyFiles.find((f) => fs.isFile(f));
        if (!file || !pyRef) return undefined;
        python ??= createPythonAnalyzer(fs, repoRoot);
        const r = python.analyze(file, pyRef.exportName, wsgi);
        if (r.status === 'not-found' && !r.missingExport) return unreadable([file]) ?? { ...r, tried: [relative(file)] };
        // The Python analyzer names files relative to the root; handler results name them relative to the service.
        return r.status === 'not-found' ? { ...r, tried: [relative(file)] } : r;
      };

      if (family === 'python') {
        if (!pyBase) return notAnalysed(`handler "${handler}" does not have the form module.function`);
        if (!isInside(repoRoot, pyBase)) return { status: 'outside-root', path: pyBase };
        return analysePython() ?? unreadable(pyFiles) ?? { status: 'not-found', tried: pyFiles.map(relative) };
      }

      const ref = parseHandlerRef(handler);
      if (!ref) return notAnalysed(`handler "${handler}" does not have the form file.export`);
      const base = path.resolve(serviceDir, ref.base);
      if (!isInside(repoRoot, base)) return { status: 'outside-root', path: base };
      const candidates = handlerModuleBases(base, serviceDir, repoRoot, tsconfigs).flatMap((b) => NODE_HANDLER_EXTENSIONS.map((e) => b + e));
      const file = candidates.find((f) => fs.isFile(f));
      if (!file) {
        // No runtime given and a Python module: the runtime is probably set where it could not be read.
        const asPython = runtime === undefined ? analysePython() : undefined;
        return asPython ?? unreadable(candidates) ?? { status: 'not-found', tried: [...candidates, ...(runtime === undefined ? pyFiles : [])].map(relative) };
      }
      const key = `${file}#${[ref.exportName, ...ref.memberPath].join('.')}`;
      let result = results.get(key);
      if (!result) {
        const parsed = parses.get(file);
        const module = program.module(file);
        if (!parsed || !module) {
          result = !parsed || parsed.ok ? (unreadable([file]) ?? { status: 'not-found', tried: [relative(file)] }) : fromParseFailure(parsed);
        } else {
          result = responses.analyzeExport(module, ref, [relative(file)]);
        }
        results.set(key, result);
      }
      return result;
    },
  };
}
