#!/usr/bin/env python3
"""Cross-target equivalence over the conformance scenarios: `nplc check
--target kubernetes,cilium` on each tests/conformance/scenarios/*/*.npl
must not stop with an internal error (exit 70: the targets differ where the
language does not let them). A program one target refuses (exit 1) is not
compared and is counted. Prints `N passed, M failed`."""
import argparse
import pathlib
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--scenarios", required=True)
    args = ap.parse_args()
    passed = failed = refused = 0
    for npl in sorted(pathlib.Path(args.scenarios).glob("*/*.npl")):
        run = subprocess.run([args.nplc, "check", "--color", "never", "--target", "kubernetes,cilium", str(npl)],
                             capture_output=True, text=True)
        if run.returncode in (0, 1):
            passed += 1
            refused += run.returncode
        else:
            failed += 1
            print(f"FAIL {npl}: exit {run.returncode}\n{run.stderr}")
    print(f"({refused} refused by a target, so not compared)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
