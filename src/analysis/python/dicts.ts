import type { Span } from '../../source.js';
import { NONE, UNKNOWN, isNone, options, union, type Args, type Dict, type Entry, type Heap, type State, type Val } from './values.js';

/** Dict operations on the heap, shared by the evaluator and the library models. */

export function newDict(st: State, heap: Heap, entries: Map<string, Entry>, open: boolean, returnedAt?: Span): Val {
  const id = heap.newId();
  st.objs.set(id, { entries, open });
  return { kind: 'dict', id, ...(returnedAt && { returnedAt }) };
}

/** The dict for writing in this state (copied on first write, so forks stay independent). */
export function writable(st: State, heap: Heap, id: number): Dict {
  const current = heap.get(st, id);
  const copy: Dict = { entries: new Map(current.entries), open: current.open };
  st.objs.set(id, copy);
  return copy;
}

/** Copies a dict's entries (`**d`, `dict(d)`, `d.update(x)`); true when the source may hold more. */
export function spreadInto(entries: Map<string, Entry>, source: Val, st: State, heap: Heap): boolean {
  const dicts = options(source).filter((o) => o.kind === 'dict');
  let open = dicts.length < options(source).filter((o) => !isNone(o)).length;
  for (const d of dicts) {
    if (d.kind !== 'dict') continue;
    const dict = heap.get(st, d.id);
    open ||= dict.open;
    for (const [key, e] of dict.entries) entries.set(key, { ...e, always: e.always && dicts.length === 1 });
  }
  return open;
}

export function mergeInto(st: State, heap: Heap, id: number, source: Val): void {
  const target = writable(st, heap, id);
  target.open = spreadInto(target.entries, source, st, heap) || target.open;
}

/** `d.get`, `d.setdefault`, `d.update`, `d.copy`, `d.pop`, `d.clear`; other methods change nothing we track. */
export function dictMethod(st: State, heap: Heap, id: number, method: string, args: Args): Val {
  const [first, second] = args.positional;
  const key = first?.kind === 'lit' && typeof first.value === 'string' ? first.value : undefined;
  const dict = heap.get(st, id);
  const found = key === undefined ? undefined : dict.entries.get(key);
  switch (method) {
    case 'get':
      if (found) return found.always ? found.value : union([found.value, second ?? NONE]);
      return dict.open ? UNKNOWN : (second ?? NONE);
    case 'setdefault': {
      if (found?.always) return found.value;
      if (key === undefined || (dict.open && !found)) return UNKNOWN;
      const value = found ? union([found.value, second ?? NONE]) : (second ?? NONE);
      writable(st, heap, id).entries.set(key, { value, span: args.span, valueSpan: args.span, always: true });
      return value;
    }
    case 'update': {
      for (const a of args.positional) mergeInto(st, heap, id, a);
      const w = writable(st, heap, id);
      for (const [k, v] of args.keywords) w.entries.set(k, { value: v.value, span: v.span, valueSpan: v.valueSpan, always: true });
      w.open ||= args.spread;
      return NONE;
    }
    case 'copy':
      return newDict(st, heap, new Map(dict.entries), dict.open);
    case 'pop':
      if (key === undefined) return UNKNOWN;
      writable(st, heap, id).entries.delete(key);
      return found?.value ?? second ?? UNKNOWN;
    case 'clear': {
      const w = writable(st, heap, id);
      w.entries.clear();
      w.open = false;
      return NONE;
    }
    default:
      return UNKNOWN;
  }
}
