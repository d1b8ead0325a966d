#!/usr/bin/env python3
"""`nplc fmt` from the command line: each NAME.input here formats to NAME.npl
(read line by line when it changes) and NAME.npl formats to itself; --check
lists the files that would change and writes nothing; a file with a syntax
error gets its diagnostics, exit 1, and is left as it was; `-` is stdin.

  check_fmt.py --nplc build/nplc
  check_fmt.py --nplc build/nplc --regen   # rewrite the NAME.npl files
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
failed = passed = 0


def check(ok, what):
    global failed, passed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def fmt(nplc, args, stdin=None, cwd=None):
    return subprocess.run([nplc, "fmt", "--color", "never"] + args, input=stdin, cwd=cwd, capture_output=True,
                          text=True, errors="replace")


def goldens(nplc, regen):
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".input"):
            continue
        expected_path = os.path.join(HERE, name[: -len(".input")] + ".npl")
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            source = f.read()
        p = fmt(nplc, ["-"], source)
        check(p.returncode == 0 and p.stderr == "", f"{name}: exit {p.returncode}: {p.stderr}")
        if regen:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(p.stdout)
        with open(expected_path, encoding="utf-8") as f:
            expected = f.read()
        check(p.stdout == expected, f"{name}: the output is not {os.path.basename(expected_path)}:\n{p.stdout}")
        again = fmt(nplc, ["-"], expected)
        check(again.stdout == expected, f"{os.path.basename(expected_path)} changes when formatted again")


def command_line(nplc):
    with tempfile.TemporaryDirectory() as tmp:
        messy = "namespace a {\n    service api\n}\n"
        broken = "namespace b {\n  service\n"
        tidy = "namespace c {\n  service web\n}\n"
        for name, text in (("messy.npl", messy), ("broken.npl", broken), ("tidy.npl", tidy)):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)

        def read(name):
            with open(os.path.join(tmp, name), encoding="utf-8") as f:
                return f.read()

        p = fmt(nplc, ["--check", "."], cwd=tmp)
        check(p.returncode == 1, f"--check with a messy file exits {p.returncode}")
        check(p.stdout == "messy.npl\n", f"--check lists {p.stdout!r}")
        check("broken.npl:3:1: error[E0001]" in p.stderr, f"--check reports the syntax error: {p.stderr}")
        check(read("messy.npl") == messy and read("broken.npl") == broken, "--check wrote a file")

        p = fmt(nplc, ["."], cwd=tmp)
        check(p.returncode == 1, f"fmt with a syntax error exits {p.returncode}")
        check(read("messy.npl") == "namespace a {\n  service api\n}\n", f"fmt wrote {read('messy.npl')!r}")
        check(read("broken.npl") == broken, "fmt touched the file with a syntax error")
        check(read("tidy.npl") == tidy, "fmt changed a formatted file")

        p = fmt(nplc, ["--check", "messy.npl", "tidy.npl"], cwd=tmp)
        check(p.returncode == 0 and p.stdout == "", f"--check after fmt: exit {p.returncode}, {p.stdout!r}")

        p = fmt(nplc, ["-"], broken, cwd=tmp)
        check(p.returncode == 1 and p.stdout == "" and "<stdin>:3:1: error[E0001]" in p.stderr,
              f"stdin with a syntax error: exit {p.returncode}, {p.stdout!r}, {p.stderr}")
        p = fmt(nplc, ["missing.npl"], cwd=tmp)
        check(p.returncode == 2, f"a missing file exits {p.returncode}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--regen", action="store_true")
    args = ap.parse_args()
    nplc = os.path.abspath(args.nplc)
    goldens(nplc, args.regen)
    command_line(nplc)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
