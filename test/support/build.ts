import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** The build CLI tests run (dist/): incremental, so a build that is up to date costs a moment. */
function build(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'compile-schemas.mjs')], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Vitest global setup: tests that spawn the built CLI never run a stale build, whether vitest is
 * started by `npm test`, on its own, or in watch mode (which rebuilds before every rerun).
 */
export default function setup(project: TestProject): void {
  build();
  project.onTestsRerun(() => build());
}
