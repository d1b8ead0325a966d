#!/usr/bin/env python3
"""Checks what the docs and dot targets write, with the tools readers use.

For each case folder (a folder of .npl files, compiled as one program), runs
`nplc build . --target docs,dot` into a temporary folder, then:
  * markdownlint-cli2 on every generated Markdown file (tests/docs/markdownlint.jsonc);
  * mermaid-cli (mmdc, with Debian's chromium) on every file with a mermaid
    block: it renders each block and fails on a syntax error;
  * `dot -Tsvg` on every generated .dot file.
The npm tools come from tests/docs/node_modules (scripts/setup.sh runs
`npm ci` there); a missing tool is a failure, not a skip.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "node_modules", ".bin")
LINT_CONFIG = os.path.join(HERE, "markdownlint.jsonc")
PUPPETEER = os.path.join(HERE, "puppeteer.json")
CHROMIUM = "/usr/bin/chromium"


def files_under(root, ext):
    out = []
    for dirpath, _, names in os.walk(root):
        out += [os.path.join(dirpath, n) for n in names if n.endswith(ext)]
    return sorted(out)


def combined(files, tmp):
    """One Markdown file holding the mermaid blocks of every file, each under a heading naming it."""
    path = os.path.join(tmp, "all-mermaid.md")
    with open(path, "w") as out:
        for m in files:
            with open(m) as fh:
                blocks = re.findall(r"^```mermaid\n.*?^```$", fh.read(), re.S | re.M)
            out.write(f"# {os.path.relpath(m, tmp)}\n\n" + "\n\n".join(blocks) + "\n\n")
    return path


def mmdc(markdown_file, tmp):
    target = os.path.join(tmp, "rendered", os.path.relpath(markdown_file, tmp))
    os.makedirs(os.path.dirname(target), exist_ok=True)  # mmdc needs the folder
    return subprocess.run([os.path.join(BIN, "mmdc"), "-p", PUPPETEER, "-i", markdown_file, "-o", target, "-q"],
                          capture_output=True, text=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    missing = [t for t in ("markdownlint-cli2", "mmdc") if not os.access(os.path.join(BIN, t), os.X_OK)]
    if missing:
        print(f"missing {', '.join(missing)} in {BIN}: run scripts/setup.sh --tests (npm ci in tests/docs)")
        return 1
    for tool in (CHROMIUM, shutil.which("dot")):
        if not tool or not os.access(tool, os.X_OK):
            print("missing chromium or graphviz (dot): run scripts/setup.sh --tests")
            return 1
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        markdown, dots = [], []
        for i, case in enumerate(args.cases):
            out = os.path.join(tmp, f"out{i}")
            p = subprocess.run([args.nplc, "build", ".", "-o", out, "--target", "docs,dot", "--color", "never"],
                               cwd=case, capture_output=True, text=True)
            if p.returncode != 0:
                failures.append(f"{case}: nplc exited {p.returncode}:\n{p.stderr}")
                continue
            markdown += files_under(out, ".md")
            dots += files_under(out, ".dot")
        if not markdown:
            failures.append("no Markdown file was generated")
        lint = subprocess.run([os.path.join(BIN, "markdownlint-cli2"), "--config", LINT_CONFIG, *[":" + m for m in markdown]],
                              capture_output=True, text=True, cwd=tmp)
        if lint.returncode != 0:
            failures.append("markdownlint-cli2 failed:\n" + lint.stdout + lint.stderr)
        # One mmdc run (one chromium) renders the blocks of every file; a
        # browser start costs seconds, so a file is rendered alone only to
        # say which one failed.
        with_mermaid = []
        for m in markdown:
            with open(m) as fh:
                if "```mermaid" in fh.read():
                    with_mermaid.append(m)
        rendered = len(with_mermaid)
        if with_mermaid and mmdc(combined(with_mermaid, tmp), tmp).returncode != 0:
            for m in with_mermaid:
                r = mmdc(m, tmp)
                if r.returncode != 0:
                    failures.append(f"mmdc failed on {os.path.relpath(m, tmp)}:\n{r.stdout}{r.stderr[-3000:]}")
        for d in dots:
            r = subprocess.run(["dot", "-Tsvg", d, "-o", os.devnull], capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"dot failed on {os.path.relpath(d, tmp)}:\n{r.stderr}")
        print(f"checked {len(markdown)} Markdown files, {rendered} with Mermaid diagrams, {len(dots)} dot files")
    if failures:
        for f in failures:
            print("FAIL " + f)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
