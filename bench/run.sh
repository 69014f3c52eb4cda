#!/usr/bin/env bash
# Benchmarks cors-lint on a synthetic monorepo against a baseline measured in the same run
# (the CLI's own start-up: `cors-lint --version`), and reports the ratio. Needs hyperfine
# (apt-get install hyperfine) and a build (npm run build). Usage: bench/run.sh [SERVICES] [FUNCTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
node bench/generate.mjs "$dir/repo" "${1:-40}" "${2:-12}"
hyperfine --warmup 2 --runs 10 --ignore-failure --export-json "$dir/bench.json" \
  -n baseline "node dist/src/cli.js --version" \
  -n lint "node dist/src/cli.js $dir/repo -f compact" \
  -n fix-dry-run "node dist/src/cli.js $dir/repo --fix-dry-run -f json"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
  const base = r.find((x) => x.command === "baseline").mean;
  for (const x of r) console.log(`${x.command.padEnd(12)} ${(x.mean * 1000).toFixed(0).padStart(6)} ms  ${(x.mean / base).toFixed(2)}× baseline`);
' "$dir/bench.json"
