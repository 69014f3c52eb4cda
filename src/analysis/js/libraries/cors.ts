import type { Span } from '../../../source.js';
import { headerEntries, type CorsLibrary, type CorsMiddlewareFact, type HeaderBag, type HeaderValue } from '../../facts.js';
import type { LibraryValue, Value } from '../values.js';
import type { LibraryContext, LibraryModel } from './model.js';

/** What CORS libraries have in common: their options, read statically, and the headers they add. */

export interface AddedHeader {
  name: string;
  value: HeaderValue;
  /** The option that decides the value (the call when it is a default). */
  valueSpan: Span;
  /** False when the library may leave the header out (an unknown version's default). */
  always: boolean;
}

/** One CORS middleware call, as response facts see it. */
export interface CorsUse {
  fact: CorsMiddlewareFact;
  headers: AddedHeader[];
  /** middy sets a header only when the handler's response lacks it; the others overwrite. */
  keepExisting: boolean;
}

export const ANY_ORIGIN: HeaderValue = { kind: 'request-origin', allowlisted: false };
export const ALLOWED_ORIGIN: HeaderValue = { kind: 'request-origin', allowlisted: true };
export const UNKNOWN_VALUE: HeaderValue = { kind: 'unknown' };
export const ACAO = 'Access-Control-Allow-Origin';
export const ACAC = 'Access-Control-Allow-Credentials';

export function literal(value: string): HeaderValue {
  return { kind: 'literal', value };
}

/** The `cors()` value a model hands back, carrying its use. */
export function corsValue(ctx: LibraryContext, model: LibraryModel, use: CorsUse): LibraryValue {
  return ctx.create(model.name, 'cors', use);
}

export function corsOf(v: Value): CorsUse | undefined {
  return v.kind === 'library' && v.type === 'cors' ? (v.info as CorsUse) : undefined;
}

/** Adds a use's headers to a bag; a `scoped` use (some routes only) sets them `always: false`. */
export function withCors(bag: HeaderBag, use: CorsUse, scoped = false): HeaderBag {
  const entries = headerEntries(bag.entries);
  for (const h of use.headers) {
    const key = h.name.toLowerCase();
    const existing = entries[key];
    if (use.keepExisting && existing?.always) continue;
    // Set by the handler on some paths and by the library on the others.
    const value = use.keepExisting && existing && JSON.stringify(existing.value) !== JSON.stringify(h.value) ? UNKNOWN_VALUE : h.value;
    entries[key] = { name: h.name, value, span: use.fact.span, valueSpan: h.valueSpan, always: h.always && !scoped };
  }
  return { entries, open: bag.open };
}

/** An `origin` option as far as it is static. */
export type OriginOption =
  | { kind: 'absent' }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  /** Array items that are not literal strings (RegExps, variables) are undefined. */
  | { kind: 'list'; items: (string | undefined)[]; span: Span }
  | { kind: 'pattern' | 'function'; span: Span }
  /** The request's own Origin header (`res.cors({ origin: req.headers.origin })`). */
  | { kind: 'request'; allowlisted: boolean; span: Span }
  | { kind: 'unknown'; span?: Span };

export function readOrigin(ctx: LibraryContext, opts: Value | undefined, name: string): OriginOption {
  const prop = ctx.option(opts, name);
  if (prop === 'absent') return { kind: 'absent' };
  if (prop === 'unknown') return { kind: 'unknown' };
  const span = prop.valueSpan;
  const v = ctx.deref(prop.value);
  switch (v.kind) {
    case 'literal':
      if (typeof v.value === 'string') return { kind: 'string', value: v.value, span };
      if (typeof v.value === 'boolean') return { kind: 'boolean', value: v.value, span };
      return v.value === undefined || v.value === null ? { kind: 'absent' } : { kind: 'unknown', span };
    case 'array':
      return { kind: 'list', items: v.items.map((i) => stringOf(ctx.deref(i))), span };
    case 'function':
      return { kind: 'function', span };
    case 'origin':
      return { kind: 'request', allowlisted: v.allowlisted, span };
    default: {
      // A RegExp literal evaluates to unknown: recognise it by its text.
      const text = ctx.text(span) ?? '';
      return /^\/.+\/[a-z]*$/s.test(text) || /^new\s+RegExp\b/.test(text) ? { kind: 'pattern', span } : { kind: 'unknown', span };
    }
  }
}

function stringOf(v: Value): string | undefined {
  return v.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

/** A boolean option (`credentials`): absent is false; `'true'` counts as true. */
export function readFlag(ctx: LibraryContext, opts: Value | undefined, name: string): { value: boolean | 'unknown'; span?: Span } {
  const prop = ctx.option(opts, name);
  if (prop === 'absent') return { value: false };
  if (prop === 'unknown') return { value: 'unknown' };
  const v = ctx.deref(prop.value);
  if (v.kind === 'literal' && (v.value === undefined || v.value === null)) return { value: false };
  if (v.kind === 'literal' && (typeof v.value === 'boolean' || v.value === 'true' || v.value === 'false'))
    return { value: v.value === true || v.value === 'true', span: prop.valueSpan };
  return { value: 'unknown', span: prop.valueSpan };
}

/** The middleware fact's origin classification, as far as it does not depend on the library. */
export function originKind(o: OriginOption): Pick<CorsMiddlewareFact, 'origin' | 'originValue'> {
  switch (o.kind) {
    case 'absent':
      return { origin: 'default' };
    case 'string':
      return { origin: 'static', originValue: o.value };
    case 'boolean':
      return { origin: o.value ? 'reflect-any' : 'unknown' };
    case 'list':
    case 'pattern':
      return { origin: 'list' };
    case 'function':
      return { origin: 'function' };
    case 'request':
      return { origin: o.allowlisted ? 'list' : 'reflect-any' };
    default:
      return { origin: 'unknown' };
  }
}

/** The ACAC header for a credentials option (none when false). */
export function credentialsHeader(creds: { value: boolean | 'unknown'; span?: Span }, at: Span): AddedHeader[] {
  if (creds.value === false) return [];
  const valueSpan = creds.span ?? at;
  return [
    creds.value === true ? { name: ACAC, value: literal('true'), valueSpan, always: true } : { name: ACAC, value: UNKNOWN_VALUE, valueSpan, always: false },
  ];
}

/** How a web framework's `cors` reads its `origin` option (docs/cors-semantics.md#handler-libraries). */
export interface Flavour {
  library: CorsLibrary;
  /** `origin: true` reflects any origin (Express, Fastify). */
  reflectTrue: boolean;
  /** Arrays are allowlists (lambda-api takes only a string). */
  lists: boolean;
  /** RegExps are allowlists. */
  patterns: boolean;
  /** A function decides the origin. */
  functions: boolean;
  /** `*` inside an origin list means any origin (Fastify). */
  starInList: boolean;
  /** Whether a single non-`*` origin also gets `Vary: Origin` (Express does; not known for some). */
  staticVary: 'yes' | 'no' | 'unknown';
}

/** `cors(opts)` of a web framework: default origin `*`, allowlists reflect the request origin with `Vary: Origin`. */
export function frameworkCors(ctx: LibraryContext, flavour: Flavour, at: Span, opts: Value | undefined): CorsUse {
  const origin = readOrigin(ctx, opts, 'origin');
  const creds = readFlag(ctx, opts, 'credentials');
  const headers: AddedHeader[] = [];
  const set = (name: string, value: HeaderValue, valueSpan: Span, always = true) => headers.push({ name, value, valueSpan, always });
  const vary = (span: Span) => set('Vary', literal('Origin'), span);
  const unknownOrigin = (span: Span) => {
    set(ACAO, UNKNOWN_VALUE, span);
    set('Vary', UNKNOWN_VALUE, span, false);
  };
  let kind = originKind(origin);
  switch (origin.kind) {
    case 'absent':
      set(ACAO, literal('*'), at);
      break;
    case 'string':
      set(ACAO, literal(origin.value), origin.span);
      if (origin.value !== '*' && flavour.staticVary !== 'no')
        set('Vary', flavour.staticVary === 'yes' ? literal('Origin') : UNKNOWN_VALUE, origin.span, flavour.staticVary === 'yes');
      break;
    case 'boolean':
      if (!origin.value) break; // `origin: false` turns CORS off
      if (flavour.reflectTrue) {
        set(ACAO, ANY_ORIGIN, origin.span);
        vary(origin.span);
      } else unknownOrigin(origin.span);
      break;
    case 'list':
      if (!flavour.lists) unknownOrigin(origin.span);
      else if (flavour.starInList && origin.items.includes('*')) {
        set(ACAO, literal('*'), origin.span);
        kind = { origin: 'static', originValue: '*' };
      } else {
        set(ACAO, ALLOWED_ORIGIN, origin.span);
        vary(origin.span);
      }
      break;
    case 'pattern':
    case 'function':
      if (origin.kind === 'pattern' ? flavour.patterns : flavour.functions) {
        set(ACAO, ALLOWED_ORIGIN, origin.span);
        vary(origin.span);
      } else unknownOrigin(origin.span);
      break;
    case 'request':
      set(ACAO, origin.allowlisted ? ALLOWED_ORIGIN : ANY_ORIGIN, origin.span);
      break;
    default:
      unknownOrigin(origin.span ?? at);
  }
  headers.push(...credentialsHeader(creds, at));
  return {
    fact: { library: flavour.library, span: at, ...kind, credentials: creds.value, effectiveDefaultOrigin: '*' },
    headers,
    keepExisting: false,
  };
}
