import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { MAX_CALL_DEPTH } from '../run.js';
import { newObj, options, union, UNDEFINED, UNKNOWN } from '../values.js';
import { frameIn, type CallNode, type Frame, type Interpreter } from './interpreter.js';
import { callName, classMemberName, spanOf } from './syntax.js';
import { Scope, type ClassValue, type FunctionValue, type Obj, type State, type Value } from './values.js';

/** The cell of a class body's scope holding the class, for `super` in its constructor and methods. */
const CLASS_CELL = '*class*';

/**
 * Classes written in the project: `new C(…)` runs field initialisers and constructors (the local
 * bases' too, through `super`) on a fresh object holding the methods, so that calls on the
 * instance are followed (response builders: `new ApiResponse(200, body).withCors()`).
 */
export class Classes {
  constructor(private readonly interp: Interpreter) {}

  /** A class's value; a `declare class`, or one with decorators (which may replace it), is unknown. */
  classValue(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, outer: Scope, st: State, frame: Frame): Value {
    if (node.declare || node.decorators.length > 0 || node.body.body.some((m) => 'decorators' in m && m.decorators.length > 0)) return UNKNOWN;
    const scope = new Scope(outer);
    const cls: ClassValue = { kind: 'class', node, module: frame.module, scope };
    st.vars.set(scope.declare(CLASS_CELL), cls);
    // `const A = class B { … }`: B is visible inside the class only.
    if (node.type === 'ClassExpression' && node.id) st.vars.set(scope.declare(node.id.name), cls);
    return cls;
  }

  /**
   * `new C(…)`: a class of the project runs its field initialisers and constructor (and its local
   * bases', through `super`) on a fresh object, which holds its methods so that calls on it are
   * followed; an ES5 constructor function runs likewise. Anything else is an unknown call.
   */
  construct(callee: Value, args: Value[], node: TSESTree.NewExpression, st: State, frame: Frame): Value {
    const name = callName(node);
    if (frame.depth >= MAX_CALL_DEPTH) return this.interp.unknownCall(name, args, undefined, st, frame);
    if (callee.kind === 'function' && callee.node.type !== 'ArrowFunctionExpression' && !callee.node.async && !callee.node.generator) {
      // Methods set on its prototype are not followed, so the instance may hold more.
      const self = newObj(st, this.interp.host.heap, { props: new Map(), open: true });
      return this.instance(this.interp.invoke(callee, self, args, node, st, frame), self);
    }
    if (callee.kind !== 'class') return this.interp.unknownCall(name, args, undefined, st, frame);
    // A base class the evaluator cannot see may set anything on the instance.
    const chain = this.classChain(callee, st, frame);
    const classes = chain ?? [callee];
    const obj: Obj = { props: new Map(), open: chain === undefined };
    for (const [key, fn, m] of methodsOf(classes, false)) {
      if (key === undefined) obj.open = true;
      else if (!obj.props.has(key)) obj.props.set(key, { value: fn, span: spanOf(fn.module, m), valueSpan: spanOf(fn.module, m), always: true });
    }
    const self = newObj(st, this.interp.host.heap, obj);
    const made = this.instance(this.initialise(callee, self, args, node, st, frame), self);
    for (const c of classes) {
      for (const m of c.node.body.body) {
        if ((m.type !== 'MethodDefinition' && m.type !== 'AccessorProperty') || m.static) continue;
        // `toJSON` changes what API Gateway is sent.
        if (m.type === 'MethodDefinition' && m.kind === 'method' && classMemberName(m) === 'toJSON') return { kind: 'unknown', call: name };
        // Accessors are not followed (and a getter is not serialised): the property is unknown.
        if (m.type === 'AccessorProperty' || m.kind === 'get' || m.kind === 'set') {
          const key = classMemberName(m);
          if (key === undefined) this.interp.openObjects(self, st);
          else this.interp.setMember(self, key, UNKNOWN, m, m, st, frameIn(c.module, frame));
        }
      }
    }
    return made;
  }

  /** `super(…)` in a constructor. */
  superCall(scope: Scope, args: Value[], node: TSESTree.CallExpression, st: State, frame: Frame): Value {
    const cls = this.interp.identifier(CLASS_CELL, scope, st);
    if (cls.kind === 'class') this.initBase(cls, this.interp.identifier('this', scope, st), args, node, st, frame);
    else this.interp.unknownCall('super', args, undefined, st, frame);
    return UNDEFINED;
  }

  /** `super.name` in a method: the base class's method (its `this` is the caller's). */
  superMethod(name: string, scope: Scope, st: State, frame: Frame): Value {
    const cls = this.interp.identifier(CLASS_CELL, scope, st);
    const base = cls.kind === 'class' ? this.baseOf(cls, st, frame) : undefined;
    const chain = base?.kind === 'class' ? this.classChain(base, st, frame) : undefined;
    return chain ? classMethod(chain, name, false) : UNKNOWN;
  }

  /** `C.name`: a static method of the class or its bases. */
  staticMember(cls: ClassValue, name: string, st: State, frame: Frame): Value {
    return classMethod(this.classChain(cls, st, frame) ?? [cls], name, true);
  }

  /** What `new` gives: an object the constructor returned, else the instance. */
  private instance(returned: Value, self: Value): Value {
    return union(options(this.interp.host.deref(returned)).map((o) => (['literal', 'origin', 'origin-check', 'origin-index'].includes(o.kind) ? self : o)));
  }

  /** The class and its base classes, derived first; undefined when a base is not a class of the project. */
  private classChain(cls: ClassValue, st: State, frame: Frame): ClassValue[] | undefined {
    const chain = [cls];
    for (let c = cls; c.node.superClass;) {
      const base = this.baseOf(c, st, frame);
      if (base?.kind !== 'class' || chain.some((k) => k.node === base.node) || chain.length > MAX_CALL_DEPTH) return undefined;
      chain.push((c = base));
    }
    return chain;
  }

  private baseOf(cls: ClassValue, st: State, frame: Frame): Value | undefined {
    const sup = cls.node.superClass;
    return sup ? this.interp.host.deref(this.interp.eval(sup, cls.scope, st, frameIn(cls.module, frame))) : undefined;
  }

  /** Runs `cls`'s field initialisers and constructor on `self`; returns what the constructor returned. */
  private initialise(cls: ClassValue, self: Value, args: Value[], node: CallNode, st: State, frame: Frame): Value {
    if (frame.depth >= MAX_CALL_DEPTH) {
      this.interp.openObjects(self, st);
      return UNDEFINED;
    }
    const [ctor] = cls.node.body.body.flatMap((m) =>
      m.type === 'MethodDefinition' && m.kind === 'constructor' && m.value.type === 'FunctionExpression' ? [m.value] : [],
    );
    if (ctor) {
      // A derived class's fields are set when its constructor calls `super(…)`.
      if (!cls.node.superClass) this.initFields(cls, self, st, frame);
      return this.interp.invoke({ kind: 'function', node: ctor, module: cls.module, scope: cls.scope }, self, args, node, st, frame);
    }
    // No constructor: a derived class hands its arguments to its base's.
    if (cls.node.superClass) this.initBase(cls, self, args, node, st, frame);
    else this.initFields(cls, self, st, frame);
    return UNDEFINED;
  }

  /** `super(…)` in a constructor of `cls`: the base class initialises `self`, then `cls`'s own fields are set. */
  private initBase(cls: ClassValue, self: Value, args: Value[], node: CallNode, st: State, frame: Frame): void {
    const base = this.baseOf(cls, st, frame);
    if (base?.kind === 'class') this.initialise(base, self, args, node, st, frameIn(base.module, frame));
    else this.interp.unknownCall('super', args, undefined, st, frame); // the instance is open already (construct)
    this.initFields(cls, self, st, frame);
  }

  /** Class field initialisers (`headers = { … }`), with `this` bound to the instance. */
  private initFields(cls: ClassValue, self: Value, st: State, frame: Frame): void {
    const inner = frameIn(cls.module, frame);
    const scope = new Scope(cls.scope);
    st.vars.set(scope.declare('this'), self);
    for (const m of cls.node.body.body) {
      if (m.type !== 'PropertyDefinition' || m.static || m.declare || !m.value) continue;
      const key = classMemberName(m);
      const value = this.interp.eval(m.value, scope, st, inner);
      if (key === undefined) this.interp.openObjects(self, st);
      else this.interp.setMember(self, key, value, m, m.value, st, inner);
    }
  }
}

/** The methods of a class and its bases, derived first (they override); the name is undefined when computed. */
function methodsOf(chain: ClassValue[], isStatic: boolean): [string | undefined, FunctionValue, TSESTree.MethodDefinition][] {
  const out: [string | undefined, FunctionValue, TSESTree.MethodDefinition][] = [];
  for (const c of chain) {
    for (const m of c.node.body.body) {
      if (m.type !== 'MethodDefinition' || m.kind !== 'method' || m.static !== isStatic || m.value.type !== 'FunctionExpression') continue;
      out.push([classMemberName(m), { kind: 'function', node: m.value, module: c.module, scope: c.scope }, m]);
    }
  }
  return out;
}

function classMethod(chain: ClassValue[], name: string, isStatic: boolean): Value {
  return methodsOf(chain, isStatic).find(([key]) => key === name)?.[1] ?? UNKNOWN;
}
