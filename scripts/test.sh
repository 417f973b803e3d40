#!/usr/bin/env bash
# Runs every test. Installs what is missing and builds first (scripts/build.sh).
#   1. GoogleTest unit tests of core/ (ctest, build/native)
#   2. Browser tests in Debian's Chromium through playwright-core (tests/e2e, against dist/)
# Ends with one line: "tests: N passed, N failed". Exit status 0 only when everything passed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/build.sh all || { echo "tests: 0 passed, 1 failed (the build failed)"; exit 1; }

passed=0
failed=0
status=0

echo "== unit tests (GoogleTest) =="
unit_log="$(mktemp)"
ctest --test-dir build/native --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" 2>&1 | tee "$unit_log" | tail -n 20
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
if line="$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$unit_log")"; then
  total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
  bad="$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")"
  passed=$((passed + total - bad)); failed=$((failed + bad))
else
  failed=$((failed + 1))
fi
rm -f "$unit_log"

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

[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit "$status"
