#!/usr/bin/env python3
"""`nplc query SRC -> DST:PORT` golden cases on examples/. Each NAME.args of
tests/golden/query/ holds an example's folder name on its first line and one
query a line after it; NAME.expected holds what `nplc query examples/EXAMPLE
QUERY...` prints (with --format json when NAME ends in .json): stdout when
it exits 0, else "exit N" and stderr. One run per file, so the whole test
takes a few nplc runs. NPLC_REGEN=1 rewrites them (then read the diff line
by line against the .npl)."""
import argparse
import os
import pathlib
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--examples", required=True)
    args = ap.parse_args()
    regen = os.environ.get("NPLC_REGEN") == "1"
    examples = pathlib.Path(args.examples).resolve()
    passed = failed = 0
    for case in sorted(pathlib.Path(args.golden).glob("*.args")):
        lines = [l for l in case.read_text(encoding="utf-8").splitlines() if l.strip()]
        name = case.name[: -len(".args")]
        cmd = [os.path.abspath(args.nplc), "query", "--color", "never"]
        if name.endswith(".json"):
            cmd += ["--format", "json"]
        # Run from the examples' parent, so that paths read examples/EXAMPLE/….
        cmd += [f"examples/{lines[0]}"] + lines[1:]
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=examples.parent)
        got = run.stdout if run.returncode == 0 else f"exit {run.returncode}\n{run.stderr}"
        expected = case.with_name(name + ".expected")
        if regen:
            expected.write_text(got, encoding="utf-8")
        if expected.exists() and expected.read_text(encoding="utf-8") == got:
            passed += 1
        else:
            print(f"FAIL {name}: nplc query printed:\n{got}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
