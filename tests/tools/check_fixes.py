#!/usr/bin/env python3
"""Applies every fix nplc proposes and compiles the result.

A diagnostic whose help proposes code carries the edits that carry it out
(`fix` in `--format json`; the LSP offers them as quick fixes). For every
golden case and every diagnostic example, this compiles the program, and for
each diagnostic with a fix: applies the edits to a copy, compiles again, and
fails when
  - the diagnostic is still reported (same code and message), or
  - an error that was not there before is reported on an edited line (the
    proposed code itself is wrong: E0209 for a bad `except`, ...), or
    anywhere when the program had no error (a warning's fix). New
    warnings are allowed: `deny-all egress baseline` rightly brings W0201.
A help that proposes code ("add `…`", "write `…`") without a fix fails too,
unless it offers a choice (", or "). It also fails when a code of EXPECTED_FIXES was never exercised, so that the
check cannot silently test nothing.

  check_fixes.py --nplc build/nplc --cases tests/golden/cases --examples compiler/diag/examples
"""
import argparse
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile

# Every code whose fix some golden case or example exercises; a new fix adds
# its code here once a case reports it.
# (E0007 proposes a path relative to the importing file; a golden cannot hold
# the absolute path it starts from, so tests/unit/load/project_root_test.cpp
# applies that fix.)
EXPECTED_FIXES = {"E0001", "E0101", "E0103", "E0106", "E0206", "E0208", "E0306", "W0006", "W0200", "W0201", "W0202"}

# A help that says "add `…`" or "write `…`" proposes code, so it must carry
# the fix, unless it offers a choice (", or ") that only the user can make.
PROPOSES_CODE = re.compile(r"\b(add|write) `")
CHOICE = re.compile(r", or ")
# And these, whose proposal no edit can carry out for the user:
NO_FIX = {
    "E0107": "the edge becomes `allow BUNDLE`, a statement of another kind for every pod: whether its "
             "source mattered is the user's call",
    "E0500": "the reason after the colon is the user's to write",
}


def read_list(path):
    if not os.path.exists(path):
        return []
    return [line.strip() for line in open(path, encoding="utf-8") if line.strip()]


def diagnostics(nplc, src, targets, extra):
    with tempfile.TemporaryDirectory() as out:
        cmd = [nplc, "build", ".", "-o", os.path.join(out, "o"), "--format", "json"]
        if targets:
            cmd += ["--target", targets]
        p = subprocess.run(cmd + extra, cwd=src, capture_output=True, text=True, errors="replace")
    if p.returncode not in (0, 1):
        raise RuntimeError(f"nplc exited {p.returncode} in {src}: {p.stderr.strip()}")
    return json.loads(p.stdout)["diagnostics"]


def key(d):
    return (d["code"], d["message"])


def apply(src, fix):
    """Applies the edits; returns {file: [(first, last) edited line in the new text]}."""
    by_file = {}
    for e in fix:
        by_file.setdefault(e["location"]["file"], []).append(e)
    edited = {}
    for name, edits in by_file.items():
        path = os.path.join(src, name)
        with open(path, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        text = "\n".join(lines)

        def offset(line, col):
            return starts[line - 1] + col - 1

        edits.sort(key=lambda e: (e["location"]["line"], e["location"]["column"]))
        ranges, shift = [], 0
        for e in edits:
            loc = e["location"]
            first = loc["line"] + shift
            ranges.append((first, first + e["replacement"].count("\n")))
            shift += e["replacement"].count("\n") - (loc["endLine"] - loc["line"])
        for e in reversed(edits):
            loc = e["location"]
            b, end = offset(loc["line"], loc["column"]), offset(loc["endLine"], loc["endColumn"])
            text = text[:b] + e["replacement"] + text[end:]
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        edited[name] = ranges
    return edited


def on_edited_line(d, edited):
    loc = d.get("location")
    if not loc or loc["file"] not in edited:
        return False
    return any(first <= loc["line"] <= last for first, last in edited[loc["file"]])


def programs(cases, examples):
    for name in sorted(os.listdir(cases)):
        case = os.path.join(cases, name)
        if os.path.isdir(case):
            targets = ",".join(read_list(os.path.join(case, "targets")))
            yield name, case, targets, read_list(os.path.join(case, "args"))
    for name in sorted(os.listdir(examples)):
        if name.endswith(".npl"):
            yield name, os.path.join(examples, name), "", []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--examples", required=True)
    args = ap.parse_args()
    failures, checked, codes = [], 0, set()
    for name, path, targets, extra in programs(args.cases, args.examples):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "src")
            if os.path.isdir(path):
                shutil.copytree(path, src, symlinks=True, ignore=shutil.ignore_patterns("expected*"))
            else:
                os.makedirs(src)
                shutil.copy(path, os.path.join(src, "main.npl"))
            before = diagnostics(args.nplc, src, targets, extra)
            known = {key(d) for d in before}
            # A program without errors must not get one anywhere from a fix
            # (a warning's fix); with errors, fixing one may let the compiler
            # reach others, so only the edited lines are held to it.
            had_errors = any(d["severity"] == "error" and not d["code"].startswith("W") for d in before)
            for i, d in enumerate(before):
                if not d.get("fix"):
                    help_text = d.get("help") or ""
                    if (PROPOSES_CODE.search(help_text) and not CHOICE.search(help_text)
                            and d["code"] not in NO_FIX):
                        failures.append(f"{name}: {d['code']} proposes code without a fix: {d['help']}")
                    continue
                work = os.path.join(tmp, f"fix{i}")
                shutil.copytree(src, work, symlinks=True)
                edited = apply(work, d["fix"])
                after = diagnostics(args.nplc, work, targets, extra)
                checked += 1
                codes.add(d["code"])
                where = f"{name}: {d['code']} at line {d['location']['line']} ({d['help']})"
                if key(d) in {key(a) for a in after}:
                    failures.append(f"{where}: still reported after its fix")
                for a in after:
                    promoted = a["code"].startswith("W")  # a new warning, as an error under -Werror
                    if (a["severity"] == "error" and not promoted and key(a) not in known
                            and (on_edited_line(a, edited) or not had_errors)):
                        failures.append(f"{where}: the fix brings {a['code']} at line {a['location']['line']}: "
                                        f"{a['message']}")
    missing = EXPECTED_FIXES - codes
    if missing:
        failures.append(f"no case exercised the fix of {', '.join(sorted(missing))}")
    for f in failures:
        print("FAIL", f)
    print(f"{checked} fixes applied ({', '.join(sorted(codes))}), {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
