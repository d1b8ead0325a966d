#!/usr/bin/env python3
"""Guard: every diagnostic code of the catalog has a golden test.

Reads the codes from compiler/diag/catalog.cpp (entries `{"E0001", E, ...}`)
and the diagnostics of every expected.stderr under tests/golden/ (headers
`file:line:col: error[E0001]: ...` / `warning[W0001]`). Fails (exit 1) when
  - a catalog code appears in no expected.stderr (uncovered), or
  - an expected.stderr reports a code that is not in the catalog, or with the
    other severity (error[W...] / warning[E...]), or
  - the catalog cannot be read or lists a code twice.
Prints one line per problem and a final line `N passed, M failed`: N catalog
codes covered, M failures (uncovered codes plus unknown or mismatched codes).

Usage: check_catalog_coverage.py [--catalog FILE] [--golden DIR] [-v]
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

# {"E0001", E, "syntax error", ...}
CATALOG_ENTRY = re.compile(r'\{\s*"([EW]\d{4})"\s*,\s*([EW])\s*,')
# main.npl:3:14: error[E0003]: ...   (also `nplc: error[...]` for spanless ones)
DIAG_HEADER = re.compile(r"\b(error|warning)\[([A-Z]\d{4})\]")


def read_catalog(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    codes = {}
    dups = []
    for code, sev in CATALOG_ENTRY.findall(text):
        if code in codes:
            dups.append(code)
        codes[code] = "error" if sev == "E" else "warning"
    return codes, dups


def read_expectations(golden):
    """code -> {case: severity seen}, from every expected.stderr below golden."""
    seen = {}
    for dirpath, dirnames, files in os.walk(golden):
        dirnames.sort()
        if "expected.stderr" not in files:
            continue
        path = os.path.join(dirpath, "expected.stderr")
        case = os.path.relpath(dirpath, golden)
        with open(path, encoding="utf-8", errors="replace") as fh:
            for sev, code in DIAG_HEADER.findall(fh.read()):
                seen.setdefault(code, {}).setdefault(case, set()).add(sev)
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", default=os.path.join(ROOT, "compiler", "diag", "catalog.cpp"))
    ap.add_argument("--golden", default=os.path.join(ROOT, "tests", "golden"))
    ap.add_argument("-v", "--verbose", action="store_true", help="also list the cases covering each code")
    args = ap.parse_args()

    try:
        catalog, dups = read_catalog(args.catalog)
    except OSError as e:
        print(f"FAIL cannot read the catalog: {e}")
        print("0 passed, 1 failed")
        return 1
    if not catalog:
        print(f"FAIL no codes found in {args.catalog} (has the entry format changed?)")
        print("0 passed, 1 failed")
        return 1
    if not os.path.isdir(args.golden):
        print(f"FAIL no golden folder {args.golden}")
        print(f"0 passed, {len(catalog)} failed")
        return 1
    seen = read_expectations(args.golden)
    shown = os.path.relpath(args.golden, ROOT) if os.path.abspath(args.golden).startswith(ROOT + os.sep) else args.golden

    passed = 0
    failed = 0
    for code in dups:
        print(f"FAIL {code}: listed twice in the catalog")
        failed += 1
    for code in sorted(catalog):
        cases = seen.get(code, {})
        if not cases:
            print(f"FAIL {code} ({catalog[code]}): no expected.stderr under {shown} reports it")
            failed += 1
            continue
        passed += 1
        if args.verbose:
            print(f"ok   {code}: {', '.join(sorted(cases))}")
        for case, sevs in sorted(cases.items()):
            # -Werror reports a warning as an error.
            allowed = {catalog[code], "error"} if catalog[code] == "warning" else {catalog[code]}
            for sev in sorted(sevs - allowed):
                print(f"FAIL {code}: {case}/expected.stderr reports it as {sev}, the catalog as {catalog[code]}")
                failed += 1
    for code in sorted(set(seen) - set(catalog)):
        for case in sorted(seen[code]):
            print(f"FAIL {code}: {case}/expected.stderr reports a code that is not in the catalog")
            failed += 1

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
