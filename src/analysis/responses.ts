import type { HandlerRef } from '../model/handler-ref.js';
import type { Span } from '../source.js';
import type { Run } from './evaluator.js';
import type { HandlerResult, ResponseFact } from './facts.js';
import type { Program } from './program.js';
import { responseFacts } from './response-facts.js';
import { spanOf } from './syntax.js';
import { options, type FunctionNode, type FunctionValue, type ModuleRecord, type Scope, type Value } from './values.js';

interface FunctionFacts {
  responses: ResponseFact[];
  incompleteReason?: string;
  readsOrigin: Span[];
}

/**
 * Finds a handler export and collects its responses. Export forms are whatever the evaluator
 * understands (`exports.x =`, `module.exports = { x }`, `export const x`, `export { y as x }`,
 * `export default`, re-exports); the handler's value must be a function (or a choice between
 * functions), else the facts are empty and incomplete with the reason (`handler is wrapped by
 * middy(...)`). Facts are memoised per function, so two exports of one function cost one analysis.
 */
export class ResponseAnalyzer {
  private readonly memo = new Map<FunctionNode, Map<Scope, FunctionFacts>>();

  constructor(private readonly program: Program) {}

  /** `tried` is reported when the export is missing (the file that was found). */
  analyzeExport(module: ModuleRecord, ref: HandlerRef, tried: string[]): HandlerResult {
    const file = module.file.path;
    const exportName = [ref.exportName, ...ref.memberPath].join('.');
    const missing: HandlerResult = { status: 'not-found', tried, missingExport: { file, exportName } };
    const found = this.program.exportOf(module, ref.exportName);
    if (found === undefined) return missing;
    const fileStart: Span = { file, start: 0, end: 0 };
    if (found === 'unknown') return incomplete(file, exportName, fileStart, `export ${exportName} cannot be found statically`);
    let value = this.program.deref(found.value);
    for (const name of ref.memberPath) {
      value = this.program.deref(this.program.evaluator.property(module, value, name));
      if (value.kind === 'literal' && value.value === undefined) return missing;
    }
    const fns = options(value).filter((o): o is FunctionValue => o.kind === 'function');
    if (fns.length === 0 || fns.length < options(value).length) return incomplete(file, exportName, found.span, notFollowed(value));
    const results = fns.map((fn) => this.analyzeFunction(fn));
    const reason = results.find((r) => r.incompleteReason)?.incompleteReason;
    const [only] = fns;
    return {
      status: 'analysed',
      facts: {
        file: fns.length === 1 ? only.module.file.path : file,
        exportName,
        exportSpan: fns.length === 1 ? spanOf(only.module, only.node) : found.span,
        responses: results.flatMap((r) => r.responses),
        readsOrigin: results.flatMap((r) => r.readsOrigin),
        complete: reason === undefined,
        ...(reason !== undefined && { incompleteReason: reason }),
      },
    };
  }

  private analyzeFunction(fn: FunctionValue): FunctionFacts {
    let byScope = this.memo.get(fn.node);
    if (!byScope) this.memo.set(fn.node, (byScope = new Map()));
    const cached = byScope.get(fn.scope);
    if (cached) return cached;
    const responses: ResponseFact[] = [];
    const seen = new Set<string>();
    const run: Run = {
      stack: [fn.node],
      steps: 0,
      originReads: [],
      respond: (raw) => {
        for (const fact of responseFacts(raw, this.program)) {
          const key = JSON.stringify(fact);
          if (!seen.has(key)) responses.push(fact), seen.add(key);
        }
      },
    };
    this.program.evaluator.runHandler(fn, run);
    const readsOrigin = [...new Map((run.originReads ?? []).map((s) => [`${s.file}:${s.start}:${s.end}`, s])).values()];
    const facts: FunctionFacts = { responses, readsOrigin, ...(run.incomplete !== undefined && { incompleteReason: run.incomplete }) };
    byScope.set(fn.scope, facts);
    return facts;
  }
}

function incomplete(file: string, exportName: string, exportSpan: Span, reason: string): HandlerResult {
  return { status: 'analysed', facts: { file, exportName, exportSpan, responses: [], complete: false, incompleteReason: reason } };
}

/** Why a handler value is not a function that can be followed. */
function notFollowed(value: Value): string {
  for (const o of options(value)) {
    if (o.kind === 'unknown' && o.call) return `handler is wrapped by ${o.call}(...)`;
    if (o.kind === 'package') return `handler comes from the package ${o.specifier}`;
  }
  return 'the handler export is not a function that can be followed';
}
