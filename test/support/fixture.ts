import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { discoverConfigs } from '../../src/discover.js';
import { fixService } from '../../src/fix.js';
import { diskFileSystem, type FileSystem } from '../../src/fs.js';
import { lintService, type ServiceLint } from '../../src/lint.js';
import { SettingsFiles } from '../../src/settings/files.js';
import { settingsFor } from '../../src/settings/resolve.js';
import { displayMessage, mergeFileResults, toFileResults } from '../../src/results.js';
import { rules } from '../../rules/index.js';

/** Files of a fixture case that are expectations, not project input. */
const EXPECTATIONS = new Set(['expected.txt', 'fixed', 'case.json']);

export interface CaseOptions {
  stage?: string;
  env?: Record<string, string>;
}

/** The case folder as a file system without its expectation files (so `fixed/` is never linted). */
export function caseFileSystem(dir: string): FileSystem {
  const hidden = (p: string) => {
    const rel = path.relative(dir, p).split(path.sep)[0];
    return EXPECTATIONS.has(rel);
  };
  return {
    read: (f) => (hidden(f) ? undefined : diskFileSystem.read(f)),
    readProblem: (f) => (hidden(f) ? { kind: 'missing' } : diskFileSystem.readProblem(f)),
    isFile: (f) => !hidden(f) && diskFileSystem.isFile(f),
    isDirectory: (d) => !hidden(d) && diskFileSystem.isDirectory(d),
    list: (d) => diskFileSystem.list(d).filter((n) => !hidden(path.join(d, n))),
    isSymlink: (f) => diskFileSystem.isSymlink(f),
    realPath: (f) => diskFileSystem.realPath(f),
  };
}

export function caseOptions(dir: string): CaseOptions {
  const file = path.join(dir, 'case.json');
  return nodeFs.existsSync(file) ? (JSON.parse(nodeFs.readFileSync(file, 'utf8')) as CaseOptions) : {};
}

/** A case's settings file (`.cors-lint.json`) applies as it would on the command line; `only` fixes the rules. */
function lintOptions(dir: string, only: string[] | undefined, fs = caseFileSystem(dir)) {
  const o = caseOptions(dir);
  return { fs, ruleSet: rules, repoRoot: dir, stage: o.stage, env: o.env ?? {}, only, settings: settingsFor(new SettingsFiles(fs), {}, dir) };
}

/** Lints every service in the case folder with the given rules alone; one line per finding, relative to the case. */
export function lintCase(dir: string, only?: string[], fs?: FileSystem): { lines: string[]; lints: ServiceLint[] } {
  const opts = lintOptions(dir, only, fs);
  const lints = discoverConfigs(opts.fs, dir).configs.map((c) => lintService(c, opts));
  const results = mergeFileResults(lints.flatMap((l) => toFileResults(l.diagnostics, l.source)));
  // The compact format without its severity: a case runs one rule at its default level.
  const lines = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column}: ${displayMessage(m)} [${m.ruleId}]`));
  return { lines, lints };
}

/** Runs the fix loop on every service of the case; returns the changed files' texts (absolute paths). */
export function fixCase(dir: string, only?: string[], fs?: FileSystem): Map<string, string> {
  const opts = lintOptions(dir, only, fs);
  const outputs = new Map<string, string>();
  for (const c of discoverConfigs(opts.fs, dir).configs) {
    const outcome = fixService(c, opts);
    if (outcome.dropped.length) throw new Error(`fixes dropped: ${outcome.dropped.map((d) => d.reason).join('; ')}`);
    for (const [f, t] of outcome.outputs) outputs.set(f, t);
  }
  return outputs;
}

/** An expected line matches literally, or as a regex when written `/…/`. */
export function lineMatches(expected: string, actual: string): boolean {
  const m = expected.match(/^\/(.*)\/$/);
  return m ? new RegExp(m[1]).test(actual) : expected === actual;
}

/** All files below a folder, relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of nodeFs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (nodeFs.existsSync(dir)) walk(dir);
  return out.sort();
}
