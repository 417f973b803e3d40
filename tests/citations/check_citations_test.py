"""Tests of scripts/check_citations.py on small trees built for each case, so the check cannot pass by
finding nothing: a tree with good citations of every kind reports none and counts them all, and a tree
with one broken citation of each kind reports exactly those, each at its line.

    python3 -m unittest discover -s tests/citations -p '*_test.py'

The citations below are assembled from pieces (DOCS, SEC, SHARED) so that the check, which also reads
this file, does not take the fixtures for citations of the repository itself.
"""
import contextlib
import io
import os
import shutil
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import check_citations  # noqa: E402

DOCS = "docs" + "/"
SEC = "SECURITY" + ".md"
SHARED = ".." + "/shared"

DOC_A = """\
# A

## Part one

### Name: more words

```
## Not a heading
```
"""

SECURITY_HEAD = """\
# Security rules

## Rules

1. **One.** The first.
2. **Two.** The second; rule 1 comes first.

## Tests that hold the rules

### Rule, where it is enforced, and the tests that hold it

| Rule | Enforced in | Unit tests | Browser tests | Breakages |
|---|---|---|---|---|
"""

GOOD_ROWS = """\
| 1. One | `core/a.cpp` | `x_test.cpp`: `Suite.First` | `y.test.mjs` "it's the first" | `b-one` |
| 2. Two | `core/a.cpp` | | `y.test.mjs` "the second" | `b-both` |
"""

BREAKAGES = """\
# The list.

name: b-one
rule: rule 1 the first
file: core/a.cpp

name: b-both
rule: rule 1 and 2 (both)
file: core/a.cpp
"""

UNIT = "TEST(Suite, First) {}\nTEST_F(Suite, Second) {}\n"
E2E = "test('it\\'s the first', async () => {});\ntest(\"the second\", () => {});\n"

GOOD_CODE = f"""\
// {DOCS}A.md "Part one" and "Name", then {DOCS}A.md "Name: more words".
// A wrapped one: {DOCS}A.md "Part
// one".
// {DOCS}{SEC} rules 1 and 2; {DOCS}{SEC} rules 1-2; {DOCS}{SEC}
// rule 2. Plain {DOCS}A.md is fine too.
path = "{DOCS}A.md"; other = "a string, not a section"
"""


class TreeCase(unittest.TestCase):
    def make_tree(self, files):
        """A temporary tree holding `files` ({relative path: text}); removed when the test ends."""
        root = tempfile.mkdtemp(prefix="citations-")
        self.addCleanup(shutil.rmtree, root)
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return root


def good_files():
    return {
        DOCS + "A.md": DOC_A,
        DOCS + SEC: SECURITY_HEAD + GOOD_ROWS,
        "tests/unit/x_test.cpp": UNIT,
        "tests/e2e/y.test.mjs": E2E,
        "tests/mutation/breakages.txt": BREAKAGES,
        "core/a.cpp": GOOD_CODE,
    }


class GoodCitations(TreeCase):
    def test_a_tree_whose_citations_all_hold_reports_none_and_counts_them(self):
        broken, checked = check_citations.check(self.make_tree(good_files()))
        self.assertEqual(broken, [])
        # 8 file citations and 4 sections, 3 rule lists in the code, 1 bare rule in SECURITY.md, 2
        # breakage rule fields, and the table's 3 tests.
        self.assertEqual(checked, 21)

    def test_main_exits_zero_and_prints_the_count(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = check_citations.main(["--root", self.make_tree(good_files())])
        self.assertEqual(status, 0)
        self.assertEqual(out.getvalue(), "citations: 21 checked, 0 broken\n")


class BrokenCitations(TreeCase):
    def test_each_broken_citation_is_reported_at_its_line(self):
        files = good_files()
        files["core/b.cpp"] = "\n".join([
            f"// {DOCS}B.md is gone",
            f'// {DOCS}A.md "Part two"',
            f'// {DOCS}A.md "Part one", "Nope"',
            f"// {DOCS}{SEC} rule 3",
            f"# {DOCS}{SEC} rules 1-3",
            f"// see {SHARED}/notes.md",
            f'// {DOCS}A.md "Not a heading"',
        ]) + "\n"
        files[DOCS + SEC] = files[DOCS + SEC].replace("rule 1 comes first", "rule 5 comes first")
        files["tests/mutation/breakages.txt"] += "\nname: b-other\nrule: rule 7 nowhere\nfile: core/a.cpp\n"
        broken, _ = check_citations.check(self.make_tree(files))
        self.assertEqual(broken, [
            ("core/b.cpp", 1, f"{DOCS}B.md does not exist"),
            ("core/b.cpp", 2, f'{DOCS}A.md has no heading "Part two"'),
            ("core/b.cpp", 3, f'{DOCS}A.md has no heading "Nope"'),
            ("core/b.cpp", 4, f"{DOCS}{SEC} has no rule 3"),
            ("core/b.cpp", 5, f"{DOCS}{SEC} has no rule 3"),
            ("core/b.cpp", 6, "cites the shared folder outside the repository; cite docs/ instead"),
            ("core/b.cpp", 7, f'{DOCS}A.md has no heading "Not a heading"'),
            (DOCS + SEC, 6, f"{DOCS}{SEC} has no rule 5"),
            ("tests/mutation/breakages.txt", 12, f"rule: names rule 7, which {DOCS}{SEC} does not have"),
        ])

    def test_main_prints_file_line_message_and_exits_one(self):
        files = good_files()
        files["web/c.js"] = f"// {DOCS}Z.md\n"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = check_citations.main(["--root", self.make_tree(files)])
        self.assertEqual(status, 1)
        self.assertEqual(out.getvalue().splitlines()[0], f"web/c.js:1: {DOCS}Z.md does not exist")
        self.assertTrue(out.getvalue().endswith(", 1 broken\n"), out.getvalue())


class RuleTable(TreeCase):
    def test_every_name_in_the_table_must_exist_and_every_rule_needs_a_tested_row(self):
        rows = textwrap.dedent("""\
            | 1. One | `core/gone.cpp` | `x_test.cpp`: `Suite.Missing`, `Suite.Second` | `y.test.mjs` "no such title" | `b-both`, `b-none`, `b-two` |
            | 3. Three | `core/a.cpp` | | | |
            """)
        files = good_files()
        files[DOCS + SEC] = SECURITY_HEAD + rows
        files["tests/mutation/breakages.txt"] += "\nname: b-two\nrule: rule 2 only\nfile: core/a.cpp\n"
        broken, _ = check_citations.check(self.make_tree(files))
        table = [(line, message) for rel, line, message in broken if rel == DOCS + SEC]
        self.assertEqual(table, [
            (10, "rule 2 has no row in the rule table"),
            (14, "rule 1: breakage b-two names rule(s) [2], not 1"),
            (14, "rule 1: core/gone.cpp does not exist"),
            (14, "rule 1: no TEST(Suite, Missing) in tests/unit/x_test.cpp"),
            (14, "rule 1: no breakage b-none in tests/mutation/breakages.txt"),
            (14, 'rule 1: no browser test "no such title" in tests/e2e/y.test.mjs'),
            (15, "rule 3: no test holds it"),
        ])

    def test_a_missing_table_is_itself_reported(self):
        files = good_files()
        files[DOCS + SEC] = SECURITY_HEAD.split("## Tests")[0]
        broken, _ = check_citations.check(self.make_tree(files))
        self.assertIn((DOCS + SEC, 1, 'no table under a heading "Rule, where it is enforced, and the tests '
                       'that hold it"'), broken)


if __name__ == "__main__":
    unittest.main()
