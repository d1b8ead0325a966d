#!/usr/bin/env python3
"""`nplc fmt --check` on the repository's own .npl files: every one is in the
layout of docs/language.md ("Layout"), but those listed in SKIP, each for a
reason. One nplc run for all the files.

  check_layout.py --nplc build/nplc --root .
"""
import argparse
import os
import subprocess
import sys

FOLDERS = ["examples", "stdlib", "compiler/diag/examples", "tests", "editors/vscode/test"]

# Paths (files, or folders ending in "/") relative to the root, and why.
SKIP = {
    # Files that do not parse, on purpose: nplc fmt refuses them.
    "compiler/diag/examples/E0001.npl": "a syntax error is the example",
    "compiler/diag/examples/E0002.npl": "invalid UTF-8 is the example",
    "compiler/diag/examples/E0003.npl": "a NUL byte is the example",
    "compiler/diag/examples/E0006.npl": "an unknown escape is the example",
    "tests/ci/fixtures/syntax/": "a syntax error is the fixture",
    "tests/golden/cases/error-E0001-keyword-typos/": "syntax errors are the case",
    "tests/golden/cases/error-E0001-label-key-forms/": "syntax errors are the case",
    "tests/golden/cases/error-E0001-missing-brace/": "a syntax error is the case",
    "tests/golden/cases/error-E0001-misspelt-direction/": "a syntax error is the case",
    "tests/golden/cases/error-E0001-selector-missing-brace/": "a syntax error is the case",
    "tests/golden/cases/error-E0001-unclosed-namespace/": "a syntax error is the case",
    "tests/golden/cases/error-E0001-unterminated-string/": "a syntax error is the case",
    "tests/golden/cases/error-E0002-invalid-utf8/": "invalid UTF-8 is the case",
    "tests/golden/cases/error-E0003-nul-byte/": "a NUL byte is the case",
    "tests/golden/cases/error-E0006-unknown-escape/": "an unknown escape is the case",
    # Files whose bytes or columns are what they test.
    "tests/golden/cases/ok-bom-crlf/": "a byte-order mark and CRLF line ends are the case",
    "editors/vscode/test/grammar/": "the `#  ^^^` comment lines point at columns of the line above",
}


def skipped(rel):
    return any(rel == s or (s.endswith("/") and rel.startswith(s)) for s in SKIP)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    files, unused = [], set(SKIP)
    for folder in FOLDERS:
        for dirpath, dirs, names in os.walk(os.path.join(args.root, folder)):
            dirs[:] = sorted(d for d in dirs if d != "node_modules" and not d.startswith("."))
            for name in sorted(names):
                if not name.endswith(".npl"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), args.root).replace(os.sep, "/")
                hit = [s for s in SKIP if rel == s or (s.endswith("/") and rel.startswith(s))]
                if hit:
                    unused -= set(hit)
                    continue
                files.append(rel)
    failed = 0
    for s in sorted(unused):
        print(f"FAIL SKIP lists {s}, which holds no .npl file: remove it")
        failed += 1
    p = subprocess.run([args.nplc, "fmt", "--check", "--color", "never"] + files, cwd=args.root,
                       capture_output=True, text=True, errors="replace")
    if p.returncode != 0:
        for line in p.stdout.splitlines():
            print(f"FAIL {line}: not in the layout of `nplc fmt` (run it)")
        sys.stdout.write(p.stderr)
        failed += max(1, len(p.stdout.splitlines()))
    print(f"{len(files)} files checked, {len(SKIP)} skipped; {'ok' if not failed else f'{failed} failed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
