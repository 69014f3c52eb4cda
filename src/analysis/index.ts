import * as path from 'node:path';
import type { FileSystem } from '../fs.js';
import { NODE_HANDLER_EXTENSIONS, PYTHON_HANDLER_EXTENSION, parseHandlerRef, runtimeFamily } from '../model/handler-ref.js';
import type { HandlerResult } from './facts.js';
import { isInside } from './modules.js';
import { ParseCache } from './parse.js';
import { Program } from './program.js';
import { ResponseAnalyzer } from './responses.js';

export interface HandlerInput {
  /** Absolute directory of serverless.yml: handler paths are relative to it. */
  serviceDir: string;
  /** `handler:` as written, e.g. `src/api.hello`. */
  handler: string;
  /** The function's (or provider's) runtime; undefined means the framework default, Node. */
  runtime?: string;
  /** Container image function. */
  image?: boolean;
}

export interface HandlerAnalyzer {
  analyze(input: HandlerInput): HandlerResult;
}

/**
 * One analyzer per lint run: files are parsed once, module top levels run once and handler
 * results are memoised, whichever function asks first. Nothing outside `repoRoot` is read.
 */
export function createHandlerAnalyzer(fs: FileSystem, repoRoot: string): HandlerAnalyzer {
  const parses = new ParseCache(fs);
  const program = new Program(fs, repoRoot, parses);
  const responses = new ResponseAnalyzer(program);
  const results = new Map<string, HandlerResult>();
  const notAnalysed = (reason: string): HandlerResult => ({ status: 'not-analysed', reason });
  const python = notAnalysed('Python handlers are not analysed yet');

  return {
    analyze({ serviceDir, handler, runtime, image }) {
      if (image) return notAnalysed('container image functions have no handler source to read');
      const family = runtimeFamily(runtime);
      if (family === 'other') return notAnalysed(`the ${runtime} runtime is not analysed`);
      const ref = parseHandlerRef(handler);
      if (!ref) return notAnalysed(`handler "${handler}" does not have the form file.export`);
      const base = path.resolve(serviceDir, ref.base);
      if (!isInside(repoRoot, base)) return { status: 'outside-root', path: base };
      const relative = (f: string) => path.relative(serviceDir, f);
      const pyFile = base + PYTHON_HANDLER_EXTENSION;
      if (family === 'python') return fs.isFile(pyFile) ? python : { status: 'not-found', tried: [relative(pyFile)] };
      const candidates = NODE_HANDLER_EXTENSIONS.map((e) => base + e);
      const file = candidates.find((f) => fs.isFile(f));
      if (!file) {
        // No runtime given and only a .py file: the runtime is probably set where it could not be read.
        if (runtime === undefined && fs.isFile(pyFile)) return python;
        return { status: 'not-found', tried: candidates.map(relative) };
      }
      const key = `${file}#${[ref.exportName, ...ref.memberPath].join('.')}`;
      let result = results.get(key);
      if (!result) {
        const parsed = parses.get(file);
        const module = program.module(file);
        if (!parsed || !module) {
          result = parsed && !parsed.ok ? { status: 'parse-error', span: parsed.span, message: parsed.message } : { status: 'not-found', tried: [relative(file)] };
        } else {
          result = responses.analyzeExport(module, ref, [relative(file)]);
        }
        results.set(key, result);
      }
      return result;
    },
  };
}
