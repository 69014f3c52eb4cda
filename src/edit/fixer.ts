import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { configValue, isShared } from '../model/config-node.js';
import type { ConfigNode, GatewayResponseDef, Project, ResourceDef } from '../model/types.js';
import type { SourceFile, Span } from '../source.js';
import { cfnRef, type EditValue } from './edit-value.js';
import * as js from './js-edits.js';
import type { TextEdit } from './text-edit.js';
import * as yaml from './yaml-edits.js';

export type { EditValue } from './edit-value.js';
export type { PlainProperty, Quote } from './js-edits.js';

/** What a fix builder returns: the edits of one file, or null when the edit cannot be made safely. */
export type Edits = TextEdit[] | null;

/**
 * The one editor rules build fixes and suggestions with, in the manner of ESLint's `fixer`
 * (docs/architecture.md#fixes). Config edits are addressed by model values (the `ConfigNode`s
 * the model keeps), handler edits by the spans handler facts carry. Every operation returns null
 * rather than edit text it may not: whether text may be edited is decided here, once
 * (`editable`), and not by the rules.
 */
export interface Fixer {
  /** Adds `key: value` as the last entry of a map; null when the key exists. */
  addKey(map: ConfigNode, key: string, value: EditValue): Edits;
  /** Sets `keys` below a map, creating the maps missing on the way; null when the whole path exists. */
  addPath(map: ConfigNode, keys: string[], value: EditValue): Edits;
  /** Removes the entry `key` of a map, with its lines. */
  removeKey(map: ConfigNode, key: string): Edits;
  /** Renames the key written at `key` in a map (not a key merged in with `<<`, which lives elsewhere). */
  renameKey(map: ConfigNode, key: Span, to: string): Edits;
  /** Replaces a value written in the file; never one whose text mixes in variables (its value is not its text). */
  replaceValue(value: ConfigNode, to: string | number | boolean | null): Edits;
  /** Replaces a value's text as written (variables included) by what `rewrite` makes of it; null from `rewrite` makes no edit. */
  rewriteText(value: ConfigNode, rewrite: (written: string) => string | null): Edits;
  /** Appends to a list; a single value becomes a list of itself and the new items (the framework reads both alike). */
  appendItems(list: ConfigNode, values: EditValue[]): Edits;
  /** Adds `logicalId` under `resources.Resources`, creating what is missing; null when the id exists or the resources are not plain text here. */
  addResource(logicalId: string, value: EditValue): Edits;
  /** Adds `Properties.<key>` to a resource. */
  addResourceProperty(resource: ResourceDef, key: string, value: EditValue): Edits;
  /** Adds entries to a gateway response's `ResponseParameters`, creating the map when absent; null when a key exists. */
  addResponseParameters(response: GatewayResponseDef, parameters: Record<string, string>): Edits;
  /** A CloudFormation reference as a value: `!Ref name` in YAML, `{"Ref": name}` in JSON. */
  ref(name: string): EditValue;

  /** The plain `key: value` property of an object literal at `span` in a handler source, when there is one a fix may edit. */
  property(span: Span): js.PlainProperty | undefined;
  /** Inserts a property (`Vary: 'Origin'`) after the plain property at `span`, on a line of its own where the object has one per line. */
  insertAfterProperty(span: Span, text: string): Edits;
  /** Replaces the string literal at `span`, in its own quotes. */
  replaceString(span: Span, value: string): Edits;
  /** Adds `key: valueText` to the options object a call takes first (`cors()` → `cors({ key: valueText })`). */
  addOption(call: Span, key: string, valueText: string): Edits;
  /** Swaps two neighbouring calls of one chain (`.use(a).use(b)`) or items of one array literal. */
  swapCalls(first: Span, second: Span): Edits;
  /** Replaces a plain read (`event.headers.Origin`) by `text(object)`, e.g. `${object}.origin || ${object}.Origin`. */
  replaceRead(span: Span, text: (object: string) => string): Edits;
  /** `value` as a JavaScript string literal, in `quote` or, given a file, in the quote that file uses. */
  stringLiteral(value: string, quote: js.Quote | { file: string }): string;
}

export interface FixerOptions {
  project: Pick<Project, 'repoRoot' | 'resources' | 'resourcesTarget'>;
  source: (file: string) => SourceFile | undefined;
  /**
   * True for suggestions that declare their edit harmless wherever the text serves: they may edit
   * text reached through a variable (`${self:custom.cors}`), which other places share. A fix never does.
   */
  sharedText?: boolean;
}

/** The fixer a builder is handed (the engine makes one for fixes, one for suggestions that may edit shared text). */
export function createFixer(options: FixerOptions): Fixer {
  const { project, source } = options;

  /** A handler source a fix may edit: one of the repository's own files, not an installed package. */
  const handlerSource = (file: string): SourceFile | undefined => {
    const relative = path.relative(project.repoRoot, file);
    if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep).includes('node_modules')) return undefined;
    return source(file);
  };

  /**
   * The YAML node behind a config value and its file, when a fix may edit that text: text written
   * in the file itself, not reached through a variable (shared with every place that references it,
   * unless `sharedText`), and, where the value matters, not text that mixes in variables.
   */
  const editable = (node: ConfigNode, mixedText: 'refuse' | 'keep' = 'keep'): { file: SourceFile; node: Node } | undefined => {
    const value = configValue(node);
    if (!value.yaml || (isShared(node) && !options.sharedText)) return undefined;
    if (mixedText === 'refuse' && value.kind === 'scalar' && value.interpolated) return undefined;
    const file = source(value.span.file);
    return file && { file, node: value.yaml };
  };
  const editableMap = (node: ConfigNode) => {
    const found = editable(node);
    return found && isMap(found.node) ? { file: found.file, map: found.node } : undefined;
  };
  const inHandler = <T>(span: Span, edit: (file: SourceFile) => T): T | null => {
    const file = handlerSource(span.file);
    return file ? edit(file) : null;
  };

  return {
    addKey(map, key, value) {
      const m = editableMap(map);
      return m ? yaml.insertMapEntry(m.file, m.map, key, value) : null;
    },
    addPath(map, keys, value) {
      const m = editableMap(map);
      return m ? yaml.insertPath(m.file, m.map, keys, value) : null;
    },
    removeKey(map, key) {
      const m = editableMap(map);
      return m ? yaml.removeMapEntry(m.file, m.map, key) : null;
    },
    renameKey(map, key, to) {
      const m = editableMap(map);
      const pair = m?.map.items.find((p) => isScalar(p.key) && p.key.range?.[0] === key.start);
      return m && pair ? yaml.renameKey(m.file, pair, to) : null;
    },
    replaceValue(value, to) {
      const v = editable(value, 'refuse');
      return v && isScalar(v.node) ? yaml.replaceScalar(v.file, v.node, to) : null;
    },
    rewriteText(value, rewrite) {
      const v = editable(value);
      if (!v || !isScalar(v.node)) return null;
      const text = rewrite(String(v.node.value));
      return text === null ? null : yaml.replaceScalar(v.file, v.node, text);
    },
    appendItems(list, values) {
      const v = editable(list);
      if (!v) return null;
      if (isScalar(v.node)) return yaml.scalarToList(v.file, v.node, values);
      return isSeq(v.node) ? yaml.appendSeqItems(v.file, v.node, values) : null;
    },
    addResource(logicalId, value) {
      const target = project.resourcesTarget;
      if (target.kind !== 'path' || project.resources.some((r) => r.logicalId === logicalId)) return null;
      const m = editableMap(target.map);
      return m ? yaml.insertPath(m.file, m.map, [...target.path, logicalId], value) : null;
    },
    addResourceProperty(resource, key, value) {
      const m = editableMap(resource.node);
      return m ? yaml.insertPath(m.file, m.map, ['Properties', key], value) : null;
    },
    addResponseParameters(response, parameters) {
      const m = editableMap(response.resource.node);
      return m ? addParameters(m.file, m.map, parameters) : null;
    },
    ref: cfnRef,

    property: (span) => inHandler(span, (file) => js.plainProperty(file, span)) ?? undefined,
    insertAfterProperty: (span, text) => inHandler(span, (file) => js.insertPropertyAfter(file, span, text)),
    replaceString: (span, value) => inHandler(span, (file) => js.replaceStringLiteral(file, span, value)),
    addOption: (call, key, valueText) => inHandler(call, (file) => js.addOption(file, call, key, valueText)),
    swapCalls: (first, second) => (first.file === second.file ? inHandler(second, (file) => js.swapAdjacent(file, first, second)) : null),
    replaceRead: (span, text) => inHandler(span, (file) => js.replacePlainRead(file, span, text)),
    stringLiteral(value, quote) {
      if (typeof quote === 'string') return js.stringLiteral(value, quote);
      const file = handlerSource(quote.file);
      return js.stringLiteral(value, file ? js.preferredQuote(file) : "'");
    },
  };
}

/**
 * `ResponseParameters` entries added to a resource: a new map (and `Properties`) when absent, else
 * the entries at its end. The path is followed in the resource's own YAML, so a `${…}` on the way stops it.
 */
function addParameters(file: SourceFile, resource: YAMLMap, parameters: Record<string, string>): Edits {
  const created = yaml.insertPath(file, resource, ['Properties', 'ResponseParameters'], parameters);
  if (created) return created;
  const props = resource.get('Properties', true);
  if (!isMap(props)) return null;
  const existing = props.get('ResponseParameters', true);
  return yaml.setEmptyValue(file, props, 'ResponseParameters', parameters) ?? (isMap(existing) ? insertMapEntries(file, existing, parameters) : null);
}

/**
 * Several entries at the end of one map, as one insertion (insertMapEntry adds one; two
 * insertions at the same offset would conflict). Null when any key exists or the layout would
 * need more than a plain insertion.
 */
function insertMapEntries(file: SourceFile, map: YAMLMap, entries: Record<string, EditValue>): Edits {
  let merged: TextEdit | undefined;
  for (const [key, value] of Object.entries(entries)) {
    const edits = yaml.insertMapEntry(file, map, key, value);
    if (edits?.length !== 1) return null;
    const [e] = edits;
    if (e.start !== e.end || (merged && merged.start !== e.start)) return null;
    merged = merged ? { ...merged, text: merged.text + e.text } : e;
  }
  return merged ? [merged] : null;
}
