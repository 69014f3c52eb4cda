// The benchmark of bench/README.md: generates the synthetic monorepo (and one 4× its size), then
// runs every measurement as a fresh process, round after round (all measurements once per round,
// interleaved, so load from elsewhere on the machine falls on all of them alike), and prints the
// medians with the ratios the targets are set on. Needs a build (npm run bench builds first).
// Usage: node bench/run.mjs [--services 200] [--functions 10] [--runs 5] [--seed 1] [--keep DIR]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '200' },
    functions: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'string' },
  },
});
const services = Number(values.services);
const functions = Number(values.functions);
const runs = Number(values.runs);
const cli = path.join(root, 'dist', 'src', 'cli.js');
if (!fs.existsSync(cli)) throw new Error('no build: run `npm run build` first (or `npm run bench`)');

const work = values.keep ? path.resolve(values.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-bench-'));
const repo = path.join(work, 'repo');
const repo4 = path.join(work, 'repo4x');
const generated = generate(repo, { services, functions, seed: Number(values.seed) });
generate(repo4, { services: services * 4, functions, seed: Number(values.seed) });

/** The files cors-lint reads on the monorepo, from the Node API (`RunReport.lintedFiles`). */
const { run, diskFileSystem } = await import(path.join(root, 'dist', 'src', 'index.js'));
const read = run({ paths: [repo], fs: diskFileSystem, fix: false, env: {} }).lintedFiles;
const scripts = read.filter((f) => /\.[cm]?[jt]sx?$/.test(f));
fs.writeFileSync(path.join(work, 'read-files.txt'), `${read.join('\n')}\n`);
fs.writeFileSync(path.join(work, 'script-files.txt'), `${scripts.join('\n')}\n`);
const small = path.join(repo, 'services', fs.readdirSync(path.join(repo, 'services')).sort()[0]);
const rssOut = path.join(work, 'rss.txt');
fs.rmSync(rssOut, { force: true });

const node = process.execPath;
const measurements = [
  { id: 'a', name: '`node -e 0`', args: ['-e', '0'] },
  { id: 'b', name: `parse floor (${read.length} files cors-lint reads)`, args: [path.join(root, 'bench', 'parse-floor.mjs'), path.join(work, 'read-files.txt')] },
  { id: 'c', name: `cors-lint on the monorepo (${services} × ${functions})`, args: [cli, repo, '-f', 'compact'] },
  { id: 'd', name: `ESLint, typescript-eslint parser, no rules (${scripts.length} files)`, args: [path.join(root, 'bench', 'eslint-no-rules.mjs'), repo, path.join(work, 'script-files.txt')] },
  { id: 'e', name: `cors-lint on one service (${functions} functions)`, args: [cli, small, '-f', 'compact'] },
  { id: 'f', name: 'peak RSS of (c)', args: ['--import', path.join(root, 'bench', 'max-rss.mjs'), cli, repo, '-f', 'compact'], env: { BENCH_RSS_OUT: rssOut } },
  { id: 'g', name: `cors-lint on 4× the monorepo (${services * 4} × ${functions})`, args: [cli, repo4, '-f', 'compact'] },
];

/** One cold run: wall time in milliseconds. cors-lint exits 1 on findings; anything else is a failure. */
function once(m) {
  const start = process.hrtime.bigint();
  const r = spawnSync(node, m.args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...m.env }, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`(${m.id}) exited ${r.status ?? r.signal}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

process.stderr.write(`${generated.services} services × ${generated.functions} functions in ${repo}; ${read.length} files read (${scripts.length} JS/TS)\n`);
const times = Object.fromEntries(measurements.map((m) => [m.id, []]));
for (let round = 0; round <= runs; round++) {
  // Round 0 warms the page cache and is not counted.
  for (const m of measurements) {
    const ms = once(m);
    if (round > 0) times[m.id].push(ms);
  }
  process.stderr.write(round === 0 ? 'warm-up round done\n' : `round ${round}/${runs} done\n`);
}
const rss = fs.readFileSync(rssOut, 'utf8').split('\n').filter(Boolean).slice(1).map(Number);

const t = Object.fromEntries(Object.entries(times).map(([id, xs]) => [id, median(xs)]));
const rssMb = median(rss) / 1024;
const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const rows = measurements.map((m) => `| (${m.id}) ${m.name} | ${m.id === 'f' ? `${Math.round(rssMb)} MB` : fmt(t[m.id])} |`);
const targets = [
  ['(e)/(a)', t.e / t.a, 2.5],
  ['(c)/(b)', t.c / t.b, 1.3],
  ['(c)/(d)', t.c / t.d, 0.5],
  ['(g)/(c)', t.g / t.c, 4.4],
];
const cpus = os.cpus();
console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()}; medians of ${runs} interleaved cold runs.

| measurement | median |
| --- | --- |
${rows.join('\n')}

| target | measured | goal | met |
| --- | --- | --- | --- |
${targets.map(([name, v, goal]) => `| ${name} | ${v.toFixed(2)} | ≤ ${goal} | ${v <= goal ? 'yes' : 'no'} |`).join('\n')}
| (f) at ${services * functions} functions | ${Math.round(rssMb)} MB | ≤ 300 MB | ${rssMb <= 300 ? 'yes' : 'no'} |`);
if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
