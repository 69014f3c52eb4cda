import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FileSystem } from '../../fs.js';
import type { Span } from '../../source.js';
import { DEFAULT_EXPORT_CELL, Evaluator } from './evaluator.js';
import type { ModuleHost } from './interpreter.js';
import { nameOf, patternNames, spanOf } from './syntax.js';
import { declaredMajor } from './libraries/versions.js';
import { providedBy, resolveImport } from '../modules.js';
import type { ParseCache } from '../parse.js';
import { Heap, UNKNOWN, getObj, newState, union } from '../values.js';
import { Scope, type Js, type ModuleRecord, type Value } from './values.js';

/** An export found: its value and the statement, assignment or property that made it. */
export interface ExportFound {
  value: Value;
  span: Span;
}

/** `undefined`: no such export; `'unknown'`: it cannot be told (an open `module.exports`, a cycle, `export *` from a package). */
export type ExportLookup = ExportFound | undefined | 'unknown';

type ExportEntry = { local: string; span: Span } | { from: string; name: string | undefined; span: Span };

interface ExportTable {
  named: Map<string, ExportEntry>;
  /** `export * from '…'` specifiers. */
  stars: string[];
}

/** Import chains longer than this (or circular re-exports) give unknown. */
const MAX_REEXPORT_CHAIN = 50;

/**
 * The modules of one lint run: each file is parsed once (ParseCache), its top level runs once,
 * lazily, the first time something reads one of its exports; the results stay in the shared
 * heap. A module whose top level is still running (an import cycle) reads as unknown.
 */
export class Program implements ModuleHost {
  readonly heap = new Heap<Js>();
  readonly evaluator = new Evaluator(this);
  private readonly modules = new Map<string, ModuleRecord | undefined>();
  private readonly runs = new Map<ModuleRecord, 'running' | 'done'>();
  private readonly tables = new Map<ModuleRecord, ExportTable>();

  constructor(
    private readonly fs: FileSystem,
    private readonly repoRoot: string,
    private readonly parses: ParseCache,
  ) {}

  /** The module of a file, undefined when it cannot be read or parsed. */
  module(path: string): ModuleRecord | undefined {
    if (!this.modules.has(path)) {
      const parsed = this.parses.get(path);
      this.modules.set(
        path,
        parsed?.ok ? { file: parsed.file, esm: parsed.file.program.body.some(isModuleSyntax), json: path.endsWith('.json'), scope: new Scope() } : undefined,
      );
    }
    return this.modules.get(path);
  }

  importValue(from: ModuleRecord, specifier: string, name: string | undefined): Value {
    const r = resolveImport(this.fs, from.file.path, specifier, this.repoRoot);
    if (r.kind === 'package') return { kind: 'package', specifier, path: name && name !== 'default' ? [name] : [] };
    // Code beyond the root is never read: what uses it is not fully analysed, and says why.
    if (r.kind === 'outside-root') return { kind: 'unknown', limit: `'${specifier}' lies outside the repository root and is not read` };
    if (r.kind === 'ambiguous') return { kind: 'unknown', limit: `'${specifier}' is ${providedBy(r.folders, this.repoRoot)}: not followed` };
    if (r.kind !== 'file') return UNKNOWN;
    // A module past a limit (a bundle, generated code) is unknown, and says so: what uses it is not fully analysed.
    const parsed = this.parses.get(r.path);
    if (parsed && !parsed.ok && parsed.limit) return { kind: 'unknown', limit: parsed.message };
    const module = this.module(r.path);
    return module ? { kind: 'import', module, name } : UNKNOWN;
  }

  deref(v: Value, chain = 0): Value {
    if (v.kind === 'union') return v.options.some((o) => o.kind === 'import') ? union(v.options.map((o) => this.deref(o, chain))) : v;
    if (v.kind !== 'import') return v;
    if (chain > MAX_REEXPORT_CHAIN) return UNKNOWN;
    if (v.name === undefined) return this.wholeModule(v.module, chain);
    const found = this.exportOf(v.module, v.name, chain + 1);
    return found === undefined || found === 'unknown' ? UNKNOWN : this.deref(found.value, chain + 1);
  }

  /**
   * An export by name: ES exports first (through `export … from` and `export *`), then
   * CommonJS `module.exports` / `exports.x` (which also covers TypeScript's `export =`).
   * For a CommonJS module, `default` is `module.exports` itself, as Node's ESM interop has it.
   */
  exportOf(module: ModuleRecord, name: string, chain = 0): ExportLookup {
    if (chain > MAX_REEXPORT_CHAIN || !this.run(module)) return 'unknown';
    const table = this.table(module);
    const entry = table.named.get(name);
    if (entry && 'local' in entry) return { value: this.evaluator.exportedCell(module, entry.local), span: entry.span };
    if (entry) return { value: this.importValue(module, entry.from, entry.name), span: entry.span };
    if (name !== 'default') {
      for (const spec of table.stars) {
        const target = this.importValue(module, spec, undefined);
        if (target.kind !== 'import') return 'unknown';
        const found = this.exportOf(target.module, name, chain + 1);
        if (found !== undefined) return found;
      }
    }
    return this.commonJsExport(module, name);
  }

  /** The names a module exports that can be told: its ES exports, then its CommonJS `exports` properties. */
  exportNames(module: ModuleRecord): string[] {
    if (!this.run(module)) return [];
    const names = new Set(this.table(module).named.keys());
    const exportsProp = this.moduleExportsProp(module);
    const exportsValue = exportsProp && this.deref(exportsProp.value);
    if (exportsValue?.kind === 'object') for (const name of getObj(newState<Js>(), this.heap, exportsValue.id).props.keys()) names.add(name);
    return [...names];
  }

  private commonJsExport(module: ModuleRecord, name: string): ExportLookup {
    const exportsProp = this.moduleExportsProp(module);
    if (!exportsProp) return 'unknown';
    const exportsValue = this.deref(exportsProp.value);
    if (exportsValue.kind !== 'object') {
      // `module.exports = fn` is the default export; other names may be properties set on `fn`.
      return name === 'default' && exportsValue.kind !== 'unknown' ? exportsProp : 'unknown';
    }
    const obj = getObj(newState<Js>(), this.heap, exportsValue.id);
    const prop = obj.props.get(name);
    if (prop) return { value: prop.value, span: prop.span };
    if (name === 'default' && !module.esm) return exportsProp;
    return obj.open ? 'unknown' : undefined;
  }

  /** `module.exports` as a property of `module`, with the span of its last assignment. */
  private moduleExportsProp(module: ModuleRecord): ExportFound | undefined {
    const cell = module.scope.vars.get('module');
    const moduleValue = cell && this.heap.vars.get(cell);
    if (moduleValue?.kind !== 'object') return undefined;
    return getObj(newState<Js>(), this.heap, moduleValue.id).props.get('exports');
  }

  private wholeModule(module: ModuleRecord, chain: number): Value {
    if (!this.run(module)) return UNKNOWN;
    if (module.esm) return { kind: 'namespace', module };
    const exportsProp = this.moduleExportsProp(module);
    return exportsProp ? this.deref(exportsProp.value, chain + 1) : UNKNOWN;
  }

  packageMajor(from: ModuleRecord, pkg: string): number | undefined {
    return declaredMajor((f) => this.parses.text(f), from.file.path, pkg, this.repoRoot);
  }

  /** Runs the module's top level once; false while it is running (an import cycle). */
  private run(module: ModuleRecord): boolean {
    const state = this.runs.get(module);
    if (state) return state === 'done';
    this.runs.set(module, 'running');
    const top = this.evaluator.runModule(module);
    this.heap.freezeVars(top);
    this.heap.freezeObjects(top);
    this.runs.set(module, 'done');
    return true;
  }

  private table(module: ModuleRecord): ExportTable {
    let table = this.tables.get(module);
    if (!table) this.tables.set(module, (table = exportTable(module)));
    return table;
  }
}

function isModuleSyntax(s: TSESTree.ProgramStatement): boolean {
  return s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration';
}

/** The ES exports a module declares (type-only exports left out). */
function exportTable(module: ModuleRecord): ExportTable {
  const named = new Map<string, ExportEntry>();
  const stars: string[] = [];
  for (const s of module.file.program.body) {
    const span = spanOf(module, s);
    if (s.type === 'ExportNamedDeclaration' && s.exportKind !== 'type') {
      const d = s.declaration;
      if (d?.type === 'VariableDeclaration') {
        for (const decl of d.declarations) for (const name of patternNames(decl.id)) named.set(name, { local: name, span });
      } else if ((d?.type === 'FunctionDeclaration' || d?.type === 'ClassDeclaration' || d?.type === 'TSEnumDeclaration') && d.id) {
        named.set(d.id.name, { local: d.id.name, span });
      }
      for (const spec of s.specifiers) {
        if (spec.exportKind === 'type') continue;
        const exported = nameOf(spec.exported);
        named.set(exported, s.source ? { from: s.source.value, name: nameOf(spec.local), span } : { local: nameOf(spec.local), span });
      }
    } else if (s.type === 'ExportDefaultDeclaration') {
      const d = s.declaration;
      const local = (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id ? d.id.name : DEFAULT_EXPORT_CELL;
      named.set('default', { local, span });
    } else if (s.type === 'ExportAllDeclaration' && s.exportKind !== 'type') {
      if (s.exported) named.set(nameOf(s.exported), { from: s.source.value, name: undefined, span });
      else stars.push(s.source.value);
    }
  }
  return { named, stars };
}
