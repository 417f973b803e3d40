#!/usr/bin/env bash
# Runs every test. Installs what is missing and builds first (scripts/build.sh).
#   0. The citation check, before the build (cheap): its own tests (tests/citations), then
#      scripts/check_citations.py over the repository: every docs/ citation, section and security rule
#      number the code names must exist, and nothing may cite the shared folder outside the repository
#   1. GoogleTest unit tests of core/ (ctest, build/native)
#   2. The same under ASan+UBSan (build/asan): any memory error, leak or undefined behaviour fails
#   3. libFuzzer targets over their seed corpora, ZC_FUZZ_SECONDS each (default 15)
#   4. Browser tests in Debian's Chromium through playwright-core (tests/e2e, against dist/)
#   5. The mutation check: each one-line breakage of a security rule in tests/mutation/breakages.txt,
#      applied to a scratch copy, must make the suite fail (scripts/mutation_check.py; ZC_MUTATION=off skips
#      it while you iterate, never in CI)
#   6. The benchmark builds (scripts/bench.sh's pieces; its timing part runs by hand only)
#   7. The size report (scripts/code_size.sh): longest functions and largest files; it reports, never fails
# Ends with one line: "tests: N passed, N failed". Exit status 0 only when everything passed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

passed=0
failed=0
status=0

echo "== citations (scripts/check_citations.py and its tests) =="
citations_log="$(mktemp)"
if python3 -m unittest discover -s tests/citations -p '*_test.py' >"$citations_log" 2>&1; then
  passed=$((passed + $(sed -nE 's/^Ran ([0-9]+) tests?.*/\1/p' "$citations_log")))
  echo "citation check's own tests: ok"
else
  cat "$citations_log"
  failed=$((failed + 1)); status=1
fi
rm -f "$citations_log"
if python3 scripts/check_citations.py; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

if ! bash scripts/build.sh all; then
  echo "tests: $passed passed, $((failed + 1)) failed (the build failed)"
  exit 1
fi

# Runs ctest in a build folder; prints failures and the summary; adds the counts to the totals.
run_ctest() {
  local dir="$1" log
  log="$(mktemp)"
  ctest --test-dir "$dir" --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" >"$log" 2>&1
  local rc=$?
  # Only what matters: failures with their output, and the summary line.
  grep -vE '^\s*(Start +[0-9]+:|[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed)' "$log" | grep -vE '^\s*$' | tail -n 40
  [ "$rc" -eq 0 ] || status=1
  local line total bad
  if line="$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log")"; then
    total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
    bad="$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")"
    passed=$((passed + total - bad)); failed=$((failed + bad))
  else
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

echo "== unit tests (GoogleTest) =="
run_ctest build/native

echo "== unit tests under AddressSanitizer and UndefinedBehaviorSanitizer =="
cmake -S . -B build/asan -DZC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null &&
  cmake --build build/asan -j "$(nproc 2>/dev/null || echo 2)" -- --no-print-directory >/dev/null 2>&1 ||
  { echo "the sanitizer build failed"; failed=$((failed + 1)); status=1; }
[ -x build/asan/tests/zc_unit_tests ] && ASAN_OPTIONS=detect_leaks=1 run_ctest build/asan

echo "== fuzzing (libFuzzer, ASan+UBSan, ${ZC_FUZZ_SECONDS:-15} s per target) =="
fuzz_log="$(mktemp)"
bash scripts/fuzz.sh "${ZC_FUZZ_SECONDS:-15}" 2>&1 | tee "$fuzz_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
passed=$((passed + $(grep -c ': ok,' "$fuzz_log")))
failed=$((failed + $(grep -c ': FAILED' "$fuzz_log")))
grep -qE ': (ok,|FAILED)' "$fuzz_log" || failed=$((failed + 1))
rm -f "$fuzz_log"

echo "== browser tests (Playwright, Debian Chromium) =="
e2e_log="$(mktemp)"
node --test --test-concurrency=1 tests/e2e/*.test.mjs 2>&1 | tee "$e2e_log" | grep -vE '^\s+(duration_ms|\.\.\.|---)' 
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
p="$(grep -E '^# pass [0-9]+' "$e2e_log" | awk '{print $3}')"
f="$(grep -E '^# fail [0-9]+' "$e2e_log" | awk '{print $3}')"
if [ -n "$p" ] && [ -n "$f" ]; then
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi
rm -f "$e2e_log"

echo "== mutation check (every breakage in tests/mutation/breakages.txt must fail the suite) =="
if [ "${ZC_MUTATION:-on}" = off ]; then
  echo "mutation check: skipped (ZC_MUTATION=off)"
else
  mutation_log="$(mktemp)"
  python3 scripts/mutation_check.py 2>&1 | tee "$mutation_log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  passed=$((passed + $(grep -c '^mutation: killed' "$mutation_log")))
  failed=$((failed + $(grep -cE '^mutation: (survived|stale|broken)' "$mutation_log")))
  grep -q '^mutation check: [0-9]* killed' "$mutation_log" || failed=$((failed + 1))
  rm -f "$mutation_log"
fi

echo "== benchmark (built, not timed: scripts/bench.sh measures) =="
# The baseline wasm and the native zc_bench build, zc_bench runs, and bench.mjs parses: nothing can rot.
if bash scripts/build.sh bench >/dev/null &&
   build/native/tests/bench/zc_bench --benchmark_min_time=0.01 --benchmark_format=json >/dev/null &&
   node --check tests/bench/bench.mjs; then
  echo "benchmark: ok, built (run scripts/bench.sh for the figures)"
  passed=$((passed + 1))
else
  echo "benchmark: FAILED to build or run (see above)"
  failed=$((failed + 1)); status=1
fi

# A report, not a test: its output is for reading in CI's log, and it never changes the status.
bash scripts/code_size.sh || true

[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit "$status"
