#!/usr/bin/env python3
"""`nplc test`: every example's expectations hold on every target; the golden
case with deliberately wrong expectations fails with the right counts, as
text and as JUnit XML; `nplc build` writes nothing while one fails.
Prints one line per check and a final `N passed, M failed`."""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]
WRONG = ROOT / "tests/golden/cases/error-E0310-expectation-failed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    args = ap.parse_args()
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))

    def run(*argv):
        return subprocess.run([args.nplc, *argv], capture_output=True, text=True)

    for ex in sorted((ROOT / "examples").iterdir()):
        r = run("test", str(ex), "--color", "never")
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
        m = re.search(r"(\d+) passed, (\d+) failed$", last)
        check(f"examples/{ex.name}: every expectation holds",
              r.returncode == 0 and m is not None and int(m.group(1)) > 0 and m.group(2) == "0",
              f"exit {r.returncode}, {last!r}\n{r.stderr}")

    r = run("test", str(WRONG), "--color", "never")
    last = r.stdout.strip().splitlines()[-1]
    check("wrong expectations fail", r.returncode == 1 and last.endswith("3 passed, 6 failed"), f"{r.returncode} {last!r}")
    check("each failure names its deciding line", "main.npl:13:3: note: allowed by this edge" in r.stderr
          and "isolated by `deny-all baseline`" in r.stderr, r.stderr)

    r = run("test", str(WRONG), "--format", "junit")
    try:
        suites = ET.fromstring(r.stdout)
        counts = {s.get("name"): (s.get("tests"), s.get("failures")) for s in suites}
        ok = r.returncode == 1 and counts == {"kubernetes": ("4", "3"), "cilium": ("5", "3")}
        failure = suites.find("./testsuite/testcase/failure")
        ok = ok and failure is not None and "main.npl:13: allowed by this edge" in failure.text
        check("--format junit", ok, repr(counts))
    except ET.ParseError as e:
        check("--format junit", False, f"not XML: {e}")

    r = run("test", str(WRONG), "--target", "kubernetes")
    check("--target kubernetes judges only it", r.stdout.strip().endswith("1 passed, 3 failed"), r.stdout)

    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "out"
        r = run("build", str(WRONG), "-o", str(out), "--target", "kubernetes,cilium")
        check("build writes nothing while an expectation fails",
              r.returncode == 1 and not out.exists() and "nothing written" in r.stderr, r.stderr)

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
