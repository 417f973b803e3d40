#!/usr/bin/env python3
"""The curated mutation check: does the test suite notice when a security rule is broken?

Reads tests/mutation/breakages.txt: one-line breakages, each of one rule of docs/SECURITY.md or one
protocol invariant. Each is applied alone to a scratch copy of the repository (build/mutation/src, never
the working tree), the suite that guards it is run, and the copy is restored. A breakage is *killed*
when that suite fails, and *survived* when it passes: then no test holds the rule, which is a defect of
the tests. A breakage whose `find` text no longer occurs exactly once is *stale* (the code moved: update
the list). Prints one line per breakage and a summary; exit status 0 only when every breakage is killed.

    python3 scripts/mutation_check.py             every breakage (scripts/test.sh runs this)
    python3 scripts/mutation_check.py NAME...     only these
    python3 scripts/mutation_check.py --list      the list, nothing run

Suites: `unit` is the native GoogleTest binary (built at -O0 in build/mutation/native, so a one-file
change recompiles in seconds); `e2e FILE...` runs those browser tests against a copy of dist/ whose
JavaScript is re-minified from the broken web/ file, or whose index.html is generated again from a broken
template, data-centre table or scripts/data_centres.py (so `scripts/build.sh wasm` must have run).
serve.py breakages need no build. C++ in wasm/ is not broken here: a wasm relink per breakage would cost minutes,
so the rules live in core/ where a breakage is cheap to check.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "tests", "mutation", "breakages.txt")
SCRATCH = os.path.join(ROOT, "build", "mutation")
SRC = os.path.join(SCRATCH, "src")
NATIVE = os.path.join(SCRATCH, "native")
KEYS = ("name", "rule", "file", "find", "replace", "suite")


def read_breakages(path):
    """Blocks of `key: value` lines separated by blank lines; '#' lines are comments. A value may go on
    over lines that start with whitespace (joined with a newline, the indentation kept after the first
    two spaces), for a `find` that spans lines."""
    blocks, current, last = [], {}, None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if current:
                    blocks.append(current)
                current, last = {}, None
                continue
            if line.startswith("  ") and last:
                current[last] += "\n" + line[2:]
                continue
            key, sep, value = line.partition(": ")
            if not sep or key not in KEYS:
                sys.exit(f"{path}:{number}: expected one of {', '.join(KEYS)} followed by ': '")
            current[key], last = value, key
    if current:
        blocks.append(current)
    names = set()
    for b in blocks:
        missing = [k for k in KEYS if k not in b]
        if missing:
            sys.exit(f"{path}: breakage {b.get('name', '?')} lacks {', '.join(missing)}")
        if b["name"] in names:
            sys.exit(f"{path}: the name {b['name']} is used twice")
        names.add(b["name"])
    return blocks


def run(cmd, cwd, timeout, env=None):
    """Runs cmd; returns (exit status, output). A timeout counts as a failure (status 124)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                           env=env, text=True, errors="replace")
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout if isinstance(e.stdout, str) else (e.stdout or b"").decode("utf-8", "replace")
        return 124, out + f"\n(timed out after {timeout} s)"


def tracked_files():
    """The repository's files as git knows them (untracked work included), else a walk without the
    build products and fetched libraries."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
        return [p for p in out.decode().split("\0") if p and os.path.isfile(os.path.join(ROOT, p))]
    except (OSError, subprocess.CalledProcessError):
        skip = {"build", "dist", "node_modules", "third_party", ".git"}
        files = []
        for top, dirs, names in os.walk(ROOT):
            dirs[:] = [d for d in dirs if not (top == ROOT and d in skip)]
            files += [os.path.relpath(os.path.join(top, n), ROOT) for n in names]
        return files


def make_scratch(need_dist):
    """Copies the sources to build/mutation/src (fetched libraries linked, not copied). Each copy gets a
    fresh modification time, so the reused scratch build recompiles everything that a breakage of the
    last run left compiled in (a copy keeping the source's older time would look up to date)."""
    if os.path.isdir(SRC):
        shutil.rmtree(SRC)
    for rel in tracked_files():
        dest = os.path.join(SRC, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.path.join(ROOT, rel), dest)
        shutil.copymode(os.path.join(ROOT, rel), dest)
    for linked in ("third_party", "node_modules"):
        if os.path.isdir(os.path.join(ROOT, linked)):
            os.symlink(os.path.join(ROOT, linked), os.path.join(SRC, linked))
    if need_dist:
        if not os.path.isfile(os.path.join(ROOT, "dist", "console.wasm")):
            sys.exit("mutation check: dist/ is not built; run scripts/build.sh first")
        shutil.copytree(os.path.join(ROOT, "dist"), os.path.join(SRC, "dist"))


def ccache_env():
    """The environment for the scratch build: ccache keeps its cache in build/mutation/ccache (the
    scratch build's own, removed with build/), at most 2 GB."""
    env = dict(os.environ)
    env.setdefault("CCACHE_DIR", os.path.join(SCRATCH, "ccache"))
    env.setdefault("CCACHE_MAXSIZE", "2G")
    return env


def build_native():
    """Configures (once) and builds the unit tests in the scratch build; returns (ok, output)."""
    cache = os.path.join(NATIVE, "CMakeCache.txt")
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    if os.path.isfile(cache) and generator:
        with open(cache, encoding="utf-8", errors="replace") as f:
            if "CMAKE_GENERATOR:INTERNAL=Ninja\n" not in f.read():
                shutil.rmtree(NATIVE)  # configured by an earlier version with Make: CMake cannot switch
    if not os.path.isfile(cache):
        # The QR code library's source, where the working tree's build finds it (QRCODEGEN_DIR, as
        # scripts/build.sh passes it, or third_party/qrcodegen).
        qr = os.environ.get("QRCODEGEN_DIR") or os.path.join(ROOT, "third_party", "qrcodegen")
        # ccache (scripts/setup.sh installs it): a breakage's restored file is the original again, so the
        # next breakage's build finds every file it recompiles for that reason in the cache; about half
        # of each breakage's compile time was such recompiling.
        launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if shutil.which("ccache") else []
        # Each breakage links the unit tests and the CLI again: LLVM's linker takes 0.5 s where GNU ld
        # takes 2.8 s for the test binary. Ninja decides what to rebuild in a fraction of Make's second.
        linker = ["-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld"] if shutil.which("ld.lld") else []
        rc, out = run(["cmake", "-S", SRC, "-B", NATIVE] + generator +
                      ["-DCMAKE_BUILD_TYPE=", "-DCMAKE_CXX_FLAGS=-O0",
                       "-DQRCODEGEN_DIR=" + os.path.abspath(qr)] + launcher + linker, ROOT, 600, ccache_env())
        if rc != 0:
            return False, out
    jobs = str(os.cpu_count() or 2)
    rc, out = run(["cmake", "--build", NATIVE, "-j", jobs, "--target", "zc_unit_tests"], ROOT, 1800, ccache_env())
    return rc == 0, out


def run_unit():
    """Runs the native suite in one GoogleTest shard per core at once (the suite is single-threaded);
    returns (failed?, names of the failing tests)."""
    shards = os.cpu_count() or 2

    def shard(index):
        env = dict(os.environ, GTEST_TOTAL_SHARDS=str(shards), GTEST_SHARD_INDEX=str(index))
        return run([os.path.join(NATIVE, "tests", "zc_unit_tests"), "--gtest_brief=1"], SRC, 600, env)

    with concurrent.futures.ThreadPoolExecutor(shards) as pool:
        results = list(pool.map(shard, range(shards)))
    failed, failing = False, []
    for rc, out in results:
        names = re.findall(r"^\[  FAILED  \] (\S+\.\S+?)(?:,| \(|$)", out, re.M)
        if rc != 0 and not names:
            names = ["(the test binary ended with status %d)" % rc]
        failed, failing = failed or rc != 0, failing + names
    return failed, sorted(set(failing))


def run_e2e(files):
    env = dict(os.environ)
    rc, out = run(["node", "--test", "--test-concurrency=1"] + [os.path.join("tests", "e2e", f) for f in files],
                  SRC, 1200, env)
    failing = [m.strip() for m in re.findall(r"^\s*not ok \d+ - (.*)$", out, re.M)]
    if rc != 0 and not failing:
        failing = ["(node --test ended with status %d)" % rc]
    return rc != 0, failing


# The files dist/index.html is generated from (wasm/CMakeLists.txt, target `dist`): the page's template
# and the data-centre table with the script that renders its policy into the meta tag.
INDEX_SOURCES = ("web/index.html", "core/zoho/data_centres.json", "scripts/data_centres.py")


def refresh_dist(rel):
    """dist/ serves web/'s files, the scripts minified (scripts/minify.mjs) and index.html generated from
    INDEX_SOURCES (scripts/data_centres.py html, the build's own step): refresh the scratch dist's copy of
    what `rel` becomes. Returns (ok, output)."""
    if rel in INDEX_SOURCES:
        rc, out = run([sys.executable, os.path.join(SRC, "scripts", "data_centres.py"), "html",
                       os.path.join(SRC, "web", "index.html"), os.path.join(SRC, "dist", "index.html")], SRC, 120)
        return rc == 0, out
    if not rel.startswith("web/"):
        return True, ""
    if not rel.endswith(".js"):
        shutil.copy2(os.path.join(SRC, rel), os.path.join(SRC, "dist", os.path.basename(rel)))
        return True, ""
    terser = os.environ.get("TERSER_DIR") or os.path.join(ROOT, "node_modules", "terser")
    rc, out = run(["node", os.path.join(SRC, "scripts", "minify.mjs"), terser, os.path.join(SRC, "dist"),
                   os.path.join(SRC, rel)], SRC, 120)
    return rc == 0, out


def check(b):
    """Applies breakage b, runs its suite, restores. Returns (verdict, detail)."""
    path = os.path.join(SRC, b["file"])
    if not os.path.isfile(path):
        return "stale", "no such file"
    with open(path, encoding="utf-8") as f:
        original = f.read()
    count = original.count(b["find"])
    if count != 1:
        return "stale", f"the find text occurs {count} times (exactly 1 expected)"
    with open(path, "w", encoding="utf-8") as f:
        f.write(original.replace(b["find"], b["replace"]))
    try:
        suite = b["suite"].split()
        if suite[0] == "unit":
            ok, out = build_native()
            if not ok:
                tail = "\n".join(out.strip().splitlines()[-8:])
                return "broken", "the broken copy did not compile (fix the replace text):\n" + tail
            failed, names = run_unit()
        elif suite[0] == "e2e":
            ok, out = refresh_dist(b["file"])
            if not ok:
                return "broken", "rebuilding dist/'s copy of the broken file failed:\n" + out[-800:]
            failed, names = run_e2e(suite[1:])
        else:
            return "broken", "unknown suite " + suite[0]
        return ("killed" if failed else "survived"), ", ".join(names[:4]) + (" ..." if len(names) > 4 else "")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        if b["suite"].startswith("e2e"):
            refresh_dist(b["file"])


def main(argv):
    breakages = read_breakages(LIST)
    if "--list" in argv:
        for b in breakages:
            print(f"{b['name']:<28} {b['suite']:<28} {b['rule']}")
        return 0
    chosen = [b for b in breakages if not argv or b["name"] in argv]
    unknown = set(argv) - {b["name"] for b in breakages}
    if unknown:
        sys.exit("mutation check: no breakage named " + ", ".join(sorted(unknown)))
    started = time.monotonic()
    need_dist = any(b["suite"].startswith("e2e") for b in chosen)
    make_scratch(need_dist)
    if any(b["suite"] == "unit" for b in chosen):
        # The unbroken copy must build and pass, or every breakage would look killed.
        ok, out = build_native()
        failed, names = run_unit() if ok else (True, ["(did not build)"])
        if failed:
            print(out[-3000:])
            print("mutation check: the unbroken copy fails its own suite: " + ", ".join(names[:4]))
            return 1
        print(f"mutation check: scratch copy built and passing ({time.monotonic() - started:.0f} s)", flush=True)
    counts = {}
    for b in chosen:
        t0 = time.monotonic()
        verdict, detail = check(b)
        counts[verdict] = counts.get(verdict, 0) + 1
        seconds = time.monotonic() - t0
        print(f"mutation: {verdict:<8} {b['name']} ({b['rule']}) {seconds:.0f} s" +
              (f" - {detail}" if detail else ""), flush=True)
    total = time.monotonic() - started
    print(f"mutation check: {counts.get('killed', 0)} killed, {counts.get('survived', 0)} survived, "
          f"{counts.get('stale', 0) + counts.get('broken', 0)} stale or broken, of {len(chosen)}, in {total:.0f} s")
    return 0 if counts.get("killed", 0) == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
