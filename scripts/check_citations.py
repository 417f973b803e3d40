#!/usr/bin/env python3
"""Checks that every citation in the project points inside the repository, and at something that is there.

    python3 scripts/check_citations.py            checks the repository this script lives in
    python3 scripts/check_citations.py --root D   checks the tree at D (the self-test builds such trees)

It reads core/ wasm/ web/ scripts/ tests/ serve.py CMakeLists.txt README.md and docs/ and finds:
  * docs/<NAME>.md             the file must exist;
  * docs/<NAME>.md "Section"   a Markdown heading with exactly that text (or, for a heading "Name: more",
                               its short name) must exist in it; a list such as "A", "B" or "A" and "B"
                               after one file name is checked name by name;
  * SECURITY.md rule N         N (also "rules 1 and 6", "rules 2-4, 13") must be a rule number of
                               docs/SECURITY.md; so must every bare "rule N" inside docs/SECURITY.md and
                               every `rule:` field of tests/mutation/breakages.txt, which names its rule;
  * a path into the shared folder beside the repository (two dots, a slash, "shared"): never allowed, the
                               team's rule is to cite only docs inside the repository;
  * docs/SECURITY.md's table "Rule, where it is enforced, and the tests that hold it": every file it
                               names exists, every GoogleTest name and browser test title exists in the
                               file it is listed under, every breakage exists and names that row's rule,
                               and every rule has a row with at least one test.
A citation may run over a comment's line break: comment markers at the start of a line are read as a space.
Prints each broken citation as `file:line: what is wrong`, then a count; exit status 1 if any is broken.
"""
import argparse
import bisect
import os
import re
import sys

SCANNED = ["core", "wasm", "web", "scripts", "tests", "serve.py", "CMakeLists.txt", "README.md", "docs"]
SKIPPED_DIRS = {".git", "node_modules", "third_party", "build", "dist", "__pycache__"}
TABLE_HEADING = "Rule, where it is enforced, and the tests that hold it"

# Comment markers and list bullets at the start of a line, read as a space so a citation may wrap.
LINE_LEAD = re.compile(r"^\s*(?:///?|#+|\*|<!--|-)?\s*")
DOC = re.compile(r"(?<![\w/.-])docs/([\w.-]+\.md)")
# A section follows its file name after a space: "docs/<NAME>.md" quoted as a string is a path, not a citation.
SECTION = re.compile(r'\s+"([^"\n]{1,100})"')
MORE_SECTION = re.compile(r'\s*(?:,\s*and|,|and)\s*"([^"\n]{1,100})"')
NUMBERS = r"(\d+(?:\s*(?:-|to)\s*\d+)?(?:\s*(?:,\s*and|,|and)\s*\d+(?:\s*(?:-|to)\s*\d+)?)*)"
SECURITY_RULE = re.compile(r"SECURITY\.md\s*rules?\s+" + NUMBERS)
BARE_RULE = re.compile(r"(?<![\w-])rules?\s+" + NUMBERS)
BREAKAGE_RULE = re.compile(r"^rule:\s*rules?\s+" + NUMBERS, re.M)
# Built from pieces so that this file does not match itself.
SHARED = re.compile(re.escape("..") + r"[/\\]shared\b")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
RULE_ITEM = re.compile(r"^(\d+)\.\s+\*\*")


def numbers_in(text):
    """The rule numbers a list such as "2-4, 13" or "1 and 6" names, ranges expanded."""
    found = []
    for part in re.split(r"\s*(?:,\s*and|,|and)\s*", text.strip()):
        bounds = [int(n) for n in re.split(r"\s*(?:-|to)\s*", part) if n]
        found.extend(range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 else bounds)
    return found


def read_text(path):
    """The file's text, or None for a file that is not text (a fuzzing seed, an image)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data:
        return None
    return data.decode("utf-8", errors="replace")


def scanned_files(root):
    """Every regular file under the scanned paths, as paths relative to `root`, symlinks left out."""
    for entry in SCANNED:
        top = os.path.join(root, entry)
        if os.path.isfile(top) and not os.path.islink(top):
            yield entry
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not os.path.islink(os.path.join(folder, d)))
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    yield os.path.relpath(path, root)


def flatten(text):
    """The text with each line's leading comment marker removed and lines joined by a space, and the
    offset where each original line starts in it (to give line numbers back)."""
    parts, starts, at = [], [], 0
    for line in text.split("\n"):
        body = LINE_LEAD.sub("", line, count=1)
        starts.append(at)
        parts.append(body)
        at += len(body) + 1
    return " ".join(parts), starts


def headings(text):
    """The text of every Markdown heading outside fenced code. A heading "Name: more words" may also be
    cited by its short name, the part before the colon."""
    found, fenced = set(), False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            found.add(m.group(1))
            if ": " in m.group(1):
                found.add(m.group(1).split(": ", 1)[0])
    return found


def rule_numbers(security_text):
    """The numbers of the rules listed under docs/SECURITY.md's "## Rules"."""
    numbers, inside = set(), False
    for line in security_text.split("\n"):
        if line.startswith("## "):
            inside = line.strip() == "## Rules"
        elif inside and (m := RULE_ITEM.match(line)):
            numbers.add(int(m.group(1)))
    return numbers


class Repository:
    """What citations can point at: the docs' files, their headings, and SECURITY.md's rule numbers."""

    def __init__(self, root):
        self.root = root
        self.headings = {}
        docs = os.path.join(root, "docs")
        for name in sorted(os.listdir(docs)) if os.path.isdir(docs) else []:
            if name.endswith(".md"):
                self.headings[name] = headings(read_text(os.path.join(docs, name)) or "")
        self.rules = rule_numbers(read_text(os.path.join(docs, "SECURITY.md")) or "")

    def unknown_rules(self, listed):
        return [n for n in numbers_in(listed) if n not in self.rules]


def doc_problems(flat, repo):
    """(offset, message) for each docs/<NAME>.md citation whose file or section is missing."""
    problems, checked = [], 0
    for m in DOC.finditer(flat):
        checked += 1
        name = m.group(1)
        if name not in repo.headings:
            problems.append((m.start(), f"docs/{name} does not exist"))
            continue
        pattern, at = SECTION, m.end()
        while (s := pattern.match(flat, at)):
            checked += 1
            if s.group(1) not in repo.headings[name]:
                problems.append((s.start(1), f'docs/{name} has no heading "{s.group(1)}"'))
            pattern, at = MORE_SECTION, s.end()
    return problems, checked


def rule_problems(flat, rel, repo):
    """(offset, message) for each rule citation naming a number docs/SECURITY.md does not have."""
    patterns = [SECURITY_RULE]
    if rel == os.path.join("docs", "SECURITY.md"):
        patterns = [BARE_RULE]
    problems, checked = [], 0
    for pattern in patterns:
        for m in pattern.finditer(flat):
            checked += 1
            for n in repo.unknown_rules(m.group(1)):
                problems.append((m.start(), f"docs/SECURITY.md has no rule {n}"))
    return problems, checked


def file_problems(rel, text, repo):
    """`(line, message)` for every broken citation in one file, and how many citations it holds."""
    flat, starts = flatten(text)
    problems, checked = doc_problems(flat, repo)
    found, count = rule_problems(flat, rel, repo)
    problems += found
    checked += count
    for m in SHARED.finditer(flat):
        checked += 1
        problems.append((m.start(), "cites the shared folder outside the repository; cite docs/ instead"))
    lines = [(bisect.bisect_right(starts, at), message) for at, message in problems]
    if rel == os.path.join("tests", "mutation", "breakages.txt"):
        for m in BREAKAGE_RULE.finditer(text):
            checked += 1
            for n in repo.unknown_rules(m.group(1)):
                lines.append((text.count("\n", 0, m.start()) + 1, f"rule: names rule {n}, which docs/SECURITY.md does not have"))
    return lines, checked


def breakage_rules(root):
    """Each breakage's name and the rule numbers its `rule:` field names."""
    text = read_text(os.path.join(root, "tests", "mutation", "breakages.txt")) or ""
    rules = {}
    for block in re.split(r"\n(?=name:)", text):
        name = re.search(r"^name:\s*(\S+)", block, re.M)
        rule = re.search(r"^rule:\s*rules?\s+" + NUMBERS, block, re.M)
        if name:
            rules[name.group(1)] = numbers_in(rule.group(1)) if rule else []
    return rules


def unit_test_exists(root, file_name, suite, name):
    folder = os.path.join(root, "tests", "unit")
    files = [file_name] if file_name else sorted(f for f in os.listdir(folder) if f.endswith(".cpp"))
    pattern = re.compile(r"\bTEST(?:_F|_P)?\(\s*" + re.escape(suite) + r"\s*,\s*" + re.escape(name) + r"\s*\)")
    return any(pattern.search(read_text(os.path.join(folder, f)) or "") for f in files)


def browser_test_exists(root, file_name, title):
    text = (read_text(os.path.join(root, "tests", "e2e", file_name)) or "").replace("\\'", "'")
    return any(q + title + q in text for q in ("'", '"', "`"))


def row_problems(root, cells, breakages):
    """Messages for one row of the rule table: its rule number, files, tests and breakages."""
    rule, enforced, unit, browser, broken = cells
    number = int(re.match(r"\s*(\d+)", rule).group(1))
    problems, tests = [], 0
    for path in re.findall(r"`([\w./-]+\.\w+)`", enforced):
        if not os.path.isfile(os.path.join(root, path)):
            problems.append(f"rule {number}: {path} does not exist")
    current = None
    for item in re.findall(r"`([^`]+)`", unit):
        if item.endswith(".cpp"):
            current = item
        elif (m := re.fullmatch(r"([A-Z]\w*)\.([A-Z]\w*)", item)):
            tests += 1
            if not unit_test_exists(root, current, m.group(1), m.group(2)):
                problems.append(f"rule {number}: no TEST({m.group(1)}, {m.group(2)}) in tests/unit/{current or '*.cpp'}")
    current = None
    for file_name, title in re.findall(r'`([\w.-]+\.test\.mjs)`|"([^"]+)"', browser):
        current = file_name or current
        if title:
            tests += 1
            if not current or not browser_test_exists(root, current, title):
                problems.append(f'rule {number}: no browser test "{title}" in tests/e2e/{current}')
    for name in re.findall(r"`([^`]+)`", broken):
        if name not in breakages:
            problems.append(f"rule {number}: no breakage {name} in tests/mutation/breakages.txt")
        elif number not in breakages[name]:
            problems.append(f"rule {number}: breakage {name} names rule(s) {breakages[name]}, not {number}")
    if tests == 0:
        problems.append(f"rule {number}: no test holds it")
    return number, problems, tests


def table_problems(root, repo):
    """`(line, message)` for docs/SECURITY.md's rule table, and how many names it cites."""
    rel = os.path.join("docs", "SECURITY.md")
    lines = (read_text(os.path.join(root, rel)) or "").split("\n")
    start = next((i for i, line in enumerate(lines) if HEADING.match(line) and HEADING.match(line).group(1) == TABLE_HEADING), None)
    if start is None:
        return [(1, f'no table under a heading "{TABLE_HEADING}"')], 0
    breakages, seen, problems, checked = breakage_rules(root), set(), [], 0
    rows = [(i, line) for i, line in enumerate(lines[start + 1:], start + 1) if line.startswith("|")]
    for i, line in rows[2:]:
        cells = line.strip().strip("|").split("|")
        if len(cells) != 5 or not re.match(r"\s*\d+", cells[0]):
            problems.append((i + 1, "a row of the rule table needs 5 cells, the first a rule number"))
            continue
        number, found, count = row_problems(root, cells, breakages)
        seen.add(number)
        checked += count
        problems += [(i + 1, message) for message in found]
    for n in sorted(repo.rules - seen):
        problems.append((start + 1, f"rule {n} has no row in the rule table"))
    return problems, checked


def check(root):
    """Every broken citation under `root` as (file, line, message), and how many citations were checked."""
    repo = Repository(root)
    broken, checked = [], 0
    for rel in scanned_files(root):
        text = read_text(os.path.join(root, rel))
        if text is None:
            continue
        found, count = file_problems(rel, text, repo)
        broken += [(rel, line, message) for line, message in found]
        checked += count
    found, count = table_problems(root, repo)
    broken += [(os.path.join("docs", "SECURITY.md"), line, message) for line, message in found]
    return sorted(set(broken)), checked + count


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = parser.parse_args(argv)
    broken, checked = check(args.root)
    for rel, line, message in broken:
        print(f"{rel}:{line}: {message}")
    print(f"citations: {checked} checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
