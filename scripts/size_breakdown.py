#!/usr/bin/env python3
"""What each part of dist/ costs in transfer size (issue 16: "measure what each part costs and print that
breakdown; keep only what pays").

    python3 scripts/size_breakdown.py NAMED_WASM DIST

NAMED_WASM is the console linked with --profiling-funcs (scripts/build.sh bench makes
build/wasm/wasm/console_names.wasm from the same objects and flags as dist/console.wasm, names kept). Its
code section is split by function name into parts (ImGui and its pieces, nlohmann/json, the core, the demo
data centre, the browser shell, libc++ and libc); each part's bytes are its function bodies, and its gzip
figure is gzip -9 of those bodies alone. The data section (string literals, tables, the embedded font if
any) and every other file of DIST are rows of their own. Parts compressed apart do not add up to the
whole compressed file by file: like functions grouped compress a little better than the code section
does whole, and the module's other sections (types, imports, exports: about 2.5 KB gzip) are in no part.
So the last column gives each part's share of the summed gzip figures: compare parts with each other,
and the total with `gzip -9` of dist/ (bench.mjs prints both).
"""
import gzip
import os
import re
import subprocess
import sys

# Parts by demangled function name, first match wins. Order matters: ImGui's pieces before ImGui.
PARTS = [
    ("ImGui tables", re.compile(r"ImGui::Table|ImGuiTable")),
    ("stb_truetype (font rasteriser)", re.compile(r"^stbtt|ImFontAtlasBuildWithStbTruetype|stbtt_")),
    ("stb_rect_pack, stb_textedit", re.compile(r"^stbrp|stb_text|STB_TEXTEDIT|stbrp_")),
    ("ImGui OpenGL3 + GLFW backends", re.compile(r"ImGui_Impl")),
    ("ImGui", re.compile(r"ImGui|^Im[A-Z]|ImVector|ImPool|ImSpan|ImChunkStream|^ImStr|^ImFormat|^ImHash|^ImText")),
    ("nlohmann/json", re.compile(r"nlohmann")),
    ("demo data centre (core/zoho/demo_*)", re.compile(r"zc::(\(anonymous namespace\)::)?[Dd]emo|zc_demo_|Demo[A-Z]\w*::")),
    # The shell's C entry points too (zc_state_json, zc_on_storage_loaded, ..., and main with its lambdas),
    # which have C names and were counted with libc before.
    ("browser shell (wasm/)", re.compile(r"zc::web::|^zc_|^main$|^main::|emscripten_")),
    ("core (core/)", re.compile(r"zc::")),
    ("libc++", re.compile(r"^std::|^void std::|^bool std::|__cxx|__cxa|operator new|operator delete|^std::__2")),
]
OTHER = "libc and the rest (malloc, printf, strtod, ...)"


def leb(data, at):
    """Reads an unsigned LEB128 at `at`: (value, next offset)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def sections(data):
    """Yields (id, name for custom sections or None, payload start, payload end) of a wasm module."""
    if data[:4] != b"\0asm":
        raise SystemExit("not a wasm module")
    at = 8
    while at < len(data):
        sid = data[at]
        size, start = leb(data, at + 1)
        end = start + size
        name = None
        if sid == 0:
            n, p = leb(data, start)
            name = data[p:p + n].decode("utf-8", "replace")
        yield sid, name, start, end
        at = end


def imported_functions(data, start):
    """How many functions the import section imports (they come first in the function index space)."""
    count, at = leb(data, start)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module name, field name
            n, at = leb(data, at)
            at += n
        kind = data[at]
        at += 1
        if kind == 0:  # function: type index
            _, at = leb(data, at)
            functions += 1
        elif kind == 1:  # table: element type, limits
            at += 1
            flags, at = leb(data, at)
            _, at = leb(data, at)
            if flags & 1:
                _, at = leb(data, at)
        elif kind == 2:  # memory: limits
            flags, at = leb(data, at)
            _, at = leb(data, at)
            if flags & 1:
                _, at = leb(data, at)
        elif kind == 3:  # global: value type, mutability
            at += 2
        else:
            raise SystemExit(f"unknown import kind {kind}")
    return functions


def function_names(data, start, end):
    """The name section's function names: {function index: name}."""
    n, at = leb(data, start)
    at += n  # "name"
    names = {}
    while at < end:
        sub = data[at]
        size, p = leb(data, at + 1)
        if sub == 1:
            count, q = leb(data, p)
            for _ in range(count):
                index, q = leb(data, q)
                length, q = leb(data, q)
                names[index] = data[q:q + length].decode("utf-8", "replace")
                q += length
        at = p + size
    return names


def demangle(names):
    """Demangles Itanium names with c++filt (binutils) when they are mangled; leaves the rest."""
    mangled = [n for n in names if n.startswith("_Z")]
    if not mangled:
        return {n: n for n in names}
    out = subprocess.run(["c++filt"], input="\n".join(mangled), capture_output=True, text=True, check=True).stdout
    table = dict(zip(mangled, out.splitlines()))
    return {n: table.get(n, n) for n in names}


def gz(data):
    return len(gzip.compress(data, 9, mtime=0))


def breakdown(wasm_path):
    """[(part, raw bytes, gzip bytes)] of the module's code by part, then its data section."""
    data = open(wasm_path, "rb").read()
    imports = 0
    bodies = []
    names = {}
    data_bytes = b""
    for sid, name, start, end in sections(data):
        if sid == 2:
            imports = imported_functions(data, start)
        elif sid == 10:
            count, at = leb(data, start)
            for _ in range(count):
                size, p = leb(data, at)
                bodies.append(data[p:p + size])
                at = p + size
        elif sid == 11:
            data_bytes = data[start:end]
        elif sid == 0 and name == "name":
            names = function_names(data, start, end)
    if not names:
        raise SystemExit(f"{wasm_path} has no function names: link it with --profiling-funcs")
    readable = demangle(set(names.values()))
    parts = {}
    for i, body in enumerate(bodies):
        fn = readable.get(names.get(imports + i, ""), "")
        part = next((label for label, pattern in PARTS if pattern.search(fn)), OTHER)
        parts.setdefault(part, []).append(body)
    rows = [(label, sum(map(len, parts[label])), gz(b"".join(parts[label])))
            for label in [p for p, _ in PARTS] + [OTHER] if label in parts]
    rows.append(("data section (strings, tables, embedded data)", len(data_bytes), gz(data_bytes)))
    return rows


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    wasm_path, dist = sys.argv[1], sys.argv[2]
    rows = [("console.wasm: " + label, raw, z) for label, raw, z in breakdown(wasm_path)]
    for file in sorted(os.listdir(dist)):
        if file == "console.wasm":
            continue
        content = open(os.path.join(dist, file), "rb").read()
        rows.append((file, len(content), gz(content)))
    total = sum(z for _, _, z in rows)
    width = max(len(r[0]) for r in rows)
    print(f"{'part':<{width}}  {'raw':>9}  {'gzip -9':>9}  share")
    for label, raw, z in sorted(rows, key=lambda r: -r[2]):
        print(f"{label:<{width}}  {raw:>9,}  {z:>9,}  {100 * z / total:4.1f} %")
    print(f"{'sum of the parts, each compressed alone':<{width}}  {sum(r[1] for r in rows):>9,}  {total:>9,}")


if __name__ == "__main__":
    main()
