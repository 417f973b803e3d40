#!/usr/bin/env bash
# Installs what the build and the tests need on a Debian bookworm machine, and nothing that is present.
# Idempotent and quiet when all is there. Sources: docs/TOOLCHAIN.md (every step checked).
#   - Debian packages: compilers, emscripten, nlohmann/json, GoogleTest, OpenSSL, Chromium, fonts: DejaVu
#     Sans (the console's UI font, drawn by the browser; Arabic too) and, for the browser tests of text in
#     other scripts, CJK, Devanagari and colour emoji, and
#     universal-ctags for scripts/code_size.sh's report of the longest functions, ccache and Ninja for the
#     mutation check's scratch builds (scripts/mutation_check.py; lld links them, and the fuzz targets).
#   - Dear ImGui 1.86 and the QR Code generator 1.8.0 sources from Debian's source packages into
#     third_party/ (ignored by git); set IMGUI_DIR or QRCODEGEN_DIR to use folders of your own instead.
#   - playwright-core (browser tests) and terser (minifies dist/'s JavaScript) from the npm registry,
#     exactly as package-lock.json pins them; set TERSER_DIR to use a terser of your own instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf 'setup: %s\n' "$*"; }

# --- Debian packages --------------------------------------------------------------------------
packages=(cmake make g++ clang lld python3 emscripten nlohmann-json3-dev libgtest-dev libssl-dev
          libbenchmark-dev chromium fonts-dejavu-core nodejs npm ca-certificates openssl dpkg-dev
          fonts-droid-fallback fonts-lohit-deva fonts-noto-color-emoji universal-ctags ccache
          ninja-build)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm may come from outside Debian (a newer npm in /usr/bin): do not fight it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Sources from Debian's source packages ------------------------------------------------------
# fetch_debian_source PACKAGE TARBALL_GLOB DEST: downloads PACKAGE's source from the machine's own Debian
# mirror (a deb-src entry of our own, in a private sources list and state dir: the machine's apt
# configuration stays untouched) and unpacks the upstream tarball matching TARBALL_GLOB into DEST.
fetch_debian_source() {
  local package="$1" glob="$2" dest="$3" work mirror tarball
  work="$(mktemp -d)"
  mkdir -p "$work/lists/partial"
  mirror="$(grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+)[^[:space:]]+/debian/?([[:space:]]|$)' \
              /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
            | sed -E 's/^(URIs:[[:space:]]*|deb[[:space:]]+)//; s/[[:space:]]+$//' | head -n1 || true)"
  [ -n "$mirror" ] || { rm -rf "$work"; echo "setup: no Debian mirror in the apt configuration" >&2; return 1; }
  echo "deb-src $mirror bookworm main" > "$work/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
                  -o "Dir::State::Lists=$work/lists" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq >/dev/null
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only "$package" >/dev/null 2>&1)
  tarball="$(ls "$work"/$glob 2>/dev/null | head -n1)"
  [ -n "$tarball" ] || { rm -rf "$work"; echo "setup: Debian's $package source is not the expected version ($glob)" >&2; return 1; }
  mkdir -p "$dest"
  tar -xf "$tarball" -C "$dest" --strip-components=1
  rm -rf "$work"
}

# Dear ImGui 1.86; set IMGUI_DIR to use a checkout of your own instead.
if [ -n "${IMGUI_DIR:-}" ]; then
  [ -f "$IMGUI_DIR/imgui.cpp" ] || { echo "setup: IMGUI_DIR=$IMGUI_DIR has no imgui.cpp" >&2; exit 2; }
elif [ ! -f third_party/imgui/imgui.cpp ]; then
  say "fetching Dear ImGui 1.86 from Debian's source package into third_party/imgui"
  fetch_debian_source imgui 'imgui_1.86*.orig.tar.*' third_party/imgui ||
    { echo "setup: set IMGUI_DIR to an ImGui 1.86 checkout" >&2; exit 1; }
  [ -f third_party/imgui/imgui.cpp ] || { echo "setup: ImGui unpack failed" >&2; exit 1; }
fi

# Project Nayuki's QR Code generator 1.8.0 (Debian source package qr-code-generator): the device flow's QR
# code, built from cpp/qrcodegen.cpp into the wasm and native builds. QRCODEGEN_DIR names the folder that
# holds (or receives) the unpacked source; default third_party/qrcodegen.
qr_dir="${QRCODEGEN_DIR:-third_party/qrcodegen}"
if [ ! -f "$qr_dir/cpp/qrcodegen.cpp" ]; then
  say "fetching the QR Code generator 1.8.0 from Debian's source package into $qr_dir"
  fetch_debian_source qr-code-generator 'qr-code-generator_1.8.0*.orig.tar.*' "$qr_dir" ||
    { echo "setup: set QRCODEGEN_DIR to an unpacked qr-code-generator 1.8.0 source" >&2; exit 1; }
  [ -f "$qr_dir/cpp/qrcodegen.cpp" ] || { echo "setup: qrcodegen unpack failed" >&2; exit 1; }
fi

# --- npm: playwright-core (never a browser download; Debian's Chromium is used), terser ---------
if [ -n "${TERSER_DIR:-}" ]; then
  [ -f "$TERSER_DIR/package.json" ] || { echo "setup: TERSER_DIR=$TERSER_DIR has no package.json" >&2; exit 2; }
fi
if [ -L node_modules ]; then
  # A linked node_modules belongs to another checkout (a worktree sharing it): never reinstall through the
  # link (npm ci would empty it under whoever uses it). Missing packages are reported by the build.
  [ -d node_modules/terser ] || [ -n "${TERSER_DIR:-}" ] ||
    say "node_modules is a link without terser: set TERSER_DIR, or run npm ci where it points"
elif [ ! -d node_modules/playwright-core ] || { [ -z "${TERSER_DIR:-}" ] && [ ! -d node_modules/terser ]; }; then
  say "installing playwright-core and terser from package-lock.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
exit 0
