import * as path from 'node:path';
import type { Span } from '../../source.js';
import type { FailureFact } from '../facts.js';
import { compareOrigin, guardOf } from '../origin.js';
import { MAX_CALL_DEPTH, NO_FACTS, type FactSink } from '../run.js';
import { assignState, deleteProp, fork, joinStates, newObj, newState, NULL, openObjects, options, returnedAt, setProp, union, UNKNOWN } from '../values.js';
import { mergeInto } from './dicts.js';
import { ExpressionEvaluator, newRun, type Frame, type Run } from './expressions.js';
import { children, spanOf, textOf, type PyNode } from './parse.js';
import type { Args, Py, PyFunction, PyModule, RawResponse, State, Value } from './values.js';

/**
 * Runs Python code abstractly: module top levels once each (program.ts asks), handler bodies with
 * helper calls followed per call site (so `respond(200, origin)` keeps its arguments), dicts in
 * the heap. Calls are followed up to MAX_CALL_DEPTH deep while the run's budget lasts (run.ts).
 */
export class PyEvaluator extends ExpressionEvaluator {
  /** Runs a module's top level; the caller keeps its globals and freezes its objects into the heap. */
  runModule(module: PyModule): State {
    const st = newState<Py>();
    module.running = st;
    const frame: Frame = { module, moduleLevel: true, depth: 0, run: newRun(NO_FACTS), returns: [], loopExits: [] };
    this.execBlock(children(module.parsed.tree.topNode), st, frame);
    module.running = undefined;
    return st;
  }

  /**
   * Runs a handler: its `return`s become raw responses, its decorators rewrite them, and `sink`
   * gets them. What the handler returns is the invocation's result; a path that raises or ends
   * without a value fails it (facts.ts `FailureFact`), which a decorator may change: then whether
   * it fails is unknown.
   */
  runHandler(fn: PyFunction, sink: FactSink<Py>): void {
    const raws: RawResponse[] = [];
    const failures: FailureFact[] = [];
    const run = newRun({ ...NO_FACTS, incomplete: (reason) => sink.incomplete(reason), response: (raw) => raws.push(raw), failure: (f) => failures.push(f) }, [
      fn.node,
    ]);
    const st = newState<Py>();
    const frame: Frame = { module: fn.module, moduleLevel: false, depth: 0, run, closure: fn.closure, returns: [], loopExits: [] };
    this.noteGaps(fn, run);
    this.bindParams(fn, { positional: [{ kind: 'event' }, UNKNOWN], keywords: new Map(), spread: false }, st, frame);
    this.execFunctionBody(fn, st, frame);
    if (!st.dead) failures.push({ kind: 'no-return', site: lastStatement(fn) });
    let responses = raws;
    for (const wrapper of fn.wrappers) responses = wrapper.apply(responses, this.heap);
    const wrapped = fn.wrappers.length > 0;
    for (const raw of responses) sink.response(wrapped ? { ...raw, result: undefined } : raw);
    if (wrapped) sink.failuresUnknown();
    else for (const f of failures) sink.failure(f);
  }

  // ---- statements ----------------------------------------------------------------------------

  private execBlock(stmts: PyNode[], st: State, frame: Frame): void {
    for (const s of stmts) {
      if (st.dead) return;
      this.exec(s, st, frame);
    }
  }

  private exec(node: PyNode, st: State, frame: Frame): void {
    if (!frame.run.budget.spend()) {
      st.dead = true;
      return;
    }
    const kids = children(node);
    switch (node.name) {
      case 'Body':
      case 'StatementGroup':
        return this.execBlock(
          kids.filter((k) => k.name !== ':' && k.name !== ';'),
          st,
          frame,
        );
      case 'ExpressionStatement':
        this.eval(kids[0], st, frame);
        return;
      case 'AssignStatement':
        return this.execAssign(node, kids, st, frame);
      case 'UpdateStatement':
        return this.execUpdate(kids, st, frame);
      case 'DeleteStatement':
        for (const target of kids.filter((k) => k.name !== 'del' && k.name !== ',')) this.deleteTarget(target, st, frame);
        return;
      case 'ReturnStatement': {
        const values = kids
          .slice(1)
          .filter((k) => k.name !== ',')
          .map((k) => this.eval(k, st, frame));
        return this.doReturn(values.length > 1 ? { kind: 'array', items: values, open: false } : (values[0] ?? NULL), node, st, frame);
      }
      case 'RaiseStatement':
        for (const k of kids.slice(1)) if (k.name !== 'from') this.eval(k, st, frame);
        if (!st.dead && !frame.caught) this.raise(node, frame);
        st.dead = true;
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        frame.loopExits.at(-1)?.push(fork(st));
        st.dead = true;
        return;
      case 'IfStatement':
        return this.execIf(kids, st, frame);
      case 'WhileStatement':
      case 'ForStatement':
        return this.execLoop(node, kids, st, frame);
      case 'TryStatement':
        return this.execTry(kids, st, frame);
      case 'WithStatement':
        return this.execWith(kids, st, frame);
      case 'MatchStatement':
        return this.execMatch(kids, st, frame);
      case 'AssertStatement': {
        const guard = this.test(kids[1], st, frame);
        st.guarded ||= guard.whenTrue;
        return;
      }
      case 'FunctionDefinition':
        st.vars.set(nameOf(node, frame), this.functionValue(node, st, frame));
        return;
      case 'ClassDefinition':
        st.vars.set(nameOf(node, frame), { kind: 'unknown', call: nameOf(node, frame) });
        return;
      case 'DecoratedStatement':
        return this.execDecorated(kids, st, frame);
      case 'ImportStatement':
        return this.execImport(node, kids, st, frame);
      default:
        return; // pass, global, type aliases, …
    }
  }

  protected functionValue(node: PyNode, st: State, frame: Frame): Value {
    // Module-level functions read globals live; nested ones close over the current locals.
    const closure = frame.moduleLevel ? undefined : new Map([...(frame.closure ?? []), ...st.vars]);
    return { kind: 'function', fn: { node, module: frame.module, closure, wrappers: [] } };
  }

  private execDecorated(kids: PyNode[], st: State, frame: Frame): void {
    const decorators = kids.filter((k) => k.name === 'Decorator');
    const def = kids.find((k) => k.name === 'FunctionDefinition' || k.name === 'ClassDefinition');
    if (!def) return;
    const exprs = decorators.map((d) => {
      const expr = children(d).filter((c) => c.name !== 'At');
      // `@a.b(c)` parses as the pieces of a dotted call inside the Decorator node.
      return {
        value: this.evalDecorator(d, expr, st, frame),
        span: spanOf(frame.module.parsed, { from: expr[0]?.from ?? d.from, to: expr.at(-1)?.to ?? d.to }),
      };
    });
    this.exec(def, st, frame);
    const name = nameOf(def, frame);
    let value = st.vars.get(name) ?? UNKNOWN;
    for (const { value: deco, span } of exprs.reverse()) value = this.applyDecorator(deco, value, span, st, frame);
    st.vars.set(name, value);
  }

  /** A decorator is `name(.name)*` optionally followed by an argument list (a method call when dotted). */
  private evalDecorator(deco: PyNode, parts: PyNode[], st: State, frame: Frame): Value {
    let value: Value | undefined;
    let method: string | undefined;
    for (const part of parts) {
      const text = textOf(frame.module.parsed, part);
      if (part.name === 'VariableName' && value === undefined) value = this.lookup(text, st, frame);
      else if (part.name === 'VariableName') {
        if (method !== undefined) value = this.attribute(value!, method);
        method = text;
      } else if (part.name === 'ArgList' && value) {
        const args = this.evalArgs(part, deco, st, frame);
        const name = this.decoratorName(deco, frame);
        const receiver = value;
        value =
          method === undefined
            ? this.callValue(receiver, args, name, st, frame)
            : union(options(receiver).map((r) => this.callMethod(r, method!, args, name, st, frame)));
        method = undefined;
      } else if (part.name !== '.') return UNKNOWN; // PEP 614 expressions lezer does not read
    }
    return value === undefined ? UNKNOWN : method === undefined ? value : this.attribute(value, method);
  }

  private decoratorName(deco: PyNode, frame: Frame): string {
    return textOf(frame.module.parsed, deco).replace(/^@\s*/, '').replace(/\(.*$/s, '');
  }

  /**
   * `@deco def f` → deco(f): modelled decorators wrap the function, unknown ones hide it. A
   * decorator written in the project runs: the wrapper it returns (closing over `f`) is the
   * handler, so what it builds from `f`'s result and its `except` answers are followed.
   */
  private applyDecorator(deco: Value, target: Value, span: Span, st: State, frame: Frame): Value {
    if (target.kind !== 'function') return UNKNOWN;
    const results = options(deco).map((d): Value => {
      if (d.kind === 'library' && d.model.decorate) return d.model.decorate(target.fn, span, this.modelHost(st, frame));
      const name = `@${frame.module.parsed.text.slice(span.start, span.end)}`;
      const unknown: Value = { kind: 'unknown', call: name };
      const args: Args = { positional: [target], keywords: new Map(), spread: false, span };
      if (d.kind === 'package') return this.callExt(d.name, args, st, frame) ?? unknown;
      if (d.kind !== 'function') return unknown;
      const wrapped = this.invoke(d.fn, args, name, st, frame);
      return options(wrapped).every((w) => w.kind === 'function') ? wrapped : unknown;
    });
    return union(results);
  }

  private execAssign(node: PyNode, kids: PyNode[], st: State, frame: Frame): void {
    // Groups of expressions separated by `=`: targets first, the value last; `a, b = x` has commas.
    const groups: PyNode[][] = [[]];
    for (const k of kids) {
      if (k.name === 'AssignOp') groups.push([]);
      else if (k.name !== 'TypeDef' && k.name !== ',') groups.at(-1)!.push(k);
    }
    if (groups.length < 2) return; // `x: int` declares without assigning
    const valueNodes = groups.pop()!;
    const value =
      valueNodes.length === 1
        ? this.eval(valueNodes[0], st, frame)
        : { kind: 'array' as const, items: valueNodes.map((v) => this.eval(v, st, frame)), open: false };
    const valueSpan = spanOf(frame.module.parsed, { from: valueNodes[0].from, to: valueNodes.at(-1)!.to });
    for (const targets of groups) {
      if (targets.length === 1) this.assign(targets[0], value, spanOf(frame.module.parsed, node), valueSpan, st, frame);
      else {
        const items = value.kind === 'array' && !value.open && value.items.length === targets.length ? value.items : undefined;
        targets.forEach((t, i) => this.assign(t, items?.[i] ?? UNKNOWN, spanOf(frame.module.parsed, node), valueSpan, st, frame));
      }
    }
  }

  private assign(target: PyNode, value: Value, span: Span, valueSpan: Span, st: State, frame: Frame): void {
    if (target.name === 'VariableName') {
      st.vars.set(textOf(frame.module.parsed, target), value);
    } else if (target.name === 'MemberExpression' && target.getChild('[')) {
      const [objNode, , keyNode] = children(target);
      const obj = this.eval(objNode, st, frame);
      const key = this.eval(keyNode, st, frame);
      this.setItem(obj, key, value, span, valueSpan, st);
    } else if (target.name === 'TupleExpression' || target.name === 'ArrayExpression' || target.name === 'ParenthesizedExpression') {
      for (const t of children(target).filter((c) => !['(', ')', '[', ']', ','].includes(c.name))) this.assign(t, UNKNOWN, span, valueSpan, st, frame);
    }
  }

  /** `d[key] = value`; on several candidate dicts the entry is set on some paths only. */
  /** `d[key] = value`; an unknown key may replace any entry. */
  private setItem(obj: Value, key: Value, value: Value, span: Span, valueSpan: Span, st: State): void {
    if (key.kind === 'literal' && typeof key.value === 'string') setProp(obj, key.value, { value, span, valueSpan }, st, this.heap);
    else openObjects(obj, st, this.heap);
  }

  private execUpdate(kids: PyNode[], st: State, frame: Frame): void {
    const [target, op, valueNode] = kids;
    const value = this.eval(valueNode, st, frame);
    const current = this.eval(target, st, frame);
    const opText = textOf(frame.module.parsed, op);
    if (opText === '|=') {
      for (const d of options(current)) if (d.kind === 'object') mergeInto(st, this.heap, d.id, value);
      return;
    }
    const combined = opText === '+=' ? this.concat(current, value) : UNKNOWN;
    if (target.name === 'VariableName') st.vars.set(textOf(frame.module.parsed, target), combined);
  }

  private deleteTarget(target: PyNode, st: State, frame: Frame): void {
    if (target.name === 'VariableName') {
      st.vars.delete(textOf(frame.module.parsed, target));
      return;
    }
    if (target.name !== 'MemberExpression' || !target.getChild('[')) return;
    const [objNode, , keyNode] = children(target);
    const key = this.eval(keyNode, st, frame);
    const obj = this.eval(objNode, st, frame);
    if (key.kind === 'literal' && typeof key.value === 'string') deleteProp(obj, key.value, st, this.heap);
    else openObjects(obj, st, this.heap);
  }

  private doReturn(value: Value, node: PyNode, st: State, frame: Frame): void {
    if (st.dead) return; // the returned expression raised
    const at = spanOf(frame.module.parsed, node);
    if (frame.depth > 0) frame.returns.push({ value: returnedAt(value, at), state: fork(st) });
    else if (returnsNothing(node, frame)) {
      frame.run.sink.failure({ kind: 'no-return', site: at });
      frame.run.sink.response({ site: at, value, state: fork(st) });
    } else frame.run.sink.response({ site: at, value, state: fork(st), result: true });
    st.dead = true;
  }

  /** A `raise` no `except` catches fails the invocation; inside a followed call, that call is the site. */
  private raise(node: PyNode, frame: Frame): void {
    const at = spanOf(frame.module.parsed, node);
    const site = frame.run.site;
    frame.run.sink.failure({ kind: 'throw', site: site ?? at, ...(site && { raisedAt: at }) });
  }

  private execIf(kids: PyNode[], st: State, frame: Frame): void {
    const ends: State[] = [];
    let current = st;
    let i = 0;
    while (i < kids.length) {
      const k = kids[i];
      if (k.name === 'if' || k.name === 'elif') {
        const guard = this.test(kids[i + 1], current, frame);
        const yes = fork(current);
        yes.guarded ||= guard.whenTrue;
        this.exec(kids[i + 2], yes, frame);
        ends.push(yes);
        current = fork(current);
        current.guarded ||= guard.whenFalse;
        i += 3;
      } else if (k.name === 'else') {
        this.exec(kids[i + 1], current, frame);
        i += 2;
      } else i++;
    }
    ends.push(current);
    assignState(st, joinStates(ends, this.heap));
  }

  private execLoop(node: PyNode, kids: PyNode[], st: State, frame: Frame): void {
    const bodies = kids.filter((k) => k.name === 'Body');
    if (node.name === 'ForStatement') {
      const inAt = kids.findIndex((k) => k.name === 'in');
      const collection = this.eval(kids[inAt + 1], st, frame);
      const targets = kids.slice(1, inAt).filter((t) => t.name !== ',');
      // One loop variable over a known list takes one of its items, as JS's `for … of`.
      const item = targets.length === 1 && collection.kind === 'array' && !collection.open && collection.items.length > 0 ? union(collection.items) : UNKNOWN;
      for (const t of targets) this.assign(t, item, spanOf(frame.module.parsed, t), spanOf(frame.module.parsed, t), st, frame);
    } else {
      this.eval(kids[1], st, frame);
    }
    // The body runs zero or more times: once is followed, then merged with not running it.
    const body = fork(st);
    frame.loopExits.push([]);
    this.exec(bodies[0], body, frame);
    const exits = frame.loopExits.pop()!;
    const after = joinStates([st, body, ...exits], this.heap);
    if (bodies[1] && !after.dead) this.exec(bodies[1], after, frame); // for/while … else
    assignState(st, after);
  }

  private execTry(kids: PyNode[], st: State, frame: Frame): void {
    const before = fork(st);
    let i = 0;
    const ends: State[] = [];
    let tried: State = st;
    let finallyBody: PyNode | undefined;
    while (i < kids.length) {
      const k = kids[i];
      if (k.name === 'try') {
        tried = fork(st);
        const caught = frame.caught;
        frame.caught ||= kids.some((c) => c.name === 'except');
        this.exec(kids[i + 1], tried, frame);
        frame.caught = caught;
        i += 2;
      } else if (k.name === 'except') {
        // The exception may come from anywhere in the try block: start from before or after it.
        let j = i + 1;
        while (j < kids.length && kids[j].name !== 'Body') j++;
        // A copy: the join may be `before` itself, which the next `except` starts from again.
        const handler = fork(joinStates([before, tried], this.heap));
        if (handler.dead) assignState(handler, fork(before));
        const asAt = kids.slice(i + 1, j).findIndex((c) => c.name === 'as');
        if (asAt >= 0) handler.vars.set(textOf(frame.module.parsed, kids[i + 2 + asAt]), UNKNOWN);
        this.exec(kids[j], handler, frame);
        ends.push(handler);
        i = j + 1;
      } else if (k.name === 'else') {
        if (!tried.dead) this.exec(kids[i + 1], tried, frame);
        i += 2;
      } else if (k.name === 'finally') {
        finallyBody = kids[i + 1];
        i += 2;
      } else i++;
    }
    ends.unshift(tried);
    const after = joinStates(ends, this.heap);
    if (finallyBody) {
      const f = after.dead ? fork(before) : after;
      this.exec(finallyBody, f, frame);
      if (!after.dead) assignState(after, f);
    }
    assignState(st, after);
  }

  private execWith(kids: PyNode[], st: State, frame: Frame): void {
    for (let i = 1; i < kids.length; i++) {
      const k = kids[i];
      if (k.name === 'Body') return this.exec(k, st, frame);
      if (k.name === 'as') st.vars.set(textOf(frame.module.parsed, kids[++i]), UNKNOWN);
      else if (k.name !== ',') this.eval(k, st, frame);
    }
  }

  private execMatch(kids: PyNode[], st: State, frame: Frame): void {
    const subject = this.eval(kids[1], st, frame);
    const clauses = kids.find((k) => k.name === 'MatchBody')?.getChildren('MatchClause') ?? [];
    const ends: State[] = [];
    let exhaustive = false;
    for (const clause of clauses) {
      const parts = children(clause);
      const pattern = parts[1];
      const branch = fork(st);
      for (const capture of pattern ? [pattern, ...descendants(pattern)].filter((n) => n.name === 'CapturePattern') : []) {
        const name = textOf(frame.module.parsed, capture);
        if (name !== '_') branch.vars.set(name, UNKNOWN);
      }
      // `case 'https://app.example.com':` on the origin is an allowlist test, as JS's `switch` case.
      if (pattern && this.caseTest(pattern, subject, branch, frame)) branch.guarded = true;
      const guard = clause.getChild('Guard');
      if (guard) branch.guarded ||= this.test(children(guard)[1], branch, frame).whenTrue;
      else if (pattern?.name === 'CapturePattern') exhaustive = true;
      const body = clause.getChild('Body');
      if (body) this.exec(body, branch, frame);
      ends.push(branch);
    }
    if (!exhaustive) ends.push(st);
    assignState(st, joinStates(ends, this.heap));
  }

  /** A literal pattern (or alternatives of them) the subject must equal. */
  private caseTest(pattern: PyNode, subject: Value, st: State, frame: Frame): boolean {
    if (pattern.name === 'OrPattern')
      return children(pattern)
        .filter((c) => c.name !== 'LogicOp')
        .every((c) => this.caseTest(c, subject, st, frame));
    const literal = pattern.name === 'LiteralPattern' ? children(pattern)[0] : undefined;
    return literal !== undefined && guardOf(compareOrigin('==', subject, this.eval(literal, st, frame)) ?? UNKNOWN).whenTrue;
  }

  private execImport(node: PyNode, kids: PyNode[], st: State, frame: Frame): void {
    const parsed = frame.module.parsed;
    const file = frame.module.file;
    if (kids[0]?.name === 'from') {
      const importAt = kids.findIndex((k) => k.name === 'import');
      const source = kids
        .slice(1, importAt)
        .map((k) => textOf(parsed, k))
        .join('');
      const level = /^\.*/.exec(source)![0].length;
      const dotted = source.slice(level);
      const base = this.program.importModule(file, dotted, level);
      const names = kids.slice(importAt + 1).filter((k) => k.name !== '(' && k.name !== ')' && k.name !== ',');
      if (names.some((n) => n.name === '*')) {
        const module = base.kind === 'module' && base.module.file ? this.program.module(base.module.file) : undefined;
        for (const [name, v] of module?.globals ?? []) if (!name.startsWith('_')) st.vars.set(name, v);
        return;
      }
      for (let i = 0; i < names.length; i++) {
        const name = textOf(parsed, names[i]);
        let alias = name;
        if (names[i + 1]?.name === 'as') {
          alias = textOf(parsed, names[i + 2]);
          i += 2;
        }
        st.vars.set(alias, this.attribute(base, name));
      }
      return;
    }
    // import a.b.c [as x], d
    let i = 1;
    while (i < kids.length) {
      let j = i;
      while (j < kids.length && kids[j].name !== ',' && kids[j].name !== 'as') j++;
      const dotted = kids
        .slice(i, j)
        .map((k) => textOf(parsed, k))
        .join('');
      if (kids[j]?.name === 'as') {
        st.vars.set(textOf(parsed, kids[j + 1]), this.program.importModule(file, dotted, 0));
        j += 2;
      } else {
        const top = dotted.split('.')[0];
        st.vars.set(top, this.program.importModule(file, top, 0));
      }
      i = j + 1;
    }
    void node;
  }

  // ---- functions -----------------------------------------------------------------------------

  private bindParams(fn: PyFunction, args: Pick<Args, 'positional' | 'keywords' | 'spread'>, st: State, frame: Frame): void {
    const params = fn.node.getChild('ParamList');
    if (!params) return;
    const parsed = fn.module.parsed;
    const kids = children(params);
    let position = 0;
    let keywordOnly = false;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.name === '*' || k.name === '**') {
        const star = k.name;
        if (kids[i + 1]?.name === 'VariableName') {
          const name = textOf(parsed, kids[++i]);
          const rest: Value = { kind: 'array', items: args.positional.slice(position), open: args.spread };
          st.vars.set(name, star === '*' ? rest : newObj(st, this.heap, { props: new Map(), open: true }));
        }
        keywordOnly = true;
        continue;
      }
      if (k.name !== 'VariableName') continue;
      const name = textOf(parsed, k);
      const given = args.keywords.get(name)?.value ?? (keywordOnly ? undefined : args.positional[position]);
      if (!keywordOnly) position++;
      const defaultAt = kids[i + 1]?.name === 'TypeDef' ? i + 2 : i + 1;
      const hasDefault = kids[defaultAt]?.name === 'AssignOp';
      const value = given ?? (hasDefault ? this.eval(kids[defaultAt + 1], st, frame) : args.spread ? UNKNOWN : NULL);
      st.vars.set(name, value);
      if (hasDefault) i = defaultAt + 1;
    }
  }

  private execFunctionBody(fn: PyFunction, st: State, frame: Frame): void {
    if (fn.node.name === 'LambdaExpression') {
      const body = children(fn.node).at(-1)!;
      this.doReturn(this.eval(body, st, frame), body, st, frame);
      return;
    }
    const body = fn.node.getChild('Body');
    if (body) this.exec(body, st, frame);
  }

  protected invoke(fn: PyFunction, args: Args, name: string, st: State, frame: Frame): Value {
    const run = frame.run;
    if (frame.depth >= MAX_CALL_DEPTH || run.budget.exhausted || run.stack.includes(fn.node)) return this.unknownCall(name, args, undefined, st);
    this.noteGaps(fn, run);
    const callee: Frame = {
      module: fn.module,
      moduleLevel: false,
      depth: frame.depth + 1,
      run,
      closure: fn.closure,
      returns: [],
      loopExits: [],
      caught: frame.caught,
    };
    const inner: State = { vars: new Map(), objs: st.objs, dead: false, guarded: st.guarded };
    const outerSite = run.site;
    // The first call made from the handler's body is the site of what happens further in.
    if (frame.depth === 0) run.site = args.span;
    run.stack.push(fn.node);
    this.bindParams(fn, args, inner, callee);
    this.execFunctionBody(fn, inner, callee);
    run.stack.pop();
    run.site = outerSite;
    if (!inner.dead) callee.returns.push({ value: NULL, state: inner });
    let result = union(callee.returns.map((r) => r.value));
    if (fn.wrappers.length > 0) result = UNKNOWN; // a decorated helper: what its decorators return is not modelled
    const after = joinStates(
      callee.returns.map((r) => r.state),
      this.heap,
    );
    st.objs = after.dead ? st.objs : after.objs;
    if (callee.returns.length === 0) return UNKNOWN;
    return result;
  }

  /** Syntax lezer reads only partly inside the function, or in a decorator it lost hold of (PEP 614). */
  private noteGaps(fn: PyFunction, run: Run): void {
    let from = fn.node.from;
    let before = fn.node.prevSibling;
    while (before?.name === 'ExpressionStatement') before = before.prevSibling;
    if (before?.name === 'DecoratedStatement' && !before.getChild('FunctionDefinition')) from = before.from;
    const gap = fn.module.parsed.gaps.find((g) => g.start >= from && g.start <= fn.node.to);
    if (gap) run.sink.incomplete(`${path.basename(fn.module.file)} uses syntax the Python reader does not follow (offset ${gap.start})`);
  }
}

/** The last statement of a function's body, where a path that falls off the end ends. */
function lastStatement(fn: PyFunction): Span {
  const body = fn.node.getChild('Body');
  const last = body
    ? children(body)
        .filter((k) => k.name !== ':')
        .at(-1)
    : undefined;
  return spanOf(fn.module.parsed, last ?? fn.node);
}

/** `return` or `return None`: the handler gives no value. */
function returnsNothing(node: PyNode, frame: Frame): boolean {
  const values = children(node).slice(1);
  return values.length === 0 || (values.length === 1 && textOf(frame.module.parsed, values[0]) === 'None');
}

function nameOf(def: PyNode, frame: Frame): string {
  const name = def.getChild('VariableName');
  return name ? textOf(frame.module.parsed, name) : '';
}

function descendants(node: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (const c of children(node)) out.push(c, ...descendants(c));
  return out;
}
