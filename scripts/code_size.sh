#!/usr/bin/env bash
# A size report for CI (scripts/test.sh prints it): the 10 longest C++ functions in core/ and wasm/
# (Debian's universal-ctags, which knows where each function ends) and the 10 largest source files of the
# product (core/ wasm/ web/ scripts/ serve.py). It only reports: it always exits 0, so a long function is
# a place to look at, never a failed run.
#   bash scripts/code_size.sh [COUNT]     COUNT rows of each (default 10)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 0
count="${1:-10}"

echo "== code size: the $count longest functions in core/ and wasm/ (lines, name, where) =="
if command -v ctags-universal >/dev/null 2>&1; then
  # Only C++ (the folders also hold JSON and JavaScript); %{end} is the function's last line.
  ctags-universal --languages=C++ --fields=+ne -x --_xformat='%{end} %{line} %N %F' --kinds-c++=f -R core wasm |
    awk '$1 ~ /^[0-9]+$/ { printf "%6d  %s  %s:%d\n", $1 - $2 + 1, $3, $4, $2 }' | sort -rn | head -n "$count"
else
  echo "(ctags-universal is not installed: scripts/setup.sh installs Debian's universal-ctags)"
fi

echo "== code size: the $count largest source files (lines, bytes, file) =="
git ls-files --cached --others --exclude-standard -- core wasm web scripts serve.py 2>/dev/null |
  while IFS= read -r file; do
    [ -f "$file" ] && printf '%6d %8d  %s\n' "$(wc -l <"$file")" "$(wc -c <"$file")" "$file"
  done | sort -rn | head -n "$count"
exit 0
