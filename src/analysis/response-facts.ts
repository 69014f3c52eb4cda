import type { Span } from '../source.js';
import { headerEntries, type HeaderBag, type HeaderEntry, type HeaderValue, type ResponseFact } from './facts.js';
import { getObj, isNullish, joinObjs, options, UNKNOWN, type Heap, type Language, type Obj, type Prop, type State, type Value } from './values.js';

/** A value leaving the handler: `return`, `callback(null, x)`, `context.succeed(x)`. */
export interface RawResponse<L extends Language> {
  /** The statement or call in the handler's own body. */
  site: Span;
  /** JS: the `callback(…)` inside a helper, when the response is sent from there. */
  builtAt?: Span;
  value: Value<L>;
  /** The state the value is read in (objects live there). */
  state: State<L>;
  /**
   * The value is what the invocation returns (an async or Python handler's `return`,
   * `callback(null, x)`, `context.succeed(x)`), so API Gateway must read it as a proxy response;
   * a plain function handler's `return` is not (Lambda waits for its callback).
   */
  result?: true;
}

/** What reading a response needs: the heap its objects live in, and how to resolve a lazy value (a JS import). */
export interface ValueReader<L extends Language> {
  readonly heap: Heap<L>;
  deref(v: Value<L>): Value<L>;
}

/**
 * Turns a value leaving the handler into response facts, the same for both languages: one fact
 * per object it may be (a variable assigned on several branches, or `ok ? a : b`, gives several
 * facts for the same site), no fact for nothing (`undefined`, `None`: no response object) or for
 * a known object that is not a response (below), an open bag when the value is unknown, a closed
 * empty bag for a bare string or array. Within one response, alternatives for the headers
 * object are merged (a header missing from some of them gets `always: false`).
 */
export function responseFacts<L extends Language>(raw: RawResponse<L>, reader: ValueReader<L>): ResponseFact[] {
  const facts: ResponseFact[] = [];
  for (const option of options(reader.deref(raw.value))) {
    if (isNullish(option) || notAResponse(option, raw.state, reader)) continue;
    // An app's response is built where the app is made, whichever helper sends it on.
    const app = option.kind === 'object' && option.app;
    const builtAt = app ? option.returnedAt : (raw.builtAt ?? (option.kind === 'object' ? option.returnedAt : undefined));
    const fact: ResponseFact = { site: raw.site, ...(builtAt && { builtAt }), headers: { entries: headerEntries(), open: true }, ...(app && { app }) };
    if (option.kind === 'object') {
      const obj = getObj(raw.state, reader.heap, option.id);
      fact.headers = headerBag(obj, raw.state, reader);
      const status = reader.deref(obj.props.get('statusCode')?.value ?? UNKNOWN);
      if (status.kind === 'literal' && typeof status.value === 'number') fact.statusCode = status.value;
    } else if (option.kind === 'literal' || option.kind === 'array') {
      fact.headers.open = false; // a bare string or array: a response without headers
      if (raw.result) fact.bare = describeNonResponse(option, raw.state, reader);
    }
    facts.push(fact);
  }
  return facts;
}

/** The keys of an API Gateway proxy response (payload 1.0 and 2.0). */
const RESPONSE_KEYS = ['statusCode', 'body', 'headers', 'multiValueHeaders', 'isBase64Encoded', 'cookies'];

/**
 * A known object with none of a proxy response's keys (`{ userId }` from `const u = await auth(e);
 * if (u.statusCode) return u;`, where the test narrows what is returned) is not the response a
 * browser gets: the path it stands for returns something else or nothing.
 */
function notAResponse<L extends Language>(option: Value<L>, state: State<L>, reader: ValueReader<L>): boolean {
  if (option.kind !== 'object') return false;
  const obj = getObj(state, reader.heap, option.id);
  return !obj.open && !RESPONSE_KEYS.some((k) => obj.props.has(k));
}

/**
 * What a value leaving the handler is when API Gateway (REST, payload 1.0) cannot read it as a
 * proxy response, which must be an object with `statusCode`: `a string`, `null`, `an object
 * without statusCode`… Undefined when it is, or may be, a response, or is nothing (`undefined`
 * is a path without a return value). Every alternative must be such a value: a helper's result
 * that is a response on one path and the caller's identity on another (`if (user.statusCode)
 * return user`) stays silent, as the test narrows what is returned.
 */
export function notAProxyResponse<L extends Language>(raw: RawResponse<L>, reader: ValueReader<L>): string | undefined {
  const described = options(reader.deref(raw.value)).map((o) => describeNonResponse(o, raw.state, reader));
  return described.every((d) => d !== undefined) ? described[0] : undefined;
}

function describeNonResponse<L extends Language>(option: Value<L>, state: State<L>, reader: ValueReader<L>): string | undefined {
  switch (option.kind) {
    case 'literal':
      if (option.value === undefined) return undefined;
      return option.value === null ? 'null' : `a ${typeof option.value}`;
    case 'array':
      return 'an array';
    case 'object': {
      const obj = getObj(state, reader.heap, option.id);
      return obj.open || obj.props.has('statusCode') ? undefined : 'an object without statusCode';
    }
    default:
      return undefined;
  }
}

/** `headers` and then `multiValueHeaders` (API Gateway lets the latter win for a name in both). */
function headerBag<L extends Language>(response: Obj<L>, state: State<L>, reader: ValueReader<L>): HeaderBag {
  const bag: HeaderBag = { entries: headerEntries(), open: false };
  for (const key of ['headers', 'multiValueHeaders']) {
    const prop = response.props.get(key);
    if (!prop) {
      bag.open ||= response.open;
      continue;
    }
    const headers = joinObjs(
      options(reader.deref(prop.value)).map((o): Obj<L> => {
        if (o.kind === 'object') return getObj(state, reader.heap, o.id);
        return { props: new Map(), open: !isNullish(o) };
      }),
    );
    bag.open ||= headers.open;
    for (const [name, p] of headers.props) {
      const entry = headerEntry(name, p, key === 'multiValueHeaders', prop.always, state.guarded, reader);
      if (entry) bag.entries[name.toLowerCase()] = entry;
    }
  }
  return bag;
}

function headerEntry<L extends Language>(
  name: string,
  p: Prop<L>,
  multi: boolean,
  always: boolean,
  guarded: boolean,
  reader: ValueReader<L>,
): HeaderEntry | undefined {
  let values = options(reader.deref(p.value));
  // A multi-value header is a list; one item is that value, several are not one known value.
  if (multi)
    values = values.flatMap((v) => (v.kind !== 'array' || v.open || v.items.length > 1 ? [UNKNOWN] : v.items.flatMap((i) => options(reader.deref(i)))));
  const present = values.filter((v) => !isNullish(v));
  if (present.length === 0) return undefined;
  return {
    name,
    value: headerValue(present, guarded),
    span: p.span,
    valueSpan: p.valueSpan,
    always: always && p.always && present.length === values.length,
  };
}

/**
 * The origin echoed on any path makes the value `request-origin` (other alternatives are the
 * fallbacks of `allowed.includes(o) ? o : allowed[0]`); it is allowlisted when every echo is,
 * or when the response itself is only sent after an allowlist test.
 */
function headerValue<L extends Language>(values: Value<L>[], guarded: boolean): HeaderValue {
  const origins = values.filter((v) => v.kind === 'origin');
  if (origins.length > 0) return { kind: 'request-origin', allowlisted: guarded || origins.every((o) => o.allowlisted) };
  const [first] = values;
  if (
    first.kind === 'literal' &&
    (typeof first.value === 'string' || typeof first.value === 'number' || typeof first.value === 'boolean') &&
    values.every((v) => v.kind === 'literal' && v.value === first.value)
  ) {
    return { kind: 'literal', value: first.value };
  }
  return { kind: 'unknown' };
}
