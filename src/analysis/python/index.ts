import * as path from 'node:path';
import type { FileSystem } from '../../fs.js';
import type { Span } from '../../source.js';
import { fromParseFailure, type HandlerResult } from '../facts.js';
import { unknownAnswer } from '../coverage.js';
import { FactCollector } from '../run.js';
import { options } from '../values.js';
import { children, textOf } from './parse.js';
import { appResponse, PyApp } from './apps.js';
import { Mangum } from './fastapi.js';
import { PyProgram } from './program.js';
import type { Py, PyModule, Value } from './values.js';

export interface PythonAnalyzer {
  /**
   * Facts for `def <exportName>` of an absolute `.py` path (the file Lambda loads for `file.exportName`);
   * with `wsgi`, `exportName` is the WSGI app serverless-wsgi serves (its `custom.wsgi.app`).
   */
  analyze(file: string, exportName: string, wsgi?: boolean): HandlerResult;
}

/**
 * One analyzer per lint run: each file is parsed and its top level run once, handler results are
 * memoised. The Python grammar is loaded on the first call. Nothing outside `repoRoot` is read;
 * `tried` paths are relative to `repoRoot`.
 */
export function createPythonAnalyzer(fs: FileSystem, repoRoot: string): PythonAnalyzer {
  const program = new PyProgram(fs, repoRoot);
  const results = new Map<string, HandlerResult>();
  return {
    analyze(file, exportName, wsgi = false) {
      const key = `${file}#${exportName}#${wsgi}`;
      let result = results.get(key);
      if (!result) results.set(key, (result = analyze(program, path.relative(repoRoot, file) || file, file, exportName, wsgi)));
      return result;
    },
  };
}

/** A one-shot analysis (tests, single handlers); a lint run should share one `createPythonAnalyzer`. */
export function analyzePythonHandler(fs: FileSystem, file: string, exportName: string, repoRoot: string): HandlerResult {
  return createPythonAnalyzer(fs, repoRoot).analyze(file, exportName);
}

/**
 * The handler's facts: its responses and whether they are complete. The Python reader reports no
 * request reads, origin tests or library middleware yet, so those facts stay absent (unknown to
 * the rules), never empty.
 */
function analyze(program: PyProgram, relative: string, file: string, exportName: string, wsgi: boolean): HandlerResult {
  const parsed = program.parse(file);
  if (!parsed) return { status: 'not-found', tried: [relative] };
  if (!parsed.ok) return fromParseFailure(parsed);
  const module = program.module(file)!;
  const value = module.globals.get(exportName);
  if (!value) return { status: 'not-found', tried: [relative], missingExport: { file, exportName } };
  const bindingSpan = bindingOf(module, exportName);
  const served = servedApp(value, wsgi);
  if (served) return appFacts(program, file, exportName, bindingSpan, served);
  const fns = options(value).flatMap((o) => (o.kind === 'function' ? [o.fn] : []));
  if (fns.length === 0 || fns.length < options(value).length) {
    return { status: 'analysed', facts: { file, exportName, exportSpan: bindingSpan, responses: [], complete: false, incompleteReason: notFollowed(value) } };
  }
  const facts = new FactCollector<Py>({ heap: program.heap, deref: (v) => v }, (f) => program.text(f));
  for (const fn of fns) program.evaluator.runHandler(fn, facts);
  const [only] = fns;
  const single = fns.length === 1;
  const reason = facts.reason ?? unknownAnswer(facts.responses, facts.failures, (f) => program.text(f));
  return {
    status: 'analysed',
    facts: {
      file: single ? only.module.file : file,
      exportName,
      exportSpan: single ? { file: only.module.file, start: only.node.from, end: only.node.to } : bindingSpan,
      responses: facts.responses,
      ...(facts.failures && { failures: facts.failures }),
      complete: reason === undefined,
      ...(reason !== undefined && { incompleteReason: reason }),
    },
  };
}

/** The app a handler serves: a Flask app named by `custom.wsgi.app`, the app given to `Mangum(app)`; a reason when it is not one cors-lint models. */
function servedApp(value: Value, wsgi: boolean): { app?: PyApp; site?: Span; reason?: string } | undefined {
  const [only, ...more] = options(value);
  const model = only?.kind === 'library' && more.length === 0 ? only.model : undefined;
  if (wsgi) return model instanceof PyApp ? { app: model } : { reason: 'custom.wsgi.app is not a Flask app cors-lint models' };
  if (!(model instanceof Mangum)) return undefined;
  const [app, ...others] = model.app ? options(model.app) : [];
  const served = app?.kind === 'library' && others.length === 0 ? app.model : undefined;
  return served instanceof PyApp ? { app: served, site: model.span } : { reason: 'Mangum serves an app cors-lint does not model' };
}

/** The facts of a handler that is an app: its one response, the CORS middleware it was given. */
function appFacts(
  program: PyProgram,
  file: string,
  exportName: string,
  bindingSpan: Span,
  served: { app?: PyApp; site?: Span; reason?: string },
): HandlerResult {
  const base = { file, exportName, exportSpan: bindingSpan };
  if (!served.app) return { status: 'analysed', facts: { ...base, responses: [], complete: false, incompleteReason: served.reason } };
  const sources = {
    parse: (f: string) => {
      const parsed = program.parse(f);
      return parsed?.ok ? parsed.parsed : undefined;
    },
    imports: (f: string) => program.importedFiles(f),
  };
  const { response, middleware, incompleteReason } = appResponse(served.app, served.site ?? served.app.span, sources);
  return {
    status: 'analysed',
    facts: {
      ...base,
      responses: [response],
      ...(middleware.length > 0 && { middleware }),
      complete: incompleteReason === undefined,
      ...(incompleteReason !== undefined && { incompleteReason }),
    },
  };
}

/** Why a handler value is not a function that can be followed. */
function notFollowed(value: Value): string {
  for (const o of options(value)) {
    if (o.kind === 'unknown' && o.call?.startsWith('@')) return `the handler has the decorator ${o.call}, which is not modelled`;
    if (o.kind === 'unknown' && o.call) return `the handler is wrapped by ${o.call}(...)`;
    if (o.kind === 'package') return `the handler comes from the package ${o.name.split('.')[0]}`;
    if (o.kind === 'library') return `the handler is a ${o.model.describe} object`;
  }
  return 'the handler is not a function that can be followed';
}

/** The last top-level statement that binds `name` (a def, an assignment, an import). */
function bindingOf(module: PyModule, name: string): Span {
  const parsed = module.parsed;
  let found: { from: number; to: number } = { from: 0, to: 0 };
  for (const stmt of children(parsed.tree.topNode)) {
    const def = stmt.name === 'DecoratedStatement' ? (stmt.getChild('FunctionDefinition') ?? stmt.getChild('ClassDefinition')) : stmt;
    const names =
      def?.name === 'FunctionDefinition' || def?.name === 'ClassDefinition'
        ? [def.getChild('VariableName')]
        : stmt.name === 'AssignStatement' || stmt.name === 'ImportStatement'
          ? stmt.getChildren('VariableName')
          : [];
    if (names.some((n) => n && textOf(parsed, n) === name)) found = stmt;
  }
  return { file: module.file, start: found.from, end: found.to };
}
