#!/usr/bin/env python3
"""Zoho's data-centre table (core/zoho/data_centres.json, its only copy) for everything that is not C++,
and the build steps that turn it into the C++ table and into index.html's Content-Security-Policy.

    python3 scripts/data_centres.py cpp OUT            the rows of zc::zoho_data_centres() (CMake, both builds)
    python3 scripts/data_centres.py html TEMPLATE OUT  TEMPLATE (web/index.html) with its meta policy filled in
                                                       (CMake's dist target)
    python3 scripts/data_centres.py policy             the header's policy, as serve.py sends it

OUT is rewritten only when its text changes, so a rebuild that changes nothing recompiles nothing. serve.py
and scripts/relay.py import this module (standard library only: nothing to install).
"""
import json
import os
import re
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE_FILE = os.path.join(ROOT, "core", "zoho", "data_centres.json")

# The columns of zc::DataCentre that the file holds (core/zoho/data_centres.hpp), in the struct's order;
# `demo` is false for every real row, so the file does not carry it.
FIELDS = (("location", str), ("name", str), ("accounts_server", str), ("api_domain", str), ("confirmed", bool))
# An https origin a Content-Security-Policy source can name as it is: lower-case DNS labels, no port, path
# or trailing slash (the C++ compares origins byte for byte after its own normalisation).
ORIGIN = re.compile(r"https://[a-z0-9-]+(?:\.[a-z0-9-]+)+\Z")
# Text that goes into a C++ string literal or comment unescaped: printable ASCII without " and \.
PLAIN_TEXT = re.compile(r"[ !#-\[\]-~]*\Z")
LOCATION = re.compile(r"[a-z]{2}\Z")

# The console page's policy (docs/SECURITY.md rule 8), directive by directive, before connect-src, which is
# 'self' plus the table's origins: the page talks to nothing else. frame-ancestors is honoured only in a
# header (CSP3 s6.4.2), so the meta tag leaves it out.
PAGE_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("worker-src", "'self'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)
HEADER_ONLY = ("frame-ancestors",)
# Where web/index.html takes the meta tag's policy.
POLICY_PLACEHOLDER = "@CONTENT_SECURITY_POLICY@"


def load_table(path=TABLE_FILE):
    """The data centres of `path` as a list of dicts (the FIELDS, plus `note` where a row has one), in the
    file's order. Raises ValueError naming the file, the row and the rule when a row is malformed: a
    missing, extra or mistyped field, an origin that is not https://host, text a C++ literal cannot hold
    as it is, or a location given twice."""
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)["data_centres"]
    seen = set()
    for i, row in enumerate(rows):
        def refuse(why):
            raise ValueError("%s: data centre %d (%s): %s" % (path, i, row.get("location", "?"), why))
        extra = set(row) - {name for name, _ in FIELDS} - {"note"}
        if extra:
            refuse("unknown field(s) %s" % ", ".join(sorted(extra)))
        for name, kind in FIELDS:
            if not isinstance(row.get(name), kind):
                refuse("%s must be a %s" % (name, kind.__name__))
        for name in ("location", "name", "note"):
            if not PLAIN_TEXT.match(row.get(name, "")):
                refuse("%s must be printable ASCII without quotes or backslashes" % name)
        if not LOCATION.match(row["location"]) or row["location"] in seen:
            refuse("location must be two lower-case letters, each used once")
        seen.add(row["location"])
        for name in ("accounts_server", "api_domain"):
            if not ORIGIN.match(row[name]):
                refuse("%s must be https:// and a lower-case host, no port, path or trailing slash" % name)
    return rows


def host(origin):
    """The host of an https origin of the table ('https://accounts.zoho.eu' -> 'accounts.zoho.eu')."""
    return urllib.parse.urlsplit(origin).hostname


def accounts_hosts(table):
    """The accounts servers' hosts, in the table's order: the only hosts the relay forwards to."""
    return [host(row["accounts_server"]) for row in table]


def api_hosts(table):
    """The API domains' hosts, in the table's order."""
    return [host(row["api_domain"]) for row in table]


def zoho_origins(table):
    """Every accounts server, then every API domain, as origins: the table's part of connect-src."""
    return [row["accounts_server"] for row in table] + [row["api_domain"] for row in table]


def content_security_policy(table, header=True):
    """The console page's policy: PAGE_DIRECTIVES and connect-src 'self' plus zoho_origins(table). With
    header=False the meta tag's text, without the header-only directives."""
    directives = [name + " " + value for name, value in PAGE_DIRECTIVES if header or name not in HEADER_ONLY]
    return "; ".join(directives) + "; connect-src 'self' " + " ".join(zoho_origins(table))


def render_cpp(table, source="core/zoho/data_centres.json"):
    """The initializer rows of zc::zoho_data_centres() (core/zoho/data_centres.cpp includes them), one
    per data centre, each note as a comment above its row."""
    lines = ["// Generated from %s by scripts/data_centres.py at build time. Do not edit: edit the JSON." % source]
    for row in table:
        if row.get("note"):
            lines.append("// " + row["note"])
        values = ['"%s"' % row[name] if kind is str else ("true" if row[name] else "false") for name, kind in FIELDS]
        lines.append("{" + ", ".join(values) + ", false},")
    return "\n".join(lines) + "\n"


def render_index_html(template, table):
    """`template` (web/index.html's text) with POLICY_PLACEHOLDER replaced by the meta tag's policy.
    Raises ValueError unless the placeholder occurs exactly once."""
    count = template.count(POLICY_PLACEHOLDER)
    if count != 1:
        raise ValueError("the page template has %s %d times (exactly 1 expected)" % (POLICY_PLACEHOLDER, count))
    return template.replace(POLICY_PLACEHOLDER, content_security_policy(table, header=False))


def write_if_changed(path, text):
    """Writes `text` to `path` unless it already holds exactly that (keeps its time for make and ninja)."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main(argv):
    usage = "usage: data_centres.py cpp OUT | html TEMPLATE OUT | policy"
    try:
        table = load_table()
        if argv[:1] == ["cpp"] and len(argv) == 2:
            write_if_changed(argv[1], render_cpp(table))
        elif argv[:1] == ["html"] and len(argv) == 3:
            with open(argv[1], encoding="utf-8", newline="") as f:
                write_if_changed(argv[2], render_index_html(f.read(), table))
        elif argv == ["policy"]:
            print(content_security_policy(table))
        else:
            sys.exit(usage)
    except (OSError, ValueError, KeyError) as error:
        sys.exit("data_centres.py: %s" % error)


if __name__ == "__main__":
    main(sys.argv[1:])
