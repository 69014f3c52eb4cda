import type { Node as YamlNode } from 'yaml';
import type { Span } from '../source.js';

/**
 * The configuration as the framework would see it after variable resolution, with every value
 * still pointing at the text it came from. A value reached through `${self:…}` or `${file(…)}`
 * keeps the span of its definition (where the user must act) and records the references it was
 * reached through in `via`, so fixes can refuse to edit shared or interpolated text.
 *
 * CloudFormation short tags are stored the way the framework's loader stores them:
 * `!Ref X` becomes the map `{ Ref: X }`, `!GetAtt a.b` becomes `{ 'Fn::GetAtt': [a, b] }`,
 * with `tag` recording the short form that was written.
 */
export type CfgValue = CfgMap | CfgSeq | CfgScalar | CfgUnknown;

interface CfgBase {
  span: Span;
  /** The `yaml` node this value was read from (for edits); absent for synthesized values. */
  yaml?: YamlNode;
  /** Variable references (their spans) this value was reached through, outermost first. */
  via?: Span[];
}

export interface CfgEntry {
  key: string;
  keySpan: Span;
  value: CfgValue;
}

export interface CfgMap extends CfgBase {
  kind: 'map';
  entries: CfgEntry[];
  /** The CloudFormation short tag this map was written as (`!Ref`, `!Sub`, …). */
  tag?: string;
}

export interface CfgSeq extends CfgBase {
  kind: 'seq';
  items: CfgValue[];
}

export interface CfgScalar extends CfgBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** True when the text mixed literal text with resolved variables (`https://${self:custom.host}`). */
  interpolated?: boolean;
}

/** A value that cannot be known statically (`${ssm:…}`, `${file(x.js)}`, an unset `${env:X}`, …). */
export interface CfgUnknown extends CfgBase {
  kind: 'unknown';
  reason: string;
  /** The value is exactly one deploy-time variable with a static address (`${cf:stack.Output}`): which value it names. */
  deployTime?: DeployTimeValue;
}

/** A deploy-time variable: its source (`cf`, `output`, `ssm`, …) and its address after resolution (`api-dev.RestApiId`). */
export interface DeployTimeValue {
  source: string;
  address: string;
}

export function entry(map: CfgValue | undefined, key: string): CfgEntry | undefined {
  if (map?.kind !== 'map') return undefined;
  // Later duplicates win, as in the framework's loader.
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i];
  return undefined;
}

export function get(map: CfgValue | undefined, key: string): CfgValue | undefined {
  return entry(map, key)?.value;
}

/** Follows a dotted path of map keys: `getPath(root, 'provider', 'httpApi', 'cors')`. */
export function getPath(value: CfgValue | undefined, ...keys: string[]): CfgValue | undefined {
  let v = value;
  for (const k of keys) v = get(v, k);
  return v;
}

/** The scalar as a string when it is a known string, number or boolean; undefined otherwise. */
export function asString(value: CfgValue | undefined): string | undefined {
  if (value?.kind !== 'scalar' || value.value === null) return undefined;
  return String(value.value);
}

/**
 * The boolean the framework would see: real booleans, and the strings 'true'/'false' that its
 * validator coerces (docs/cors-semantics.md#rest-cors). Undefined when unknown or absent.
 */
export function asBoolean(value: CfgValue | undefined): boolean | undefined {
  if (value?.kind !== 'scalar') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (value.value === 'true') return true;
  if (value.value === 'false') return false;
  if (value.value === null) return false;
  return undefined;
}

/** A list of strings where a scalar counts as a one-element list (the validator's coercion). */
export function asStringList(value: CfgValue | undefined): (string | undefined)[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'seq') return value.items.map(asString);
  if (value.kind === 'scalar') return [asString(value)];
  return undefined;
}

export function isUnknown(value: CfgValue | undefined): value is CfgUnknown {
  return value?.kind === 'unknown';
}
