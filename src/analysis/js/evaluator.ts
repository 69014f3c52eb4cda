import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { not } from '../operators.js';
import { compareOrigin, conditionGuard, guardOf, markAllowlisted, membershipTest, type Condition, type Guard } from '../origin.js';
import { MAX_CALL_DEPTH } from '../run.js';
import {
  assignState,
  fork as forkState,
  getObj,
  joinStates as joinAll,
  deleteProp,
  isNullish,
  literal,
  mayBeEmpty,
  newObj,
  newState,
  openObjects,
  options,
  readVar,
  returnedAt,
  setProp,
  settledAt,
  spreadInto,
  union,
  UNDEFINED,
  UNKNOWN,
} from '../values.js';
import { Classes } from './classes.js';
import { frameIn, newRun, NO_JS_FACTS, type CallNode, type Frame, type Interpreter, type ModuleHost, type Run } from './interpreter.js';
import { LibraryBridge } from './library-bridge.js';
import { allowlistCall, listOriginTests, normalisingCall, originTest } from './origin-tests.js';
import { bySettledSite, Promises, PROMISE_METHODS } from './promises.js';
import { methodReadGuarded, originReadGuarded } from './request-reads.js';
import { calleeName, DECLARATIONS, nameOf, patternNames, spanOf, varNames } from './syntax.js';
import {
  combineLogical,
  Scope,
  type BuiltinName,
  type FunctionValue,
  type Heap,
  type Js,
  type ModuleRecord,
  type Obj,
  type State,
  type Value,
} from './values.js';

/**
 * The JavaScript/TypeScript interpreter (docs/architecture.md#handler-analysis): it runs a
 * function over abstract values (../values.ts), forking the state at branches and joining it
 * after, follows calls into functions it can see (same file, imports of the project), and reports
 * every value that leaves the handler as a response, with the request reads and origin tests it
 * sees, to the run's fact sink. Calls are followed per call site, not summarised, so
 * `respond(200, origin)` keeps its arguments; the call depth and the step budget (../run.ts)
 * bound the cost. Classes, promises and library calls live in classes.ts, promises.ts and
 * library-bridge.ts.
 */

/** The cell holding `export default <expression>` (not a valid identifier, so it never clashes). */
export const DEFAULT_EXPORT_CELL = '*default*';

/** Array searches that test membership: what each gives when the predicate is an allowlist test. */
const LIST_SEARCHES = new Map<string, 'check' | 'index' | 'none'>([
  ['some', 'check'],
  ['find', 'check'],
  ['findLast', 'check'],
  ['findIndex', 'index'],
  ['findLastIndex', 'index'],
  // `list.every((o) => o !== origin)`: true when the origin is on no entry of the list.
  ['every', 'none'],
]);

const GLOBALS: Record<string, Value> = {
  undefined: UNDEFINED,
  require: builtin('require'),
  Object: builtin('Object'),
  Promise: builtin('Promise'),
  ...Object.fromEntries(
    [
      'JSON',
      'console',
      'Math',
      'String',
      'Number',
      'Boolean',
      'Array',
      'Date',
      'Buffer',
      'process',
      'parseInt',
      'parseFloat',
      'encodeURIComponent',
      'decodeURIComponent',
    ].map((n) => [n, builtin('pure')]),
  ),
};

/** Unknown functions may change the objects passed to them, except loggers. */
const LOGGING_METHODS = new Set(['log', 'info', 'debug', 'warn', 'error', 'trace', 'fatal']);

function builtin(name: BuiltinName): Value {
  return { kind: 'builtin', name };
}

export class Evaluator implements Interpreter {
  private readonly classes = new Classes(this);
  private readonly promises = new Promises(this);
  private readonly libraries = new LibraryBridge(this);

  constructor(readonly host: ModuleHost) {}

  private get heap(): Heap {
    return this.host.heap;
  }

  /** Runs a module's top level; the caller freezes the returned state into the heap. */
  runModule(module: ModuleRecord): State {
    const st = newState<Js>();
    const frame: Frame = { module, run: newRun(NO_JS_FACTS), depth: 0, returns: [], breaks: [] };
    const scope = module.scope;
    const noSpan = { file: module.file.path, start: 0, end: 0 };
    const exportsObj = newObj(st, this.heap, { props: new Map(), open: false });
    const moduleObj = newObj(st, this.heap, {
      props: new Map([['exports', { value: exportsObj, span: noSpan, valueSpan: noSpan, always: true }]]),
      open: false,
    });
    st.vars.set(scope.declare('module'), moduleObj);
    st.vars.set(scope.declare('exports'), exportsObj);
    const body = module.file.program.body;
    if (module.json) {
      const first = body[0];
      const value = first?.type === 'ExpressionStatement' ? this.eval(first.expression, scope, st, frame) : UNKNOWN;
      this.setMember(moduleObj, 'exports', value, first ?? module.file.program, first ?? module.file.program, st, frame);
      return st;
    }
    for (const s of body) if (s.type === 'ImportDeclaration') this.bindImport(s, scope, st, frame);
    this.hoistVars(body, scope, st);
    this.execBlock(body, scope, st, frame);
    return st;
  }

  /**
   * Analyses a handler function: its parameters are the event, the context and the callback. An
   * `async` handler that ends a path without a value fails the invocation (facts.ts
   * `FailureFact`), unless it answers through its callback or context.
   */
  runHandler(fn: FunctionValue, run: Run, callbackArgs?: Value[]): void {
    const st = newState<Js>();
    // A callback a library calls (an Express route): what it returns is not the invocation's result.
    const frame: Frame = { module: fn.module, run, depth: callbackArgs ? 1 : 0, returns: [], breaks: [] };
    const scope = new Scope(fn.scope);
    const params: Value[] = callbackArgs ?? [{ kind: 'event' }, { kind: 'context' }, { kind: 'responder', argIndex: 1 }];
    run.async = fn.node.async;
    run.noValue = [];
    this.enterFunction(fn, params, UNKNOWN, scope, st, frame);
    const body = fn.node.body;
    if (body.type === 'BlockStatement') {
      this.execBlock(body.body, scope, st, frame);
      // The closing brace: the path falls off the end.
      if (!st.dead) run.noValue.push({ file: fn.module.file.path, start: body.range[1] - 1, end: body.range[1] });
    } else this.doReturn(this.eval(body, scope, st, frame), body, st, frame);
    if (run.async && !run.usesCallback && !callbackArgs) for (const site of run.noValue) run.sink.failure({ kind: 'no-return', site });
  }

  /** The value a local export name holds after the module ran. */
  exportedCell(module: ModuleRecord, local: string): Value {
    const cell = module.scope.vars.get(local);
    return cell ? readVar(newState<Js>(), this.heap, cell) : UNKNOWN;
  }

  /** A property of a value (for a handler's `a.b` member path), outside any run. */
  property(module: ModuleRecord, v: Value, name: string): Value {
    return this.member(v, name, newState<Js>(), { module, run: newRun(NO_JS_FACTS), depth: 0, returns: [], breaks: [] });
  }

  // ---------------------------------------------------------------- statements

  private execBlock(stmts: TSESTree.Node[], scope: Scope, st: State, frame: Frame): void {
    this.hoistLexical(stmts, scope, st, frame);
    for (const s of stmts) {
      if (st.dead) return;
      this.exec(s, scope, st, frame);
    }
  }

  private exec(node: TSESTree.Node, scope: Scope, st: State, frame: Frame): void {
    if (!this.tick(frame)) {
      st.dead = true;
      return;
    }
    switch (node.type) {
      case 'ExpressionStatement':
        this.eval(node.expression, scope, st, frame);
        return;
      case 'VariableDeclaration':
        for (const d of node.declarations) {
          if (d.init || node.kind !== 'var') this.bind(d.id, d.init ? this.eval(d.init, scope, st, frame) : UNDEFINED, scope, st, frame, false);
        }
        return;
      case 'ReturnStatement':
        this.doReturn(node.argument ? this.eval(node.argument, scope, st, frame) : UNDEFINED, node, st, frame);
        return;
      case 'ThrowStatement':
        if (node.argument) this.eval(node.argument, scope, st, frame);
        if (!st.dead) this.raise('throw', node, frame);
        st.dead = true;
        return;
      case 'BlockStatement':
        this.execBlock(node.body, new Scope(scope), st, frame);
        return;
      case 'IfStatement':
        this.execIf(node, scope, st, frame);
        return;
      case 'SwitchStatement':
        this.execSwitch(node, scope, st, frame);
        return;
      case 'TryStatement':
        this.execTry(node, scope, st, frame);
        return;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.execLoop(node, scope, st, frame);
        return;
      case 'LabeledStatement': {
        const broke = this.collectBreaks(frame, () => this.exec(node.body, scope, st, frame));
        assignState(st, this.join([st, ...broke], frame));
        return;
      }
      case 'BreakStatement':
      case 'ContinueStatement':
        frame.breaks.at(-1)?.push(this.fork(st, frame));
        st.dead = true;
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) this.exec(node.declaration, scope, st, frame);
        return;
      case 'ExportDefaultDeclaration':
        // Declarations were hoisted; an expression is evaluated into the default export's cell.
        if (!DECLARATIONS.has(node.declaration.type)) st.vars.set(scope.declare(DEFAULT_EXPORT_CELL), this.eval(node.declaration, scope, st, frame));
        return;
      case 'TSExportAssignment': {
        const moduleCell = scope.lookup('module');
        const value = this.eval(node.expression, scope, st, frame);
        if (moduleCell) this.setMember(readVar(st, this.heap, moduleCell), 'exports', value, node, node.expression, st, frame);
        return;
      }
      case 'TSImportEqualsDeclaration': {
        const ref = node.moduleReference;
        const value =
          ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string'
            ? this.host.importValue(frame.module, ref.expression.value, undefined)
            : UNKNOWN;
        st.vars.set(scope.declare(node.id.name), value);
        return;
      }
      default:
        return; // declarations were hoisted; types and empty statements do nothing
    }
  }

  private doReturn(value: Value, node: TSESTree.Node, st: State, frame: Frame): void {
    if (st.dead) return; // the returned expression threw
    const at = spanOf(frame.module, node);
    if (frame.depth === 0) {
      if (node.type === 'ReturnStatement' && returnsNothing(node)) frame.run.noValue?.push(at);
      for (const [site, v] of bySettledSite(this.host.deref(value), at))
        frame.run.sink.response({ site, value: v, state: st, ...(frame.run.async && { result: true as const }) });
    } else {
      frame.returns.push({ value: frame.settles ? settledAt(value, at) : returnedAt(value, at), state: this.fork(st, frame) });
    }
    st.dead = true;
  }

  private execIf(node: TSESTree.IfStatement, scope: Scope, st: State, frame: Frame): void {
    const guard = this.test(node.test, scope, st, frame);
    const yes = this.fork(st, frame);
    yes.guarded ||= guard.whenTrue;
    this.exec(node.consequent, scope, yes, frame);
    const no = this.fork(st, frame);
    no.guarded ||= guard.whenFalse;
    if (node.alternate) this.exec(node.alternate, scope, no, frame);
    assignState(st, this.join([yes, no], frame));
  }

  private execSwitch(node: TSESTree.SwitchStatement, scope: Scope, st: State, frame: Frame): void {
    const discriminant = this.eval(node.discriminant, scope, st, frame);
    const inner = new Scope(scope);
    this.hoistLexical(
      node.cases.flatMap((c) => c.consequent),
      inner,
      st,
      frame,
    );
    // Without a `default`, no case may match.
    const ends: State[] = node.cases.some((c) => !c.test) ? [] : [this.fork(st, frame)];
    let fall: State | undefined;
    const broke = this.collectBreaks(frame, () => {
      for (const c of node.cases) {
        const entry = this.fork(st, frame);
        // `case 'https://app.example.com':` on the origin is an allowlist test (`origin === 'https://…'`).
        if (c.test && guardOf(compareOrigin('===', discriminant, this.host.deref(this.eval(c.test, scope, entry, frame))) ?? UNKNOWN).whenTrue)
          entry.guarded = true;
        const start = fall ? this.join([entry, fall], frame) : entry;
        for (const s of c.consequent) {
          if (start.dead) break;
          this.exec(s, inner, start, frame);
        }
        fall = start.dead ? undefined : start;
      }
    });
    assignState(st, this.join([...ends, ...broke, ...(fall ? [fall] : [])], frame));
  }

  /** Runs `body` as the target of `break` / `continue` and returns the states that left through them. */
  private collectBreaks(frame: Frame, body: () => void): State[] {
    frame.breaks.push([]);
    body();
    return frame.breaks.pop() ?? [];
  }

  private execTry(node: TSESTree.TryStatement, scope: Scope, st: State, frame: Frame): void {
    const before = this.fork(st, frame);
    const caught = frame.caught;
    frame.caught ||= !!node.handler;
    this.execBlock(node.block.body, new Scope(scope), st, frame);
    frame.caught = caught;
    if (node.handler) {
      // The throw may come from anywhere in the block: start from before it or after it.
      const handling = this.join([before, st], frame);
      const catchScope = new Scope(scope);
      if (node.handler.param) this.bind(node.handler.param, UNKNOWN, catchScope, handling, frame, true);
      this.execBlock(node.handler.body.body, catchScope, handling, frame);
      assignState(st, this.join([st, handling], frame));
    }
    if (node.finalizer && !st.dead) this.execBlock(node.finalizer.body, new Scope(scope), st, frame);
  }

  /** A loop body runs zero times or once (a second round adds nothing header analysis needs). */
  private execLoop(
    node: TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement,
    scope: Scope,
    st: State,
    frame: Frame,
  ): void {
    const inner = new Scope(scope);
    if (node.type === 'ForStatement' && node.init) {
      if (node.init.type === 'VariableDeclaration') {
        this.hoistLexical([node.init], inner, st, frame);
        this.exec(node.init, inner, st, frame);
      } else this.eval(node.init, inner, st, frame);
    }
    const round = this.fork(st, frame);
    const broke = this.collectBreaks(frame, () => {
      if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
        const collection = this.host.deref(this.eval(node.right, scope, round, frame));
        const item = node.type === 'ForOfStatement' && collection.kind === 'array' && collection.items.length > 0 ? union(collection.items) : UNKNOWN;
        const left = node.left;
        const target = left.type === 'VariableDeclaration' ? left.declarations[0]?.id : left;
        if (target) this.bind(target, item, inner, round, frame, left.type === 'VariableDeclaration');
      } else if (node.test) {
        this.eval(node.test, inner, round, frame);
      }
      this.exec(node.body, inner, round, frame);
      if (node.type === 'ForStatement' && node.update && !round.dead) this.eval(node.update, inner, round, frame);
    });
    assignState(st, this.join([st, round, ...broke], frame));
  }

  // ---------------------------------------------------------------- declarations

  /** Declares a block's let/const/class/function names; functions get their value at once. */
  private hoistLexical(stmts: TSESTree.Node[], scope: Scope, st: State, frame: Frame): void {
    for (const s of stmts) {
      const d = s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' ? s.declaration : s;
      if (!d) continue;
      if (d.type === 'VariableDeclaration' && d.kind !== 'var') {
        for (const decl of d.declarations) for (const name of patternNames(decl.id)) scope.declare(name);
      } else if (d.type === 'FunctionDeclaration') {
        const name = d.id?.name ?? DEFAULT_EXPORT_CELL;
        st.vars.set(scope.declare(name), { kind: 'function', node: d, module: frame.module, scope });
      } else if (d.type === 'ClassDeclaration') {
        st.vars.set(scope.declare(d.id?.name ?? DEFAULT_EXPORT_CELL), this.classes.classValue(d, scope, st, frame));
      } else if (d.type === 'TSEnumDeclaration') {
        st.vars.set(scope.declare(d.id.name), UNKNOWN);
      }
    }
  }

  /** Declares the `var` names of a function body (they are function-scoped). */
  private hoistVars(stmts: TSESTree.Node[], scope: Scope, st: State): void {
    for (const name of varNames(stmts)) if (!scope.vars.has(name)) st.vars.set(scope.declare(name), UNDEFINED);
  }

  private bindImport(node: TSESTree.ImportDeclaration, scope: Scope, st: State, frame: Frame): void {
    if (node.importKind === 'type') return;
    for (const s of node.specifiers) {
      if (s.type === 'ImportSpecifier' && s.importKind === 'type') continue;
      const name = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? undefined : nameOf(s.imported);
      st.vars.set(scope.declare(s.local.name), this.host.importValue(frame.module, node.source.value, name));
    }
  }

  /**
   * Binds a pattern to a value. `fresh` declares new names in `scope` (parameters, catch and
   * loop variables); otherwise names resolve through the scope chain (hoisted declarations and
   * assignments).
   */
  private bind(pattern: TSESTree.Node, value: Value, scope: Scope, st: State, frame: Frame, fresh: boolean): void {
    switch (pattern.type) {
      case 'Identifier': {
        const cell = fresh ? scope.declare(pattern.name) : (scope.lookup(pattern.name) ?? scope.declare(pattern.name));
        st.vars.set(cell, value);
        return;
      }
      case 'AssignmentPattern': {
        const v = this.host.deref(value);
        const given = options(v).filter((o) => !(o.kind === 'literal' && o.value === undefined));
        const withDefault = given.length === options(v).length ? v : union([...given, this.eval(pattern.right, scope, st, frame)]);
        this.bind(pattern.left, withDefault, scope, st, frame, fresh);
        return;
      }
      case 'ObjectPattern':
        for (const p of pattern.properties) {
          if (p.type === 'RestElement') this.bind(p.argument, UNKNOWN, scope, st, frame, fresh);
          else {
            const key = this.propertyKey(p, scope, st, frame);
            if (key !== undefined) {
              this.readRequest(value, key, p, frame);
            }
            this.bind(p.value, key === undefined ? UNKNOWN : this.member(value, key, st, frame), scope, st, frame, fresh);
          }
        }
        return;
      case 'ArrayPattern':
        pattern.elements.forEach((e, i) => {
          if (e) this.bind(e, e.type === 'RestElement' ? UNKNOWN : this.member(value, String(i), st, frame), scope, st, frame, fresh);
        });
        return;
      case 'RestElement':
        this.bind(pattern.argument, UNKNOWN, scope, st, frame, fresh);
        return;
      case 'TSParameterProperty':
        this.bind(pattern.parameter, value, scope, st, frame, fresh);
        return;
      case 'MemberExpression': {
        const key = this.memberKey(pattern, scope, st, frame);
        const target = this.eval(pattern.object, scope, st, frame);
        if (key === undefined) this.openObjects(target, st);
        else this.setMember(target, key, value, pattern, pattern, st, frame);
        return;
      }
      default:
        return;
    }
  }

  // ---------------------------------------------------------------- expressions

  eval(node: TSESTree.Node, scope: Scope, st: State, frame: Frame): Value {
    if (!this.tick(frame)) return UNKNOWN;
    const v = this.evalNode(node, scope, st, frame);
    return st.guarded ? markAllowlisted(v) : v;
  }

  private evalNode(node: TSESTree.Node, scope: Scope, st: State, frame: Frame): Value {
    switch (node.type) {
      case 'Literal':
        return 'regex' in node || 'bigint' in node ? UNKNOWN : literal(node.value);
      case 'TemplateLiteral': {
        let text = node.quasis[0]?.value.cooked ?? '';
        for (const [i, e] of node.expressions.entries()) {
          const part = this.host.deref(this.eval(e, scope, st, frame));
          if (part.kind !== 'literal') return UNKNOWN;
          text += String(part.value) + (node.quasis[i + 1]?.value.cooked ?? '');
        }
        return literal(text);
      }
      case 'Identifier':
        return this.identifier(node.name, scope, st);
      case 'ThisExpression':
        return this.identifier('this', scope, st);
      case 'ObjectExpression':
        return this.objectLiteral(node, scope, st, frame);
      case 'ArrayExpression': {
        const items: Value[] = [];
        for (const e of node.elements) {
          if (!e) items.push(UNDEFINED);
          else if (e.type === 'SpreadElement') {
            const spread = this.host.deref(this.eval(e.argument, scope, st, frame));
            if (spread.kind !== 'array') return UNKNOWN;
            items.push(...spread.items);
          } else items.push(this.eval(e, scope, st, frame));
        }
        return { kind: 'array', items };
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return { kind: 'function', node, module: frame.module, scope };
      case 'ClassExpression':
        return this.classes.classValue(node, scope, st, frame);
      case 'MemberExpression': {
        const object = this.eval(node.object, scope, st, frame);
        const key = this.memberKey(node, scope, st, frame);
        if (key === undefined) return this.lookupByOrigin(node, object, scope, st, frame) ?? UNKNOWN;
        this.readRequest(object, key, node, frame);
        return this.member(object, key, st, frame);
      }
      case 'AwaitExpression': // promises are not modelled: an awaited call is its result
        return this.eval(node.argument, scope, st, frame);
      case 'ChainExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.eval(node.expression, scope, st, frame);
      case 'CallExpression':
        return this.callExpression(node, scope, st, frame);
      case 'NewExpression': {
        const callee = this.host.deref(this.eval(node.callee, scope, st, frame));
        const args = this.args(node.arguments, scope, st, frame);
        if (callee.kind === 'package') return this.libraries.callPackage(callee, args, node, undefined, st, frame);
        if (callee.kind === 'builtin' && callee.name === 'Promise') return this.promises.newPromise(args[0], st, frame);
        return this.classes.construct(callee, args, node, st, frame);
      }
      case 'ImportExpression':
        return node.source.type === 'Literal' && typeof node.source.value === 'string'
          ? this.host.importValue(frame.module, node.source.value, undefined)
          : UNKNOWN;
      case 'AssignmentExpression':
        return this.assignment(node, scope, st, frame);
      case 'LogicalExpression':
        return this.logical(node, scope, st, frame);
      case 'ConditionalExpression': {
        const guard = this.test(node.test, scope, st, frame);
        const was = st.guarded;
        st.guarded = was || guard.whenTrue;
        const yes = this.eval(node.consequent, scope, st, frame);
        st.guarded = was || guard.whenFalse;
        const no = this.eval(node.alternate, scope, st, frame);
        st.guarded = was;
        return union([yes, no]);
      }
      case 'BinaryExpression': {
        const left = this.host.deref(this.eval(node.left, scope, st, frame));
        const right = this.host.deref(this.eval(node.right, scope, st, frame));
        const check = compareOrigin(node.operator, left, right);
        if (check) return check;
        return node.operator === '+' ? plus(left, right) : UNKNOWN;
      }
      case 'UnaryExpression': {
        if (node.operator === 'delete') return this.deleteMember(node.argument, scope, st, frame);
        const arg = this.host.deref(this.eval(node.argument, scope, st, frame));
        if (node.operator === 'void') return UNDEFINED;
        if (node.operator === '!') return not(arg) ?? UNKNOWN;
        if (node.operator === '-' && arg.kind === 'literal' && typeof arg.value === 'number') return literal(-arg.value);
        return UNKNOWN;
      }
      case 'SequenceExpression':
        return node.expressions.map((e) => this.eval(e, scope, st, frame)).at(-1) ?? UNKNOWN;
      case 'UpdateExpression':
        this.assignTo(node.argument, UNKNOWN, node, scope, st, frame);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  identifier(name: string, scope: Scope, st: State): Value {
    const cell = scope.lookup(name);
    if (cell) return readVar(st, this.heap, cell);
    return Object.hasOwn(GLOBALS, name) ? GLOBALS[name] : UNKNOWN;
  }

  private objectLiteral(node: TSESTree.ObjectExpression, scope: Scope, st: State, frame: Frame): Value {
    const obj: Obj = { props: new Map(), open: false };
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        this.spreadInto(obj, this.eval(p.argument, scope, st, frame), st);
        continue;
      }
      const key = this.propertyKey(p, scope, st, frame);
      const value = p.kind === 'init' ? this.eval(p.value, scope, st, frame) : UNKNOWN;
      if (key === undefined) obj.open = true;
      else obj.props.set(key, { value, span: spanOf(frame.module, p), valueSpan: spanOf(frame.module, p.value), always: true });
    }
    return newObj(st, this.heap, obj);
  }

  /** Copies the properties of `source` (`...source`, `Object.assign(target, source)`) into `target`. */
  private spreadInto(target: Obj, source: Value, st: State): void {
    const sources = options(this.host.deref(source)).map((o): Obj => {
      if (o.kind === 'object') return getObj(st, this.heap, o.id);
      // Spreading a primitive, an array or nothing adds no named properties.
      if (['literal', 'array', 'function', 'origin', 'origin-check', 'origin-index'].includes(o.kind)) return { props: new Map(), open: false };
      return { props: new Map(), open: true };
    });
    spreadInto(target, sources);
  }

  private assignment(node: TSESTree.AssignmentExpression, scope: Scope, st: State, frame: Frame): Value {
    let value = this.eval(node.right, scope, st, frame);
    if (node.operator === '||=' || node.operator === '&&=' || node.operator === '??=') {
      const current = this.eval(node.left, scope, st, frame);
      value = combineLogical(node.operator.slice(0, 2), this.host.deref(current), value);
    } else if (node.operator === '+=') {
      value = plus(this.host.deref(this.eval(node.left, scope, st, frame)), this.host.deref(value));
    } else if (node.operator !== '=') {
      value = UNKNOWN;
    }
    this.assignTo(node.left, value, node, scope, st, frame);
    return value;
  }

  private assignTo(
    target: TSESTree.Node,
    value: Value,
    node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression,
    scope: Scope,
    st: State,
    frame: Frame,
  ): void {
    if (target.type === 'MemberExpression') {
      const key = this.memberKey(target, scope, st, frame);
      const object = this.eval(target.object, scope, st, frame);
      const written = options(this.host.deref(object));
      if (written.some((o) => o.kind === 'request-headers' || (o.kind === 'event' && key === 'headers'))) frame.run.sink.headersRewritten();
      if (key === undefined) this.openObjects(object, st);
      else this.setMember(object, key, value, node, node.type === 'AssignmentExpression' ? node.right : node, st, frame);
    } else {
      this.bind(target, value, scope, st, frame, false);
    }
  }

  /** `object[key] = value`: sets the property on every object `object` may be. */
  setMember(object: Value, key: string, value: Value, node: TSESTree.Node, valueNode: TSESTree.Node, st: State, frame: Frame): void {
    setProp(this.host.deref(object), key, { value, span: spanOf(frame.module, node), valueSpan: spanOf(frame.module, valueNode) }, st, this.heap);
  }

  /**
   * `delete object[key]`: the property is gone when `object` is one known object; when it may be
   * one of several, the property becomes not always present; an unknown key opens the objects.
   */
  private deleteMember(target: TSESTree.Node, scope: Scope, st: State, frame: Frame): Value {
    if (target.type !== 'MemberExpression') return literal(true);
    const key = this.memberKey(target, scope, st, frame);
    const object = this.eval(target.object, scope, st, frame);
    if (key === undefined) {
      this.openObjects(object, st);
      return literal(true);
    }
    deleteProp(this.host.deref(object), key, st, this.heap);
    return literal(true);
  }

  openObjects(v: Value, st: State): void {
    openObjects(v, st, this.heap, (x) => this.host.deref(x));
  }

  private logical(node: TSESTree.LogicalExpression, scope: Scope, st: State, frame: Frame): Value {
    const left = this.eval(node.left, scope, st, frame);
    const was = st.guarded;
    // The right side runs only when the left is true (`&&`) or false (`||`): a test there holds for it.
    if (node.operator === '&&') st.guarded ||= guardOf(left).whenTrue;
    else if (node.operator === '||') st.guarded ||= guardOf(left).whenFalse;
    const right = this.eval(node.right, scope, st, frame);
    st.guarded = was;
    return combineLogical(node.operator, this.host.deref(left), right);
  }

  /** Evaluates a condition and says what its outcome implies about the origin allowlist (../origin.ts). */
  private test(node: TSESTree.Node, scope: Scope, st: State, frame: Frame): Guard {
    return conditionGuard(node, jsCondition, (n) => this.host.deref(this.eval(n, scope, st, frame)), st);
  }

  // ---------------------------------------------------------------- members

  /** `ALLOWED[origin]` on a known object: the entry exists only for listed origins, an allowlist test. */
  private lookupByOrigin(node: TSESTree.MemberExpression, object: Value, scope: Scope, st: State, frame: Frame): Value | undefined {
    const target = this.host.deref(object);
    if (!node.computed || target.kind !== 'object') return undefined;
    return membershipTest(this.host.deref(this.eval(node.property, scope, st, frame)), target);
  }

  private memberKey(node: TSESTree.MemberExpression, scope: Scope, st: State, frame: Frame): string | undefined {
    if (!node.computed)
      return node.property.type === 'Identifier' ? node.property.name : node.property.type === 'PrivateIdentifier' ? `#${node.property.name}` : undefined;
    const key = this.host.deref(this.eval(node.property, scope, st, frame));
    return key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
  }

  private propertyKey(p: TSESTree.Property, scope: Scope, st: State, frame: Frame): string | undefined {
    if (!p.computed) {
      if (p.key.type === 'Identifier') return p.key.name;
      if (p.key.type === 'Literal') return String(p.key.value);
      return undefined;
    }
    const key = this.host.deref(this.eval(p.key, scope, st, frame));
    return key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
  }

  /**
   * Reports a read of `key` on `object` when it reads the request: a header by a static name
   * (`event.headers.X`, `event.headers['x-y']`, `const { x } = event.headers`), or `event.httpMethod`
   * (absent from HTTP API payload 2.0 events).
   */
  private readRequest(object: Value, key: string, node: TSESTree.Node, frame: Frame): void {
    if (key in Object.prototype) return;
    const read = options(this.host.deref(object));
    const sink = frame.run.sink;
    if (read.some((o) => o.kind === 'request-headers')) {
      const span = spanOf(frame.module, node);
      // The event's Origin by name only: framework getters (`req.get('origin')`) ignore case.
      const byName = key.toLowerCase() === 'origin' && node.type !== 'CallExpression';
      sink.headerRead(
        { name: key.toLowerCase(), span },
        byName ? { span, spelling: key, guarded: originReadGuarded(frame.module.file.program, node, key) } : undefined,
      );
    }
    if (key === 'httpMethod' && read.some((o) => o.kind === 'event')) {
      sink.methodRead({ span: spanOf(frame.module, node), spelling: key, guarded: methodReadGuarded(frame.module.file.program, node) });
    }
  }

  /** `req.get('X-Id')`, `c.req.header('x-id')`, `headers.get('x-id')`. */
  private headerCall(args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): Value {
    const name = args[0] && this.host.deref(args[0]);
    if (name?.kind !== 'literal' || typeof name.value !== 'string') return UNKNOWN;
    this.readRequest({ kind: 'request-headers' }, name.value, node, frame);
    return this.member({ kind: 'request-headers' }, name.value, st, frame);
  }

  private member(value: Value, name: string, st: State, frame: Frame): Value {
    const v = this.host.deref(value);
    switch (v.kind) {
      case 'unknown':
        // `big.helper` of a module past a limit keeps saying why it is unknown.
        return v.limit ? v : UNKNOWN;
      case 'object': {
        const obj = getObj(st, this.heap, v.id);
        const prop = obj.props.get(name);
        if (prop) return prop.value;
        return obj.open || name in Object.prototype ? UNKNOWN : UNDEFINED;
      }
      case 'array':
        return /^\d+$/.test(name) ? (v.items[Number(name)] ?? UNDEFINED) : UNKNOWN;
      case 'event':
        // Frameworks hand routes the request as `req` (Express), `c.req` (Hono), `reqCtx.event` (Powertools).
        if (name === 'headers') return { kind: 'request-headers' };
        if (name === 'get' || name === 'header') return builtin('request-header');
        return name === 'req' || name === 'event' ? v : UNKNOWN;
      case 'request-headers':
        if (name === 'get') return builtin('request-header');
        return name.toLowerCase() === 'origin' ? { kind: 'origin', allowlisted: st.guarded } : UNKNOWN;
      case 'context':
        return name === 'succeed'
          ? { kind: 'responder', argIndex: 0 }
          : name === 'done'
            ? { kind: 'responder', argIndex: 1 }
            : name === 'fail'
              ? { kind: 'responder', argIndex: -1 }
              : UNKNOWN;
      case 'namespace':
        return { kind: 'import', module: v.module, name };
      case 'package':
        return { ...v, path: [...v.path, name] };
      case 'builtin':
        if (v.name === 'Object') return builtin(name === 'assign' ? 'Object.assign' : name === 'freeze' ? 'identity' : 'pure');
        // A promise stands for its value: `Promise.all([a, b])` is `[a, b]`.
        if (v.name === 'Promise') return builtin(name === 'resolve' || name === 'all' ? 'identity' : name === 'reject' ? 'Promise.reject' : 'pure');
        return v.name === 'pure' ? v : UNKNOWN;
      case 'library':
        return this.libraries.property(v, name, st);
      case 'class':
        return this.classes.staticMember(v, name, st, frame);
      case 'union':
        return union(v.options.map((o) => this.member(o, name, st, frame)));
      default:
        return UNKNOWN;
    }
  }

  // ---------------------------------------------------------------- calls

  private args(nodes: TSESTree.CallExpressionArgument[], scope: Scope, st: State, frame: Frame): Value[] {
    const out: Value[] = [];
    for (const a of nodes) {
      if (a.type !== 'SpreadElement') out.push(this.eval(a, scope, st, frame));
      else {
        const spread = this.host.deref(this.eval(a.argument, scope, st, frame));
        if (spread.kind !== 'array') return [...out, UNKNOWN];
        out.push(...spread.items);
      }
    }
    return out;
  }

  private callExpression(node: TSESTree.CallExpression, scope: Scope, st: State, frame: Frame): Value {
    const callee = node.callee;
    if (callee.type === 'Super') return this.classes.superCall(scope, this.args(node.arguments, scope, st, frame), node, st, frame);
    let receiver: Value | undefined;
    let fn: Value;
    let method: string | undefined;
    if (callee.type === 'MemberExpression') {
      const onSuper = callee.object.type === 'Super';
      // `p.catch(f)`, `p.then(f, g)`: what `p` throws or rejects with is handled, and the chain goes on.
      const handles = handlesRejection(node);
      const caught = frame.caught;
      const before = handles ? this.fork(st, frame) : undefined;
      frame.caught ||= handles;
      receiver = onSuper ? this.identifier('this', scope, st) : this.eval(callee.object, scope, st, frame);
      frame.caught = caught;
      if (before && st.dead) assignState(st, before);
      method = this.memberKey(callee, scope, st, frame);
      fn = method === undefined ? UNKNOWN : onSuper ? this.classes.superMethod(method, scope, st, frame) : this.member(receiver, method, st, frame);
    } else {
      fn = this.eval(callee, scope, st, frame);
    }
    const args = this.args(node.arguments, scope, st, frame);
    fn = this.host.deref(fn);
    if (receiver && method) {
      const target = this.host.deref(receiver);
      const normalised = normalisingCall(method, target);
      if (normalised) return normalised;
      const check = allowlistCall(
        method,
        target,
        args.map((a) => this.host.deref(a)),
      );
      if (check) {
        frame.run.sink.originTest(originTest(frame.module, node, method));
        return check;
      }
      const found = this.listSearch(method, target, args, node, st, frame);
      if (found) return found;
      const v = target.kind === 'library' ? this.libraries.method(target, method, args, node, st, frame) : undefined;
      if (v) return v;
      if (PROMISE_METHODS.has(method) && (fn.kind === 'unknown' || (fn.kind === 'literal' && fn.value === undefined)))
        return this.promises.settle(method, receiver, args, node, st, frame);
      // `fn.call(this, event)`, `fn.apply(this, arguments)`: how wrappers hand the handler its arguments.
      if (target.kind === 'function' && (method === 'call' || method === 'apply')) {
        const list = method === 'apply' ? this.host.deref(args[1] ?? UNDEFINED) : undefined;
        if (list && list.kind !== 'array') return this.unknownCall(calleeName(node), args, method, st, frame);
        return this.invoke(target, args[0] ?? UNDEFINED, list ? list.items : args.slice(1), node, st, frame);
      }
    }
    return this.call(fn, receiver, args, node, method, st, frame);
  }

  /**
   * `list.some((re) => re.test(origin))`, `list.find((o) => o === origin)`, `list.every((o) => o !== origin)`:
   * a search of a list whose predicate is an allowlist test on the origin is one too. The predicate runs once on a
   * path of its own, with the list's items (or an unknown) as its argument.
   */
  private listSearch(method: string, list: Value, args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): Value | undefined {
    const kind = LIST_SEARCHES.get(method);
    const predicate = kind && args[0] && options(this.host.deref(args[0])).find((o): o is FunctionValue => o.kind === 'function');
    if (!predicate) return undefined;
    const item = list.kind === 'array' && list.items.length > 0 ? union(list.items.map((i) => this.host.deref(i))) : UNKNOWN;
    const result = this.host.deref(this.invoke(predicate, UNKNOWN, [item], undefined, this.fork(st, frame), frame));
    if (result.kind !== 'origin-check' || result.negated !== (kind === 'none')) return undefined;
    frame.run.sink.originTest(...listOriginTests(frame.module, node));
    return kind === 'index' ? { kind: 'origin-index' } : result;
  }

  call(fn: Value, receiver: Value | undefined, args: Value[], node: TSESTree.CallExpression, method: string | undefined, st: State, frame: Frame): Value {
    switch (fn.kind) {
      case 'function':
        return this.invoke(fn, receiver ?? UNKNOWN, args, node, st, frame);
      case 'responder':
        this.respondFromCall(fn.argIndex, args, node, st, frame);
        return UNDEFINED;
      case 'resolver':
        this.promises.resolve(fn.id, args[0] ?? UNDEFINED, node, frame);
        return UNDEFINED;
      case 'builtin':
        return fn.name === 'request-header' ? this.headerCall(args, node, st, frame) : this.callBuiltin(fn.name, args, node, st, frame);
      case 'package':
        return this.libraries.callPackage(fn, args, node, method, st, frame);
      case 'library':
        return this.libraries.callHandler(fn, args, node, method, st, frame);
      case 'union': {
        // `if (!cached) cached = await bootstrap(); return cached(event, context)`: on the path where
        // `cached` is still unset the call throws, so the adapter's handler is what answers.
        const [only, ...others] = fn.options.filter((o) => !isNullish(o));
        if (only?.kind === 'library' && others.length === 0) return this.libraries.callHandler(only, args, node, method, st, frame);
        return this.unknownCall(calleeName(node), args, method, st, frame);
      }
      default:
        if (fn.kind === 'unknown' && fn.limit) frame.run.sink.incomplete(fn.limit);
        return this.unknownCall(calleeName(node), args, method, st, frame);
    }
  }

  private callBuiltin(name: BuiltinName, args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): Value {
    switch (name) {
      case 'require': {
        const spec = args[0] && this.host.deref(args[0]);
        return spec?.kind === 'literal' && typeof spec.value === 'string' ? this.host.importValue(frame.module, spec.value, undefined) : UNKNOWN;
      }
      case 'Object.assign': {
        const [target, ...sources] = args;
        if (!target) return UNKNOWN;
        for (const t of options(this.host.deref(target))) {
          if (t.kind !== 'object') continue;
          const obj = getObj(st, this.heap, t.id);
          const next: Obj = { props: new Map(obj.props), open: obj.open };
          for (const s of sources) this.spreadInto(next, s, st);
          st.objs.set(t.id, next);
        }
        return target;
      }
      case 'identity':
        return args[0] ?? UNDEFINED;
      case 'Promise.reject':
      case 'reject':
        // A rejected promise sends no response; as a `throw`, it fails the invocation unless handled.
        if (!frame.caught && (name === 'reject' || !frame.detached)) this.raise('rejection', node, frame);
        st.dead = true;
        return UNDEFINED;
      default:
        return UNKNOWN;
    }
  }

  /**
   * `callback(null, x)` (argIndex 1: the first argument must be empty), `context.succeed(x)`, or
   * `context.fail(e)` (argIndex -1). An error the call certainly passes (`callback(err)` with that
   * one argument, or one that cannot be empty) fails the invocation; `callback(err, data)` with an
   * error that may be empty is the success path as well.
   */
  private respondFromCall(argIndex: number, args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): void {
    frame.run.usesCallback = true;
    if (argIndex < 0) return this.raise('error-callback', node, frame);
    const error = argIndex > 0 ? args[argIndex - 1] : undefined;
    const value = args[argIndex];
    const failing = error && (value ? !mayBeEmpty(this.host.deref(error)) : !isNullish(this.host.deref(error)));
    if (failing) return this.raise('error-callback', node, frame);
    if (!value || (error && !mayBeEmpty(this.host.deref(error)))) return;
    this.respondAt(node, value, st, frame);
  }

  /** A response sent by the call `node`; inside a followed call, that call is the site. */
  respondAt(node: CallNode, value: Value, st: State, frame: Frame): void {
    const at = spanOf(frame.module, node);
    const site = frame.run.site;
    frame.run.sink.response({ site: site ?? at, ...(site && { builtAt: at }), value, state: st, result: true });
  }

  /** The invocation fails at `node` (facts.ts `FailureFact`); inside a followed call, that call is the site. */
  private raise(kind: 'throw' | 'rejection' | 'error-callback', node: TSESTree.Node, frame: Frame): void {
    if (kind === 'throw' && (frame.caught || frame.detached)) return;
    const at = spanOf(frame.module, node);
    const site = frame.run.site;
    frame.run.sink.failure({ kind, site: site ?? at, ...(site && { raisedAt: at }) });
  }

  unknownCall(name: string, args: Value[], method: string | undefined, st: State, frame: Frame): Value {
    const derefed = args.map((a) => this.host.deref(a));
    const handed = derefed.flatMap(options).find((o) => o.kind === 'responder' || o.kind === 'context');
    if (handed) {
      frame.run.usesCallback = true;
      frame.run.sink.incomplete(`the ${handed.kind === 'context' ? 'context' : 'callback'} is passed to ${name}(...), which is not followed`);
    }
    const escaped = this.libraries.escapes(derefed);
    if (escaped) frame.run.sink.incomplete(`${escaped} is passed to ${name}(...), which is not followed`);
    if (!(method && LOGGING_METHODS.has(method))) for (const a of derefed) this.openObjects(a, st);
    for (const o of derefed.flatMap(options)) {
      if (o.kind === 'function') this.runCallback(o, st, frame);
      // `stream.on('end', resolve)`: the promise gets whatever the unknown function passes.
      else if (o.kind === 'resolver') this.promises.resolveUnknown(o.id, name);
    }
    return { kind: 'unknown', call: name };
  }

  /**
   * A function handed to an unknown call (`.then(r => callback(null, …))`, `forEach(k => …)`)
   * may run: it runs once, with unknown arguments (or those a library model gives), on a path of
   * its own. Its responses keep their own site when it is written in the handler body.
   */
  runCallback(fn: FunctionValue, st: State, frame: Frame, args: Value[] = []): void {
    const path = this.fork(st, frame);
    // Arguments the caller is not known to pass are unknown, not missing.
    this.invoke(
      fn,
      UNKNOWN,
      fn.node.params.map((_, i) => args[i] ?? UNKNOWN),
      undefined,
      path,
      { ...frame, detached: true },
    );
    assignState(st, this.join([st, path], frame));
  }

  /**
   * Calls `fn`; `node` is the call (undefined when an unknown function calls it back). `settles`:
   * `fn` is a `.then` callback in the handler's file (Frame).
   */
  invoke(fn: FunctionValue, receiver: Value, args: Value[], node: CallNode | undefined, st: State, frame: Frame, settles = false): Value {
    const run = frame.run;
    if (frame.depth >= MAX_CALL_DEPTH || run.stack.includes(fn.node)) return node ? this.unknownCall(calleeName(node), args, undefined, st, frame) : UNKNOWN;
    const callee: Frame = { ...frameIn(fn.module, frame), ...(settles && { settles }) };
    const scope = new Scope(fn.scope);
    const outerSite = run.site;
    // The first call made from the handler's body is the site of the responses sent further in.
    if (node && !outerSite) run.site = spanOf(frame.module, node);
    run.stack.push(fn.node);
    this.enterFunction(fn, args, receiver, scope, st, callee);
    const body = fn.node.body;
    if (body.type === 'BlockStatement') {
      this.execBlock(body.body, scope, st, callee);
      if (!st.dead) callee.returns.push({ value: UNDEFINED, state: this.fork(st, frame) });
    } else {
      this.doReturn(this.eval(body, scope, st, callee), body, st, callee);
    }
    run.stack.pop();
    run.site = outerSite;
    assignState(
      st,
      this.join(
        callee.returns.map((r) => r.state),
        frame,
      ),
    );
    return callee.returns.length > 0 ? union(callee.returns.map((r) => r.value)) : UNKNOWN;
  }

  private enterFunction(fn: FunctionValue, args: Value[], receiver: Value, scope: Scope, st: State, frame: Frame): void {
    if (fn.node.type !== 'ArrowFunctionExpression') {
      st.vars.set(scope.declare('this'), receiver);
      st.vars.set(scope.declare('arguments'), { kind: 'array', items: args });
    }
    if (fn.node.type === 'FunctionExpression' && fn.node.id) st.vars.set(scope.declare(fn.node.id.name), fn);
    fn.node.params.forEach((p, i) => {
      this.bind(p, args[i] ?? UNDEFINED, scope, st, frame, true);
      // `constructor(readonly headers = {…})` also sets `this.headers`.
      if (p.type === 'TSParameterProperty')
        for (const name of patternNames(p.parameter)) this.setMember(receiver, name, readVar(st, this.heap, scope.declare(name)), p, p, st, frame);
    });
    if (fn.node.body.type === 'BlockStatement') this.hoistVars(fn.node.body.body, scope, st);
  }

  /** Forks and joins copy states, so they are charged their size against the step budget. */
  fork(st: State, frame: Frame): State {
    this.tick(frame, st.vars.size + st.objs.size);
    return forkState(st);
  }

  join(states: State[], frame: Frame): State {
    this.tick(
      frame,
      states.reduce((n, s) => n + s.vars.size + s.objs.size, 0),
    );
    return joinAll(states, this.heap);
  }

  /** Charges the run's budget; false once it is spent (the path then stops: values.ts, run.ts `Budget`). */
  private tick(frame: Frame, cost = 1): boolean {
    return frame.run.budget.spend(cost);
  }
}

/** `p.catch(f)` or `p.then(f, g)`: a call that handles what `p` rejects with. */
function handlesRejection(node: TSESTree.CallExpression): boolean {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return false;
  return callee.property.name === 'catch' || (callee.property.name === 'then' && node.arguments.length > 1);
}

/** `return;`, `return undefined;`, `return void x;`: a return without a value. */
function returnsNothing(node: TSESTree.ReturnStatement): boolean {
  const arg = node.argument;
  return !arg || (arg.type === 'Identifier' && arg.name === 'undefined') || (arg.type === 'UnaryExpression' && arg.operator === 'void');
}

function jsCondition(node: TSESTree.Node): Condition<TSESTree.Node> {
  if (node.type === 'UnaryExpression' && node.operator === '!') return { not: node.argument };
  if (node.type === 'LogicalExpression' && node.operator === '&&') return { and: [node.left, node.right] };
  if (node.type === 'LogicalExpression' && node.operator === '||') return { or: [node.left, node.right] };
  return undefined;
}

/** `a + b` on literals: a string or a number, as JS computes it. */
function plus(left: Value, right: Value): Value {
  if (left.kind !== 'literal' || right.kind !== 'literal') return UNKNOWN;
  const sum = (left.value as string) + (right.value as string);
  return typeof sum === 'string' || typeof sum === 'number' ? literal(sum) : UNKNOWN;
}
