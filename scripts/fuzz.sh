#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each over its seed corpus for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 15)
# New inputs go to a temporary folder: the committed corpus (tests/fuzz/corpus/) only changes by hand.
# Prints one line per target with its executions; exits non-zero on any crash, leak or UB.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-15}"
CXX=clang++ cmake -S . -B build/fuzz -DZC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build build/fuzz -j "$(nproc 2>/dev/null || echo 2)" -- --no-print-directory >/dev/null 2>&1 ||
  { cmake --build build/fuzz -- --no-print-directory 2>&1 | tail -20; exit 1; }
status=0
for target in callback token_response profile crm_response id_token device_flow; do
  work="$(mktemp -d)"
  log="$work/log"
  if "build/fuzz/tests/fuzz/${target}_fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=300000 \
       -print_final_stats=1 -artifact_prefix="$work/" "$work" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
    echo "fuzz ${target}: ok, ${runs:-?} executions in ${seconds} s"
  else
    echo "fuzz ${target}: FAILED"
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -n 10
    mkdir -p build/fuzz/crashes && cp "$work"/crash-* "$work"/leak-* build/fuzz/crashes/ 2>/dev/null
    status=1
  fi
  rm -rf "$work"
done
exit "$status"
