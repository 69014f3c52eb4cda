import { headerEntries, type HeaderBag, type HeaderEntry, type HeaderValue, type ResponseFact } from '../facts.js';
import { UNKNOWN, isNone, joinDicts, options, type Dict, type Entry, type Heap, type RawResponse, type Val } from './values.js';

/**
 * A response leaving the handler as facts, with the JS reader's conventions: one fact per dict
 * the value may be, none for `None` (no response object), an open bag for an unknown value, a
 * closed empty bag for a bare string or list. Alternatives for the headers dict are merged (a
 * header missing from some gets `always: false`).
 */
export function responseFacts(raw: RawResponse, heap: Heap): ResponseFact[] {
  const facts: ResponseFact[] = [];
  for (const option of options(raw.value)) {
    if (isNone(option)) continue;
    const fact: ResponseFact = { site: raw.site, headers: { entries: headerEntries(), open: true } };
    if (option.kind === 'dict') {
      if (option.returnedAt) fact.builtAt = option.returnedAt;
      const response = heap.get(raw.state, option.id);
      fact.headers = headerBag(response, raw, heap);
      const status = response.entries.get('statusCode')?.value;
      if (status?.kind === 'lit' && typeof status.value === 'number') fact.statusCode = status.value;
    } else if (option.kind === 'lit' || option.kind === 'list') {
      fact.headers.open = false;
    }
    facts.push(fact);
  }
  return facts;
}

/** `headers` and then `multiValueHeaders` (API Gateway lets the latter win for a name in both). */
function headerBag(response: Dict, raw: RawResponse, heap: Heap): HeaderBag {
  const bag: HeaderBag = { entries: headerEntries(), open: false };
  for (const key of ['headers', 'multiValueHeaders']) {
    const entry = response.entries.get(key);
    if (!entry) {
      bag.open ||= response.open;
      continue;
    }
    const headers = joinDicts(options(entry.value).map((o): Dict => (o.kind === 'dict' ? heap.get(raw.state, o.id) : { entries: new Map(), open: !isNone(o) })));
    bag.open ||= headers.open;
    for (const [name, e] of headers.entries) {
      const header = headerEntry(name, e, key === 'multiValueHeaders', entry.always, raw.state.guarded);
      if (header) bag.entries[name.toLowerCase()] = header;
    }
  }
  return bag;
}

function headerEntry(name: string, e: Entry, multi: boolean, always: boolean, guarded: boolean): HeaderEntry | undefined {
  let values = options(e.value);
  // A multi-value header is a list; one item is that value, several are not one known value.
  if (multi) values = values.flatMap((v) => (v.kind !== 'list' || v.open || v.items.length > 1 ? [UNKNOWN] : v.items.flatMap(options)));
  const present = values.filter((v) => !isNone(v));
  if (present.length === 0) return undefined;
  return { name, value: headerValue(present, guarded), span: e.span, valueSpan: e.valueSpan, always: always && e.always && present.length === values.length };
}

/** The origin echoed on any path makes the value `request-origin`; allowlisted when every echo is, or the whole response is guarded. */
function headerValue(values: Val[], guarded: boolean): HeaderValue {
  const origins = values.filter((v) => v.kind === 'origin');
  if (origins.length > 0) return { kind: 'request-origin', allowlisted: guarded || origins.every((o) => o.kind === 'origin' && o.allowlisted) };
  const [first] = values;
  if (first.kind === 'lit' && first.value !== null && values.every((v) => v.kind === 'lit' && v.value === first.value)) return { kind: 'literal', value: first.value };
  return { kind: 'unknown' };
}
