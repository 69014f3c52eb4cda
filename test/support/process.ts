import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/**
 * The environment for the commands tests run: the machine's, without what changes cors-lint's
 * output (CI, colour settings, the terminal type), plus `extra`.
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'TERM']) delete env[k];
  return { ...env, ...extra };
}

/** Runs a command to its end; a command that cannot start (not installed) throws. */
export function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = testEnv()): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

/** Runs a command that must succeed; returns its stdout. */
export function runOk(cwd: string, command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const r = run(cwd, command, args, env);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
