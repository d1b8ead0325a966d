#!/usr/bin/env python3
"""Matrix golden cases: `nplc query --matrix` on examples/. Each file of
tests/golden/matrix/ is named EXAMPLE[.NAMESPACE].txt or .json (--format
json) and holds the exact stdout of `nplc query --matrix [NAMESPACE]
examples/EXAMPLE`. NPLC_REGEN=1 rewrites them (then read the diff line by
line)."""
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
    passed = failed = 0
    for expected in sorted(pathlib.Path(args.golden).iterdir()):
        parts = expected.stem.split(".")
        cmd = [os.path.abspath(args.nplc), "query", "--color", "never", "--matrix"]
        cmd += parts[1:2]
        cmd += [str(pathlib.Path(args.examples) / parts[0])]
        if expected.suffix == ".json":
            cmd += ["--format", "json"]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {expected.name}: exit {run.returncode}\n{run.stderr}")
            failed += 1
            continue
        if regen:
            expected.write_text(run.stdout, encoding="utf-8")
        if expected.read_text(encoding="utf-8") == run.stdout:
            passed += 1
        else:
            print(f"FAIL {expected.name}: the matrix differs:\n{run.stdout}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
