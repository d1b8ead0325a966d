#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus: every program of examples/ and of the tests,
the diagnostics' examples and the std/ modules (their layout is checked too).

Each program becomes one fuzz input in the format of fuzz_input.h: its files
joined with "#@file NAME" marker lines. Golden cases and examples are folders
compiled as one program; conformance steps are one program each.

  make_seed_corpus.py SOURCE_ROOT OUT_DIR
"""
import hashlib
import os
import sys


def npl_files(folder):
    out = []
    for dirpath, _, files in os.walk(folder):
        for f in files:
            if f.endswith(".npl"):
                out.append(os.path.join(dirpath, f))
    return sorted(out)


def program(folder, files):
    chunks = []
    for f in files:
        with open(f, "rb") as fh:
            text = fh.read()
        rel = os.path.relpath(f, folder).replace(os.sep, "/")
        if not text.endswith(b"\n"):
            text += b"\n"
        chunks.append(b"#@file " + rel.encode() + b"\n" + text)
    return b"".join(chunks)


def main():
    root, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seeds = []
    for group in ("examples", "tests/golden/cases", "tests/golden/plans"):
        base = os.path.join(root, group)
        for name in sorted(os.listdir(base)):
            folder = os.path.join(base, name)
            files = npl_files(folder) if os.path.isdir(folder) else []
            if files:
                seeds.append(program(folder, files))
    scenarios = os.path.join(root, "tests/conformance/scenarios")
    for name in sorted(os.listdir(scenarios)):
        folder = os.path.join(scenarios, name)
        for f in npl_files(folder) if os.path.isdir(folder) else []:
            seeds.append(program(folder, [f]))
    for group in ("compiler/diag/examples", "stdlib"):
        folder = os.path.join(root, group)
        for f in npl_files(folder):
            seeds.append(program(folder, [f]))
    layouts = os.path.join(root, "tests/layout")  # the formatter's tricky inputs
    for name in sorted(os.listdir(layouts)):
        if name.endswith(".input"):
            with open(os.path.join(layouts, name), "rb") as fh:
                seeds.append(fh.read())
    for s in seeds:
        with open(os.path.join(out, hashlib.sha1(s).hexdigest()), "wb") as fh:
            fh.write(s)
    print(f"{len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main()
