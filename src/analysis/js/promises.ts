import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Span } from '../../source.js';
import { assignState, isNullish, options, settledAt, union, UNDEFINED, UNKNOWN } from '../values.js';
import type { Frame, Interpreter } from './interpreter.js';
import { spanOf } from './syntax.js';
import type { ModuleRecord, State, Value } from './values.js';

/** Promise methods: a promise stands for its value (as `await` has it), so they are modelled on any value. */
export const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * Promises, modelled by their value: `await p` is `p`, `p.then(f)` runs `f` on `p`'s value, and
 * `new Promise(executor)` runs the executor at once and is what it resolves with. A response a
 * promise callback or `resolve(…)` in the handler's file makes is a response written there
 * (values.ts `settledAt`).
 */
export class Promises {
  /** The values each pending `new Promise` executor's `resolve` was called with; `settleIn`: the handler's module, when called there. */
  private readonly resolutions = new Map<number, { values: Value[]; settleIn?: ModuleRecord }>();

  constructor(private readonly interp: Interpreter) {}

  /**
   * `p.then(onFulfilled, onRejected)`, `p.catch(onRejected)`, `p.finally(f)` on a value that has
   * no such method of its own: `p` stands for its value, each callback runs once on a path of its
   * own, and the chain's value is what they return, or `p`'s value passed through.
   */
  settle(method: string, value: Value, args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): Value {
    if (method === 'finally') {
      this.thenCallback(args[0], UNDEFINED, node, st, frame);
      return value;
    }
    const [onFulfilled, onRejected] = method === 'then' ? args : [undefined, args[0]];
    const fulfilled = this.thenCallback(onFulfilled, value, node, st, frame) ?? value;
    const rejected = this.thenCallback(onRejected, UNKNOWN, node, st, frame);
    // A rejection nothing handles stays a rejection: no value.
    return rejected ? union([fulfilled, rejected]) : fulfilled;
  }

  /** `new Promise((resolve, reject) => …)`: the executor runs at once; the value is what it resolves with. */
  newPromise(executor: Value | undefined, st: State, frame: Frame): Value {
    const f = executor && this.interp.host.deref(executor);
    if (f?.kind !== 'function') return this.interp.unknownCall('new Promise', executor ? [executor] : [], undefined, st, frame);
    const id = this.interp.host.heap.newId();
    const values: Value[] = [];
    this.resolutions.set(id, { values, ...(frame.depth === 0 && { settleIn: frame.module }) });
    const path = this.interp.fork(st, frame);
    this.interp.invoke(
      f,
      UNKNOWN,
      [
        { kind: 'resolver', id },
        { kind: 'builtin', name: 'reject' },
      ],
      undefined,
      path,
      frame,
    );
    this.resolutions.delete(id);
    // An executor that throws rejects the promise; the code after `new Promise` still runs.
    if (!path.dead) assignState(st, path);
    return values.length > 0 ? union(values) : { kind: 'unknown', call: 'new Promise' };
  }

  /** `resolve(v)` of the pending promise `id`, called at `node`. */
  resolve(id: number, v: Value, node: TSESTree.CallExpression, frame: Frame): void {
    const pending = this.resolutions.get(id);
    pending?.values.push(pending.settleIn === frame.module ? settledAt(v, spanOf(frame.module, node)) : v);
  }

  /** `resolve` handed to an unknown function (`stream.on('end', resolve)`): the promise gets whatever it passes. */
  resolveUnknown(id: number, call: string): void {
    this.resolutions.get(id)?.values.push({ kind: 'unknown', call });
  }

  /**
   * What a promise callback returns, undefined when there is none. A function written in the
   * handler's file and handed over in its body settles there: its `return`s are response sites.
   */
  private thenCallback(cb: Value | undefined, arg: Value, node: TSESTree.CallExpression, st: State, frame: Frame): Value | undefined {
    const f = cb && this.interp.host.deref(cb);
    if (!f || isNullish(f)) return undefined;
    const path = this.interp.fork(st, frame);
    const v =
      f.kind === 'function'
        ? this.interp.invoke(f, UNKNOWN, [arg], undefined, path, frame, frame.depth === 0 && f.module === frame.module)
        : this.interp.call(f, undefined, [arg], node, undefined, path, frame);
    assignState(st, this.interp.join([st, path], frame));
    return v;
  }
}

/**
 * A returned value split by response site: objects a promise settled in the handler's file
 * (`.then(r => ({ … }))`, `resolve({ … })`) are responses written there, the rest at `at`.
 */
export function bySettledSite(value: Value, at: Span): [Span, Value][] {
  const groups = new Map<string, [Span, Value[]]>();
  for (const o of options(value)) {
    const site = (o.kind === 'object' && o.settledAt) || at;
    const key = `${site.file}:${site.start}:${site.end}`;
    const group = groups.get(key) ?? groups.set(key, [site, []]).get(key)!;
    group[1].push(o);
  }
  return [...groups.values()].map(([site, vs]) => [site, union(vs)]);
}
