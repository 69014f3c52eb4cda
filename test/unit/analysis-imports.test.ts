import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Handler analysis is layered (docs/architecture.md#handler-analysis): the shared value domain
 * below the interpreters, the library models' interface below the models. No module of
 * src/analysis imports, even for types only, a module that imports it back.
 */
const ROOT = path.join(import.meta.dirname, '..', '..', 'src', 'analysis');

function sources(dir: string): string[] {
  return nodeFs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports and re-exports, type-only ones included. */
function imports(file: string, known: Set<string>): string[] {
  const text = nodeFs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gm)]
    .map((m) => path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts')))
    .filter((p) => known.has(p));
}

function cycles(files: string[]): string[][] {
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, imports(f, known)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const dep of graph.get(f) ?? []) {
      if (state.get(dep) === 'open') found.push(stack.slice(stack.indexOf(dep)).map((p) => path.relative(ROOT, p)));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe('src/analysis imports', () => {
  it('form no cycle', () => {
    const files = sources(ROOT);
    expect(files.length).toBeGreaterThan(20);
    expect(cycles(files)).toEqual([]);
  });

  it('are read by the test: a cycle is found when there is one', () => {
    const dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-cycle-'));
    try {
      nodeFs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
      nodeFs.writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a.js';\nexport type B = A | 1;\n");
      expect(cycles(sources(dir)).length).toBe(1);
    } finally {
      nodeFs.rmSync(dir, { recursive: true });
    }
  });
});
