import type { CfgValue } from '../config/tree.js';
import type { ConfigNode } from './types.js';

/**
 * Every ConfigNode is a value of the resolved configuration (the model builds them from nothing
 * else). The model's readers and the fixer get it back here; rules never do.
 */
export function configValue(node: ConfigNode): CfgValue {
  return node as CfgValue;
}

/**
 * Whether the value was reached through a variable (`${self:custom.cors}`, `${file(…)}`): its text
 * is shared with every place that references it.
 */
export function isShared(node: ConfigNode): boolean {
  return !!configValue(node).via?.length;
}

/** True for an absent value and for text written in the file itself (not reached through or mixed with a variable). */
export function writtenInFile(node: ConfigNode | undefined): boolean {
  if (!node) return true;
  const v = configValue(node);
  return !v.via?.length && !(v.kind === 'scalar' && v.interpolated);
}
