#!/usr/bin/env bash
# The quick start's first run against later ones: a fresh clone of this repository, `npm ci`, then
# `npx cors-lint examples/products-service` with an empty npx cache entry (first) and a warm one
# (later), several times. npx links the clone into its cache and runs its prepare script on the
# first run only; that run should cost no more than a later one. Usage: bench/first-run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git clone -q . "$dir/clone"
cd "$dir/clone"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
export npm_config_cache="$dir/npm-cache"
time_run() {
  local start end
  start=$(date +%s%N)
  npx cors-lint examples/products-service >/dev/null || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
for i in $(seq "${1:-3}"); do
  rm -rf "$npm_config_cache/_npx"
  first=$(time_run)
  later=$(time_run)
  echo "first ${first} ms   later ${later} ms"
done
