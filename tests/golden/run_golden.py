#!/usr/bin/env python3
"""Golden test of one case folder.

A case is a folder of .npl files compiled as one program, with beside them:
  expected/         the output tree nplc must write (without its manifest);
  expected.stderr   the diagnostics, exactly (the output folder shows as <out>).
A `targets` file selects the targets (e.g. `kubernetes,cilium`; default: nplc's)
and an `args` file adds command-line arguments, one per line (e.g. -Werror).
Cases named error-* must fail with exit 1 and leave an existing output folder
exactly as it was; every other case must succeed, and every YAML document it
writes must pass the schema validator (tests/schemas/validate.py) and yamllint.
Optional files beside them: `targets` (the --target value) and `args` (more
command-line arguments, one per line). A case that builds the docs target is
compiled from a copy at <tmp>/src, so that the links from the pages
(<tmp>/out/docs/...) to the sources are the same on every machine; the
Markdown itself is checked by tests/docs/check_docs.py.

NPLC_REGEN=1 rewrites the expectations instead of comparing; read the diff
before committing it.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VALIDATOR = os.path.join(HERE, "..", "schemas", "validate.py")
# Well-formed YAML (duplicate keys, indentation, trailing spaces).
YAMLLINT_CONFIG = ("{extends: default, rules: {indentation: {indent-sequences: consistent}, "
                   "document-start: disable, line-length: disable}}")
# A valid program whose output stands in for "what the user had" in error cases.
SEED = os.path.join(HERE, "seed.npl")


def tree(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


def run(nplc, case, out, targets, extra):
    cmd = [nplc, "build", ".", "-o", out, "--color", "never"]
    if targets:
        cmd += ["--target", targets]
    cmd += extra
    p = subprocess.run(cmd, cwd=case, capture_output=True, text=True, errors="backslashreplace")
    return p.returncode, p.stderr.replace(out, "<out>")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--case", required=True)
    ap.add_argument("--expected", help="folder of the expectations (default: the case folder)")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--targets", help="the --target value (default: the case's targets file)")
    args = ap.parse_args()
    case = os.path.abspath(args.case)
    name = os.path.basename(case)
    regen = os.environ.get("NPLC_REGEN") == "1"
    must_fail = name.startswith("error-")
    targets = ""
    tfile = os.path.join(case, "targets")
    if os.path.exists(tfile):
        targets = open(tfile).read().strip()
    if args.targets:
        targets = args.targets
    extra = []
    afile = os.path.join(case, "args")
    if os.path.exists(afile):
        extra = [a for a in open(afile).read().splitlines() if a.strip()]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        before = None
        if must_fail:
            seed_dir = os.path.join(tmp, "seed")
            os.makedirs(seed_dir)
            shutil.copy(SEED, seed_dir)
            subprocess.run([args.nplc, "build", seed_dir, "-o", out], check=True, capture_output=True)
            before = tree(out)
        src = case
        if "docs" in targets.split(","):
            src = os.path.join(tmp, "src")
            shutil.copytree(case, src, ignore=shutil.ignore_patterns("expected", "expected.stderr"))
        code, stderr = run(args.nplc, src, out, targets, extra)
        exp_root = os.path.abspath(args.expected or case)
        os.makedirs(exp_root, exist_ok=True)
        exp_stderr = os.path.join(exp_root, "expected.stderr")
        exp_dir = os.path.join(exp_root, "expected")
        if regen:
            with open(exp_stderr, "w") as fh:
                fh.write(stderr)
            if not must_fail:
                shutil.rmtree(exp_dir, ignore_errors=True)
                shutil.copytree(out, exp_dir, ignore=shutil.ignore_patterns(".nplc-manifest"))
            print(f"regenerated {name}")
        want = 1 if must_fail else 0
        if code != want:
            failures.append(f"exit code {code}, expected {want}")
        if not regen:
            with open(exp_stderr) as fh:
                if fh.read() != stderr:
                    failures.append("stderr differs from expected.stderr:\n" + stderr)
        if must_fail:
            if tree(out) != before:
                failures.append("the failing build changed the output folder")
        elif not regen:
            got = {k: v for k, v in tree(out).items() if k != ".nplc-manifest"}
            exp = tree(exp_dir) if os.path.isdir(exp_dir) else {}
            for k in sorted(set(got) | set(exp)):
                if got.get(k) != exp.get(k):
                    failures.append(f"{k}: {'missing' if k not in got else 'unexpected' if k not in exp else 'differs'}")
        if not must_fail and code == 0:
            yamls = [os.path.join(out, k) for k in sorted(tree(out)) if k.endswith(".yaml")]
            if yamls:
                v = subprocess.run([args.python, VALIDATOR, *yamls], capture_output=True, text=True)
                if v.returncode != 0:
                    failures.append("schema validation failed:\n" + v.stdout + v.stderr)
                lint = subprocess.run(["yamllint", "-f", "parsable", "-d", YAMLLINT_CONFIG, out],
                                      capture_output=True, text=True)
                if lint.returncode != 0:
                    failures.append("yamllint failed:\n" + lint.stdout + lint.stderr)
    if failures:
        print(f"FAIL {name}")
        for f in failures:
            print("  " + f)
        return 1
    print(f"ok   {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
