#!/usr/bin/env python3
"""The NPL in README.md and docs/*.md is real: every ```npl block that is a
complete program (its first statement is `use`, `namespace`, `external` or
`bundle`) compiles with `nplc check`, and a ```text block of diagnostics right
after a program is exactly what nplc prints for it (the file is named as the
sample's first line names it). Statement-level blocks (`service api`,
`a -> b:80`) are excerpts and skipped; a block that begins like a program but
is deliberately partial (`...`, a missing file) says so: ```npl fragment."""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"^```([^\n]*)\n(.*?)^```", re.S | re.M)
TOP_LEVEL = ("use", "namespace", "external", "bundle", "admin", "baseline")


def first_statement(text: str) -> str:
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            return line.split()[0]
    return ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    root = pathlib.Path(args.root)
    files = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    passed = failed = 0
    for md in files:
        text = md.read_text(encoding="utf-8")
        blocks = [(m.group(1).strip(), m.group(2), text[: m.start()].count("\n") + 1) for m in BLOCK.finditer(text)]
        for i, (info, body, line) in enumerate(blocks):
            if info != "npl" or first_statement(body) not in TOP_LEVEL:
                continue
            sample = None
            if i + 1 < len(blocks) and blocks[i + 1][0] == "text" and re.search(r"(error|warning)\[", blocks[i + 1][1]):
                sample = blocks[i + 1][1]
            name = re.match(r"([\w.-]+\.npl):", sample).group(1) if sample else "main.npl"
            with tempfile.TemporaryDirectory() as d:
                pathlib.Path(d, name).write_text(body, encoding="utf-8")
                # Cluster-scope blocks need their target (E0311 otherwise).
                cluster = re.search(r"^(admin|baseline)\s*\{", body, re.M)
                targets = ["--target", "kubernetes,cluster-network-policy"] if cluster else []
                run = subprocess.run([os.path.abspath(args.nplc), "check", name, "--color", "never"] + targets, cwd=d,
                                     capture_output=True, text=True)
            where = f"{md.relative_to(root)}:{line}"
            if sample is None:
                ok = run.returncode == 0
                why = f"does not compile:\n{run.stderr}"
            else:
                # The sample is the diagnostics; the summary line after them is not shown.
                shown = re.sub(r"\n\d+ (errors?|warnings?)(, \d+ warnings?)?\n$", "\n", run.stderr)
                ok = shown == sample
                why = f"the sample is not nplc's output, which is:\n{shown}"
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {where}: {why}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
