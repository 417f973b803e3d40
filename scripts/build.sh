#!/usr/bin/env bash
# Builds the console. Installs what is missing first (scripts/setup.sh).
#   scripts/build.sh          native (core, tests) and wasm (dist/)
#   scripts/build.sh native   core library and GoogleTest suite in build/native
#   scripts/build.sh wasm     the browser console in dist/ (via build/wasm)
#   scripts/build.sh bench    both, the benchmark's baseline wasm (build/wasm/bench/baseline), the console
#                             with function names for scripts/size_breakdown.py (build/wasm/wasm/console_names.wasm;
#                             the native benchmark build/native/tests/bench/zc_bench comes with native)
# Set IMGUI_DIR to build against your own Dear ImGui 1.86 checkout, QRCODEGEN_DIR to your own unpacked
# qr-code-generator 1.8.0 source, TERSER_DIR to minify dist/'s
# JavaScript with a terser of your own (default: node_modules/terser).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
what="${1:-all}"
bash scripts/setup.sh

# Runs a command silently; shows its output only when it fails.
quiet() {
  local log
  log="$(mktemp)"
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; return 1; fi
  rm -f "$log"
}

jobs="$(nproc 2>/dev/null || echo 2)"

# cmake --build with the progress lines filtered out; fails when the build fails (a filter that prints
# nothing is no failure, a compile error is).
build_filtered() {
  local dir="$1" status
  status="$(mktemp)"
  { cmake --build "$dir" -j "$jobs" -- --no-print-directory 2>&1; echo $? >"$status"; } |
    grep -vE '^\[|^(Consolidate|Scanning)|USE_GLFW' || true
  local rc
  rc="$(cat "$status")"
  rm -f "$status"
  [ "$rc" = 0 ] || { echo "build: building $dir failed (see above)" >&2; return 1; }
}
imgui_arg=()
[ -n "${IMGUI_DIR:-}" ] && imgui_arg=(-DIMGUI_DIR="$IMGUI_DIR")
[ -n "${TERSER_DIR:-}" ] && imgui_arg+=(-DTERSER_DIR="$TERSER_DIR")
# The QR code library's source (scripts/setup.sh): QRCODEGEN_DIR, else third_party/qrcodegen; both builds.
qr_arg=(-DQRCODEGEN_DIR="$(cd "${QRCODEGEN_DIR:-third_party/qrcodegen}" && pwd)")

if [ "$what" = all ] || [ "$what" = native ] || [ "$what" = bench ]; then
  quiet cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo "${qr_arg[@]}"
  build_filtered build/native
  test -x build/native/tests/zc_unit_tests
fi
if [ "$what" = all ] || [ "$what" = wasm ] || [ "$what" = bench ]; then
  # Debian's emscripten needs Node to find Debian's acorn (docs/TOOLCHAIN.md).
  export NODE_PATH=/usr/share/nodejs
  quiet emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release "${imgui_arg[@]}" "${qr_arg[@]}"
  build_filtered build/wasm
  test -f dist/console.wasm
  echo "build: dist/ is ready ($(du -sh dist | cut -f1))"
fi
if [ "$what" = bench ]; then
  quiet cmake --build build/wasm -j "$jobs" --target bench_baseline console_names
  test -f build/wasm/bench/baseline/baseline.wasm && test -x build/native/tests/bench/zc_bench
  test -f build/wasm/wasm/console_names.wasm
  echo "build: the benchmark's baseline is ready (build/wasm/bench/baseline)"
fi
