// Where cors-lint's time goes (bench/README.md): runs the CLI once under `node --cpu-prof` on the
// benchmark's monorepo and prints the profile's self time summed by module: each package in
// node_modules, each folder (or top-level file) of cors-lint's own src and rules, Node's internals, and V8's
// (garbage collector, program). Usage: node bench/profile.mjs [--services 200] [--functions 10] [-- CLI ARGS]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { services: { type: 'string', default: '200' }, functions: { type: 'string', default: '10' } },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-profile-'));
const repo = path.join(work, 'repo');
generate(repo, { services: Number(values.services), functions: Number(values.functions) });
const r = spawnSync(
  process.execPath,
  [
    '--cpu-prof',
    '--cpu-prof-dir',
    work,
    path.join(root, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).bin['cors-lint']),
    repo,
    '-f',
    'compact',
    ...positionals,
  ],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (r.status !== 0 && r.status !== 1) throw new Error(`cors-lint exited ${r.status ?? r.signal}`);
const profile = JSON.parse(
  fs.readFileSync(
    path.join(
      work,
      fs.readdirSync(work).find((f) => f.endsWith('.cpuprofile')),
    ),
    'utf8',
  ),
);
fs.rmSync(work, { recursive: true, force: true });

/** The module a function belongs to, by the URL of its script. */
function moduleOf({ url, functionName }) {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'v8'})`;
  if (url.startsWith('node:')) return 'node internals';
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const own = path.relative(path.join(root, 'dist'), file).split(path.sep);
  if (own[0] === 'src' || own[0] === 'rules') return own.length > 2 ? `${own[0]}/${own[1]}/` : own.join('/');
  return file;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map();
profile.samples.forEach((id, i) => {
  const m = moduleOf(byId.get(id).callFrame);
  selfTime.set(m, (selfTime.get(m) ?? 0) + profile.timeDeltas[i] / 1000);
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
console.log(`| module | self time | share |\n| --- | --- | --- |`);
for (const [m, ms] of [...selfTime].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= total / 200)) {
  console.log(`| ${m} | ${Math.round(ms)} ms | ${((ms / total) * 100).toFixed(1)} % |`);
}
console.log(`| total | ${Math.round(total)} ms | |`);
