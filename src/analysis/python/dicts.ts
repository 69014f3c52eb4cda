import { getObj, isNullish, newObj, NULL, options, spreadInto, union, UNKNOWN, writableObj } from '../values.js';
import type { Args, Heap, Obj, Prop, State, Value } from './values.js';

/** Python's dict operations on heap objects, shared by the evaluator and the library models. */

/**
 * The dicts one `**source` (`dict(source)`, `d.update(source)`) copies from: a `None` option is a
 * TypeError (no path goes on with it), anything else that is not a dict may hold any key.
 */
export function spreadSources(source: Value, st: State, heap: Heap): Obj[] {
  return options(source).flatMap((o): Obj[] => {
    if (o.kind === 'object') return [getObj(st, heap, o.id)];
    return isNullish(o) ? [] : [{ props: new Map(), open: true }];
  });
}

/** Copies `source`'s entries into the dict `id` (`d.update(source)`, `d |= source`). */
export function mergeInto(st: State, heap: Heap, id: number, source: Value): void {
  spreadInto(writableObj(st, heap, id), spreadSources(source, st, heap));
}

/** `d.get`, `d.setdefault`, `d.update`, `d.copy`, `d.pop`, `d.clear`; other methods change nothing we track. */
export function dictMethod(st: State, heap: Heap, id: number, method: string, args: Args): Value {
  const [first, second] = args.positional;
  const key = first?.kind === 'literal' && typeof first.value === 'string' ? first.value : undefined;
  const dict = getObj(st, heap, id);
  const found = key === undefined ? undefined : dict.props.get(key);
  switch (method) {
    case 'get':
      if (found) return found.always ? found.value : union([found.value, second ?? NULL]);
      return dict.open ? UNKNOWN : (second ?? NULL);
    case 'setdefault': {
      if (found?.always) return found.value;
      if (key === undefined || (dict.open && !found)) return UNKNOWN;
      const value = found ? union([found.value, second ?? NULL]) : (second ?? NULL);
      writableObj(st, heap, id).props.set(key, { value, span: args.span, valueSpan: args.span, always: true });
      return value;
    }
    case 'update': {
      for (const a of args.positional) mergeInto(st, heap, id, a);
      const w = writableObj(st, heap, id);
      for (const [k, v] of args.keywords) w.props.set(k, keywordProp(v));
      w.open ||= args.spread;
      return NULL;
    }
    case 'copy':
      return newObj(st, heap, { props: new Map(dict.props), open: dict.open });
    case 'pop':
      if (key === undefined) return UNKNOWN;
      writableObj(st, heap, id).props.delete(key);
      return found?.value ?? second ?? UNKNOWN;
    case 'clear': {
      const w = writableObj(st, heap, id);
      w.props.clear();
      w.open = false;
      return NULL;
    }
    default:
      return UNKNOWN;
  }
}

/** A keyword argument as the dict entry `dict(k=v)` or `d.update(k=v)` makes. */
export function keywordProp(v: { value: Value; span: Prop['span']; valueSpan: Prop['valueSpan'] }): Prop {
  return { value: v.value, span: v.span, valueSpan: v.valueSpan, always: true };
}
