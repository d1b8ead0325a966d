#!/usr/bin/env python3
"""The list forms of NPL (`a, b -> c:80, d:90`, docs/language.md "Several
sources or destinations") and `selector-key` mean exactly what their
expansion means: each LIST folder and its EXPANDED folder are built for every
target, and every object written must be the same byte for byte, but the
line numbers after `FILE.npl:` in the source annotations (a list is one
statement, its expansion several). The `expect` lines of both folders are
checked by the builds themselves.

  check_list_forms.py --nplc build/nplc LIST=EXPANDED ...
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

TARGETS = "kubernetes,cilium,cluster-network-policy"
LINE = re.compile(r"(\.npl):\d+")


def build(nplc, folder, out):
    p = subprocess.run([nplc, "build", ".", "-o", out, "--color", "never", "--target", TARGETS], cwd=folder,
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(f"FAIL {folder}: exit {p.returncode}\n{p.stderr}")
        return None
    files = {}
    for dirpath, _, names in os.walk(out):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                files[os.path.relpath(path, out)] = LINE.sub(r"\1:N", f.read())
    return files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("pairs", nargs="+", help="LIST=EXPANDED folders")
    args = ap.parse_args()
    failed = passed = 0
    for pair in args.pairs:
        listed, expanded = (os.path.abspath(p) for p in pair.split("="))
        with tempfile.TemporaryDirectory() as tmp:
            a = build(args.nplc, listed, os.path.join(tmp, "list"))
            b = build(args.nplc, expanded, os.path.join(tmp, "expanded"))
        if a is None or b is None or not a:
            failed += 1
            continue
        diff = sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))
        for p in diff:
            print(f"FAIL {pair}: {p} differs\n--- list\n{a.get(p)}\n--- expanded\n{b.get(p)}")
        failed += 1 if diff else 0
        passed += 0 if diff else 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
