import * as path from 'node:path';
import type { Span } from '../../source.js';
import { headerEntries, type CorsMiddlewareFact, type HeaderBag, type HeaderEntry, type HeaderValue, type ResponseFact } from '../facts.js';
import { NULL, options } from '../values.js';
import { scanHeaderWrites, type HeaderWrite } from './header-writes.js';
import type { ParsedPython, PyNode } from './parse.js';
import type { Args, LibraryModel, ModelHost, PyFunction, PyModule, Value, Wrapper } from './values.js';

/**
 * A Python web app served through a Lambda adapter (Flask behind serverless-wsgi, FastAPI behind
 * Mangum), as far as CORS goes: the CORS middleware registered on it, the routes and hooks it was
 * given, and the blueprints or routers it includes. Routes answer with framework objects, so their
 * headers are read from the syntax of the modules they live in and the repository modules those
 * import (header-writes.ts). The app's answers are one response: its headers are what the routes
 * and hooks set plus what the CORS middleware adds.
 */

/** One CORS middleware registration, with the headers it adds. */
export interface CorsRegistration {
  fact: CorsMiddlewareFact;
  headers: Array<Omit<HeaderEntry, 'span'>>;
  /** Applies to some routes only (`resources=`, `@cross_origin`, a blueprint's own CORS). */
  scoped: boolean;
}

export type AppKind = 'Flask' | 'Blueprint' | 'FastAPI' | 'APIRouter';

/** The methods of an app that register route functions, hooks, children or CORS; the framework modules fill it. */
export type AppMethod = (app: PyApp, args: Args, host: ModelHost) => Value | undefined;

export class PyApp implements LibraryModel {
  readonly routes: PyFunction[] = [];
  /** Functions that see every response (`after_request`, `@app.middleware('http')`): an unconditional header there is always sent. */
  readonly hooks: PyFunction[] = [];
  readonly cors: CorsRegistration[] = [];
  readonly children: PyApp[] = [];
  /** Why some routes cannot be followed (the first reason). */
  unfollowed?: string;

  constructor(
    readonly describe: AppKind,
    /** The `Flask(...)` / `FastAPI()` call. */
    readonly span: Span,
    readonly module: PyModule,
    private readonly methods: ReadonlyMap<string, AppMethod>,
    private readonly decorators: ReadonlyMap<string, 'route' | 'hook'>,
  ) {}

  method(name: string, args: Args, host: ModelHost): Value | undefined {
    const kind = this.decorators.get(name);
    if (kind) {
      // `app.after_request(fn)` registers at once; `@app.route('/x')` returns the decorator.
      const [first] = args.positional;
      if (first?.kind === 'function' && kind === 'hook') return this.register(kind, first.fn);
      return { kind: 'library', model: new Registrar(this, kind) };
    }
    return this.methods.get(name)?.(this, args, host);
  }

  /** `@app.after_request` without arguments. */
  attribute(name: string): Value | undefined {
    const kind = this.decorators.get(name);
    return kind ? { kind: 'library', model: new Registrar(this, kind) } : undefined;
  }

  register(kind: 'route' | 'hook', fn: PyFunction): Value {
    (kind === 'route' ? this.routes : this.hooks).push(fn);
    for (const w of fn.wrappers) if (w instanceof RouteCors) this.cors.push({ ...w.registration, scoped: true });
    return { kind: 'function', fn };
  }

  /** A function registered by value (`add_url_rule(view_func=f)`): a function from elsewhere is not followed. */
  registerValue(kind: 'route' | 'hook', v: Value | undefined, span: Span): void {
    const fns = v ? options(v) : [];
    for (const f of fns) if (f.kind === 'function') this.register(kind, f.fn);
    if (fns.some((f) => f.kind !== 'function')) this.notFollowed(`the ${this.describe} app registers a ${kind} cors-lint cannot follow`, span);
  }

  /** A blueprint or router included in the app; anything else is not followed. */
  include(v: Value | undefined, span: Span): Value {
    const apps = v ? options(v) : [];
    for (const a of apps) if (a.kind === 'library' && a.model instanceof PyApp) this.children.push(a.model);
    if (apps.some((a) => !(a.kind === 'library' && a.model instanceof PyApp)))
      this.notFollowed(`the ${this.describe} app includes routes cors-lint cannot follow`, span);
    return NULL;
  }

  notFollowed(reason: string, span: Span): void {
    this.unfollowed ??= `${reason} (${path.basename(span.file)}:${lineOf(this.module, span)})`;
  }
}

function lineOf(module: PyModule, span: Span): number {
  const text = module.file === span.file ? module.parsed.text : undefined;
  return text ? text.slice(0, span.start).split('\n').length : 1;
}

/** `@app.route(...)`, `@app.after_request`: registers the function and returns it unchanged. */
class Registrar implements LibraryModel {
  readonly describe: string;
  constructor(
    private readonly app: PyApp,
    private readonly kind: 'route' | 'hook',
  ) {
    this.describe = `${app.describe}.${kind}`;
  }

  call(args: Args): Value {
    const [first] = args.positional;
    if (first?.kind === 'function') return this.app.register(this.kind, first.fn);
    return { kind: 'library', model: this };
  }

  decorate(fn: PyFunction): Value {
    return this.app.register(this.kind, fn);
  }
}

/** A route-level CORS decorator (`@cross_origin`): leaves the view's value alone, and the app registering it reads it. */
export class RouteCors implements Wrapper {
  constructor(readonly registration: CorsRegistration) {}
  apply<T>(responses: T): T {
    return responses;
  }
}

/** Repository files the app's code may set headers from: its modules and those they import. */
export interface AppSources {
  parse(file: string): ParsedPython | undefined;
  /** The repository files a module imports. */
  imports(file: string): string[];
}

/** A CORS library named in the app's modules. */
const CORS_LIBRARY = /\b(?:flask_cors|cross_origin|CORSMiddleware)\b/;

/** Past this many modules, the app is not followed further. */
const MAX_APP_MODULES = 200;

/** The app as a Lambda handler's one response, at `site` (the adapter, or the app when the config names it). */
export function appResponse(
  app: PyApp,
  site: Span,
  sources: AppSources,
): { response: ResponseFact; middleware: CorsMiddlewareFact[]; incompleteReason?: string } {
  const apps = allApps(app);
  const hooks = new Set(apps.flatMap((a) => a.hooks.map((h) => h.node)));
  const files = reachable(
    apps.flatMap((a) => [a.module.file, ...a.routes.map((r) => r.module.file), ...a.hooks.map((h) => h.module.file)]),
    sources,
  );
  let incompleteReason = apps.find((a) => a.unfollowed)?.unfollowed;
  if (files.length > MAX_APP_MODULES) incompleteReason ??= `the app's modules import more than ${MAX_APP_MODULES} modules`;
  const modules = files.slice(0, MAX_APP_MODULES).flatMap((f) => sources.parse(f) ?? []);
  const writes = modules.flatMap(scanHeaderWrites);
  const dynamic = writes.find((w) => w.name === undefined);
  if (dynamic) incompleteReason ??= `the app sets headers whose names are not static (${path.basename(dynamic.span.file)})`;
  const entries = headerEntries();
  for (const w of writes) if (w.name !== undefined) merge(entries, w, inHookBody(w, hooks));
  const registrations = apps.flatMap((a) => a.cors.map((r) => (a === app ? r : { ...r, scoped: true })));
  // CORS the model did not attach to this app (an import cycle, a header named in a constant it cannot follow).
  const unseen = modules.find((m) => {
    const code = m.text.replace(/^\s*#.*$/gm, ''); // whole-line comments say nothing
    return (registrations.length === 0 && CORS_LIBRARY.test(code)) || (!entries['access-control-allow-origin'] && /access-control-allow-origin/i.test(code));
  });
  if (unseen) incompleteReason ??= `the app's module ${path.basename(unseen.file)} does CORS in a way cors-lint cannot follow`;
  for (const r of registrations) {
    for (const h of r.headers) entries[h.name.toLowerCase()] = { ...h, span: r.fact.span, always: h.always && !r.scoped };
  }
  const headers: HeaderBag = { entries, open: !!dynamic || !!unseen };
  const builtAt = app.span.file !== site.file || app.span.start !== site.start ? { builtAt: app.span } : {};
  return {
    response: { site, ...builtAt, headers },
    middleware: registrations.map((r) => r.fact),
    ...(incompleteReason !== undefined && { incompleteReason }),
  };
}

function allApps(app: PyApp, seen = new Set<PyApp>()): PyApp[] {
  if (seen.has(app)) return [];
  seen.add(app);
  return [app, ...app.children.flatMap((c) => allApps(c, seen))];
}

function reachable(start: string[], sources: AppSources): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0 && seen.size <= MAX_APP_MODULES) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...sources.imports(file));
  }
  return [...seen, ...queue.filter((f) => !seen.has(f))];
}

/** A header set directly in a hook's body (not under an `if`): on every response. */
function inHookBody(w: HeaderWrite, hooks: Set<PyNode>): boolean {
  const body = w.statement.parent;
  const def = body?.name === 'Body' ? body.parent : undefined;
  return !!def && [...hooks].some((h) => h.from === def.from && h.to === def.to);
}

/** Two places set the same header: the value is known only when they agree. */
function merge(entries: Record<string, HeaderEntry>, w: HeaderWrite, always: boolean): void {
  const existing = entries[w.name!];
  const value: HeaderValue = !existing || JSON.stringify(existing.value) === JSON.stringify(w.value) ? w.value : { kind: 'unknown' };
  entries[w.name!] = { name: w.name!, value, span: w.span, valueSpan: w.valueSpan, always: always || !!existing?.always };
}

/** A literal origin string or list of them, as far as static; `undefined` items are not literals. */
export function stringItems(v: Value): Array<string | undefined> | undefined {
  if (v.kind === 'literal' && typeof v.value === 'string') return [v.value];
  if (v.kind === 'array' && !v.open) return v.items.map((i) => (i.kind === 'literal' && typeof i.value === 'string' ? i.value : undefined));
  return undefined;
}

/** A literal header value. */
export function headerLiteral(value: string): HeaderValue {
  return { kind: 'literal', value };
}

export const ANY_ORIGIN: HeaderValue = { kind: 'request-origin', allowlisted: false };
export const ALLOWED_ORIGIN: HeaderValue = { kind: 'request-origin', allowlisted: true };
export const UNKNOWN_VALUE: HeaderValue = { kind: 'unknown' };

/** A header a CORS middleware adds, its value decided by the option at `valueSpan`. */
export function added(name: string, value: HeaderValue, valueSpan: Span, always = true): Omit<HeaderEntry, 'span'> {
  return { name, value, valueSpan, always };
}

/** A boolean option: absent or `None` is false, a literal is itself, anything else unknown. */
export function flag(v: Value | undefined): boolean | 'unknown' {
  if (!v || (v.kind === 'literal' && (v.value === null || v.value === undefined))) return false;
  if (v.kind === 'literal' && typeof v.value === 'boolean') return v.value;
  return 'unknown';
}
