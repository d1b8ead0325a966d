#!/usr/bin/env python3
"""Writes docs/diagnostics.md from the catalog (`nplc explain --list --format json`).

  gen_diagnostics_md.py --nplc build/nplc            rewrite docs/diagnostics.md
  gen_diagnostics_md.py --nplc build/nplc --check    exit 1 when it is out of date
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.normpath(os.path.join(HERE, "..", "..", "docs", "diagnostics.md"))

HEADER = """# Diagnostics

<!-- Generated from compiler/diag/catalog.cpp by tests/tools/gen_diagnostics_md.py; do not edit. -->

Every diagnostic nplc reports has a code: `E…` errors make the build fail (exit 1)
and write nothing; `W…` warnings are reported and the build goes on. Codes are
grouped by stage: E00xx input and syntax, E01xx imports and names, E02xx the
rules the Kubernetes API server enforces, E03xx semantics, E05xx comment
directives, E06xx the ClusterNetworkPolicy target, W00xx warnings of the compiler and its targets, W02xx lint checks.

The format is `file:line:col: error[CODE]: message`, the source line with a
caret under the span, `note:` lines at the other lines involved, and a
`help:` line with the fix where there is one. All errors of a run are
reported (of syntax errors, the first of each statement), sorted by file and
position. `nplc explain CODE` prints the
explanation with an example and what nplc reports on it; `--format
json|sarif|github`, the `-W` flags and `# nplc:ignore` suppressions are in
[ci.md](ci.md). Each warning has a `-W` name.

| code | level | -W name | what | explanation |
|---|---|---|---|---|
"""


def cell(s):
    return s.replace("|", "\\|").replace("\n", " ")


def render(entries):
    rows = []
    for e in entries:
        name = "`%s`" % e["name"] if e["name"] else ""
        rows.append("| %s | %s | %s | %s | %s |" % (e["code"], e["severity"], name, cell(e["title"]),
                                                   cell(e["explanation"])))
    return HEADER + "\n".join(rows) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    entries = json.loads(subprocess.run([args.nplc, "explain", "--list", "--format", "json"],
                                        check=True, capture_output=True, text=True).stdout)
    text = render(entries)
    if args.check:
        with open(DOC, encoding="utf-8") as fh:
            if fh.read() != text:
                print("FAIL docs/diagnostics.md differs from the catalog; run tests/tools/gen_diagnostics_md.py")
                print("0 passed, 1 failed")
                return 1
        print("1 passed, 0 failed")
        return 0
    with open(DOC, "w", encoding="utf-8") as fh:
        fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
