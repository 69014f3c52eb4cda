import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { options, UNKNOWN, writableObj } from '../values.js';
import type { CallNode, Frame, Interpreter } from './interpreter.js';
import { makeReader, OPEN_BAG, responseValue } from './libraries/context.js';
import { libraryModels, modelOf } from './libraries/index.js';
import type { LibraryContext } from './libraries/model.js';
import { callName, calleeName, spanOf } from './syntax.js';
import type { Js, LibraryValue, State, Value } from './values.js';

/**
 * Where the interpreter meets the library models (libraries/model.ts): calls of what a package
 * exports, and the properties, methods and handler of the values a model made. Everything else
 * from a package stays unknown.
 */
export class LibraryBridge {
  constructor(private readonly interp: Interpreter) {}

  /** `pkg(…)`, `pkg.x(…)`, `new pkg.X(…)`: the first model of the package that knows the call, else an unknown call. */
  callPackage(fn: Extract<Value, { kind: 'package' }>, args: Value[], node: CallNode, method: string | undefined, st: State, frame: Frame): Value {
    for (const lib of libraryModels) {
      if (!lib.packages.includes(fn.specifier)) continue;
      const v = lib.call({ specifier: fn.specifier, path: fn.path, args, node }, this.context(node, st, frame));
      if (v) return v;
    }
    return this.interp.unknownCall(callName(node), args, method, st, frame);
  }

  /** `lib.name`; unknown when the model does not say. */
  property(v: LibraryValue, name: string, st: State): Value {
    return modelOf(v).property?.(v, name, makeReader(this.interp.host, st)) ?? UNKNOWN;
  }

  /** `lib.name(…)`; undefined when the model does not know the method. */
  method(target: LibraryValue, name: string, args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): Value | undefined {
    return modelOf(target).method?.(target, name, { args, node }, this.context(node, st, frame));
  }

  /** A wrapped app called from the handler: `const h = serverless(app); … return h(event, context)`. */
  callHandler(fn: LibraryValue, args: Value[], node: TSESTree.CallExpression, method: string | undefined, st: State, frame: Frame): Value {
    const ctx = this.context(node, st, frame);
    const handler = modelOf(fn).handler?.(fn, ctx);
    return handler ? ctx.serve(handler) : this.interp.unknownCall(calleeName(node), args, method, st, frame);
  }

  /** What a library model may see and do during the call `node` (libraries/model.ts). */
  private context(node: CallNode, st: State, frame: Frame): LibraryContext {
    const { module, run } = frame;
    const host = this.interp.host;
    const at = spanOf(module, node);
    return {
      ...makeReader(host, st),
      span: (n) => spanOf(module, n),
      text: (span) => (span.file === module.file.path ? module.file.text.slice(span.start, span.end) : undefined),
      create: (library, type, info): LibraryValue => {
        const id = host.heap.newId();
        st.objs.set(id, { props: new Map(), open: false });
        return { kind: 'library', library, type, id, ...(info && { info }) };
      },
      set: (target, key, value) => {
        writableObj<Js>(st, host.heap, target.id).props.set(key, { value, span: at, valueSpan: at, always: true });
      },
      run: (fn, args) => {
        for (const f of options(host.deref(fn))) if (f.kind === 'function') this.interp.runCallback(f, st, frame, args);
      },
      serve: (handler) => {
        run.sink.middleware(...handler.middleware);
        run.sink.routes(handler.routes);
        if (handler.inner || handler.incomplete) return { kind: 'unknown', call: calleeName(node) };
        return responseValue(handler.decorate(OPEN_BAG), at, host, st);
      },
      respond: (value) => this.interp.respondAt(node, value, st, frame),
      packageMajor: (pkg) => host.packageMajor(module, pkg),
    };
  }
}
