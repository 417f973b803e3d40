#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each over its seed corpus.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   each target for that long (default 15; scripts/test.sh's stage)
#   scripts/fuzz.sh --runs N               each target until it has run N inputs, the large-input one for 10
#                                          minutes (the long run: docs/SECURITY.md "Fuzzing" has the figures of
#                                          one with 10,000,000)
# Seeds are small (tests/fuzz/corpus/<target>/, inputs up to 16 KB, so a target runs thousands of inputs a
# second). Huge inputs (a 200 KB value, 10,000 parameters) live apart in tests/fuzz/large/<target>/: each is
# replayed once as a regression test, then `callback_large` fuzzes from them with inputs up to 300 KB.
# New inputs go to a temporary folder: the committed corpora only change by hand.
# Prints one line per target with its executions and rate; exits non-zero on any crash, leak or UB.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
limit=(-max_total_time="${1:-15}")
large_limit=("${limit[@]}")
# The long run counts inputs; the large-input target (300 KB inputs, tens a second) gets 10 minutes instead,
# as a count of millions would take it days.
[ "${1:-}" = --runs ] && limit=(-runs="${2:?--runs needs a count}") && large_limit=(-max_total_time=600)
CXX=clang++ cmake -S . -B build/fuzz -DZC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build build/fuzz -j "$(nproc 2>/dev/null || echo 2)" -- --no-print-directory >/dev/null 2>&1 ||
  { cmake --build build/fuzz -- --no-print-directory 2>&1 | tail -20; exit 1; }
status=0

# Runs fuzzer binary $2 as target $1 with the remaining arguments (`fuzz` first: new inputs go to a scratch
# folder); prints its line, keeps any finding in build/fuzz/crashes/.
fuzz() {
  local name="$1" binary="build/fuzz/tests/fuzz/${2}_fuzzer" work log runs started ended
  shift 2
  work="$(mktemp -d)"
  log="$work/log"
  if [ "$1" = fuzz ]; then
    shift
    mkdir "$work/new"
    set -- "$work/new" "$@"
  fi
  started="$(date +%s%N)"
  if "$binary" -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" "$@" >"$log" 2>&1; then
    ended="$(date +%s%N)"
    runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
    awk -v n="$name" -v r="${runs:-0}" -v ns="$((ended - started))" \
      'BEGIN { s = ns / 1e9; printf "fuzz %s: ok, %d executions in %.0f s (%.0f per second)\n", n, r, s, r / s }'
  else
    echo "fuzz ${name}: FAILED"
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -n 10
    mkdir -p build/fuzz/crashes && cp "$work"/crash-* "$work"/leak-* build/fuzz/crashes/ 2>/dev/null
    status=1
  fi
  rm -rf "$work"
}

for target in callback token_response profile crm_response id_token device_flow stored_tokens; do
  fuzz "$target" "$target" fuzz "${limit[@]}" -max_len=16384 "tests/fuzz/corpus/$target"
done
# The huge inputs: each replayed once (a regression test), then fuzzed from, with room for their size.
for dir in tests/fuzz/large/*/; do
  target="$(basename "$dir")"
  fuzz "${target}_large_replay" "$target" "$dir"*
  fuzz "${target}_large" "$target" fuzz "${large_limit[@]}" -max_len=300000 "$dir"
done
exit "$status"
