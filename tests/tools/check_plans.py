#!/usr/bin/env python3
"""Plan golden cases: `nplc build main.npl --dump-plan`, run in each folder of
tests/golden/plans/, must print expected.plan exactly. NPLC_REGEN=1 rewrites
the expectations (then read the diff line by line)."""
import argparse
import os
import pathlib
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--plans", required=True)
    args = ap.parse_args()
    regen = os.environ.get("NPLC_REGEN") == "1"
    passed = failed = 0
    for case in sorted(p for p in pathlib.Path(args.plans).iterdir() if p.is_dir()):
        run = subprocess.run([os.path.abspath(args.nplc), "build", "main.npl", "--dump-plan", "--color", "never"],
                             cwd=case, capture_output=True, text=True)
        expected = case / "expected.plan"
        if run.returncode != 0:
            print(f"FAIL {case.name}: exit {run.returncode}\n{run.stderr}")
            failed += 1
            continue
        if regen:
            expected.write_text(run.stdout, encoding="utf-8")
        if expected.exists() and expected.read_text(encoding="utf-8") == run.stdout:
            passed += 1
        else:
            print(f"FAIL {case.name}: the plan differs from expected.plan:\n{run.stdout}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
