import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { literalTruth, logical, type Truth } from '../operators.js';
import { isNullish, union, UNDEFINED, type Language } from '../values.js';
import type * as domain from '../values.js';
import type { ParsedFile } from '../parse.js';

/**
 * The JavaScript/TypeScript interpreter's values: the shared domain (../values.ts) plus what only
 * JS has. Objects live in the heap, so a header added through one reference is seen through the
 * others; variables are scope cells, so a name resolves by scope before any state is read.
 */
export interface Js extends Language {
  value:
    | FunctionValue
    | ClassValue
    /** The handler's `context` parameter. */
    | { kind: 'context' }
    /** Something that sends a response when called: `callback`, `context.succeed`, `context.done`. */
    | { kind: 'responder'; argIndex: number }
    /** The `resolve` a `new Promise(…)` executor receives; `id` keys the values it was called with. */
    | { kind: 'resolver'; id: number }
    /** A relative module, read lazily: `name` undefined is the whole module (require / namespace). */
    | { kind: 'import'; module: ModuleRecord; name: string | undefined }
    /** An ES module's namespace object. */
    | { kind: 'namespace'; module: ModuleRecord }
    /** Something taken from an npm package: left to library models. */
    | { kind: 'package'; specifier: string; path: string[] }
    | { kind: 'builtin'; name: BuiltinName }
    | LibraryValue;
  binding: Cell;
}

export type Value = domain.Value<Js>;
export type Prop = domain.Prop<Js>;
export type Obj = domain.Obj<Js>;
export type State = domain.State<Js>;
export type Heap = domain.Heap<Js>;

/** `request-header`: `req.get(name)`, `c.req.header(name)`, `headers.get(name)` on the request. */
export type BuiltinName = 'require' | 'Object' | 'Object.assign' | 'Promise' | 'Promise.reject' | 'reject' | 'identity' | 'pure' | 'request-header';

/**
 * Something a library model made: a middy instance, an Express app, a `cors()` middleware.
 * `library` names the model (libraries/index.ts `libraryModel`), so that values do not depend on
 * the models' interface. `info` is the model's own immutable data; what changes (`app.use(…)`)
 * lives in the heap object `id`, so it forks and joins with the path like any object.
 */
export interface LibraryValue {
  kind: 'library';
  library: string;
  type: string;
  id: number;
  info?: object;
}

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface FunctionValue {
  kind: 'function';
  node: FunctionNode;
  module: ModuleRecord;
  /** The lexical scope the function closes over. */
  scope: Scope;
}

/** A class written in the project (`class X {}`, `class extends Base {}`), constructed by `new`. */
export interface ClassValue {
  kind: 'class';
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  module: ModuleRecord;
  /** The class body's scope: methods close over it, and it holds the class itself (for `super`). */
  scope: Scope;
}

/** One parsed source file as the evaluator sees it. */
export interface ModuleRecord {
  file: ParsedFile;
  /** Uses import/export syntax (else CommonJS, or JSON). */
  esm: boolean;
  json: boolean;
  scope: Scope;
}

/** A variable; scopes map names to cells, states map cells to values. */
export interface Cell {
  readonly name: string;
}

export class Scope {
  readonly vars = new Map<string, Cell>();

  constructor(readonly parent?: Scope) {}

  declare(name: string): Cell {
    let cell = this.vars.get(name);
    if (!cell) this.vars.set(name, (cell = { name }));
    return cell;
  }

  lookup(name: string): Cell | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the scope chain starts here
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const cell = s.vars.get(name);
      if (cell) return cell;
    }
    return undefined;
  }
}

/** JS truth: objects, arrays and functions are always truthy; literals by their value. */
export function truthOf(v: Value): Truth {
  if (v.kind === 'literal') return literalTruth(v);
  if (['object', 'array', 'function', 'class', 'event', 'request-headers', 'context', 'namespace'].includes(v.kind)) return 'truthy';
  return 'unknown';
}

/** `a || b`, `a && b`, `a ?? b` when the left side is already evaluated. */
export function combineLogical(op: string, left: Value, right: Value): Value {
  if (op === '??') {
    if (isNullish(left)) return right;
    return truthOf(left) === 'unknown' ? union([left, right]) : left;
  }
  return logical(op === '&&' ? 'and' : 'or', left, right, truthOf(left), UNDEFINED);
}
