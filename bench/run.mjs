// The benchmark of bench/README.md: generates the synthetic monorepo (and one 4× its size), then
// runs every measurement as a fresh process, round after round (all measurements once per round,
// interleaved, so load from elsewhere on the machine falls on all of them alike), and prints the
// medians with the ratios the targets are set on. Needs a build (npm run bench builds first).
// With --against DIR (another checkout of cors-lint, built), (c) and (e)–(g) run with that build too,
// in the same rounds: the way to measure a change on a busy machine.
// Usage: node bench/run.mjs [--services 200] [--functions 10] [--runs 5] [--seed 1] [--keep DIR] [--against DIR]
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
    against: { type: 'string' },
  },
});
const services = Number(values.services);
const functions = Number(values.functions);
const runs = Number(values.runs);
/** The command line a checkout ships: the file its package.json's `bin` names. */
const binOf = (dir) => path.join(dir, JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).bin['cors-lint']);
const cli = binOf(root);
if (!fs.existsSync(cli)) throw new Error('no build: run `npm run build` first (or `npm run bench`)');

const work = values.keep ? path.resolve(values.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-bench-'));
const repo = path.join(work, 'repo');
const repo4 = path.join(work, 'repo4x');
const generated = generate(repo, { services, functions, seed: Number(values.seed) });
generate(repo4, { services: services * 4, functions, seed: Number(values.seed) });

/** The files cors-lint reads on the monorepo, from the Node API (`RunReport.lintedFiles`). */
const { run, rules, diskFileSystem } = await import(path.join(root, 'dist', 'src', 'index.js'));
const read = run({ paths: [repo], fs: diskFileSystem, fix: false, env: {}, ruleSet: rules }).lintedFiles;
if (read.length === 0) throw new Error('the Node API read no file of the monorepo');
const scripts = read.filter((f) => /\.[cm]?[jt]sx?$/.test(f));
fs.writeFileSync(path.join(work, 'read-files.txt'), `${read.join('\n')}\n`);
fs.writeFileSync(path.join(work, 'script-files.txt'), `${scripts.join('\n')}\n`);
const small = path.join(repo, 'services', fs.readdirSync(path.join(repo, 'services')).sort()[0]);
const node = process.execPath;

/** (c) and (e)–(g) for the build whose CLI is `cli`; ids end with `suffix`. */
function corsLintRuns(cli, suffix, label) {
  const rssOut = path.join(work, `rss${suffix}.txt`);
  fs.rmSync(rssOut, { force: true });
  return [
    { id: `c${suffix}`, name: `cors-lint${label} on the monorepo (${services} × ${functions})`, args: [cli, repo, '-f', 'compact'] },
    { id: `e${suffix}`, name: `cors-lint${label} on one service (${functions} functions)`, args: [cli, small, '-f', 'compact'] },
    {
      id: `f${suffix}`,
      name: `peak RSS of (c${suffix})`,
      args: ['--import', path.join(root, 'bench', 'max-rss.mjs'), cli, repo, '-f', 'compact'],
      env: { BENCH_RSS_OUT: rssOut },
      rssOut,
    },
    { id: `g${suffix}`, name: `cors-lint${label} on 4× the monorepo (${services * 4} × ${functions})`, args: [cli, repo4, '-f', 'compact'] },
  ];
}

/** (c) with `--cache`, nothing changed since the warm-up round wrote it: not a target, what a repeated run costs. */
function cachedRun(cli) {
  const cache = path.join(work, 'cors-lint-cache');
  fs.rmSync(cache, { force: true });
  return [
    { id: 'h', name: `(c) with \`--cache\`, nothing changed since the last run`, args: [cli, repo, '-f', 'compact', '--cache', '--cache-location', cache] },
  ];
}

const against = values.against && path.resolve(values.against);
const measurements = [
  { id: 'a', name: '`node -e 0`', args: ['-e', '0'] },
  {
    id: 'b',
    name: `parse floor (${read.length} files cors-lint reads)`,
    args: [path.join(root, 'bench', 'parse-floor.mjs'), path.join(work, 'read-files.txt')],
  },
  {
    id: 'b′',
    name: '(b) with oxc-parser for JavaScript and TypeScript',
    args: [path.join(root, 'bench', 'parse-floor.mjs'), path.join(work, 'read-files.txt'), 'oxc'],
  },
  {
    id: 'd',
    name: `ESLint, typescript-eslint parser, no rules (${scripts.length} files)`,
    args: [path.join(root, 'bench', 'eslint-no-rules.mjs'), repo, path.join(work, 'script-files.txt')],
  },
  ...corsLintRuns(cli, '', ''),
  ...cachedRun(cli),
  ...(against ? corsLintRuns(binOf(against), '°', ` (${path.basename(against)})`) : []),
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
const t = Object.fromEntries(Object.entries(times).map(([id, xs]) => [id, median(xs)]));
// Round 0's peak is not counted either.
for (const m of measurements.filter((x) => x.rssOut))
  t[m.id] = median(fs.readFileSync(m.rssOut, 'utf8').split('\n').filter(Boolean).slice(1).map(Number)) / 1024;
const fmt = (id) => (id.startsWith('f') ? `${Math.round(t[id])} MB` : t[id] >= 10000 ? `${(t[id] / 1000).toFixed(1)} s` : `${Math.round(t[id])} ms`);
const builds = against ? ['', '°'] : [''];
const targets = [
  ['(e)/(a)', (x) => t[`e${x}`] / t.a, 2.5],
  ['(c)/(b)', (x) => t[`c${x}`] / t.b, 1.3],
  ['(c)/(d)', (x) => t[`c${x}`] / t.d, 0.5],
  ['(g)/(c)', (x) => t[`g${x}`] / t[`c${x}`], 4.4],
  [`(f) at ${services * functions} functions, MB`, (x) => t[`f${x}`], 300],
];
const cpus = os.cpus();
console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()}; medians of ${runs} interleaved cold runs.

| measurement | median |
| --- | --- |
${measurements.map((m) => `| (${m.id}) ${m.name} | ${fmt(m.id)} |`).join('\n')}

| target | goal | ${builds.map((x) => (x ? `measured (${path.basename(against)})` : 'measured')).join(' | ')} |
| --- | --- | ${builds.map(() => '---').join(' | ')} |
${targets.map(([name, f, goal]) => `| ${name} | ≤ ${goal} | ${builds.map((x) => `${f(x).toFixed(name.startsWith('(f)') ? 0 : 2)} ${f(x) <= goal ? '(met)' : '(not met)'}`).join(' | ')} |`).join('\n')}`);
if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
