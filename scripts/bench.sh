#!/usr/bin/env bash
# The performance benchmark (issue 6; the latest table is in docs/PERFORMANCE.md). Builds the console and,
# next to it, the baseline (tests/bench/baseline: a bare Dear ImGui 1.86 window with one text field, built
# with the console's own emscripten flags), then measures both in Debian's headless Chromium and prints
# one table with each budget's PASS or FAIL (tests/bench/bench.mjs). Installs only what scripts/setup.sh
# installs. Takes about 17 minutes from a new clone (10 of them setting up and building), 7 with --no-build;
# figures are printed, not asserted (exit 0 when the run completed).
#   scripts/bench.sh                              build, then measure
#   scripts/bench.sh --no-build                   measure what is built
#   scripts/bench.sh --runs 5 --idle-seconds 5    fewer cold starts, a shorter idle window
#   scripts/bench.sh --out FILE                   where the table is also written (build/bench/report.txt)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1
args=()
for a in "$@"; do
  if [ "$a" = --no-build ]; then build=0; else args+=("$a"); fi
done
if [ "$build" -eq 1 ]; then
  bash scripts/build.sh bench
else
  bash scripts/setup.sh
fi
exec node tests/bench/bench.mjs "${args[@]}"
