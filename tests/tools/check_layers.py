#!/usr/bin/env python3
"""The stages of compiler/ include only what they link: each folder is a
library declared with nplc_stage(NAME PUBLIC deps… PRIVATE deps…) in
CMakeLists.txt, and a file of stage S may include headers of S and of the
stages S links, directly or through them. A backend that includes the parser,
or the model that includes the syntax, fails here; so does a folder of
compiler/ that is no stage."""
import argparse
import pathlib
import re
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    root = pathlib.Path(args.root)
    cmake = (root / "CMakeLists.txt").read_text(encoding="utf-8")
    deps = {}
    for name, body in re.findall(r"^nplc_stage\((\w+)([^)]*)\)", cmake, re.M):
        deps[name] = set(re.findall(r"\bnplc_(\w+)", body))
    closure = {}

    def reach(stage):
        if stage not in closure:
            closure[stage] = set()
            for d in deps.get(stage, ()):
                closure[stage] |= {d} | reach(d)
        return closure[stage]

    failed = passed = 0
    for folder in sorted(p for p in (root / "compiler").iterdir() if p.is_dir()):
        stage = folder.name
        if stage not in deps:
            print(f"FAIL compiler/{stage}/ is not a stage (nplc_stage in CMakeLists.txt)")
            failed += 1
            continue
        allowed = reach(stage) | {stage}
        for f in sorted(folder.rglob("*")):
            if f.suffix not in (".h", ".cpp"):
                continue
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                m = re.match(r'\s*#include "(\w+)/', line)
                if m and m.group(1) in deps and m.group(1) not in allowed:
                    print(f"FAIL {f.relative_to(root)}:{n}: stage {stage} includes {m.group(1)}/, which it does not link")
                    failed += 1
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
