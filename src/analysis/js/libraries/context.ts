import type { Span } from '../../../source.js';
import { headerEntries, type HeaderBag, type HeaderValue, type ResponseFact } from '../../facts.js';
import type { ModuleHost } from '../interpreter.js';
import { getObj, newObj, options, UNKNOWN } from '../../values.js';
import type { LibraryValue, Obj, State, Value } from '../values.js';
import type { LibraryReader, OptionRead } from './model.js';

/** The request as a framework hands it to routes (`req`, `c.req`): the evaluator's event. */
export const REQUEST: Value = { kind: 'event' };

/** A bag that may hold anything: the response of an app nothing is known about. */
export const OPEN_BAG: HeaderBag = { entries: headerEntries(), open: true };

/** Read access over one state (the heap's, outside a run). */
export function makeReader(host: ModuleHost, st: State): LibraryReader {
  const deref = (v: Value) => host.deref(v);
  return {
    deref,
    option(v, name): OptionRead {
      if (v === undefined) return 'absent';
      const o = deref(v);
      if (o.kind === 'literal' && o.value === undefined) return 'absent';
      if (o.kind !== 'object') return 'unknown';
      const obj = getObj(st, host.heap, o.id);
      const prop = obj.props.get(name);
      if (prop) return prop.always ? prop : 'unknown';
      return obj.open ? 'unknown' : 'absent';
    },
    get(target, key) {
      return getObj(st, host.heap, target.id).props.get(key)?.value ?? UNKNOWN;
    },
  };
}

/**
 * The items of a list kept in a library value's data, whichever path built it: the paths share
 * the items appended before they forked, so duplicates are the same value (or library object).
 */
export function listItems(reader: LibraryReader, target: LibraryValue, key: string): Value[] {
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const list of options(reader.deref(reader.get(target, key)))) {
    if (list.kind !== 'array') continue;
    for (const item of list.items) {
      const id = item.kind === 'library' ? item.id : item;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(item);
      }
    }
  }
  return out;
}

/**
 * A response object carrying the bag's headers, as the evaluator builds objects, so that a
 * response a library sends inside the handler (`return api.run(event, context)`) becomes a
 * response fact like any other. Its other properties are unknown.
 */
export function responseValue(bag: HeaderBag, at: Span, host: ModuleHost, st: State): Value {
  const response: Obj = { props: new Map(), open: true };
  response.props.set('headers', { value: headersValue(bag, host, st), span: at, valueSpan: at, always: true });
  return newObj(st, host.heap, response);
}

function headersValue(bag: HeaderBag, host: ModuleHost, st: State): Value {
  const headers: Obj = { props: new Map(), open: bag.open };
  for (const e of Object.values(bag.entries)) {
    headers.props.set(e.name, { value: headerValueToValue(e.value), span: e.span, valueSpan: e.valueSpan, always: e.always });
  }
  return newObj(st, host.heap, headers);
}

/**
 * The response of an app the handler calls an adapter for (`return cached(event, context)`): a fact
 * of it names the app, made at `builtAt`. The adapter's result has a status, headers and a body,
 * so the headers the app's responses have are all it has.
 */
export function appResponseValue(app: ResponseFact, at: Span, host: ModuleHost, st: State): Value {
  const response: Obj = { props: new Map(), open: false };
  const prop = (value: Value) => ({ value, span: at, valueSpan: at, always: true });
  response.props.set('statusCode', prop(UNKNOWN));
  response.props.set('headers', prop(headersValue(app.headers, host, st)));
  response.props.set('body', prop(UNKNOWN));
  return { ...newObj(st, host.heap, response, app.builtAt), app: true };
}

/** A header value a library sets, as response facts see it (a literal, the request's origin, else unknown). */
export function toHeaderValue(v: Value): HeaderValue {
  if (v.kind === 'literal' && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean'))
    return { kind: 'literal', value: v.value };
  if (v.kind === 'origin') return { kind: 'request-origin', allowlisted: v.allowlisted };
  return { kind: 'unknown' };
}

function headerValueToValue(v: HeaderValue): Value {
  if (v.kind === 'literal') return { kind: 'literal', value: v.value };
  if (v.kind === 'request-origin') return { kind: 'origin', allowlisted: v.allowlisted };
  return UNKNOWN;
}
