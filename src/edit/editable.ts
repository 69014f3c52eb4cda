import { isMap, isScalar, type Scalar, type YAMLMap } from 'yaml';
import type { CfgValue } from '../config/tree.js';

/**
 * The YAML nodes behind config values that a fix may edit: text written in the file itself. A
 * value reached through a variable (`via`) is shared with every place that references it, and an
 * interpolated scalar's value is not its text, so neither is editable. Undefined otherwise.
 */
export function editableScalar(v: CfgValue | undefined): Scalar | undefined {
  return v?.kind === 'scalar' && !v.via?.length && !v.interpolated && isScalar(v.yaml) ? v.yaml : undefined;
}

export function editableMap(v: CfgValue | undefined): YAMLMap | undefined {
  return v && !v.via?.length && isMap(v.yaml) ? v.yaml : undefined;
}
