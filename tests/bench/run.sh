#!/usr/bin/env bash
# `npm run bench`: the diagnosis alone, then the built board and `cascade check` on the demo stack.
# `npm run bench -- --scale [--screenshot FILE]`: issue 11's busy host instead (tests/bench/scale-bench.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
board_bench() { node --conditions=react-server --import tsx tests/bench/board-bench.ts "$@"; }
if [[ " $* " == *" --scale "* ]]; then
  npm run build
  board_bench "$@"
  exit
fi
npm run bench:diagnosis
npm run build
board_bench "$@"
node tests/bench/check-bench.mjs
