import type { CfgValue } from '../../src/config/tree.js';

/** The config tree as plain data: maps → objects (a CFN map shows its tag), unknown → `{ unknown }`. */
export function plain(v: CfgValue | undefined): unknown {
  if (!v) return undefined;
  if (v.kind === 'map') {
    const obj: Record<string, unknown> = Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    return v.tag ? { ...obj, tag: v.tag } : obj;
  }
  if (v.kind === 'seq') return v.items.map(plain);
  if (v.kind === 'unknown') return { unknown: v.reason };
  return v.value;
}
