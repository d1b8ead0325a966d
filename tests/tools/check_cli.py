#!/usr/bin/env python3
"""The command line of check/build/explain: -W flags before the paths,
usage errors (exit 2) for unknown -W names, bad --pod-cidr and unknown codes,
machine formats on stdout with the summary on stderr; check (which runs the
targets without writing YAML) reports what build reports. Prints `N passed, M failed`."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "golden", "cases")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--no-every-case", action="store_true",
                    help="skip comparing check with build on every golden case (the sanitizer build, where "
                         "the golden cases run build already: 780 runs of a logic check)")
    args = ap.parse_args()
    res = []

    def expect(name, cond, detail=""):
        res.append(bool(cond))
        print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + detail))

    def run(*a, cwd=None):
        return subprocess.run([args.nplc, *a], capture_output=True, text=True, cwd=cwd)

    warn = os.path.join(CASES, "warn-W0200-no-baseline")
    p = run("check", "-Werror", warn)
    expect("-Werror before a path: exit 1", p.returncode == 1, p.stderr)
    expect("-Werror before a path: error[W0200]", "error[W0200]" in p.stderr, p.stderr)
    p = run("check", "-Wno-missing-baseline", "-Werror", warn)
    expect("-Wno-NAME -Werror: exit 0", p.returncode == 0, p.stderr)
    p = run("check", "-W", "no-all", warn)
    expect("-W NAME as two words", p.returncode == 0 and "warning" not in p.stderr, p.stderr)
    p = run("check", "-Wno-missing-basline", warn)
    expect("unknown -W name: exit 2 with a suggestion",
           p.returncode == 2 and "did you mean 'missing-baseline'?" in p.stderr, p.stderr)
    p = run("check", "--pod-cidr", "10.0.0.1/8", warn)
    expect("bad --pod-cidr: exit 2", p.returncode == 2 and "--pod-cidr '10.0.0.1/8'" in p.stderr, p.stderr)
    p = run("check", "--format", "yaml", warn)
    expect("unknown --format: exit 2", p.returncode == 2, p.stderr)
    p = run("check", "--format", "json", warn)
    expect("json on stdout", json.loads(p.stdout)["summary"]["warnings"] == 1, p.stdout)
    expect("summary on stderr", p.stderr.strip() == "1 warning", p.stderr)
    p = run("check", "--format", "github", os.path.join(CASES, "error-E0103-unknown-service"))
    expect("github: exit 1 on errors", p.returncode == 1 and p.stdout.startswith("::error "), p.stdout)
    p = run("explain", "E9999")
    expect("explain unknown code: exit 2", p.returncode == 2, p.stderr)
    p = run("explain", "missing-dns")
    expect("explain by -W name", p.returncode == 0 and p.stdout.startswith("W0201:"), p.stdout)
    p = run("explain", "--list")
    expect("explain --list", p.returncode == 0 and "W0200  warning  missing-baseline" in p.stdout, p.stdout)

    # check runs the targets without rendering their text (TargetOptions::
    # render): the same diagnostics as build, which renders it, on every case.
    with tempfile.TemporaryDirectory() as out:
        for target in () if args.no_every_case else ("kubernetes", "cilium"):
            differ = []
            for name in sorted(os.listdir(CASES)):
                case = os.path.join(CASES, name)
                if not os.path.isdir(case):
                    continue
                c = run("check", "--target", target, "--format", "json", case)
                b = run("build", "--target", target, "--format", "json", "-o", os.path.join(out, name), case)
                if b.returncode != 2 and c.stdout != b.stdout:
                    differ.append(name)
            expect(f"check and build report the same on every case ({target})", not differ, " ".join(differ))

    passed = sum(res)
    print("%d passed, %d failed" % (passed, len(res) - passed))
    return 0 if all(res) else 1


if __name__ == "__main__":
    sys.exit(main())
