import { applyFixes, groupByFile } from './edit/apply.js';
import { reparses } from './edit/reparse.js';
import type { Fix } from './edit/text-edit.js';
import { overlayFileSystem } from './fs.js';
import { lintService, type LintOptions, type ServiceLint } from './lint.js';

/** As in ESLint: fixes can enable further fixes, but never loop forever. */
const MAX_FIX_PASSES = 10;

export interface DroppedFix {
  file: string;
  fix: Fix;
  reason: string;
}

export interface FixOutcome {
  /** Final text of every file the fixes changed. */
  outputs: Map<string, string>;
  /** The lint of the fixed files, so what is reported matches what is written. */
  result: ServiceLint;
  dropped: DroppedFix[];
  /** True when the passes stopped on a cycle (the same files as two passes before). */
  cycle: boolean;
}

/**
 * The fix loop (docs/architecture.md#fixes): lint, apply the non-conflicting fixes, re-parse every changed file (a fix
 * that breaks it is dropped), and lint the whole service again, until nothing changes.
 */
export function fixService(configFile: string, options: LintOptions): FixOutcome {
  const overrides = new Map<string, string>();
  const dropped: DroppedFix[] = [];
  const droppedKeys = new Set<string>();
  const snapshots: string[] = [];
  let cycle = false;
  // The lint of the current texts, when the last pass changed nothing (then it is the final one).
  let settled: ServiceLint | undefined;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fs = overlayFileSystem(options.fs, overrides);
    const lint = lintService(configFile, { ...options, fs });
    settled = lint;
    const fixes = lint.diagnostics.flatMap((d) => (d.fix ? [d.fix] : [])).filter((f) => !droppedKeys.has(fixKey(f)));
    let changed = false;
    for (const [file, fileFixes] of groupByFile(fixes)) {
      const text = fs.read(file);
      if (text === undefined) continue;
      const next = applySound(file, text, fileFixes, (fix, reason) => {
        dropped.push({ file, fix, reason });
        droppedKeys.add(fixKey(fix));
      });
      if (next === undefined) continue;
      overrides.set(file, next);
      changed = true;
    }
    if (!changed) break;
    settled = undefined;
    const snapshot = JSON.stringify([...overrides]);
    if (snapshots.length >= 2 && snapshots[snapshots.length - 2] === snapshot) {
      cycle = true;
      break;
    }
    snapshots.push(snapshot);
  }
  const result = settled ?? lintService(configFile, { ...options, fs: overlayFileSystem(options.fs, overrides) });
  const outputs = new Map([...overrides].filter(([file, text]) => options.fs.read(file) !== text));
  return { outputs, result, dropped, cycle };
}

/**
 * The text with the fixes applied that keep the file parsing, or undefined when none changes it.
 * All fixes together usually parse: one parse. Otherwise each is checked alone, those that break
 * the file are dropped, and the rest together must parse too.
 */
function applySound(file: string, text: string, fixes: Fix[], drop: (fix: Fix, reason: string) => void): string | undefined {
  const all = applyFixes(text, fixes);
  if (all.applied.length === 0 || all.text === text) return undefined;
  if (reparses(file, all.text) === undefined) return all.text;
  const sound = fixes.filter((f) => {
    const reason = reparses(file, applyFixes(text, [f]).text);
    if (reason !== undefined) drop(f, reason);
    return reason === undefined;
  });
  const rest = applyFixes(text, sound);
  if (rest.applied.length === 0 || rest.text === text) return undefined;
  const reason = reparses(file, rest.text);
  if (reason === undefined) return rest.text;
  for (const f of rest.applied) drop(f, reason);
  return undefined;
}

function fixKey(f: Fix): string {
  return JSON.stringify(f.edits);
}
