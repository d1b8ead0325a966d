#!/usr/bin/env python3
"""Golden test of one `nplc import` case folder (tests/import/cases/NAME/).

The case's *.yaml files (or the paths its `args` file names, one argument a
line, relative to the case) are imported with `nplc import -o <out>`:
  expected/         the .npl files nplc must write;
  expected.stderr   its reports, exactly (the output folder shows as <out>).
Cases named error-* must exit 1 (or the code their `exit` file holds) and
write nothing; the others must exit 0, and what they write must compile
(`nplc check`). A case's `existing/` folder is copied into <out> first (the
user's files there): an error case must leave it exactly as it was.
NPLC_REGEN=1 rewrites the expectations instead of comparing; read the diff
before committing it.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def tree(root):
    out = {}
    if os.path.isdir(root):
        for f in sorted(os.listdir(root)):
            with open(os.path.join(root, f), "rb") as fh:
                out[f] = fh.read()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--case", required=True, type=os.path.abspath)
    args = ap.parse_args()
    case = args.case
    name = os.path.basename(case)
    argsFile = os.path.join(case, "args")
    if os.path.exists(argsFile):
        with open(argsFile) as fh:
            extra = [line.rstrip("\n") for line in fh if line.strip()]
    else:
        extra = sorted(f for f in os.listdir(case) if f.endswith(".yaml"))
    regen = os.environ.get("NPLC_REGEN") == "1"
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        existing = os.path.join(case, "existing")
        if os.path.isdir(existing):
            shutil.copytree(existing, out)
        p = subprocess.run([args.nplc, "import", "-o", out] + extra, cwd=case, capture_output=True, text=True)
        stderr = p.stderr.replace(out, "<out>")
        written = tree(out)
        failures = []
        if name.startswith("error-"):
            exitFile = os.path.join(case, "exit")
            want_exit = int(open(exitFile).read()) if os.path.exists(exitFile) else 1
            if p.returncode != want_exit:
                failures.append("expected exit %d, got %d" % (want_exit, p.returncode))
            if written != tree(existing):
                failures.append("an error case changed %s: %s" % (out, sorted(written)))
        else:
            if p.returncode != 0:
                failures.append("expected exit 0, got %d" % p.returncode)
            c = subprocess.run([args.nplc, "check", out, "--color", "never"], capture_output=True, text=True)
            if c.returncode != 0:
                failures.append("the imported files do not compile:\n" + c.stderr)
        if regen:
            with open(os.path.join(case, "expected.stderr"), "w") as fh:
                fh.write(stderr)
            exp = os.path.join(case, "expected")
            shutil.rmtree(exp, ignore_errors=True)
            if written:
                shutil.copytree(out, exp)
        else:
            with open(os.path.join(case, "expected.stderr")) as fh:
                want = fh.read()
            if stderr != want:
                failures.append("stderr differs:\n--- expected\n%s--- got\n%s" % (want, stderr))
            if tree(os.path.join(case, "expected")) != written:
                failures.append("written files differ from expected/: got %s" %
                                {k: v.decode() for k, v in written.items()})
        for f in failures:
            print("%s: %s" % (name, f))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
