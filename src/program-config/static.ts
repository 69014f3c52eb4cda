import * as path from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { providedBy, resolveImport } from '../analysis/modules.js';
import { parseSource, type ParsedFile } from '../analysis/parse.js';
import type { CfgEntry, CfgValue } from '../config/tree.js';
import type { FileSystem } from '../fs.js';
import { SourceFile, type Span } from '../source.js';

type Node = TSESTree.Node;

/** A program config read without running it, or why it cannot be. */
export type StaticConfig = { ok: true; source: SourceFile; value: CfgValue; complete: boolean } | { ok: false; reason: string };

/** Stands for `undefined`: a key with that value is absent once the framework serialises the config. */
const UNDEFINED = Symbol('undefined');
type Value = CfgValue | typeof UNDEFINED;

/** Imports and references are followed this deep (a cycle stops at the limit too). */
const MAX_DEPTH = 40;

/**
 * Reads `serverless.ts`/`.js`/`.cjs`/`.mjs` as data when the exported configuration is an object
 * literal (`module.exports = {…}`, `export default {…}`, `export = {…}`, or a `const` holding one),
 * following references to constants and local imports of object literals, as the framework's
 * TypeScript template does (`import hello from '@functions/hello'` with tsconfig paths, and
 * `handler: \`${handlerPath(__dirname)}/handler.main\``, whose helper turns the module's folder into
 * a path relative to the service). Anything computed when the config runs (a call, a condition,
 * `process.env`) is an unknown value, and rules stay quiet about it. Nothing is executed.
 */
export function readProgramConfig(fs: FileSystem, file: string, repoRoot: string): StaticConfig {
  return new StaticReader(fs, file, repoRoot).read();
}

interface Module {
  file: string;
  parsed: ParsedFile;
}

class StaticReader {
  private readonly modules = new Map<string, Module | undefined>();
  private complete = true;
  private depth = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly file: string,
    private readonly repoRoot: string,
  ) {}

  read(): StaticConfig {
    const text = this.fs.read(this.file);
    if (text === undefined) return { ok: false, reason: 'cannot read the file' };
    const parsed = parseSource(this.file, text);
    if (!parsed.ok) return { ok: false, reason: `it does not parse: ${parsed.message}` };
    const module: Module = { file: this.file, parsed: parsed.file };
    this.modules.set(this.file, module);
    const exported = this.exported(module, 'default');
    if (!exported) return { ok: false, reason: 'it exports no configuration (no module.exports = …, export default … or export = …)' };
    const root = unwrap(exported.node);
    const value = this.value(exported.node, exported.module);
    if (value === UNDEFINED || value.kind !== 'map') {
      const line = new SourceFile(exported.module.file, exported.module.parsed.text).position(root.range[0]).line;
      return { ok: false, reason: `the exported configuration is not an object literal (${describe(root)} at ${path.basename(exported.module.file)}:${line})` };
    }
    return { ok: true, source: new SourceFile(this.file, text), value, complete: this.complete };
  }

  private value(raw: Node, module: Module): Value {
    const node = unwrap(raw);
    const span = this.span(module, node);
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return this.unknown(span, 'references are nested too deep');
    }
    try {
      return this.convert(node, module, span);
    } finally {
      this.depth--;
    }
  }

  private convert(node: Node, module: Module, span: Span): Value {
    switch (node.type) {
      case 'ObjectExpression':
        return this.object(node, module, span);
      case 'ArrayExpression': {
        const items: CfgValue[] = [];
        for (const el of node.elements) {
          if (el === null) items.push({ kind: 'scalar', value: null, span });
          else if (el.type === 'SpreadElement') {
            const spread = this.value(el.argument, module);
            if (spread === UNDEFINED || spread.kind !== 'seq') return this.unknown(span, 'a list spreads a value that cannot be known');
            items.push(...spread.items);
          } else {
            const v = this.value(el, module);
            items.push(v === UNDEFINED ? { kind: 'scalar', value: null, span: this.span(module, el) } : v);
          }
        }
        return { kind: 'seq', items, span };
      }
      case 'Literal':
        if (typeof node.value === 'bigint') return { kind: 'scalar', value: Number(node.value), span };
        if (node.value instanceof RegExp) return this.unknown(span, 'a regular expression');
        return { kind: 'scalar', value: node.value, span };
      case 'TemplateLiteral': {
        let out = node.quasis[0].value.cooked ?? '';
        for (let i = 0; i < node.expressions.length; i++) {
          const v = this.value(node.expressions[i], module);
          if (v === UNDEFINED || v.kind !== 'scalar') return this.unknown(span, 'a template literal with a value that cannot be known');
          out += String(v.value) + (node.quasis[i + 1].value.cooked ?? '');
        }
        return { kind: 'scalar', value: out, span };
      }
      case 'UnaryExpression': {
        const v = node.operator === '-' ? this.value(node.argument, module) : UNDEFINED;
        if (v !== UNDEFINED && v.kind === 'scalar' && typeof v.value === 'number') return { kind: 'scalar', value: -v.value, span };
        return this.unknown(span, `a ${node.operator} expression`);
      }
      case 'Identifier': {
        if (node.name === 'undefined') return UNDEFINED;
        const bound = this.binding(module, node.name);
        if (bound) return this.value(bound.node, bound.module);
        const from = importOf(module, node.name);
        return this.unknown(
          span,
          from ? `${node.name} comes from '${from.specifier}', ${this.unread(module, from.specifier)}` : `${node.name} is not a constant of the configuration`,
        );
      }
      case 'MemberExpression': {
        const key = memberKey(node);
        const object = key === undefined ? UNDEFINED : this.value(node.object, module);
        if (object === UNDEFINED || object.kind !== 'map') return this.unknown(span, 'a property of a value that cannot be known');
        return [...object.entries].reverse().find((e) => e.key === key)?.value ?? UNDEFINED;
      }
      case 'CallExpression':
        return this.call(node, module, span);
      default:
        return this.unknown(span, `${describe(node)} is computed when the configuration runs`);
    }
  }

  private object(node: TSESTree.ObjectExpression, module: Module, span: Span): Value {
    const entries: CfgEntry[] = [];
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        const spread = this.value(p.argument, module);
        if (spread === UNDEFINED || (spread.kind === 'scalar' && spread.value === null)) continue;
        if (spread.kind !== 'map') return this.unknown(span, 'an object spreads a value that cannot be known');
        entries.push(...spread.entries);
        continue;
      }
      const key = propertyKey(p);
      if (key === undefined) return this.unknown(span, 'an object has a computed key');
      if (p.kind !== 'init' || p.method) {
        entries.push({ key, keySpan: this.span(module, p.key), value: this.unknown(this.span(module, p), 'a method or accessor') });
        continue;
      }
      const value = this.value(p.value, module);
      if (value !== UNDEFINED) entries.push({ key, keySpan: this.span(module, p.key), value });
    }
    return { kind: 'map', entries, span };
  }

  /** `require('./x')` of a local module, `path.resolve`/`path.join` from `__dirname`, and the template's `handlerPath(__dirname)`; other calls are unknown. */
  private call(node: TSESTree.CallExpression, module: Module, span: Span): Value {
    const [arg] = node.arguments;
    if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal' && typeof arg.value === 'string') {
      const target = this.load(module, arg.value);
      const exported = target && this.exported(target, 'default');
      return exported ? this.value(exported.node, exported.module) : this.unknown(span, `require('${arg.value}') is not a local module`);
    }
    const joined = this.pathCall(node, module);
    if (joined !== undefined) return { kind: 'scalar', value: joined, span };
    if (node.callee.type === 'Identifier' && node.arguments.length === 1 && arg.type === 'Identifier' && arg.name === '__dirname') {
      const fn = this.binding(module, node.callee.name);
      if (fn ? isRelativeToCwd(fn) : this.isTemplateHelper(module, node.callee.name)) {
        const rel = path.relative(path.dirname(this.file), path.dirname(module.file)).split(path.sep).join('/');
        return { kind: 'scalar', value: rel, span };
      }
    }
    return this.unknown(span, 'a function call is computed when the configuration runs');
  }

  /**
   * `path.resolve(__dirname, 'src')` and `path.join(__dirname, …)` (webpack and babel configs write
   * their folders so): the absolute path, `__dirname` being the module's folder. Undefined for
   * anything else, or when a part cannot be known or the result depends on the working directory.
   */
  private pathCall(node: TSESTree.CallExpression, module: Module): string | undefined {
    const { callee } = node;
    if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || !isPathModule(module, callee.object.name)) return undefined;
    const method = memberKey(callee);
    if (method !== 'resolve' && method !== 'join') return undefined;
    const parts: string[] = [];
    for (const a of node.arguments) {
      const v = a.type === 'Identifier' && a.name === '__dirname' ? path.dirname(module.file) : a.type === 'SpreadElement' ? undefined : this.value(a, module);
      if (typeof v === 'string') parts.push(v);
      else if (v !== undefined && v !== UNDEFINED && v.kind === 'scalar' && typeof v.value === 'string') parts.push(v.value);
      else return undefined;
    }
    const out = method === 'resolve' ? path.resolve(...parts) : path.join(...parts);
    return path.isAbsolute(parts[0] ?? '') ? out : undefined;
  }

  /** The declaration a name refers to at the top level of a module: a constant's initialiser, or an import's target. */
  private binding(module: Module, name: string): { node: Node; module: Module } | undefined {
    for (const statement of module.parsed.program.body) {
      const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (decl?.type === 'VariableDeclaration') {
        for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return { node: d.init, module };
      }
      if (decl?.type === 'FunctionDeclaration' && decl.id?.name === name) return { node: decl, module };
      if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') {
        for (const s of statement.specifiers) {
          if (s.local.name !== name || s.type === 'ImportNamespaceSpecifier') continue;
          const target = this.load(module, statement.source.value);
          const imported = s.type === 'ImportDefaultSpecifier' ? 'default' : s.imported.type === 'Identifier' ? s.imported.name : s.imported.value;
          return target && this.exported(target, imported);
        }
      }
    }
    return undefined;
  }

  /**
   * The template's `import { handlerPath } from '@libs/handler-resolver'` when that module cannot be
   * read (a package, or a file not in the checkout): the name and the module's name say what it is.
   */
  private isTemplateHelper(module: Module, name: string): boolean {
    const from = importOf(module, name);
    return from?.imported === 'handlerPath' && /(^|\/)handler-resolver$/.test(from.specifier) && !this.load(module, from.specifier);
  }

  /** Why an imported module gave no value, for the unknown value's reason. */
  private unread(module: Module, specifier: string): string {
    const r = resolveImport(this.fs, module.file, specifier, this.repoRoot);
    if (r.kind === 'outside-root') return 'which lies outside the repository root and is not analysed';
    if (r.kind === 'file') return 'which does not export it as a value cors-lint can read';
    if (r.kind === 'ambiguous') return `which is ${providedBy(r.folders, this.repoRoot)}: not followed`;
    return r.kind === 'package' ? 'a package, which is not read' : 'which cannot be found';
  }

  /** What a module exports under a name (`default` also covers `module.exports =` and `export =`). */
  private exported(module: Module, name: string, seen = new Set<string>()): { node: Node; module: Module } | undefined {
    const key = `${module.file}\0${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    let found: { node: Node; module: Module } | undefined;
    for (const statement of module.parsed.program.body) {
      if (name === 'default' && statement.type === 'ExportDefaultDeclaration') found = { node: statement.declaration, module };
      if (name === 'default' && statement.type === 'TSExportAssignment') found = { node: statement.expression, module };
      if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
        const target = cjsExport(statement.expression.left);
        if (target === 'module.exports' && name === 'default') found = { node: statement.expression.right, module };
        else if (target === name) found = { node: statement.expression.right, module };
      }
      if (statement.type === 'ExportNamedDeclaration') {
        const decl = statement.declaration;
        if (decl?.type === 'VariableDeclaration') {
          for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) found = { node: d.init, module };
        }
        for (const s of statement.specifiers) {
          const exportedName = s.exported.type === 'Identifier' ? s.exported.name : s.exported.value;
          if (exportedName !== name) continue;
          const local = s.local.type === 'Identifier' ? s.local.name : s.local.value;
          if (statement.source) {
            const target = this.load(module, statement.source.value);
            found = target && this.exported(target, local, seen);
          } else found = this.binding(module, local);
        }
      }
      if (statement.type === 'ExportAllDeclaration' && !statement.exported && name !== 'default' && !found) {
        const target = this.load(module, statement.source.value);
        found = target && this.exported(target, name, seen);
      }
    }
    // A CommonJS module's named import is a property of what it assigns to module.exports.
    if (!found && name !== 'default') {
      const whole = this.exported(module, 'default', seen);
      const object = whole && unwrap(whole.node);
      if (object?.type === 'ObjectExpression') {
        const prop = object.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKey(p) === name);
        if (prop) found = { node: prop.value, module: whole!.module };
      }
    }
    return found;
  }

  /** A local module the config imports (through tsconfig paths and workspaces too); undefined for packages and missing files. */
  private load(from: Module, specifier: string): Module | undefined {
    const r = resolveImport(this.fs, from.file, specifier, this.repoRoot);
    if (r.kind !== 'file') return undefined;
    if (!this.modules.has(r.path)) {
      const text = this.fs.read(r.path);
      const parsed = text === undefined ? undefined : parseSource(r.path, text);
      this.modules.set(r.path, parsed?.ok ? { file: r.path, parsed: parsed.file } : undefined);
    }
    return this.modules.get(r.path);
  }

  private unknown(span: Span, reason: string): CfgValue {
    this.complete = false;
    return { kind: 'unknown', reason, span };
  }

  private span(module: Module, node: Node): Span {
    return { file: module.file, start: node.range[0], end: node.range[1] };
  }
}

/** True when `name` is Node's path module in `module`: `import path from 'path'`, `import * as path …`, `const path = require('path')`. */
function isPathModule(module: Module, name: string): boolean {
  const isPath = (s: unknown) => s === 'path' || s === 'node:path';
  for (const statement of module.parsed.program.body) {
    if (statement.type === 'ImportDeclaration' && isPath(statement.source.value)) {
      if (statement.specifiers.some((s) => s.local.name === name && s.type !== 'ImportSpecifier')) return true;
    }
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations) {
      const init = d.init && unwrap(d.init);
      const required =
        init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' && init.arguments[0]?.type === 'Literal';
      if (d.id.type === 'Identifier' && d.id.name === name && required && isPath((init.arguments[0] as TSESTree.Literal).value)) return true;
    }
  }
  return false;
}

/** The import declaring `name` at the top of a module: its specifier and the name it imports. */
function importOf(module: Module, name: string): { specifier: string; imported: string } | undefined {
  for (const statement of module.parsed.program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    for (const s of statement.specifiers) {
      if (s.local.name !== name) continue;
      const imported =
        s.type === 'ImportSpecifier'
          ? s.imported.type === 'Identifier'
            ? s.imported.name
            : s.imported.value
          : s.type === 'ImportDefaultSpecifier'
            ? 'default'
            : '*';
      return { specifier: statement.source.value, imported };
    }
  }
  return undefined;
}

/** Type-only wrappers (`as const`, `satisfies AWS`, `!`) do not change the value. */
function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion')
    n = n.expression;
  return n;
}

function propertyKey(p: TSESTree.Property): string | undefined {
  if (!p.computed && p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && (typeof p.key.value === 'string' || typeof p.key.value === 'number')) return String(p.key.value);
  if (p.key.type === 'TemplateLiteral' && p.key.expressions.length === 0) return p.key.quasis[0].value.cooked ?? undefined;
  return undefined;
}

function memberKey(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}

/** `module.exports`, or the name of an `exports.x` / `module.exports.x` assignment. */
function cjsExport(left: Node): string | undefined {
  if (left.type !== 'MemberExpression') return undefined;
  const key = memberKey(left);
  if (left.object.type === 'Identifier' && left.object.name === 'module' && key === 'exports') return 'module.exports';
  if (left.object.type === 'Identifier' && left.object.name === 'exports') return key;
  if (left.object.type === 'MemberExpression' && cjsExport(left.object) === 'module.exports') return key;
  return undefined;
}

/**
 * The template's `handlerPath` (`context.split(process.cwd())[1].substring(1)…`): a function whose
 * body cuts the working folder off its argument. The framework runs in the service folder, so
 * `handlerPath(__dirname)` is the module's folder relative to the service.
 */
function isRelativeToCwd(binding: { node: Node; module: Module }): boolean {
  const fn = unwrap(binding.node);
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration') return false;
  return /\.split\(\s*process\.cwd\(\)\s*\)/.test(binding.module.parsed.text.slice(fn.range[0], fn.range[1]));
}

function describe(node: Node): string {
  switch (node.type) {
    case 'CallExpression':
      return 'a function call';
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration':
      return 'a function';
    case 'AwaitExpression':
      return 'an await';
    case 'ConditionalExpression':
    case 'LogicalExpression':
      return 'a condition';
    case 'Identifier':
      return `${node.name}, which is not a constant`;
    default:
      return `an expression (${node.type})`;
  }
}
