import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { CfgValue } from '../config/tree.js';
import type { Span } from '../source.js';

/**
 * `--eval-config`: runs a program config the way the framework's lib/configuration/read.js does
 * (v3): in the service folder, `.ts` through the service's ts-node (registered first), `.mjs`
 * through import(), the others through require(); the export is awaited and must be a plain
 * object. It runs in a child process, so the config's side effects and globals stay out of
 * cors-lint. Only ever called when the user asks.
 */
const EVALUATOR = `
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createRequire } = require('node:module');
const file = process.argv[1];
(async () => {
  const req = createRequire(file);
  if (file.endsWith('.ts') && !process[Symbol.for('ts-node.register.instance')]) {
    let tsNode;
    try { tsNode = req.resolve('ts-node'); } catch { throw new Error('ts-node, which the framework needs to load serverless.ts, is not installed in the service'); }
    req(tsNode).register();
  }
  let config = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : req(file);
  config = await config;
  // An ES module (or a TypeScript default export compiled to CommonJS) exports its config as default.
  if (config && typeof config === 'object' && 'default' in config && Object.keys(config).every((k) => k === 'default' || k === '__esModule')) config = await config.default;
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('the configuration is not a plain object');
  process.stdout.write(JSON.stringify(config));
})().catch((e) => {
  process.stderr.write(String((e && e.message) || e));
  process.exit(1);
});
`;

export type Evaluated = { ok: true; value: CfgValue } | { ok: false; reason: string };

export function evaluateConfig(file: string, env: Record<string, string | undefined>): Evaluated {
  const r = spawnSync(process.execPath, ['--input-type=commonjs', '-e', EVALUATOR, file], {
    cwd: path.dirname(file),
    env,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) return { ok: false, reason: `evaluating it failed: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0]}` };
  // Values have no place in the text: every finding about them points at the file's start.
  const span: Span = { file, start: 0, end: 0 };
  return { ok: true, value: fromJson(JSON.parse(r.stdout) as unknown, span) };
}

function fromJson(v: unknown, span: Span): CfgValue {
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((i) => fromJson(i, span)), span };
  if (v && typeof v === 'object')
    return { kind: 'map', entries: Object.entries(v).map(([key, value]) => ({ key, keySpan: span, value: fromJson(value, span) })), span };
  return { kind: 'scalar', value: v as string | number | boolean | null, span };
}
