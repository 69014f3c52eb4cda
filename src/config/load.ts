import * as path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, YAMLWarning, type Alias, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { FileSystem } from '../fs.js';
import { ALIAS_EXPANSION_LIMIT, pastLimit } from '../limits.js';
import { SourceFile, type Span } from '../source.js';
import { cfnFunctionKey, cfnTags, splitGetAtt } from './cfn-tags.js';
import { readAsFramework } from './framework-reading.js';
import { afterParse, beforeParse, invalidBytesProblem } from './input-checks.js';
import type { CfgEntry, CfgMap, CfgScalar, CfgValue } from './tree.js';

/** A problem found while loading or resolving configuration: one sentence, no trailing period. */
export interface ConfigProblem {
  span: Span;
  message: string;
  /**
   * `missing-file`: a `${file()}` target that does not exist. Often deliberate (a gitignored
   * secrets file), so it is reported apart from parse errors, once per target. `note`: no
   * finding, only a line under `--verbose` (how a file was read, what was deliberately skipped).
   * `limit`: valid input past one of the documented limits (README "Limits"): what lies beyond is
   * unknown and the service counts as not fully analysed; never reported as a parse error.
   * `not-utf8`: bytes that are not UTF-8 (a Latin-1 comment): reported, yet the file is analysed,
   * as the framework reads such bytes as U+FFFD, and fixes keep them byte for byte.
   */
  kind?: 'missing-file' | 'note' | 'limit' | 'not-utf8';
  /** For `missing-file`: what is missing (the key reports are grouped by). */
  target?: string;
  /** How many references share this problem (missing files are reported once per target). */
  count?: number;
}

export interface ConfigFile {
  source: SourceFile;
  doc: Document.Parsed;
  /** Parsed from a `.json` file (the framework reads those with JSON.parse). */
  json: boolean;
  /** The raw tree: variables are still text (see variables.ts). */
  value: CfgValue;
  /** YAML errors and warnings, plus tree-building problems (unknown anchors, bad merges). */
  errors: ConfigProblem[];
  /** What `--verbose` says about how the file was read (kind `note`). */
  notes: ConfigProblem[];
}

export interface Budget {
  left: number;
}

/**
 * A deep copy of `value` in which every node lists `via` before the references it already had
 * (outermost first). Undefined when the copy would exceed the budget.
 */
export function withVia(value: CfgValue, via: Span[], budget: Budget): CfgValue | undefined {
  if (via.length === 0) return value;
  const copy = (v: CfgValue): CfgValue | undefined => {
    if (--budget.left < 0) return undefined;
    const trail = [...via, ...(v.via ?? [])];
    if (v.kind === 'map') {
      const entries: CfgEntry[] = [];
      for (const e of v.entries) {
        const c = copy(e.value);
        if (!c) return undefined;
        entries.push({ ...e, value: c });
      }
      return { ...v, entries, via: trail };
    }
    if (v.kind === 'seq') {
      const items: CfgValue[] = [];
      for (const item of v.items) {
        const c = copy(item);
        if (!c) return undefined;
        items.push(c);
      }
      return { ...v, items, via: trail };
    }
    return { ...v, via: trail };
  };
  return copy(value);
}

/**
 * Parses a serverless.yml/.yaml/.json text into its raw tree. JSON is parsed as YAML (it is YAML
 * 1.2 flow); offsets stay offsets into `text`, a leading BOM included.
 */
export function parseConfig(file: string, text: string): ConfigFile {
  const source = new SourceFile(file, text);
  const json = file.endsWith('.json');
  const unparsed = beforeParse(file, text);
  const doc = parseDocument(unparsed ? '' : text, {
    keepSourceTokens: true,
    customTags: cfnTags,
    merge: true,
    prettyErrors: false,
  });
  const refused = unparsed ?? afterParse(file, doc);
  if (refused) return { source, doc, json, value: { kind: 'unknown', reason: refused.message, span: refused.span }, errors: [refused], notes: [] };
  const errors: ConfigProblem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    // Unknown tags (`!Foo`) keep their plain value; the framework's own loader is the judge.
    if (e instanceof YAMLWarning && e.code === 'TAG_RESOLVE_FAILED') continue;
    // JSON.parse lets the last duplicate win without complaint; js-yaml rejects duplicates.
    if (json && e.code === 'DUPLICATE_KEY') continue;
    errors.push({ span: { file, start: e.pos[0], end: e.pos[1] }, message: sentence(e.message) });
  }
  const bytes = invalidBytesProblem(file, text);
  if (errors.length > 0) return frameworkVerdict(source, doc, json, errors, bytes);
  if (bytes) errors.push(bytes);
  const value = new TreeBuilder(doc, source, errors).build(doc.contents, 0);
  errors.sort((a, b) => a.span.start - b.span.start);
  return { source, doc, json, value, errors, notes: [] };
}

/**
 * When `yaml` rejects a file, the framework's loader decides: a file it loads is linted from its
 * reading (without `yaml` nodes, so no fix edits it), and a file it rejects is one problem, where
 * it stops (the `yaml` parser reports every token after a broken one).
 */
function frameworkVerdict(source: SourceFile, doc: Document.Parsed, json: boolean, errors: ConfigProblem[], bytes: ConfigProblem | undefined): ConfigFile {
  const file = source.path;
  const reading = readAsFramework(file, source.text, json);
  const first = errors.reduce((a, b) => (b.span.start < a.span.start ? b : a));
  if (reading.ok) {
    const { line } = source.position(first.span.start);
    const message = `the YAML parser cors-lint edits with rejects line ${line} (${first.message.split('\n')[0]}), but the framework's loader accepts the file: it is linted from the framework's reading, some findings may point at an approximate line, and fixes to it are not offered`;
    return { source, doc, json, value: reading.value, errors: bytes ? [bytes] : [], notes: [{ kind: 'note', span: first.span, message }] };
  }
  const span = { file, start: reading.offset, end: reading.offset };
  const empty: CfgValue = { kind: 'scalar', value: null, span };
  return { source, doc, json, value: empty, errors: [{ span, message: sentence(reading.message) }], notes: [] };
}

/** Loads each configuration file once per run (the service file and every `${file()}` it reaches). */
/**
 * Parsed configs shared by the services of one run, so a file many services include is parsed once.
 * Each entry keeps the text it was parsed from: a service reads the file through its own file system
 * (the --cache recorder sees every read), and the parse is reused only for the same text.
 */
export type ParsedConfigs = Map<string, { text: string; parsed: ConfigFile }>;

export class ConfigFiles {
  private readonly cache = new Map<string, ConfigFile | undefined>();

  constructor(
    private readonly fs: FileSystem,
    private readonly parsed: ParsedConfigs = new Map(),
  ) {}

  /** The parsed file, or undefined when it cannot be read. */
  load(file: string): ConfigFile | undefined {
    const key = path.resolve(file);
    if (!this.cache.has(key)) {
      const text = this.fs.read(key);
      this.cache.set(key, text === undefined ? undefined : this.parse(key, text));
    }
    return this.cache.get(key);
  }

  private parse(file: string, text: string): ConfigFile {
    const known = this.parsed.get(file);
    if (known?.text === text) return known.parsed;
    const parsed = parseConfig(file, text);
    this.parsed.set(file, { text, parsed });
    return parsed;
  }
}

function sentence(message: string): string {
  return message.trim().replace(/\.$/, '');
}

/**
 * yaml AST → CfgValue. Spans are value ranges (`node.range[0..1]`, trailing blank lines and
 * comments excluded). An alias yields the anchored node's value, keeping the spans of the anchor's
 * definition (where an edit must happen) and recording the alias itself in `via`.
 */
class TreeBuilder {
  private readonly built = new Map<YamlNode, CfgValue>();
  private readonly building = new Set<YamlNode>();
  private readonly budget: Budget = { left: ALIAS_EXPANSION_LIMIT };
  private expansionReported = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly source: SourceFile,
    private readonly errors: ConfigProblem[],
  ) {}

  /** `at` positions the null that stands for an absent node. */
  build(node: YamlNode | null | undefined, at: number): CfgValue {
    if (!node) return { kind: 'scalar', value: null, span: this.span(at, at) };
    if (isAlias(node)) return this.alias(node);
    const done = this.built.get(node);
    if (done) return done;
    this.building.add(node);
    const value = this.convert(node);
    this.building.delete(node);
    this.built.set(node, value);
    return value;
  }

  private convert(node: YamlNode): CfgValue {
    const [start] = node.range ?? [0];
    const span = this.span(start, this.end(node));
    let value: CfgValue;
    if (isMap(node)) value = { kind: 'map', entries: this.entries(node.items), span, yaml: node };
    else if (isSeq(node)) value = { kind: 'seq', items: node.items.map((i) => this.build(i as YamlNode, start)), span, yaml: node };
    else if (isScalar(node)) value = { kind: 'scalar', value: scalarValue(node.value), span, yaml: node };
    else value = { kind: 'unknown', reason: 'unsupported YAML node', span, yaml: node };
    const key = cfnFunctionKey(node.tag);
    return key ? this.cfnMap(node, key, value) : value;
  }

  /** `!Ref X` → `{ Ref: X }`; the map's span and entry key span include the tag as written. */
  private cfnMap(node: YamlNode, key: string, inner: CfgValue): CfgMap {
    const tag = node.tag as string;
    const tagStart = this.tagStart(tag, inner.span.start);
    const keySpan = this.span(tagStart ?? inner.span.start, tagStart === undefined ? inner.span.start : tagStart + tag.length);
    let value = inner;
    if (key === 'Fn::GetAtt' && inner.kind === 'scalar' && typeof inner.value === 'string') {
      value = { kind: 'seq', items: this.getAttParts(inner.value, inner.span), span: inner.span, yaml: node };
    }
    return { kind: 'map', tag, entries: [{ key, keySpan, value }], span: this.span(keySpan.start, inner.span.end), yaml: node };
  }

  private getAttParts(text: string, span: Span): CfgScalar[] {
    const at = this.source.text.slice(span.start, span.end).indexOf(text);
    let offset = 0;
    return splitGetAtt(text).map((part) => {
      const start = span.start + at + offset;
      offset += part.length + 1;
      const partSpan = at < 0 ? span : this.span(start, start + part.length);
      return { kind: 'scalar', value: part, span: partSpan };
    });
  }

  /** The tag's offset, found just before the node (an anchor may sit between them). */
  private tagStart(tag: string, nodeStart: number): number | undefined {
    const before = this.source.text.slice(Math.max(0, nodeStart - 512), nodeStart);
    const at = before.search(new RegExp(`${tag.replace(/[^\w]/g, '\\$&')}(?:\\s+&\\S+)?\\s*$`));
    return at < 0 ? undefined : nodeStart - before.length + at;
  }

  /** Explicit keys win over merged ones; among merge sources, the first one listed wins. */
  private entries(pairs: Pair[]): CfgEntry[] {
    const explicit: CfgEntry[] = [];
    const merged: CfgEntry[] = [];
    for (const pair of pairs) {
      const key = pair.key as YamlNode | null;
      if (isScalar(key) && typeof key.value === 'symbol') {
        merged.push(...this.mergeSources(pair.value as YamlNode | null, key.range?.[0] ?? 0));
        continue;
      }
      const keyStart = key?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0] ?? 0;
      const keySpan = this.span(keyStart, key ? this.end(key) : keyStart);
      explicit.push({ key: this.keyText(key, keySpan), keySpan, value: this.build(pair.value as YamlNode | null, keySpan.end) });
    }
    const taken = new Set(explicit.map((e) => e.key));
    const kept = merged.filter((e) => !taken.has(e.key) && taken.add(e.key));
    return [...kept, ...explicit];
  }

  private mergeSources(node: YamlNode | null, at: number): CfgEntry[] {
    const sources = isSeq(node) ? node.items.map((i) => this.build(i as YamlNode, at)) : [this.build(node, at)];
    const entries: CfgEntry[] = [];
    for (const source of sources) {
      if (source.kind === 'map' && !source.tag) entries.push(...source.entries);
      else if (source.kind !== 'unknown') this.problem(source.span, 'merge key << needs a map or a list of maps');
    }
    return entries;
  }

  private alias(node: Alias): CfgValue {
    const span = this.span(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
    const unknown = (reason: string): CfgValue => {
      this.problem(span, reason);
      return { kind: 'unknown', reason, span, yaml: node };
    };
    const target = node.resolve(this.doc) as YamlNode | undefined;
    if (!target) return unknown(`alias *${node.source} refers to an unknown anchor`);
    if (this.building.has(target)) return unknown(`alias *${node.source} refers to a node that contains it`);
    const copy = withVia(this.build(target, span.start), [span], this.budget);
    if (copy) return copy;
    const reason = pastLimit.aliases('aliases');
    if (!this.expansionReported) this.errors.push({ span, message: reason, kind: 'limit' });
    this.expansionReported = true;
    return { kind: 'unknown', reason, span, yaml: node };
  }

  /** End of a node's value: block collections end at their last item, not after trailing comments. */
  private end(node: YamlNode): number {
    const rangeEnd = node.range?.[1] ?? 0;
    if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1] as YamlNode | Pair;
      const lastNode = (isMap(node) ? ((last as Pair).value ?? (last as Pair).key) : last) as YamlNode | null;
      if (lastNode?.range) return this.end(lastNode);
    }
    let end = rangeEnd;
    while (end > (node.range?.[0] ?? 0) && /\s/.test(this.source.text[end - 1])) end--;
    return end;
  }

  /** Keys as the framework sees them: scalars stringified, a collection key as its source text. */
  private keyText(key: YamlNode | null, span: Span): string {
    if (isScalar(key)) return String(scalarValue(key.value));
    return this.source.text.slice(span.start, span.end);
  }

  private span(start: number, end: number): Span {
    return { file: this.source.path, start, end };
  }

  private problem(span: Span, message: string): void {
    this.errors.push({ span, message });
  }
}

/** yaml values as JSON-like scalars (the framework's loader yields the same for the core schema). */
function scalarValue(value: unknown): CfgScalar['value'] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  // Anything else yaml builds (a binary or a set under a custom tag) is shown as JSON.
  return JSON.stringify(value) ?? null;
}
