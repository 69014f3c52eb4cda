import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/** `!Ref Name` in YAML, `{"Ref": "Name"}` in JSON. Build it with cfnRef(). */
export class CfnRef {
  constructor(readonly name: string) {}
}

export function cfnRef(name: string): CfnRef {
  return new CfnRef(name);
}

/**
 * A value a fix writes into a config file. Objects keep their key order, except that
 * JavaScript lists integer-like keys ('200') first.
 */
export type EditValue = string | number | boolean | null | CfnRef | EditValue[] | { [key: string]: EditValue };

/** True when the value must be written on lines of its own in block YAML (a non-empty map or list). */
export function needsBlock(value: EditValue): boolean {
  if (value instanceof CfnRef || value === null || typeof value !== 'object') return false;
  return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
}

/**
 * Block YAML for `value` at column 0, lines ending in '\n' (a scalar or empty collection renders
 * inline, still with a final '\n'). The caller indents and converts line ends.
 */
export function renderBlock(value: EditValue, indentStep: number): string {
  return stringify(toNode(value, false), indentStep);
}

/** `key: value` as block YAML at column 0 (see renderBlock). */
export function renderBlockEntry(key: string, value: EditValue, indentStep: number): string {
  return renderBlock({ [key]: value }, indentStep);
}

/**
 * `value` as one line of flow YAML, valid in flow and block context alike. `type` is the scalar
 * style to keep when it can express the value (yaml falls back to a quoting that can).
 */
export function renderFlow(value: EditValue, type?: Scalar.Type): string {
  const node = toNode(value, true);
  if (node instanceof Scalar && node.type === undefined) node.type = keptType(type, value);
  return unwrap(new YAMLSeq(), node, '[', ']');
}

/** `key: value` as one line of flow YAML. */
export function renderFlowEntry(key: string, value: EditValue): string {
  return unwrap(new YAMLMap(), new Pair(new Scalar(key), toNode(value, true)), '{', '}');
}

/** A mapping key as one line of flow YAML (also valid as a block key), in `type` style when possible. */
export function renderFlowKey(key: string, type?: Scalar.Type): string {
  const node = new Scalar(key);
  node.type = keptType(type, key);
  return unwrap(new YAMLMap(), new Pair(node, new Scalar(0)), '{', ': 0}');
}

/** JSON for `value`; `indent` undefined gives one line, else nested lines indented by it. */
export function renderJson(value: EditValue, indent?: string): string {
  return JSON.stringify(toJson(value), null, indent);
}

/** Single quotes would have to be doubled inside a single-quoted scalar (`'''*'''`); let yaml pick then. */
function keptType(type: Scalar.Type | undefined, value: EditValue): Scalar.Type | undefined {
  return type === 'QUOTE_SINGLE' && typeof value === 'string' && value.includes("'") ? undefined : type;
}

function toJson(value: EditValue): unknown {
  if (value instanceof CfnRef) return { Ref: value.name };
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

function toNode(value: EditValue, flow: boolean): Node {
  if (value instanceof CfnRef) {
    const ref = new Scalar(value.name);
    ref.tag = '!Ref';
    return ref;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    // Only ever set `flow` to true: yaml writes `flow: false` empty collections on a line of their own.
    if (flow) seq.flow = true;
    seq.items = value.map((v) => toNode(v, flow));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAMLMap();
    if (flow) map.flow = true;
    for (const [k, v] of Object.entries(value)) map.items.push(new Pair(new Scalar(k), toNode(v, flow)));
    return map;
  }
  const scalar = new Scalar(value);
  // A flow string with line breaks would be folded over several lines; escapes keep it on one.
  if (flow && typeof value === 'string' && value.includes('\n')) scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

/** Renders `item` alone in a flow collection, then strips the collection's brackets. */
function unwrap(collection: YAMLMap | YAMLSeq, item: Node | Pair, open: string, close: string): string {
  collection.flow = true;
  collection.items = [item];
  const text = stringify(collection, 2).replace(/\n$/, '');
  return text.slice(open.length, text.length - close.length);
}

/**
 * yaml's own stringifier, so quoting is always right. The YAML 1.1 schema quotes more strings
 * (`yes`, `on`, `12:30`) than 1.2, which keeps the text unambiguous to any reader of the file;
 * no line folding, so a value never spreads over lines it does not need.
 */
function stringify(node: Node, indentStep: number): string {
  return new Document(node, { version: '1.1' }).toString({
    indent: indentStep,
    lineWidth: 0,
    flowCollectionPadding: false,
  });
}
