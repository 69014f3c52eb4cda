import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { MAX_CALL_DEPTH } from '../run.js';
import { newObj, options, setProp, UNKNOWN, writableObj } from '../values.js';
import type { CallNode, Frame, Interpreter } from './interpreter.js';
import { appResponseValue, makeReader, OPEN_BAG, responseValue } from './libraries/context.js';
import { libraryModels, modelOf } from './libraries/index.js';
import type { LibraryContext } from './libraries/model.js';
import { callName, calleeName, spanOf } from './syntax.js';
import type { Js, LibraryValue, Obj, State, Value } from './values.js';

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

  /** A library value called: a function the library hands out (Express's `next`), or a wrapped app called from the handler (`const h = serverless(app); … return h(event, context)`). */
  callHandler(fn: LibraryValue, args: Value[], node: TSESTree.CallExpression, method: string | undefined, st: State, frame: Frame): Value {
    const ctx = this.context(node, st, frame);
    const invoked = modelOf(fn).invoked?.(fn, { args, node }, ctx);
    if (invoked) return invoked;
    const handler = modelOf(fn).handler?.(fn, ctx);
    return handler ? ctx.serve(handler) : this.interp.unknownCall(calleeName(node), args, method, st, frame);
  }

  /** Why handing these arguments to a function that is not followed leaves the run not fully analysed (libraries/model.ts `escapes`). */
  escapes(args: Value[]): string | undefined {
    for (const o of args.flatMap((a) => options(this.interp.host.deref(a)))) {
      const reason = o.kind === 'library' ? modelOf(o).escapes?.(o) : undefined;
      if (reason) return reason;
    }
    return undefined;
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
        // A followed app's requests start at its routes: they are read there.
        if (handler.requests && !handler.inner && !handler.incomplete) return appResponseValue(run.sink.app(handler, handler.requests), at, host, st);
        run.sink.routes(handler.routes);
        if (handler.inner || handler.incomplete) return { kind: 'unknown', call: calleeName(node) };
        return responseValue(handler.decorate(OPEN_BAG), at, host, st);
      },
      call: (fn, args) => {
        // A chain of middleware calling each other's `next` nests one call deeper per layer.
        if (frame.depth >= MAX_CALL_DEPTH - 2) run.sink.incomplete(`the calls at ${calleeName(node)}(...) nest too deep to follow`);
        for (const f of options(host.deref(fn))) if (f.kind === 'function') this.interp.invoke(f, UNKNOWN, args, node, st, frame);
      },
      object: (props) => {
        const obj: Obj = { props: new Map(), open: false };
        for (const [key, value] of Object.entries(props)) obj.props.set(key, { value, span: at, valueSpan: at, always: true });
        return newObj(st, host.heap, obj);
      },
      setProp: (obj, key, value, valueSpan) => {
        if (key === undefined) this.interp.openObjects(obj, st);
        else setProp(host.deref(obj), key, { value, span: at, valueSpan }, st, host.heap);
      },
      incomplete: (reason) => run.sink.incomplete(reason),
      respond: (value) => this.interp.respondAt(node, value, st, frame),
      packageMajor: (pkg) => host.packageMajor(module, pkg),
    };
  }
}
