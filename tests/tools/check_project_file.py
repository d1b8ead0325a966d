#!/usr/bin/env python3
"""nplc.yaml, the project file (docs/project-file.md), as a user meets it: in a
scratch repository, `nplc build` with no arguments builds what the file says;
`nplc init` then `nplc build` works; flags override the file; `nplc check`
runs the checks of the file's targets; a bad file is refused with its
diagnostics (the goldens of tests/golden/project-file/*: nplc.yaml and
expected.stderr, exit 2, nothing written). Prints `N passed, M failed`.

NPLC_REGEN=1 rewrites the goldens' expected.stderr; read the diff first.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "golden", "project-file")

SHOP = """namespace shop {
  deny-all baseline
  service web
  service api
  web -> api:8080
}
"""
# A CIDR over the default pod range: E0402 on the cilium target only.
PODS = """use std/dns

namespace shop {
  deny-all baseline
  allow dns
  service api
  api -> 10.244.3.0/24:8080 # nplc:ignore W0202: about E0402
}
"""
# Warns (W0200: shop isolates nothing), no error.
WARNS = """namespace shop {
  service web
  service api
  web -> api:8080
}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def files_below(root):
    out = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            out.add(os.path.relpath(os.path.join(dirpath, f), root))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    args = ap.parse_args()
    res = []

    def expect(name, cond, detail=""):
        res.append(bool(cond))
        print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + detail))

    def run(cwd, *a):
        return subprocess.run([args.nplc, *a, "--color", "never"] if a and a[0] != "init" else [args.nplc, *a],
                              capture_output=True, text=True, cwd=cwd)

    def repo(tmp, name):
        # A scratch repository: .git stops the search for nplc.yaml.
        root = os.path.join(tmp, name)
        os.makedirs(os.path.join(root, ".git"))
        return root

    with tempfile.TemporaryDirectory() as tmp:
        # 1. The file names the sources, the output and the targets.
        root = repo(tmp, "project")
        write(os.path.join(root, "nplc.yaml"),
              "sources: [policies]\noutput: deploy/generated\ntarget: [kubernetes, cilium]\n")
        write(os.path.join(root, "policies", "shop.npl"), SHOP)
        p = run(root, "build")
        out = os.path.join(root, "deploy", "generated")
        expect("build with no arguments: exit 0", p.returncode == 0, p.stderr)
        expect("build writes the output the file names, for its targets",
               os.path.isfile(os.path.join(out, "kubernetes", "shop", "api-ingress.yaml"))
               and os.path.isdir(os.path.join(out, "cilium")), str(files_below(root)))
        p = run(os.path.join(root, "policies"), "build")
        expect("from a subfolder: the same build, nothing new in the subfolder",
               p.returncode == 0 and "0 written" in p.stderr
               and files_below(os.path.join(root, "policies")) == {"shop.npl"}, p.stderr)
        p = run(os.path.join(root, "policies"), "build", "-o", "../from-sub", "--target", "kubernetes")
        expect("from a subfolder, -o is relative to the working directory",
               p.returncode == 0 and os.path.isdir(os.path.join(root, "from-sub", "kubernetes", "shop")), p.stderr)
        # Flags win over the file.
        p = run(root, "build", "-o", "other", "--target", "docs")
        expect("-o and --target override the file",
               p.returncode == 0 and os.path.isdir(os.path.join(root, "other", "docs"))
               and not os.path.exists(os.path.join(root, "other", "kubernetes")), p.stderr)
        write(os.path.join(root, "more", "web.npl"), "namespace web {\n  deny-all baseline\n}\n")
        p = run(root, "build", "more", "-o", "more-out")
        expect("paths override the file's sources",
               p.returncode == 0 and os.path.isdir(os.path.join(root, "more-out", "cilium", "web"))
               and not os.path.exists(os.path.join(root, "more-out", "cilium", "shop")), p.stderr)

        # 2. No project file: `nplc build` builds the working folder into ./out,
        # and a second build does not read ./out as sources.
        root = repo(tmp, "plain")
        write(os.path.join(root, "policies", "shop.npl"), SHOP)
        p = run(root, "build")
        expect("no nplc.yaml, no arguments: ./out", p.returncode == 0 and os.path.isfile(
            os.path.join(root, "out", "kubernetes", "shop", "api-ingress.yaml")), p.stderr)
        p = run(root, "build")
        expect("no nplc.yaml: a second build changes nothing", p.returncode == 0 and "0 written" in p.stderr,
               p.stderr)

        # 3. nplc init, then nplc build.
        root = repo(tmp, "fresh")
        write(os.path.join(root, "shop.npl"), SHOP)
        p = run(root, "init")
        expect("init: exit 0 and nplc.yaml written",
               p.returncode == 0 and os.path.isfile(os.path.join(root, "nplc.yaml")), p.stderr)
        with open(os.path.join(root, "nplc.yaml"), encoding="utf-8") as fh:
            written = fh.read()
        expect("init's file has comments", written.count("\n# ") >= 5, written)
        p = run(root, "build")
        expect("init then build: ./out", p.returncode == 0 and os.path.isfile(
            os.path.join(root, "out", "kubernetes", "shop", "api-ingress.yaml")), p.stderr)
        p = run(root, "build")
        expect("a second build does not read ./out as sources", p.returncode == 0 and "0 written" in p.stderr,
               p.stderr)
        write(os.path.join(root, "nplc.yaml"), "# mine\n")
        p = run(root, "init")
        with open(os.path.join(root, "nplc.yaml"), encoding="utf-8") as fh:
            kept = fh.read()
        expect("init does not replace an existing file",
               p.returncode == 2 and "already exists" in p.stderr and kept == "# mine\n", p.stderr)
        p = run(root, "build")
        expect("a file without output: build writes ./out beside it",
               p.returncode == 0 and "files in out " in p.stderr, p.stderr)

        # 4. check reads the targets and the warning flags.
        root = repo(tmp, "cilium-user")
        write(os.path.join(root, "nplc.yaml"), "target: [cilium]\n")
        write(os.path.join(root, "pods.npl"), PODS)
        p = run(root, "check")
        expect("check runs the file's targets' checks (E0402 on cilium)",
               p.returncode == 1 and "error[E0402]" in p.stderr, p.stderr)
        p = run(root, "check", "--target", "kubernetes")
        expect("check --target overrides the file", p.returncode == 0 and "E0402" not in p.stderr, p.stderr)
        write(os.path.join(root, "nplc.yaml"), "target: [cilium]\npod-cidr: [10.42.0.0/16]\n")
        p = run(root, "check")
        expect("pod-cidr of the file reaches the cilium checks", p.returncode == 0, p.stderr)
        p = run(root, "check", "--pod-cidr", "10.244.0.0/16")
        expect("--pod-cidr overrides the file", p.returncode == 1 and "error[E0402]" in p.stderr, p.stderr)

        root = repo(tmp, "strict")
        write(os.path.join(root, "nplc.yaml"), "warnings: [error]\n")
        write(os.path.join(root, "shop.npl"), WARNS)
        p = run(root, "check")
        expect("warnings: [error] makes the warning an error", p.returncode == 1 and "error[W0200]" in p.stderr,
               p.stderr)
        p = run(root, "check", "-Wno-error")
        expect("-W on the command line comes after the file's", p.returncode == 0 and "warning[W0200]" in p.stderr,
               p.stderr)

        # 5. Bad files: the goldens.
        for name in sorted(os.listdir(GOLDEN)):
            case = os.path.join(GOLDEN, name)
            root = os.path.join(repo(tmp, "golden-" + name), "project")
            shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.stderr"))
            before = files_below(root)
            p = run(root, "build")
            expected_path = os.path.join(case, "expected.stderr")
            if os.environ.get("NPLC_REGEN"):
                with open(expected_path, "w", encoding="utf-8") as fh:
                    fh.write(p.stderr)
            with open(expected_path, encoding="utf-8") as fh:
                expected = fh.read()
            expect("golden %s: exit 2, nothing written, the expected diagnostics" % name,
                   p.returncode == 2 and files_below(root) == before and p.stderr == expected,
                   "exit %d\n%s" % (p.returncode, p.stderr))
            p = run(root, "check")
            expect("golden %s: check refuses it too" % name,
                   p.returncode == 2 and p.stderr == expected.replace("nplc: nothing written\n", ""), p.stderr)

    passed = sum(res)
    print("%d passed, %d failed" % (passed, len(res) - passed))
    return 0 if all(res) else 1


if __name__ == "__main__":
    sys.exit(main())
